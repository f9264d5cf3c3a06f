"""One run at a time per output directory, with a lock that deleting a file cannot lose.

The lock is an exclusive ``flock`` on the output directory itself (its inode), checked after it is
taken against what the path names then: removing ``.dateline.lock`` (which only says who holds the
lock, for the message) frees nothing. If the whole directory is removed or replaced while a run
works, a new run may start on the new directory; the old run finds out with ``verify`` before it
publishes and stops with ``OutputReplaced`` instead of writing into the other run's tables.

Each run also locks its own staging folder (``RunLock``), so that recovery removes a staging area,
pending files or a journal only when the run that made them is provably dead: its lock is free.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".dateline.lock"
_ATTEMPTS = 5


class OutputLocked(RuntimeError):
    """Another run holds the output directory."""


class OutputReplaced(OutputLocked):
    """The output directory was removed or replaced while this run held its lock."""


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_dev, stat.st_ino


def _flock_directory(path: Path) -> int | None:
    """An fd of the directory ``path`` names, exclusively flocked; None if another process holds it."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


class OutputLock:
    """Context manager holding the output directory's lock; released on exit or process death."""

    def __init__(self, output_dir: Path, owner: str):
        self.dir = Path(output_dir)
        self.path = self.dir / LOCK_NAME
        self.owner = owner
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None

    def __enter__(self) -> "OutputLock":
        for _ in range(_ATTEMPTS):
            self.dir.mkdir(parents=True, exist_ok=True)
            fd = _flock_directory(self.dir)
            if fd is None:
                raise OutputLocked(
                    f"output directory {self.dir} is in use by another dateline run ({self._holder()}); "
                    "wait for it to finish or choose another --output")
            try:
                same = _identity(os.fstat(fd)) == _identity(os.stat(self.dir))
            except FileNotFoundError:
                same = False
            if same:  # else the path was replaced between open and flock: lock what it names now
                self._fd, self._identity = fd, _identity(os.fstat(fd))
                self.path.write_text(f"pid {os.getpid()}, {self.owner}", encoding="utf-8")
                return self
            os.close(fd)
        raise OutputLocked(f"output directory {self.dir} keeps being replaced; is another tool recreating it?")

    def _holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip()[:200] or "unknown"
        except OSError:
            return "unknown"

    def verify(self) -> None:
        """Raise ``OutputReplaced`` unless the output path still names the directory this lock holds."""
        try:
            same = _identity(os.stat(self.dir)) == self._identity
        except FileNotFoundError:
            same = False
        if not same:
            raise OutputReplaced(
                f"output directory {self.dir} was removed or replaced while this run was working; "
                "nothing was published; run again to process the input")

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class RunLock:
    """Context manager creating and flocking one run's staging folder for the run's lifetime."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._fd: int | None = None

    def __enter__(self) -> "RunLock":
        self.folder.mkdir(parents=True, exist_ok=True)
        self._fd = _flock_directory(self.folder)
        if self._fd is None:
            raise OutputLocked(f"staging folder {self.folder} is held by another process")
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def run_is_alive(folder: Path) -> bool:
    """Whether a live process holds the ``RunLock`` of this staging folder (False if it is gone)."""
    try:
        fd = _flock_directory(folder)
    except (FileNotFoundError, NotADirectoryError):
        return False
    if fd is None:
        return True
    os.close(fd)
    return False
