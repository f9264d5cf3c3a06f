"""After a commit: every table's primary key is unique across all its published partitions.

Validation checks the run's own rows; this checks what readers see, so a row left behind in another
partition (an article whose date changed, a reject re-found on another day) cannot go unnoticed. It
is a Great Expectations suite (``expect_column_values_to_be_unique`` on each table's key column,
read alone from every partition file), run on the published output.
"""
from __future__ import annotations

from pathlib import Path

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
import pyarrow as pa
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from pipelines.storage.partitions import published_columns
from schemas.tables import TABLES


class KeysNotUnique(RuntimeError):
    """A published table holds one key in more than one row."""


def published_keys(output_dir: Path, table: str) -> pa.Array:
    """The key column of every published row of ``table``."""
    key = TABLES[table].primary_key
    return published_columns(output_dir, table, [key]).column(key).combine_chunks()


def duplicate_keys(output_dir: Path) -> dict[str, int]:
    """Rows whose key another row of the same table also has, per table (only tables with some)."""
    context = gx.get_context(mode="ephemeral", project_config=DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False, progress_bars=ProgressBarsConfig(globally=False)))
    source = context.data_sources.add_pandas("published")
    found: dict[str, int] = {}
    for name, table in TABLES.items():
        frame = pd.DataFrame({table.primary_key: published_keys(output_dir, name).to_pandas()})
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all").get_batch(
            batch_parameters={"dataframe": frame})
        result = batch.validate(gxe.ExpectColumnValuesToBeUnique(column=table.primary_key))
        if not result.success:
            found[name] = int(result.result.get("unexpected_count") or 0)
    return found


def check_unique_keys(output_dir: Path) -> None:
    """Raise ``KeysNotUnique`` naming the tables whose keys repeat across partitions."""
    found = duplicate_keys(output_dir)
    if found:
        listed = ", ".join(f"{name} ({rows} rows)" for name, rows in sorted(found.items()))
        raise KeysNotUnique(f"published keys are not unique across partitions in {listed}: {output_dir}")
