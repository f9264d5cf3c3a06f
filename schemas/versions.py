"""Schema versions of the Parquet files, and the migration path between them.

Every file carries the schema version it was written with in its Parquet
key-value metadata (``dateline.schema_version``, see ``schemas.arrow``).
Readers check it: a file whose version is unknown, newer than this code, or
older with no migration path raises ``SchemaVersionError`` naming the file,
its version and the supported one.

Migration path (additive only, history is never rewritten):

1. Add the column to ``schemas/tables.py`` as ``nullable=True`` (old files lack it).
2. Bump ``SCHEMA_VERSION`` and append
   ``Migration(from_version=<old>, to_version=<new>, added={<table>: (<column>, ...)}, note=...)``
   to ``MIGRATIONS``.
3. Regenerate the warehouse DDL (``python -m schemas.ddl``); existing warehouse
   tables take the column with ``ALTER TABLE ... ADD COLUMN``.

``read_table`` then reads old and new partitions together under the current
schema, with the added columns null in the old rows. Renaming, retyping or
dropping a contract column is not a migration: it needs a new table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from schemas.arrow import SCHEMA_VERSION_KEY, arrow_schema, partition_field


@dataclass(frozen=True)
class Migration:
    """One version step: the nullable columns it added, per table."""

    from_version: str
    to_version: str
    added: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""


# Version 1 is the first published schema.
MIGRATIONS: tuple[Migration, ...] = (
    Migration("1", "2", {"articles": ("published_precision", "authors", "site_name", "dateline_place",
                                      "dateline_agency")},
              note="page metadata: publication precision, authors, outlet, dateline"),
    Migration("2", "3", {"statements": ("cue_class",)},
              note="statements.cue_class: speech, writing, thought or source; null in older files"),
    Migration("3", "4", {"events": ("duration_value", "duration_timex_id")},
              note="events: the duration that measures an event, apart from its date; null in older files"),
)


class SchemaVersionError(Exception):
    """A file's schema version cannot be read by this code."""

    def __init__(self, path: Path | str, found: str | None, supported: str, why: str) -> None:
        self.path, self.found, self.supported = str(path), found, supported
        shown = found if found is not None else "<missing>"
        super().__init__(
            f"{path}: schema version {shown} {why}; this reader supports version {supported}"
        )


def version_of(schema: pa.Schema) -> str | None:
    """The ``dateline.schema_version`` stored in a schema's metadata, if any."""
    raw = (schema.metadata or {}).get(SCHEMA_VERSION_KEY)
    return raw.decode("utf-8") if raw is not None else None


def file_schema_version(path: Path | str) -> str | None:
    """The schema version a Parquet file was written with (reads the footer only)."""
    return version_of(pq.read_schema(path))


def migration_chain(
    version: str, current: str, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[Migration] | None:
    """The migrations leading from ``version`` to ``current``, or None if there is no path."""
    steps = {m.from_version: m for m in migrations}
    chain: list[Migration] = []
    while version != current:
        step = steps.get(version)
        if step is None or len(chain) > len(migrations):
            return None
        chain.append(step)
        version = step.to_version
    return chain


def check_file(
    path: Path | str, current: str, migrations: tuple[Migration, ...] = MIGRATIONS
) -> str:
    """The file's version if it is ``current`` or migrates to it, else ``SchemaVersionError``."""
    found = file_schema_version(path)
    if found is None:
        raise SchemaVersionError(path, None, current, "is missing from the file metadata")
    if migration_chain(found, current, migrations) is None:
        newer = found.isdigit() and current.isdigit() and int(found) > int(current)
        why = "is newer than this reader" if newer else "has no migration path to it"
        raise SchemaVersionError(path, found, current, why)
    return found


def _check_migrations(schema: pa.Schema, table_name: str, migrations: tuple[Migration, ...]) -> None:
    """Every column a migration added must exist in the target schema and be nullable."""
    for migration in migrations:
        for name in migration.added.get(table_name, ()):
            index = schema.get_field_index(name)
            if index < 0 or not schema.field(index).nullable:
                raise ValueError(
                    f"migration {migration.from_version}->{migration.to_version} adds "
                    f"{table_name}.{name}, which must be a nullable column of the current schema"
                )


def read_table(
    table_dir: Path | str,
    table_name: str,
    *,
    schema: pa.Schema | None = None,
    migrations: tuple[Migration, ...] = MIGRATIONS,
) -> pa.Table:
    """Every partition under ``table_dir`` read together under the current schema.

    ``schema`` is the current file schema (default ``arrow_schema(table_name)``);
    its version is the one supported. Files of older versions that migrate to
    it read with the added columns null. ``published_date`` comes from the Hive
    directory names. Files named with a leading ``.`` or ``_`` (temporaries) are skipped.
    """
    schema = schema or arrow_schema(table_name)
    current = version_of(schema)
    if current is None:
        raise ValueError("the target schema carries no dateline.schema_version")
    _check_migrations(schema, table_name, migrations)
    part = partition_field(table_name)
    dataset = ds.dataset(
        str(table_dir),
        schema=schema.append(part),
        format="parquet",
        partitioning=ds.partitioning(pa.schema([part]), flavor="hive"),
    )
    for path in dataset.files:
        check_file(path, current, migrations)
    return dataset.to_table()
