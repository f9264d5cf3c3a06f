"""The one way files are written in place: under a hidden temporary name, fsynced, then renamed.

Readers (pyarrow, DuckDB) skip names starting with a dot, and ``os.replace`` is
atomic, so a reader sees the old file or the new one, never half of one.
"""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Callable


def fsync_file(path: Path) -> None:
    """Flush a written file's data to disk."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def write_atomically(path: Path, write: Callable[[Path], None], durable: bool = True) -> None:
    """Call ``write(tmp)`` on a hidden temporary path beside ``path``, fsync it unless ``durable`` is
    False (files a crash discards anyway, such as a run's staging area), and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        write(tmp)
        if durable:
            fsync_file(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json_atomically(path: Path, payload: object, durable: bool = True) -> None:
    """Write ``payload`` as JSON, atomically."""
    write_atomically(path, lambda tmp: tmp.write_text(json.dumps(payload), encoding="utf-8"), durable)
