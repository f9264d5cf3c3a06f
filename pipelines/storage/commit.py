"""Publish a run's validated rows into the output tables: an upsert per partition, crash-safe.

A rerun replaces, never repeats: in every partition a run touches, the rows of
the articles it processed (and the rejects it re-found) are replaced by the
new ones; other articles' rows are kept, so micro-batches and backfills can
share a day.

Protocol, per run:
1. each new partition file is written complete under a hidden temporary name;
2. a journal listing the renames and deletions is written atomically;
3. the renames and deletions are carried out; the journal is removed.
A crash before 2 leaves only hidden files, which ``recover`` deletes; a crash
after 2 is rolled forward by ``recover`` at the start of the next run.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.faults import checkpoint
from pipelines.storage.partitions import (
    file_table,
    partition_files,
    partition_name,
    read_files,
    write_parquet_atomically,
)
from schemas.tables import PARTITION_COLUMN, TABLES

JOURNAL_DIR = "_commits"
STAGING_DIR = "_staging"


@dataclass
class CommitResult:
    """What a commit changed: partitions rewritten and rows now in them, per table."""

    partitions: dict[str, list[str | None]] = field(default_factory=dict)
    rows_written: dict[str, int] = field(default_factory=dict)


def _replace_key(table_name: str) -> str:
    return "reject_id" if table_name == "rejects" else "article_id"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _days(table: pa.Table) -> set[str | None]:
    return {_day(d) for d in table.column(PARTITION_COLUMN).to_pylist()}


def merge_partition(existing: pa.Table, new: pa.Table, replace_key: str, replaced: set[str]) -> pa.Table:
    """Existing rows whose key is not being replaced, then the new rows."""
    if existing.num_rows:
        stale = pc.is_in(existing.column(replace_key), value_set=pa.array(sorted(replaced), pa.string()))
        existing = existing.filter(pc.invert(stale))
    return pa.concat_tables([existing, new.select(existing.schema.names).cast(existing.schema)])


def commit(output_dir: Path, tables: dict[str, pa.Table], processed_articles: dict[str, date], run_id: str) -> CommitResult:
    """Upsert the run's rows into ``output_dir``; ``processed_articles`` maps every article id the run read to its day."""
    moves: list[tuple[str, str]] = []
    deletes: list[str] = []
    result = CommitResult()
    article_days = {_day(d) for d in processed_articles.values()}
    for name in TABLES:
        new_rows = tables.get(name)
        key = _replace_key(name)
        replaced = set(processed_articles) if key == "article_id" else set()
        days = set(article_days) if key == "article_id" else set()
        if new_rows is not None and new_rows.num_rows:
            days |= _days(new_rows)
            if key == "reject_id":
                replaced = set(new_rows.column(key).to_pylist())
        existing_files = partition_files(output_dir, name)
        result.partitions[name] = sorted(days, key=lambda d: d or "")
        result.rows_written[name] = 0
        for day in days:
            old = existing_files.get(day, [])
            existing = read_files(name, old, day)
            incoming = _rows_of_day(new_rows, day, existing.schema)
            merged = merge_partition(existing, incoming, key, replaced)
            deletes.extend(str(f) for f in old)
            if merged.num_rows == 0:
                continue
            final = output_dir / name / partition_name(day) / f"part-{run_id}.parquet"
            tmp = pending_path(final)
            write_parquet_atomically(file_table(name, merged), tmp)
            checkpoint("commit_write")
            moves.append((str(tmp), str(final)))
            result.rows_written[name] += merged.num_rows
    publish_files(output_dir, run_id, moves, deletes)
    return result


def pending_path(final: Path) -> Path:
    """The hidden name a file is written under until its journal is applied."""
    return final.parent / f".{final.name}.{uuid.uuid4().hex[:8]}.pending"


def publish_files(output_dir: Path, run_id: str, moves: list[tuple[str, str]], deletes: list[str]) -> None:
    """Journal the renames of pending files and the deletions as ``run_id``, then carry them out (steps 2-3)."""
    journal = output_dir / JOURNAL_DIR / f"{run_id}.json"
    journal.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomically(journal, {"run_id": run_id, "moves": moves, "deletes": deletes})
    checkpoint("commit_apply")
    _apply(journal)


def _rows_of_day(table: pa.Table | None, day: str | None, schema: pa.Schema) -> pa.Table:
    if table is None or table.num_rows == 0:
        return schema.empty_table()
    column = table.column(PARTITION_COLUMN)
    mask = pc.is_null(column) if day is None else pc.equal(column, pa.scalar(date.fromisoformat(day), pa.date32()))
    return table.filter(mask)


def write_json_atomically(path: Path, payload: dict) -> None:
    """Write JSON to a hidden temporary file, fsync it and rename it over ``path``."""
    tmp = path.parent / f".{path.name}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _apply(journal: Path) -> None:
    """Carry out a journal's renames and deletions; idempotent, so a crash midway can be rolled forward."""
    plan = json.loads(journal.read_text(encoding="utf-8"))
    for tmp, final in plan["moves"]:
        if os.path.exists(tmp):
            os.replace(tmp, final)
    for old in plan["deletes"]:
        Path(old).unlink(missing_ok=True)
    journal.unlink()


def recover(output_dir: Path) -> list[str]:
    """Roll forward committed journals, then delete leftovers of runs that died before committing."""
    notes = []
    journals = sorted((output_dir / JOURNAL_DIR).glob("*.json")) if (output_dir / JOURNAL_DIR).is_dir() else []
    for journal in journals:
        _apply(journal)
        notes.append(f"rolled forward the interrupted commit of {journal.stem}")
    for name in TABLES:
        for leftover in (output_dir / name).glob(f"{PARTITION_COLUMN}=*/.*"):
            leftover.unlink()
            notes.append(f"removed uncommitted file {leftover}")
    staging = output_dir / STAGING_DIR
    if staging.is_dir():
        for run_dir in staging.iterdir():
            shutil.rmtree(run_dir, ignore_errors=True)
            notes.append(f"removed staging area of interrupted run {run_dir.name}")
    return notes

