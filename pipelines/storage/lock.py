"""One run at a time per output directory: an exclusive ``flock`` on ``<output>/.dateline.lock``."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".dateline.lock"


class OutputLocked(RuntimeError):
    """Another run holds the output directory."""


class OutputLock:
    """Context manager holding the output directory's lock; released on exit or process death."""

    def __init__(self, output_dir: Path, owner: str):
        self.path = Path(output_dir) / LOCK_NAME
        self.owner = owner
        self._fd: int | None = None

    def __enter__(self) -> "OutputLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise OutputLocked(
                f"output directory {self.path.parent} is in use by another dateline run ({holder}); "
                "wait for it to finish or choose another --output") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, {self.owner}".encode())
        self._fd = fd
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
