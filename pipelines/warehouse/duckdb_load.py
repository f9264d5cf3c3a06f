"""Incremental load of the Parquet tables into a DuckDB file.

Each partition's files are fingerprinted (names, sizes, modification times);
a load replaces exactly the partitions whose fingerprint changed since the
last load, and removes those that disappeared, in one transaction. A rerun
with nothing changed touches nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.faults import checkpoint
from pipelines.storage.partitions import fingerprint, partition_files
from schemas.ddl import ddl
from schemas.tables import PARTITION_COLUMN, TABLES

STATE_TABLE = "_dateline_loaded_partitions"


@dataclass
class LoadResult:
    """Partitions replaced and rows now present, per table."""

    partitions_loaded: dict[str, int] = field(default_factory=dict)
    partitions_removed: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def load_duckdb(output_dir: Path, db_path: Path) -> LoadResult:
    """Create the tables if needed and bring them up to date with ``output_dir``."""
    result = LoadResult()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db_path)) as con:
        con.execute(ddl("duckdb"))
        con.execute(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
                    "(table_name VARCHAR, partition_day VARCHAR, fingerprint VARCHAR)")
        con.execute("BEGIN TRANSACTION")
        try:
            for name in TABLES:
                _load_table(con, output_dir, name, result)
            checkpoint("duckdb_load")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        for name in TABLES:
            result.rows[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    return result


def _load_table(con: duckdb.DuckDBPyConnection, output_dir: Path, name: str, result: LoadResult) -> None:
    loaded = {day: fp for day, fp in con.execute(
        f"SELECT partition_day, fingerprint FROM {STATE_TABLE} WHERE table_name = ?", [name]).fetchall()}
    current = {day or "": files for day, files in partition_files(output_dir, name).items()}
    changed = [day for day, files in current.items() if loaded.get(day) != fingerprint(files)]
    removed = [day for day in loaded if day not in current]
    columns = ", ".join(TABLES[name].column_names)
    for day in changed + removed:
        con.execute(f"DELETE FROM {name} WHERE {PARTITION_COLUMN} IS NOT DISTINCT FROM ?::DATE", [day or None])
        con.execute(f"DELETE FROM {STATE_TABLE} WHERE table_name = ? AND partition_day = ?", [name, day])
    for day in changed:
        files = [str(f) for f in current[day]]
        con.execute(
            f"INSERT INTO {name} ({columns}, {PARTITION_COLUMN}) "
            f"SELECT {columns}, ?::DATE FROM read_parquet(?)", [day or None, files])
        con.execute(f"INSERT INTO {STATE_TABLE} VALUES (?, ?, ?)", [name, day, fingerprint(current[day])])
    result.partitions_loaded[name] = len(changed)
    result.partitions_removed[name] = len(removed)
