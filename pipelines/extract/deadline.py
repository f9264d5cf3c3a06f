"""A per-article time limit that works in any thread, so one pathological article cannot hang a run.

``time_limit(seconds)`` interrupts the block it guards once the time is up and
raises ``ExtractionTimeout`` (an ordinary ``Exception``, so the pipeline's
per-article error handling turns it into a ``rejects`` row). The work stops: no
thread is left running in the background.

How the block is interrupted:

* in the main thread, with no other interval timer armed: ``SIGALRM`` from
  ``setitimer``. Its handler runs between bytecodes and also inside the regular
  expression engine (which polls for signals), so even a backtracking regex stops;
* otherwise (a Beam or Dask worker thread): a watchdog timer raises the exception
  in the guarded thread with ``PyThreadState_SetAsyncExc``. It is delivered at the
  next bytecode, so a single long C call (one regex search) finishes first.

Either fires at most once and leaves nothing armed behind, wherever it lands.
Guarded code must not swallow ``Exception`` wholesale (the extractors catch only
specific errors).
"""
from __future__ import annotations

import ctypes
import signal
import threading
import time
from contextlib import contextmanager
from typing import Callable, Generic, Iterator, ParamSpec, TypeVar

DEFAULT_ARTICLE_TIME_LIMIT = 60.0  # seconds of extraction per article

P = ParamSpec("P")
R = TypeVar("R")


class ExtractionTimeout(Exception):
    """The guarded work ran past its time limit."""

    def __init__(self, message: str = "time limit exceeded"):
        super().__init__(message)


def _raise_in_thread(thread_id: int, exc: type[BaseException] | None) -> None:
    """Schedule ``exc`` in the thread (``None`` cancels a scheduled one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class _Alarm:
    """One-shot ``SIGALRM``; main thread only."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.previous = None

    @staticmethod
    def usable() -> bool:
        return (threading.current_thread() is threading.main_thread()
                and hasattr(signal, "setitimer")
                and signal.getitimer(signal.ITIMER_REAL)[0] == 0)

    def arm(self) -> None:
        self.previous = signal.signal(signal.SIGALRM, self._expire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def disarm(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)

    def _expire(self, signum, frame) -> None:
        signal.signal(signal.SIGALRM, self.previous)  # restored even if the exception lands outside the guard
        raise ExtractionTimeout()


class _Watchdog:
    """One-shot timer thread that raises the interrupt in the guarded thread."""

    def __init__(self, seconds: float):
        self.target = threading.get_ident()
        self.lock = threading.Lock()
        self.armed = self.fired = False
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def arm(self) -> None:
        self.armed = True
        self.timer.start()

    def disarm(self) -> None:
        self.timer.cancel()
        with self.lock:
            self.armed = False
        if self.fired:
            _raise_in_thread(self.target, None)  # drop the interrupt if it has not been delivered yet

    def _expire(self) -> None:
        with self.lock:
            if self.armed:
                self.fired = True
                _raise_in_thread(self.target, ExtractionTimeout)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run the block with a time limit; ``ExtractionTimeout`` if it is exceeded. ``None`` or 0: no limit."""
    if not seconds or seconds <= 0:
        yield
        return
    started = time.monotonic()
    guard = _Alarm(seconds) if _Alarm.usable() else _Watchdog(seconds)
    try:
        guard.arm()
        yield
    except ExtractionTimeout:
        raise ExtractionTimeout(
            f"time limit exceeded: gave up after {time.monotonic() - started:.1f} s "
            f"(limit {seconds:g} s per article)") from None
    finally:
        guard.disarm()


class TimeLimited(Generic[P, R]):
    """Wraps a callable (e.g. an ``ArticleExtractor``) so that every call runs under ``time_limit``."""

    def __init__(self, func: Callable[P, R], seconds: float | None):
        self.func, self.seconds = func, seconds

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        with time_limit(self.seconds):
            return self.func(*args, **kwargs)
