"""Fault injection for the crash tests: stop a run at a named point, to kill it there or fail it there.

With ``DATELINE_FAULT_PAUSE=<point>`` a run that reaches ``checkpoint(<point>)``
writes its pid to the file named by ``DATELINE_FAULT_MARKER`` and waits until that
file is removed (at most ``PAUSE_SECONDS``): the test can ``SIGKILL`` it there, or
delete the marker to let it go on. With ``DATELINE_FAULT_RAISE=<point>`` the
checkpoint raises ``OSError(ENOSPC)`` instead, as a full disk would. Without
either variable, ``checkpoint`` does nothing.

Points: ``job_start`` (before the Beam job), ``validation_start`` (the job has
validated and staged every batch; before the run's report and threshold),
``commit_write`` (after each partition file a commit writes), ``commit_apply``
(files and journal written, before the renames), ``duckdb_load`` (inside the
open DuckDB transaction, before it commits), ``backfill_chunk`` (after a
backfill recorded a chunk in its ledger).
"""
from __future__ import annotations

import errno
import os
import time
from pathlib import Path

PAUSE_ENV = "DATELINE_FAULT_PAUSE"
RAISE_ENV = "DATELINE_FAULT_RAISE"
MARKER_ENV = "DATELINE_FAULT_MARKER"
PAUSE_SECONDS = 600.0


def checkpoint(name: str) -> None:
    """Pause or fail here if the environment names this point; otherwise nothing."""
    if os.environ.get(RAISE_ENV) == name:
        raise OSError(errno.ENOSPC, f"No space left on device (injected fault at {name})")
    if os.environ.get(PAUSE_ENV) != name:
        return
    marker = Path(os.environ.get(MARKER_ENV) or f"dateline-fault-{os.getpid()}")
    marker.write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + PAUSE_SECONDS
    while marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
