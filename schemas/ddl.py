"""Warehouse DDL for the contract tables, generated from ``schemas.tables``.

``ddl(dialect)`` renders one script creating every table:

- ``duckdb``: native tables with the contract types plus ``published_date DATE``,
  and the statement that loads the Hive-partitioned Parquet into each;
- ``bigquery``: external tables over the Parquet with Hive partitioning;
- ``snowflake``: external tables over a stage, partitioned by ``published_date``
  parsed from the file path, each column an expression over ``VALUE``.

``python -m schemas.ddl`` rewrites ``infra/warehouse/{dialect}.sql``; a test
fails when those files are stale.
"""
from __future__ import annotations

import sys
from pathlib import Path

from schemas.arrow import NULL_PARTITION_TABLES
from schemas.tables import PARTITION_COLUMN, SCHEMA_VERSION, TABLES, Column, Table

DIALECTS = ("duckdb", "bigquery", "snowflake")
DEFAULT_LOCATIONS = {
    "duckdb": "out",
    "bigquery": "gs://BUCKET/dateline",
    "snowflake": "@dateline_stage",
}
WAREHOUSE_DIR = Path(__file__).resolve().parent.parent / "infra" / "warehouse"

_TYPES = {
    "duckdb": {"string": "VARCHAR", "int32": "INTEGER", "date": "DATE",
               "timestamp": "TIMESTAMPTZ", "list<string>": "VARCHAR[]"},
    "bigquery": {"string": "STRING", "int32": "INT64", "date": "DATE",
                 "timestamp": "TIMESTAMP", "list<string>": "ARRAY<STRING>"},
    "snowflake": {"string": "VARCHAR", "int32": "INTEGER", "date": "DATE",
                  "timestamp": "TIMESTAMP_TZ", "list<string>": "ARRAY"},
}


def _quote(text: str) -> str:
    """A single-quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _header(dialect: str) -> str:
    return (
        f"-- dateline warehouse DDL for {dialect}, contract schema version {SCHEMA_VERSION}.\n"
        "-- Generated from schemas/tables.py by `python -m schemas.ddl`: do not edit by hand.\n"
    )


def _duckdb(table: Table, location: str) -> str:
    columns = [
        f"    {c.name} {_TYPES['duckdb'][c.type]}{'' if c.nullable else ' NOT NULL'}"
        for c in table.columns
    ]
    partition_null = "" if table.name in NULL_PARTITION_TABLES else " NOT NULL"
    columns.append(f"    {PARTITION_COLUMN} DATE{partition_null}")
    comments = [f"COMMENT ON TABLE {table.name} IS {_quote(table.description)};"] if table.description else []
    comments += [
        f"COMMENT ON COLUMN {table.name}.{c.name} IS {_quote(c.description)};"
        for c in table.columns if c.description
    ]
    load = (
        f"-- Load: INSERT INTO {table.name} BY NAME SELECT * FROM read_parquet("
        f"{_quote(f'{location}/{table.name}/*/*.parquet')}, hive_partitioning = true, "
        f"hive_types = {{'{PARTITION_COLUMN}': DATE}});"
    )
    return "\n".join(
        [f"CREATE TABLE IF NOT EXISTS {table.name} (", ",\n".join(columns), ");", *comments, load]
    )


def _bigquery_column(column: Column) -> str:
    description = column.description.replace("\\", "\\\\").replace('"', '\\"')
    options = f' OPTIONS (description = "{description}")' if column.description else ""
    return f"    {column.name} {_TYPES['bigquery'][column.type]}{options}"


def _bigquery(table: Table, location: str) -> str:
    prefix = f"{location}/{table.name}"
    return "\n".join([
        f"CREATE EXTERNAL TABLE IF NOT EXISTS dateline.{table.name} (",
        ",\n".join(_bigquery_column(c) for c in table.columns),
        ")",
        f"WITH PARTITION COLUMNS ({PARTITION_COLUMN} DATE)",
        "OPTIONS (",
        "    format = 'PARQUET',",
        "    enable_list_inference = true,",
        f"    uris = [{_quote(prefix + '/*')}],",
        f"    hive_partition_uri_prefix = {_quote(prefix)},",
        "    require_hive_partition_filter = false",
        ");",
    ])


def _snowflake(table: Table, location: str) -> str:
    types = _TYPES["snowflake"]
    partition = (
        f"    {PARTITION_COLUMN} DATE AS TRY_TO_DATE(SPLIT_PART(SPLIT_PART("
        f"METADATA$FILENAME, '{PARTITION_COLUMN}=', 2), '/', 1), 'YYYY-MM-DD')"
    )
    columns = [
        f"    {c.name} {types[c.type]} AS (VALUE:{c.name}::{types[c.type]})" for c in table.columns
    ]
    comment = f"\nCOMMENT = {_quote(table.description)}" if table.description else ""
    return "\n".join([
        f"CREATE EXTERNAL TABLE IF NOT EXISTS {table.name} (",
        ",\n".join([partition, *columns]),
        ")",
        f"PARTITION BY ({PARTITION_COLUMN})",
        f"LOCATION = {location}/{table.name}/",
        "FILE_FORMAT = (TYPE = PARQUET)",
        "AUTO_REFRESH = FALSE" + comment + ";",
    ])


_RENDERERS = {"duckdb": _duckdb, "bigquery": _bigquery, "snowflake": _snowflake}


def ddl(dialect: str, location: str | None = None) -> str:
    """The script creating every contract table in ``dialect``, over Parquet at ``location``.

    ``location`` is the output root (a DuckDB path or glob root, a ``gs://`` URI for
    BigQuery, a stage such as ``@dateline_stage`` for Snowflake); it defaults to a
    placeholder per dialect.
    """
    if dialect not in _RENDERERS:
        raise ValueError(f"unknown dialect {dialect!r}: choose one of {', '.join(DIALECTS)}")
    root = (location or DEFAULT_LOCATIONS[dialect]).rstrip("/")
    statements = [_RENDERERS[dialect](table, root) for table in TABLES.values()]
    return _header(dialect) + "\n" + "\n\n".join(statements) + "\n"


def write_ddl_files(directory: Path = WAREHOUSE_DIR) -> list[Path]:
    """Write ``{dialect}.sql`` for every dialect into ``directory``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for dialect in DIALECTS:
        path = directory / f"{dialect}.sql"
        path.write_text(ddl(dialect), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_ddl_files(Path(sys.argv[1]) if len(sys.argv) > 1 else WAREHOUSE_DIR):
        print(written)
