"""Clean stops on SIGINT and SIGTERM: one line and exit status 130 or 143, nothing left running.

The first signal raises ``Stopped`` in the main thread, wherever the command
is (reading, in the Beam job, between watch polls). It is a ``BaseException``
so that no ``except Exception`` of ours or of a library mistakes it for a
failing record. The current batch is abandoned as a crash would abandon it,
which the next run heals: the commit is crash-safe, the run's or watch's
ledger is written only after a commit, and the next run's recovery clears the
staging area; the output lock goes with the process. Logging is switched off
at once, so Beam's and Prefect's reports of the interrupted work do not bury
the one line, and the command then exits without the interpreter's slow
teardown. If the process has not ended ``GRACE_SECONDS`` after the signal (a
library retrying a call to a server that is gone), it exits anyway; a second
signal exits at once. What is left of the command's processes is ended by
``flows.watchdog`` once this process is gone.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from types import FrameType
from typing import NoReturn

GRACE_SECONDS = 15.0
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(BaseException):
    """The command was asked to stop by a signal."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal number (130 for SIGINT, 143 for SIGTERM)."""
        return 128 + self.signum


_stderr_fd: int | None = None  # the real stderr, once the stop has begun
_signals = 0  # signals taken by ``_on_signal``
_stopped_by: int | None = None  # the signal that began the stop


def stop_line(signum: int) -> str:
    """The one line a stopped command ends with."""
    return (f"dateline: stopped by {signal.Signals(signum).name}; nothing half-done was published, "
            "a rerun completes the interrupted work")


def exit_if_stopped() -> None:
    """A stop that the interrupted code turned into an error or a failed state (a library wrapping
    ``Stopped`` in an exception of its own) still ends as a stop: its line and 128 + the signal."""
    if _stopped_by is not None:
        exit_now(128 + _stopped_by, stop_line(_stopped_by))


def exit_now(code: int, line: str) -> NoReturn:
    """Print ``line`` on the command's real stderr and exit at once.

    The stopped command's state is on disk already (files are renamed into place, the lock
    goes with the process); the interpreter's own teardown of Beam, spaCy and Great
    Expectations would take seconds more, and the watchdog ends the temporary server."""
    sys.stdout.flush()
    os.write(_stderr_fd if _stderr_fd is not None else 2, f"{line}\n".encode())
    os._exit(code)


def _silence() -> None:
    """No more log records or tracebacks from the work being abandoned."""
    global _stderr_fd
    logging.disable(logging.CRITICAL)
    sys.stderr.flush()
    _stderr_fd = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _exit_after_grace(code: int) -> None:
    timer = threading.Timer(GRACE_SECONDS, os._exit, args=(code,))
    timer.daemon = True
    timer.start()


def _begin(signum: int) -> None:
    global _stopped_by
    _stopped_by = signum
    if _stderr_fd is None:
        _silence()
        _exit_after_grace(128 + signum)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _signals
    _signals += 1
    if _signals > 1:  # the second signal: no more waiting
        os._exit(128 + signum)
    _begin(signum)
    raise Stopped(signum)


def silence_prefect_sigterm_bridge() -> None:
    """While a flow runs, Prefect swaps in its own SIGTERM handler: it records the flow run as
    crashed (logging an error), then sends the signal again to the handler it replaced, ours.
    Its handler is looked up by module name, so wrapping it lets the stop begin (and logging
    end) at the first signal. Without the private name, Prefect merely logs one more line."""
    from prefect.utilities import engine

    prefect_handler = getattr(engine, "_prefect_sigterm_handler", None)
    if prefect_handler is None or getattr(prefect_handler, "dateline_wrapped", False):
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        _begin(signum)
        prefect_handler(signum, frame)

    handler.dateline_wrapped = True
    engine._prefect_sigterm_handler = handler


def install() -> None:
    """Turn SIGINT and SIGTERM into ``Stopped`` in the main thread."""
    for signum in SIGNALS:
        signal.signal(signum, _on_signal)
