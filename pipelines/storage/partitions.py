"""Hive-partitioned Parquet tables on disk: staged writes, reads, and the paths between them.

Layout: ``<root>/<table>/published_date=YYYY-MM-DD/part-*.parquet`` (rows with
no date go to the Hive null partition ``__HIVE_DEFAULT_PARTITION__``). Files
are written under a hidden temporary name and renamed into place, so a reader
never sees a half-written file: pyarrow and DuckDB skip names starting with
a dot.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipelines.storage.atomic import write_atomically
from schemas.arrow import arrow_schema, partitioned_schema
from schemas.tables import PARTITION_COLUMN, SCHEMA_VERSION, TABLES
from schemas.versions import check_file

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
COMPRESSION = "zstd"
# Files one dataset scan reads: a scan holds about 50 KB per file it was given until it ends (125 MB
# for the 1,686 article files of a 3,000-article output), so the output's key columns are read in
# scans of this many files.
FILES_PER_SCAN = 100


def partition_name(day: str | None) -> str:
    """The directory name of a partition: ``published_date=2022-01-19``."""
    return f"{PARTITION_COLUMN}={day or NULL_PARTITION}"


def partition_day(dirname: str) -> str | None:
    """Inverse of ``partition_name``."""
    value = dirname.split("=", 1)[1]
    return None if value == NULL_PARTITION else value


def write_parquet_atomically(table: pa.Table, path: Path, durable: bool = True) -> None:
    """Write ``table`` to ``path`` atomically (see ``write_atomically``), zstd-compressed."""
    write_atomically(path, lambda tmp: pq.write_table(table, tmp, compression=COMPRESSION), durable)


def file_table(table_name: str, rows_table: pa.Table) -> pa.Table:
    """The rows as they are stored in a file: file schema, partition column dropped."""
    schema = arrow_schema(table_name)
    return rows_table.select(schema.names).cast(schema)


def write_staged_partition(staging_dir: str | Path, table_name: str, day: str | None, rows: pa.Table,
                           stem: str) -> int:
    """Write rows of one partition (partitioned schema) into a run's staging area as
    ``part-<stem>.parquet``; returns the row count.

    The name is fixed per batch and partition, so a runner that retries a batch replaces its
    files instead of adding more. Not fsynced: a crash discards the staging area, and the
    commit fsyncs the files it publishes."""
    path = Path(staging_dir) / table_name / partition_name(day) / f"part-{stem}.parquet"
    write_parquet_atomically(file_table(table_name, rows), path, durable=False)
    return rows.num_rows


def discard_staged(staging_dir: str | Path, stem: str) -> None:
    """Remove the staged files ``write_staged_partition`` wrote for ``stem`` (an attempt cut short)."""
    for path in Path(staging_dir).glob(f"*/{PARTITION_COLUMN}=*/part-{stem}.parquet"):
        path.unlink(missing_ok=True)


def _visible(part: Path) -> list[Path]:
    return sorted(f for f in part.glob("*.parquet") if not f.name.startswith((".", "_")))


def partition_files(root: Path, table_name: str) -> dict[str | None, list[Path]]:
    """The visible Parquet files of each partition of a table under ``root``."""
    out: dict[str | None, list[Path]] = {}
    table_dir = root / table_name
    if not table_dir.is_dir():
        return out
    for part in sorted(table_dir.iterdir()):
        if part.is_dir() and part.name.startswith(f"{PARTITION_COLUMN}="):
            files = _visible(part)
            if files:
                out[partition_day(part.name)] = files
    return out


def published_columns(root: Path, table_name: str, columns: list[str]) -> pa.Table:
    """Only ``columns`` (strings) of every published row of ``table_name``, with its partition's ``day``:
    pyarrow dataset scans of the visible files, ``FILES_PER_SCAN`` at a time, reading those columns
    alone, on pyarrow's threads."""
    schema = pa.schema([pa.field(c, pa.string()) for c in [*columns, "day"]])
    files = [str(f) for found in partition_files(root, table_name).values() for f in found]
    hive = ds.HivePartitioning(pa.schema([pa.field(PARTITION_COLUMN, pa.string())]), null_fallback=NULL_PARTITION)
    scans = (ds.dataset(files[start:start + FILES_PER_SCAN], format="parquet", partitioning=hive,
                        partition_base_dir=str(root / table_name)).to_table(columns=[*columns, PARTITION_COLUMN])
             for start in range(0, len(files), FILES_PER_SCAN))
    return pa.concat_tables([schema.empty_table(), *(
        pa.Table.from_arrays([column.cast(pa.string()) for column in rows.columns], schema=schema)
        for rows in scans)])


def day_files(root: Path, table_name: str, day: str | None) -> list[Path]:
    """The visible Parquet files of one partition of a table under ``root`` (none if it is absent)."""
    part = Path(root) / table_name / partition_name(day)
    return _visible(part) if part.is_dir() else []


def fingerprint(files: list[Path]) -> str:
    """What identifies a partition's content for incremental loads: file names, sizes, mtimes."""
    return json.dumps([(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files])


def read_files(table_name: str, files: list[Path], day: str | None) -> pa.Table:
    """Rows of some files of one partition, with the partition column added back."""
    schema = partitioned_schema(table_name)
    if not files:
        return schema.empty_table()
    for f in files:
        check_file(f, SCHEMA_VERSION)  # an unknown or newer version is a clear error, not a misread
    data = pa.concat_tables([pq.read_table(f, schema=arrow_schema(table_name)) for f in files])
    days = pa.array([None if day is None else date.fromisoformat(day)] * data.num_rows, pa.date32())
    return pa.Table.from_arrays([*data.columns, days], schema=schema)


def read_table(root: Path, table_name: str) -> pa.Table:
    """All visible rows of a table under ``root`` (an output or a staging directory)."""
    parts = [read_files(table_name, files, day) for day, files in partition_files(root, table_name).items()]
    if not parts:
        return partitioned_schema(table_name).empty_table()
    return pa.concat_tables(parts)


def read_all(root: Path) -> dict[str, pa.Table]:
    """Every contract table under ``root``."""
    return {name: read_table(root, name) for name in TABLES}

