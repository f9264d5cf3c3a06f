"""Prefect deployments of dateline, served by `dateline serve` against the server at PREFECT_API_URL.

- ``dateline-run/daily-ingest``: every day at ``DATELINE_DAILY_CRON`` (default 05:30 in
  ``DATELINE_TIMEZONE``, default UTC), ingest the enabled sources of ``DATELINE_SOURCES``
  (default ``infra/sources.toml``) into ``DATELINE_OUTPUT`` (default ``out``) and load DuckDB.
- ``dateline-watch/watch``: the watch loop over ``DATELINE_WATCH_INPUT`` (default ``inbox``),
  polling every ``DATELINE_WATCH_INTERVAL`` seconds (default 30). It runs until cancelled; start
  it once with ``prefect deployment run dateline-watch/watch``. Its concurrency limit of 1
  queues a second start instead of running two loops on one folder.

Relative paths resolve against the repository root, so the definitions mean the same from any
working directory. Flows are referenced by module path, so the runner imports the installed package.
"""
from __future__ import annotations

import os
from pathlib import Path

from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron

from flows.run_flow import dateline_run
from flows.watch import watch

REPO = Path(__file__).resolve().parent.parent


def _path(variable: str, default: str) -> str:
    return str(REPO / os.environ.get(variable, default))  # an absolute value replaces REPO


def deployments() -> list[RunnerDeployment]:
    """The daily ingest and the watch loop, configured from the environment."""
    output = _path("DATELINE_OUTPUT", "out")
    daily = dateline_run.to_deployment(
        name="daily-ingest",
        schedules=[Cron(os.environ.get("DATELINE_DAILY_CRON", "30 5 * * *"),
                        timezone=os.environ.get("DATELINE_TIMEZONE", "UTC"))],
        parameters={"inputs": [], "output": output,
                    "sources": _path("DATELINE_SOURCES", "infra/sources.toml")},
        concurrency_limit=1,
        description="Daily ingest of the configured sources into the Parquet tables and DuckDB.",
        tags=["dateline", "scheduled"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    watcher = watch.to_deployment(
        name="watch",
        parameters={"input_dir": _path("DATELINE_WATCH_INPUT", "inbox"), "output": output,
                    "interval": float(os.environ.get("DATELINE_WATCH_INTERVAL", "30"))},
        concurrency_limit=1,
        description="Long-running: commits files as they arrive in the watched folder.",
        tags=["dateline", "continuous"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    return [daily, watcher]
