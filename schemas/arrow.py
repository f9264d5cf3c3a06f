"""The pyarrow schemas of the contract tables, generated from ``schemas.tables``.

``arrow_schema`` is what each Parquet file stores: the contract columns, with
the schema version in the schema metadata. The partition column
``published_date`` lives in the Hive directory name
(``published_date=YYYY-MM-DD``), not in the files; ``partitioned_schema`` adds
it for in-memory tables on their way to the writer.
"""
from __future__ import annotations

from functools import cache
from typing import Any, Iterable

import pyarrow as pa

from schemas.tables import PARTITION_COLUMN, SCHEMA_VERSION, TABLES, Column

SCHEMA_VERSION_KEY = b"dateline.schema_version"

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int32": pa.int32(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "list<string>": pa.list_(pa.string()),
}

# Tables whose rows may lack a publication date (the Hive null partition).
NULL_PARTITION_TABLES = frozenset({"rejects"})


def arrow_field(column: Column) -> pa.Field:
    """The Arrow field of one contract column; its description goes in the field metadata."""
    metadata = {b"description": column.description.encode("utf-8")} if column.description else None
    return pa.field(column.name, ARROW_TYPES[column.type], nullable=column.nullable, metadata=metadata)


def partition_field(table_name: str) -> pa.Field:
    """The ``published_date`` partition column of a table."""
    return pa.field(PARTITION_COLUMN, pa.date32(), nullable=table_name in NULL_PARTITION_TABLES)


@cache
def arrow_schema(table_name: str) -> pa.Schema:
    """The schema of the table's Parquet files, carrying ``dateline.schema_version``."""
    table = TABLES[table_name]
    return pa.schema(
        [arrow_field(c) for c in table.columns],
        metadata={SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode("utf-8")},
    )


@cache
def partitioned_schema(table_name: str) -> pa.Schema:
    """The file schema plus ``published_date: date32``: the shape of in-memory tables."""
    return arrow_schema(table_name).append(partition_field(table_name))


class RowShapeError(ValueError):
    """A row whose keys are not its table's columns."""


@cache
def _key_sets(table_name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(every column of the partitioned schema, the non-nullable ones)."""
    schema = partitioned_schema(table_name)
    return frozenset(schema.names), frozenset(f.name for f in schema if not f.nullable)


def to_arrow(table_name: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """A partitioned-schema table from row dicts keyed by contract column names and published_date.

    A key outside the contract, or a missing non-nullable one, raises ``RowShapeError``: a
    misspelt column is a bug to report, not a column to null. Nullable keys may be left out.
    """
    rows = list(rows)
    names, required = _key_sets(table_name)
    for row in rows:
        keys = row.keys()
        if not (keys <= names and required <= keys):
            raise RowShapeError(
                f"{table_name} row: unknown keys {sorted(keys - names)}, missing {sorted(required - keys)}")
    return pa.Table.from_pylist(rows, schema=partitioned_schema(table_name))



def hive_partitioning():
    """The tables' directory partitioning for pyarrow and pandas readers: ``published_date`` as a
    date, the undated partition (``__HIVE_DEFAULT_PARTITION__``) as null. Without it, pyarrow infers
    the column from directory names as strings and cannot type a table whose rows are all undated.

        ds.dataset("out/rejects", partitioning=hive_partitioning())
        pd.read_parquet("out/rejects", partitioning=hive_partitioning())
    """
    import pyarrow.dataset as ds

    return ds.partitioning(pa.schema([pa.field(PARTITION_COLUMN, pa.date32())]), flavor="hive")
