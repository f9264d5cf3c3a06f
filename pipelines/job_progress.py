"""How far a running Beam job is, told by its workers to the flow through small files.

Each worker process keeps a running count per stage and rewrites
``<staging>/_progress/<stage>-<host>-<pid>.json`` at most once a second and when a bundle ends:
``read`` (records read), ``queued`` (records going into batches: articles to extract and reject rows,
after the date-range filter and duplicate removal) and ``processed`` (those a batch is through with).
``processed`` over ``queued`` is how far the job is. Files, not Beam metrics: FnApiRunner reports
metrics only when the job is over and the DaskRunner has none; the staging folder is what every
runner's workers share here.
"""
from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import apache_beam as beam

from pipelines.storage.atomic import write_json_atomically

PROGRESS_DIR = "_progress"
WRITE_EVERY = 1.0  # seconds between rewrites of one worker's file


class _Tally:
    def __init__(self, path: Path):
        self.path, self.count, self.written_at = path, 0, 0.0

    def add(self, n: int) -> None:
        self.count += n
        if time.monotonic() - self.written_at >= WRITE_EVERY:
            self.flush()

    def flush(self) -> None:
        try:
            write_json_atomically(self.path, self.count, durable=False)
        except OSError:  # progress must never fail the job (a full disk is the batches' error to report)
            pass
        self.written_at = time.monotonic()


_tallies: dict[tuple[str, str], _Tally] = {}


def _tally(staging_dir: str | Path, stage: str) -> _Tally:
    key = (str(staging_dir), stage)
    if key not in _tallies:
        name = f"{stage}-{socket.gethostname()}-{os.getpid()}.json"
        _tallies[key] = _Tally(Path(staging_dir) / PROGRESS_DIR / name)
    return _tallies[key]


def note(staging_dir: str | Path, stage: str, n: int = 1) -> None:
    """Count ``n`` more items of ``stage`` in this worker (written out at most once a second)."""
    _tally(staging_dir, stage).add(n)


def flush(staging_dir: str | Path, stage: str) -> None:
    """Write this worker's count of ``stage`` now (at the end of a bundle)."""
    _tally(staging_dir, stage).flush()


class NoteProgress(beam.DoFn):
    """Passes every element on, counting it as an item of ``stage``."""

    def __init__(self, staging_dir: str, stage: str):
        self.staging_dir, self.stage = staging_dir, stage

    def process(self, element):
        note(self.staging_dir, self.stage)
        yield element

    def finish_bundle(self) -> None:
        flush(self.staging_dir, self.stage)


def read_stage(staging_dir: Path, stage: str) -> int:
    """The count of ``stage`` over every worker's file (a file being replaced is read next time)."""
    total = 0
    for path in (Path(staging_dir) / PROGRESS_DIR).glob(f"{stage}-*.json"):
        try:
            total += int(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return total
