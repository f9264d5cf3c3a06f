"""Fault injection for the crash tests: pause a run at a named point so a test can kill it there.

Set ``DATELINE_FAULT_PAUSE=<point>`` (and optionally ``DATELINE_FAULT_MARKER=<file>``)
in a run's environment. When the run reaches ``checkpoint(<point>)`` it writes
its pid to the marker file and sleeps, so the test can ``SIGKILL`` it at exactly
that point. Without the variable, ``checkpoint`` does nothing.

Points: ``job_start`` (before the Beam job), ``validation_start``,
``commit_apply`` (partition files written, journal written, before the renames),
``duckdb_load`` (inside the open DuckDB transaction).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_ENV = "DATELINE_FAULT_PAUSE"
MARKER_ENV = "DATELINE_FAULT_MARKER"
PAUSE_SECONDS = 600.0


def checkpoint(name: str) -> None:
    """Pause here (after writing the marker file) if the environment names this point."""
    if os.environ.get(PAUSE_ENV) != name:
        return
    marker = os.environ.get(MARKER_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(PAUSE_SECONDS)
