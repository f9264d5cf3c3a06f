"""`dateline watch`: process files as they arrive in a folder, in micro-batches of bounded Beam jobs.

Each poll lists the readable files of the folder. A file is taken once its
size and modification time are the same in two consecutive polls (a file
still being written is left alone), and is skipped if the ledger
``<output>/_watch/committed.json`` already holds that version of it. The
ready files run as one ``dateline-run`` subflow (the same transforms as a
streaming pipeline would use, see ``infra/streaming.md``); after its commit
the files are recorded in the ledger. A process killed between the commit and
the ledger write redoes that batch on restart, which the upsert commit makes
harmless: every file's rows are committed exactly once.

A changed file (new size or mtime) is processed again; the upsert replaces
its earlier rows. When a batch fails for any reason other than a busy output,
its files are retried one by one, and a file failing alone is recorded as
failed and skipped until it changes.
"""
from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow

from flows.run_flow import dateline_run
from pipelines.ingest.readers import expand_inputs
from pipelines.storage.commit import write_json_atomically
from pipelines.storage.lock import OutputLocked

LEDGER = Path("_watch") / "committed.json"


@dataclass(frozen=True)
class FileVersion:
    """What identifies a version of a file between polls."""

    size: int
    mtime_ns: int

    @property
    def arrived(self) -> float:
        """Arrival time (the last modification), in seconds since the epoch."""
        return self.mtime_ns / 1e9


def scan(input_dir: str) -> dict[str, FileVersion]:
    """The readable input files under ``input_dir`` (hidden files skipped), as absolute paths, and their versions."""
    versions = {}
    for path in expand_inputs([Path(input_dir).resolve()]):
        try:
            stat = Path(path).stat()
        except FileNotFoundError:  # removed between listing and stat
            continue
        versions[path] = FileVersion(stat.st_size, stat.st_mtime_ns)
    return versions


class StableFiles:
    """Callable over successive scans: the files whose version did not change since the previous scan."""

    def __init__(self) -> None:
        self.previous: dict[str, FileVersion] = {}

    def __call__(self, current: dict[str, FileVersion]) -> list[str]:
        stable = sorted(path for path, version in current.items() if self.previous.get(path) == version)
        self.previous = dict(current)
        return stable


class WatchLedger:
    """File versions committed (or failed alone) by ``dateline watch``, in ``<output>/_watch/committed.json``."""

    def __init__(self, output: Path):
        self.path = output / LEDGER

    def entries(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def pending(self, versions: dict[str, FileVersion]) -> dict[str, FileVersion]:
        """The versions not in the ledger yet."""
        entries = self.entries()
        return {path: version for path, version in versions.items()
                if path not in entries or FileVersion(entries[path]["size"], entries[path]["mtime_ns"]) != version}

    def record(self, versions: dict[str, FileVersion], **details: object) -> None:
        """Record these file versions with ``details`` (run id, or error), atomically."""
        entries = self.entries()
        at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        entries.update({path: {**asdict(version), "recorded_at": at, **details} for path, version in versions.items()})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomically(self.path, entries)


def lag_line(versions: dict[str, FileVersion], committed_at: float) -> str:
    """How long the batch's files waited from arrival to committed rows."""
    lags = [committed_at - version.arrived for version in versions.values()]
    return (f"lag from arrival to committed rows: median {statistics.median(lags):.1f}s, "
            f"max {max(lags):.1f}s over {len(lags)} files")


class MicroBatcher:
    """Commits ready files through ``dateline_run`` and records them in the ledger."""

    def __init__(self, output: str, duckdb: str | None, allow_summaries: bool = False):
        self.output, self.duckdb, self.allow_summaries = output, duckdb, allow_summaries
        self.ledger = WatchLedger(Path(output))

    def __call__(self, batch: dict[str, FileVersion]) -> None:
        try:
            self._commit(batch)
        except OutputLocked as err:
            print(f"watch: {err}; retrying at the next poll")
        except Exception as err:  # isolate the file(s) that make the batch fail
            if len(batch) == 1:
                print(f"watch: {next(iter(batch))} failed: {type(err).__name__}: {err}; "
                      "skipped until it changes")
                self.ledger.record(batch, error=f"{type(err).__name__}: {err}")
                return
            print(f"watch: batch of {len(batch)} files failed ({type(err).__name__}: {err}); retrying one by one")
            for path, version in batch.items():
                self({path: version})

    def _commit(self, batch: dict[str, FileVersion]) -> None:
        summary = dateline_run(inputs=sorted(batch), output=self.output, duckdb=self.duckdb,
                               allow_summaries=self.allow_summaries)
        committed_at = time.time()
        self.ledger.record(batch, run_id=summary.run_id)
        print(f"watch: committed {len(batch)} files ({summary.articles_written} articles) in run "
              f"{summary.run_id}; {lag_line(batch, committed_at)}")


@flow(name="dateline-watch", log_prints=True)
def watch(input_dir: str, output: str, interval: float = 30.0, once: bool = False,
          duckdb: str | None = None, allow_summaries: bool = False) -> None:
    """Poll ``input_dir`` every ``interval`` seconds and commit new, stable files into ``output``.

    With ``once``, poll twice ``interval`` apart, commit what is stable, and return.
    """
    batcher = MicroBatcher(output, duckdb, allow_summaries)
    stable = StableFiles()
    polls = 0
    print(f"watch: polling {input_dir} every {interval:g}s into {output}")
    while True:
        pending = batcher.ledger.pending(scan(input_dir))
        ready = stable(pending)
        if ready:
            batcher({path: pending[path] for path in ready})
        polls += 1
        if once and polls >= 2:
            return
        time.sleep(interval)
