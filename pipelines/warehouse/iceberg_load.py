"""Incremental load of the Parquet tables into Apache Iceberg tables through pyiceberg's SQL catalog.

Each contract table becomes ``<namespace>.<table>``, partitioned by identity
on ``published_date``. The fingerprint of every loaded partition (its files'
names, sizes and modification times) is kept in the Iceberg table's
properties, so a load rewrites exactly the partitions that changed since the
last one and drops those that disappeared: one overwrite filtered on
``published_date`` plus the property update, in one Iceberg transaction per
table. A reloaded (backfilled) day therefore replaces its rows, never adds to
them, and a rerun with nothing changed commits nothing.
"""
from __future__ import annotations

import hashlib
from functools import reduce
from pathlib import Path

import pyarrow as pa
from pyiceberg.catalog import Catalog
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.expressions import AlwaysFalse, BooleanExpression, In, IsNull, Or
from pyiceberg.table import Table as IcebergTable
from sqlalchemy.engine import make_url

from pipelines.storage.partitions import NULL_PARTITION, fingerprint, partition_files, read_files
from schemas.arrow import SCHEMA_VERSION_KEY, partitioned_schema
from schemas.tables import PARTITION_COLUMN, SCHEMA_VERSION, TABLES

CATALOG_NAME = "dateline"
WAREHOUSE_DIR = "iceberg-warehouse"
FINGERPRINT_PREFIX = "dateline.partition."
SCHEMA_VERSION_PROPERTY = SCHEMA_VERSION_KEY.decode()


def open_catalog(catalog_uri: str, warehouse: str | None = None) -> SqlCatalog:
    """The SQL catalog at ``catalog_uri``; for SQLite, data files go to ``iceberg-warehouse/`` beside the file."""
    if warehouse is None:
        url = make_url(catalog_uri)
        if url.get_backend_name() != "sqlite" or not url.database:
            raise ValueError(f"give a warehouse location for the non-SQLite catalog {catalog_uri}")
        directory = Path(url.database).resolve().parent
        directory.mkdir(parents=True, exist_ok=True)
        warehouse = (directory / WAREHOUSE_DIR).as_uri()
    return SqlCatalog(CATALOG_NAME, uri=catalog_uri, warehouse=warehouse)


def iceberg_schema(table_name: str) -> pa.Schema:
    """The partitioned Arrow schema with each column's description as its Iceberg ``doc``."""
    schema = partitioned_schema(table_name)
    fields = [f.with_metadata({b"doc": f.metadata[b"description"]}) if f.metadata else f for f in schema]
    return pa.schema(fields)


def ensure_table(catalog: Catalog, namespace: str, table_name: str) -> IcebergTable:
    """The Iceberg table, created (identity-partitioned on ``published_date``) or widened to the contract."""
    schema = iceberg_schema(table_name)
    table = catalog.create_table_if_not_exists(
        f"{namespace}.{table_name}", schema=schema,
        properties={SCHEMA_VERSION_PROPERTY: SCHEMA_VERSION})
    if not table.spec().fields:
        with table.update_spec() as spec:
            spec.add_identity(PARTITION_COLUMN)
    if table.properties.get(SCHEMA_VERSION_PROPERTY) != SCHEMA_VERSION:
        with table.transaction() as tx:
            with tx.update_schema() as update:
                update.union_by_name(schema)
            tx.set_properties({SCHEMA_VERSION_PROPERTY: SCHEMA_VERSION})
    return table


def _property(day: str | None) -> str:
    return FINGERPRINT_PREFIX + (day or NULL_PARTITION)


def _day_of(key: str) -> str | None:
    value = key.removeprefix(FINGERPRINT_PREFIX)
    return None if value == NULL_PARTITION else value


def partitions_filter(days: list[str | None]) -> BooleanExpression:
    """Rows of the given days (``None`` is the null partition)."""
    dated = sorted(d for d in days if d is not None)
    terms: list[BooleanExpression] = [In(PARTITION_COLUMN, dated)] if dated else []
    if None in days:
        terms.append(IsNull(PARTITION_COLUMN))
    return reduce(Or, terms, AlwaysFalse())


def sync_table(table: IcebergTable, output_dir: Path, table_name: str) -> list[str | None]:
    """Bring one Iceberg table up to date with its Parquet partitions; the days rewritten or dropped."""
    loaded = {_day_of(k): v for k, v in table.properties.items() if k.startswith(FINGERPRINT_PREFIX)}
    files_by_day = partition_files(output_dir, table_name)
    current = {day: hashlib.sha256(fingerprint(files).encode()).hexdigest() for day, files in files_by_day.items()}
    changed = [day for day, fp in current.items() if loaded.get(day) != fp]
    removed = [day for day in loaded if day not in current]
    if not changed and not removed:
        return []
    rows = [read_files(table_name, files_by_day[day], day) for day in changed]
    data = pa.concat_tables(rows) if rows else partitioned_schema(table_name).empty_table()
    with table.transaction() as tx:
        stale = [day for day in changed + removed if day in loaded]
        tx.overwrite(data, overwrite_filter=partitions_filter(stale))
        if changed:
            tx.set_properties({_property(day): current[day] for day in changed})
        if removed:
            tx.remove_properties(*(_property(day) for day in removed))
    return changed + removed


def load_iceberg(output_dir: Path, catalog_uri: str, namespace: str = "dateline",
                 warehouse: str | None = None) -> dict[str, int]:
    """Create the namespace and tables if missing, load the changed partitions; rows per table after the load."""
    catalog = open_catalog(catalog_uri, warehouse)
    catalog.create_namespace_if_not_exists(namespace)
    counts = {}
    for name in TABLES:
        table = ensure_table(catalog, namespace, name)
        sync_table(table, output_dir, name)
        counts[name] = table.refresh().scan().count()
    return counts
