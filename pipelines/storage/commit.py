"""Publish a run's validated rows into the output tables: an upsert per partition, crash-safe.

A rerun replaces, never repeats. Every table has a key (``schemas.tables``):
an article is one row, wherever its date put it before (a changed publication
date moves the article and its extraction rows to the new day); the rows of
the articles a run processed replace their earlier rows; other articles' rows
are kept, so micro-batches and backfills can share a day. A reject is keyed by
(stage, source, record_ref): the run's rejects replace the earlier ones of
the input files it read (within its date range), so a changed reason replaces
the old one and a record that now succeeds loses its reject.

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
import re
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.faults import checkpoint
from pipelines.storage.lock import run_is_alive
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


def commit(output_dir: Path, tables: dict[str, pa.Table], processed_articles: dict[str, date], run_id: str,
           scope: RejectScope | None = None) -> CommitResult:
    """Upsert the run's rows into ``output_dir``; ``processed_articles`` maps every article id the run read
    to its day, ``scope`` says which earlier rejects the run's own replace."""
    moves: list[tuple[str, str]] = []
    deletes: list[str] = []
    result = CommitResult()
    scope = scope or RejectScope()
    article_days = ({_day(d) for d in processed_articles.values()}
                    | _days_holding(output_dir, "articles", processed_articles))
    for name in TABLES:
        new_rows = _unique(tables.get(name), TABLES[name].primary_key)
        key = _replace_key(name)
        if key == "article_id":
            replaced, days = set(processed_articles), set(article_days)
        else:
            replaced, days = scope.stale_rejects(output_dir, processed_articles)
        if new_rows is not None and new_rows.num_rows:
            days |= _days(new_rows)
            if key == "reject_id":  # a record rejected again, maybe under another day
                replaced |= set(new_rows.column(key).to_pylist())
                days |= _days_holding(output_dir, name, new_rows.column(key).to_pylist())
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


def _unique(table: pa.Table | None, key: str) -> pa.Table | None:
    """The table with one row per key, the last one (a record read twice in one run counts once)."""
    if table is None or table.num_rows == 0:
        return table
    keys = table.column(key).to_pylist()
    last = {k: i for i, k in enumerate(keys)}
    if len(last) == len(keys):
        return table
    return table.take(pa.array(sorted(last.values()), pa.int64()))


def _key_columns(output_dir: Path, table: str, columns: list[str]) -> Iterator[tuple[str | None, pa.Table]]:
    """(day, those columns of its rows) for every partition of a published table."""
    for day, files in partition_files(output_dir, table).items():
        for f in files:
            yield day, pq.read_table(f, columns=columns)


def _days_holding(output_dir: Path, table: str, keys: Iterable[str]) -> set[str | None]:
    """The partitions of ``table`` that now hold any of these keys, whatever day they had before."""
    wanted = pa.array(sorted(set(keys)), pa.string())
    if not len(wanted):
        return set()
    return {day for day, ids in _key_columns(output_dir, table, [TABLES[table].primary_key])
            if pc.any(pc.is_in(ids.column(0), value_set=wanted)).as_py()}


@dataclass(frozen=True)
class RejectScope:
    """The earlier rejects a run's rejects replace: those of the input ``files`` it read (their parse
    and extract rejects, by ``record_ref``) and the validate rejects of the articles it processed,
    only of days within ``days`` (inclusive; None: every day). Undated rejects are always in scope."""

    files: tuple[str, ...] = ()
    days: tuple[date, date] | None = None

    def stale_rejects(self, output_dir: Path, processed: dict[str, date]) -> tuple[set[str], set[str | None]]:
        """The ids of the published rejects in scope, and the partitions holding them."""
        files = set(self.files)
        ids: set[str] = set()
        days: set[str | None] = set()
        for day, rows in _key_columns(output_dir, "rejects", ["reject_id", "stage", "record_ref"]):
            if day is not None and self.days and not self.days[0].isoformat() <= day <= self.days[1].isoformat():
                continue
            for reject_id, stage, ref in zip(*(c.to_pylist() for c in rows.columns)):
                if _input_file(ref) in files or (stage == "validate" and _validated_article(ref) in processed):
                    ids.add(reject_id)
                    days.add(day)
        return ids, days


# The file part of a record reference: ``file:line`` (JSON Lines), ``file[index]`` (a .json array),
# ``file#offset url`` (WARC); any other reference (a saved page) is the file itself.
_REF_FILE = re.compile(r"^(?P<file>.+?)(?::\d+|\[\d+\]|#\d+(?: .*)?)$", re.S)


def _input_file(record_ref: str) -> str:
    match = _REF_FILE.match(record_ref)
    return match.group("file") if match else record_ref


def _validated_article(record_ref: str) -> str | None:
    """The article a validate reject is about: ``articles:<id>``, or ``<table>:<id>:<T|E|S>...``
    (the extraction ids start with their article's id)."""
    table, _, key = record_ref.partition(":")
    if table == "articles":
        return key
    article, sep, _ = key.rpartition(":")
    return article if sep else None


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
    """Roll forward committed journals, then delete leftovers of runs that died before committing.

    Only a dead run's files are touched: one whose staging folder's ``RunLock`` is free (or gone)."""
    notes = []
    staging = output_dir / STAGING_DIR

    def dead(run_id: str) -> bool:
        return not run_is_alive(staging / run_id)

    journals = sorted((output_dir / JOURNAL_DIR).glob("*.json")) if (output_dir / JOURNAL_DIR).is_dir() else []
    for journal in journals:
        if dead(journal.stem):
            _apply(journal)
            notes.append(f"rolled forward the interrupted commit of {journal.stem}")
    for name in TABLES:
        for leftover in (output_dir / name).glob(f"{PARTITION_COLUMN}=*/.*"):
            run_id = _run_of(leftover.name)
            if run_id is None or dead(run_id):
                leftover.unlink(missing_ok=True)
                notes.append(f"removed uncommitted file {leftover}")
    if staging.is_dir():
        for run_dir in staging.iterdir():
            if dead(run_dir.name):
                shutil.rmtree(run_dir, ignore_errors=True)
                notes.append(f"removed staging area of interrupted run {run_dir.name}")
    return notes


def _run_of(hidden_name: str) -> str | None:
    """The run that wrote a hidden partition file (``.part-<run>.parquet.<tag>.pending`` or ``.tmp``)."""
    match = re.match(r"^\.+part-(?P<run>.+?)\.parquet\.", hidden_name)
    return match.group("run") if match else None
