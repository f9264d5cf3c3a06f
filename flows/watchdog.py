"""Parent-death watchdog: once a dateline command is gone, end every process it started.

A command that is killed outright (``kill -9``, the OOM killer) runs no
clean-up, so its children would live on with parent PID 1: Prefect's
temporary API server (a uvicorn process), Beam's SDK worker processes, a local
Dask cluster. The command therefore marks its environment with a session token
(``DATELINE_SESSION``), which every process it starts inherits, and starts
this watchdog: a small process that polls ``getppid()`` and, when the command
has gone (however it ended), sends SIGTERM to every process still carrying the
token, then SIGKILL to those alive ``KILL_AFTER`` seconds later. It ignores
SIGINT and SIGTERM itself, so a Ctrl-C delivered to the whole process group
does not remove the one process meant to tidy up after it. Linux only
(``/proc``); elsewhere the watchdog is not started.

    python -m flows.watchdog PARENT_PID TOKEN
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

SESSION_ENV = "DATELINE_SESSION"
POLL_SECONDS = 0.25
KILL_AFTER = 3.0


def start() -> None:
    """Mark this process's environment with a fresh session token and start its watchdog."""
    if not Path("/proc/self/environ").exists() or SESSION_ENV in os.environ:
        return  # not Linux, or already watched (a flow run started by `dateline serve`)
    token = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    os.environ[SESSION_ENV] = token
    subprocess.Popen([sys.executable, "-m", "flows.watchdog", str(os.getpid()), token],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     close_fds=True)


def marked_processes(token: str) -> list[int]:
    """PIDs of the processes (other than this one) whose environment holds the session token."""
    needle = f"{SESSION_ENV}={token}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or another user's
            continue
        if needle in environ.split(b"\0"):
            pids.append(int(entry.name))
    return pids


def end_session(token: str) -> None:
    """SIGTERM every marked process, then SIGKILL the ones still there after ``KILL_AFTER`` s."""
    for signum in (signal.SIGTERM, signal.SIGKILL):
        pids = marked_processes(token)
        for pid in pids:
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + KILL_AFTER
        while pids and time.monotonic() < deadline:
            time.sleep(0.1)
            pids = marked_processes(token)
        if not pids:
            return


def watch(parent: int, token: str) -> None:
    """Wait until ``parent`` is no longer this process's parent, then end its session."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    end_session(token)


if __name__ == "__main__":
    watch(int(sys.argv[1]), sys.argv[2])
