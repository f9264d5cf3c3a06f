"""Warehouse DDL: current with the schema source, and loadable in DuckDB without casts."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from schemas.arrow import arrow_schema
from schemas.ddl import DIALECTS, WAREHOUSE_DIR, ddl, write_ddl_files
from schemas.tables import PARTITION_COLUMN, TABLES
from tests.test_validate_sample import sample_tables


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_files_are_current(dialect: str) -> None:
    path = WAREHOUSE_DIR / f"{dialect}.sql"
    assert path.read_text(encoding="utf-8") == ddl(dialect), (
        f"{path} is stale: run `python -m schemas.ddl` and commit the result"
    )


def test_write_ddl_files_writes_every_dialect(tmp_path: Path) -> None:
    paths = write_ddl_files(tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{d}.sql" for d in DIALECTS)
    assert all(p.read_text() == ddl(p.stem) for p in paths)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_table_and_column_is_declared(dialect: str) -> None:
    script = ddl(dialect)
    for table in TABLES.values():
        assert f"{table.name} (" in script
        block = script.split(f"{table.name} (", 1)[1].split("\n\n", 1)[0]
        for column in [*table.column_names, PARTITION_COLUMN]:
            assert f"{column} " in block, (table.name, column)


def test_external_tables_use_hive_partitioning() -> None:
    bigquery, snowflake = ddl("bigquery", "gs://b/out"), ddl("snowflake", "@stage")
    assert "WITH PARTITION COLUMNS (published_date DATE)" in bigquery
    assert "hive_partition_uri_prefix = 'gs://b/out/events'" in bigquery
    assert "PARTITION BY (published_date)" in snowflake and "LOCATION = @stage/events/" in snowflake
    assert "VALUE:start_char::INTEGER" in snowflake


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown dialect"):
        ddl("oracle")


def _write_parquet(root: Path) -> dict[str, int]:
    """Every sample table as Hive-partitioned Parquet files in the file schema; row counts."""
    counts = {}
    for name, table in sample_tables().items():
        counts[name] = table.num_rows
        for day in set(table.column(PARTITION_COLUMN).to_pylist()):
            dates = table.column(PARTITION_COLUMN)
            part = table.filter(pc.is_null(dates) if day is None else pc.equal(dates, day))
            folder = root / name / f"{PARTITION_COLUMN}={day or '__HIVE_DEFAULT_PARTITION__'}"
            folder.mkdir(parents=True)
            pq.write_table(part.drop_columns([PARTITION_COLUMN]).cast(arrow_schema(name)),
                           folder / "part-0.parquet", compression="zstd")
    return counts


def test_duckdb_ddl_loads_the_parquet_without_casts(tmp_path: Path) -> None:
    counts = _write_parquet(tmp_path / "out")
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(ddl("duckdb", str(tmp_path / "out")))
    for name, rows in counts.items():
        scan = (f"read_parquet('{tmp_path}/out/{name}/*/*.parquet', hive_partitioning = true, "
                f"hive_types = {{'{PARTITION_COLUMN}': DATE}})")
        declared = {r[0]: r[1] for r in con.execute(f"DESCRIBE {name}").fetchall()}
        scanned = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()}
        assert scanned == declared, name  # identical types: the load needs no cast at all
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {scan}")
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == rows, name
    assert con.execute("SELECT count(*) FROM rejects WHERE published_date IS NULL").fetchone()[0] == 1
