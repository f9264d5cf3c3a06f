"""Prefect tasks loading the output tables into the warehouses, for any flow to use.

Both loads are incremental and idempotent, so a retry after a transient
failure (a DuckDB file held by another process, an Iceberg commit conflict
with a concurrent writer) is always safe; retries back off exponentially.
"""
from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NONE
from prefect.tasks import exponential_backoff

from pipelines.warehouse.duckdb_load import LoadResult, WarehouseMismatch, load_duckdb
from pipelines.warehouse.iceberg_load import load_iceberg

RETRIES = 3
RETRY_DELAYS = exponential_backoff(backoff_factor=2)  # 2 s, 4 s, 8 s
RETRY_JITTER = 0.5


def _transient(task, task_run, state) -> bool:
    """Retry unless the warehouse belongs to another output: waiting does not change that."""
    return not isinstance(state.result(raise_on_failure=False), WarehouseMismatch)


@task(name="load-duckdb", cache_policy=NONE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS,
      retry_jitter_factor=RETRY_JITTER, retry_condition_fn=_transient)
def load_duckdb_task(output: Path, duckdb_path: Path) -> LoadResult:
    """Bring the DuckDB file up to date with the output tables."""
    return load_duckdb(output, duckdb_path)


@task(name="load-iceberg", cache_policy=NONE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS,
      retry_jitter_factor=RETRY_JITTER)
def load_iceberg_task(output: Path, catalog_uri: str, namespace: str = "dateline") -> dict[str, int]:
    """Bring the Iceberg tables of ``namespace`` up to date with the output tables; rows per table."""
    return load_iceberg(output, catalog_uri, namespace)
