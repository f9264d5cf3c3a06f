"""Publish a run's validated rows into the output tables: an upsert per partition, crash-safe.

A rerun replaces, never repeats. Every table has a key (``schemas.tables``):
an article is one row, wherever its date put it before (a changed publication
date moves the article and its extraction rows to the new day); the rows of
the articles a run processed replace their earlier rows; other articles' rows
are kept, so micro-batches and backfills can share a day. A reject is keyed by
(stage, source, record_ref): the run's rejects replace the earlier ones of
the input files it read (within its date range), so a changed reason replaces
the old one and a record that now succeeds loses its reject.

The run's rows come from its staging area (one file per batch and partition);
each partition is rewritten by streaming its kept old rows and its new rows
into one file, a Parquet batch at a time, so memory does not grow with the run.

Protocol, per commit:
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
from pipelines.storage.atomic import fsync_file, write_json_atomically
from pipelines.storage.lock import run_is_alive
from pipelines.storage.partitions import (
    COMPRESSION,
    day_files,
    partition_files,
    partition_name,
    write_staged_partition,
)
from pipelines.storage.published import Published, RejectScope
from schemas.arrow import arrow_schema
from schemas.tables import PARTITION_COLUMN, SCHEMA_VERSION, TABLES
from schemas.versions import check_file

JOURNAL_DIR = "_commits"
STAGING_DIR = "_staging"
ROW_GROUP_ROWS = 50_000  # rows a commit holds at once, per partition file it writes

@dataclass
class CommitResult:
    """What a commit changed: partitions rewritten and rows now in them, per table."""

    partitions: dict[str, list[str | None]] = field(default_factory=dict)
    rows_written: dict[str, int] = field(default_factory=dict)


def _replace_key(table_name: str) -> str:
    return "reject_id" if table_name == "rejects" else "article_id"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def commit(output_dir: Path, tables: dict[str, pa.Table], processed_articles: dict[str, date], run_id: str,
           scope: RejectScope | None = None) -> CommitResult:
    """Upsert in-memory tables (partitioned schema): staged under ``output_dir``, then ``commit_staged``."""
    staging = output_dir / STAGING_DIR / run_id
    for name, table in tables.items():
        for day in {_day(d) for d in table.column(PARTITION_COLUMN).to_pylist()}:
            write_staged_partition(staging, name, day, _rows_of_day(table, day), "direct")
    result = commit_staged(output_dir, staging, processed_articles, run_id, scope)
    shutil.rmtree(staging, ignore_errors=True)
    return result


def commit_staged(output_dir: Path, staging_dir: Path, processed_articles: dict[str, date | None], run_id: str,
                  scope: RejectScope | None = None, *, days: set[str | None] | None = None,
                  tables: Iterable[str] = tuple(TABLES), published: Published | None = None) -> CommitResult:
    """Upsert a run's staged partitions of ``tables`` into ``output_dir``, one partition at a time.

    ``processed_articles`` maps every article id the run read to its day: their earlier rows are
    replaced wherever they are; ``scope`` says which earlier rejects the run's rejects replace.
    With ``days``, only the staged rows of those partitions are published, and only earlier
    rejects of those partitions replaced (a backfill's chunk). ``published`` is what the output
    held before (read here if not given). Memory is bounded by a Parquet batch, whatever the
    partition's size: see ``_merge_into``.
    """
    scope = scope or RejectScope()
    published = published or Published.read(output_dir)
    moves: list[tuple[str, str]] = []
    deletes: list[str] = []
    result = CommitResult()
    replaced_articles = pa.array(sorted(processed_articles), pa.string())
    article_days = ({_day(d) for d in processed_articles.values()}
                    | published.days_holding("articles", replaced_articles))
    for name in tables:
        key = _replace_key(name)
        staged_days = (set(partition_files(staging_dir, name)) if days is None
                       else {day for day in days if day_files(staging_dir, name, day)})
        if key == "article_id":
            replaced, touched = replaced_articles, staged_days | article_days
        else:  # a record rejected again, maybe under another day, and the earlier rejects in scope
            new_ids = _keys([f for day in staged_days for f in day_files(staging_dir, name, day)], key)
            stale, stale_days = scope.stale_rejects(published, processed_articles, days)
            replaced = pa.concat_arrays([new_ids, pa.array(sorted(stale), pa.string())])
            touched = staged_days | stale_days | published.days_holding(name, new_ids)
        result.partitions[name] = sorted(touched, key=lambda d: d or "")
        result.rows_written[name] = 0
        for day in result.partitions[name]:
            new_files = day_files(staging_dir, name, day) if day in staged_days else []
            old = day_files(output_dir, name, day)
            final = output_dir / name / partition_name(day) / f"part-{run_id}.parquet"
            tmp = pending_path(final)
            rows = _merge_into(name, tmp, old, new_files, key, replaced)
            # ``final`` may be among the old files (an earlier chunk of this run): the move replaces it.
            deletes.extend(str(f) for f in old if not (rows and f == final))
            if rows == 0:
                continue
            checkpoint("commit_write")
            moves.append((str(tmp), str(final)))
            result.rows_written[name] += rows
    if moves or deletes:
        publish_files(output_dir, run_id, moves, deletes)
    return result


def _keys(files: list[Path], key: str) -> pa.Array:
    """The values of column ``key`` in some staged files."""
    if not files:
        return pa.array([], pa.string())
    return pa.concat_arrays([pq.read_table(f, columns=[key]).column(key).combine_chunks() for f in files])


def _merge_into(name: str, path: Path, old: list[Path], new: list[Path], key: str, replaced: pa.Array) -> int:
    """Write the old files' rows whose ``key`` is not in ``replaced``, then the new files' rows, into
    one Parquet file at ``path`` (fsynced), streaming batch by batch; returns the rows written
    (no file for none)."""
    schema = arrow_schema(name)
    writer: pq.ParquetWriter | None = None
    rows = 0
    try:
        for piece in _pieces(name, old, new, key, replaced):
            if not piece.num_rows:
                continue
            if writer is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                writer = pq.ParquetWriter(path, schema, compression=COMPRESSION)
            writer.write_table(piece)
            rows += piece.num_rows
    finally:
        if writer is not None:
            writer.close()
    if writer is not None:
        fsync_file(path)
    return rows


def _pieces(name: str, old: list[Path], new: list[Path], key: str, replaced: pa.Array) -> Iterator[pa.Table]:
    """Row groups of up to ``ROW_GROUP_ROWS`` rows: the kept old rows, then the new ones."""
    schema = arrow_schema(name)
    buffered: list[pa.Table] = []
    count = 0
    for piece in _stream(old, new, key, replaced, schema, TABLES[name].primary_key):
        buffered.append(piece)
        count += piece.num_rows
        if count >= ROW_GROUP_ROWS:
            yield pa.concat_tables(buffered)
            buffered, count = [], 0
    if buffered:
        yield pa.concat_tables(buffered)


def _stream(old: list[Path], new: list[Path], key: str, replaced: pa.Array, schema: pa.Schema,
            primary_key: str) -> Iterator[pa.Table]:
    """The old files' rows whose ``key`` is not replaced, then the new files' rows, a Parquet batch
    at a time; a primary key staged twice (a record read twice in one run) is written once."""
    for f in old:
        check_file(f, SCHEMA_VERSION)
        for batch in pq.ParquetFile(f).iter_batches(batch_size=ROW_GROUP_ROWS):
            table = pa.Table.from_batches([batch]).cast(schema)
            yield table.filter(pc.invert(pc.is_in(table.column(key), value_set=replaced)))
    seen: set[str] = set()
    for f in new:
        table = pq.read_table(f, schema=schema)
        keys = table.column(primary_key).to_pylist()
        first = [k not in seen and not seen.add(k) for k in keys]
        yield table if all(first) else table.filter(pa.array(first, pa.bool_()))


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


def _rows_of_day(table: pa.Table, day: str | None) -> pa.Table:
    column = table.column(PARTITION_COLUMN)
    mask = pc.is_null(column) if day is None else pc.equal(column, pa.scalar(date.fromisoformat(day), pa.date32()))
    return table.filter(mask)


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
