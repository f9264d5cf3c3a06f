"""`dateline backfill`: process archives over a date range in one read, committed chunk by chunk, resumably.

One Beam job reads every input once and stages the articles published in the
range's pending days, each routed to its day's partition, batch by batch; then
each chunk of consecutive days is published by the crash-safe commit and
recorded in ``<output>/_backfill/completed.json`` (rewritten atomically), per
set of inputs. A rerun skips recorded days unless ``force``. Days with no
articles cost one ledger entry, no commit.

The staging area of a backfill (``<output>/_backfill/staging/<key>``) outlives
a kill: the job skips batches whose manifest is there, so a backfill killed
halfway redoes at most one batch of extraction and one chunk's commit (a chunk
committed but not yet recorded is redone, which the upsert commit makes
harmless). It is removed when the backfill completes.

Concurrency is inside the Beam job (``concurrency`` worker processes, or local
Dask workers); chunks commit one after another, as they share the output
directory and its lock. A backfill keeps a run's guarantees: the validation
report (Data Docs, failure threshold) covers every chunk, past the threshold
only its rejects are published; each chunk's rejects replace the earlier ones
of its days; an article whose date changed leaves its old partition; the
published keys are checked once, after the last chunk.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow.parquet as pq
from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, update_progress_artifact

from flows.loads import load_duckdb_task
from flows.progress import job_progress
from flows.run_flow import StagedRun, new_run_id, read_staged, run_beam_job, validate_or_keep_rejects
from pipelines import job
from pipelines.batch_size import DEFAULT_BATCH_SIZE
from pipelines.faults import checkpoint
from pipelines.ingest.readers import expand_inputs
from pipelines.storage.atomic import write_json_atomically
from pipelines.storage.commit import STAGING_DIR, RejectScope, commit_staged, recover
from pipelines.storage.keys import check_unique_keys
from pipelines.storage.lock import OutputLock, RunLock
from pipelines.storage.partitions import partition_name
from pipelines.storage.published import Published
from pipelines.validate import ValidationConfig
from schemas.tables import TABLES

LEDGER = Path("_backfill") / "completed.json"
STAGING = Path("_backfill") / "staging"
ARTIFACT_KEY = "dateline-backfill"


@dataclass(frozen=True)
class Chunk:
    """Consecutive days processed by one run, ``start`` to ``end`` inclusive."""

    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return days_between(self.start, self.end)

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"


def days_between(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end`` inclusive."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def plan_chunks(days: list[date], done: set[date], chunk_days: int) -> list[Chunk]:
    """The pending days of ``days`` (ascending) as runs of consecutive days, at most ``chunk_days`` long."""
    chunks: list[Chunk] = []
    run: list[date] = []
    for day in days:
        if day in done:
            if run:
                chunks.append(Chunk(run[0], run[-1]))
                run = []
            continue
        run.append(day)
        if len(run) == chunk_days:
            chunks.append(Chunk(run[0], run[-1]))
            run = []
    if run:
        chunks.append(Chunk(run[0], run[-1]))
    return chunks


class BackfillLedger:
    """Days completed for one set of inputs, kept in ``<output>/_backfill/completed.json``.

    The file maps an inputs key (a hash of the given input paths, made absolute) to the inputs
    and their completed days, so backfills of different archives into one output do not
    mark each other's days done.
    """

    def __init__(self, output: Path, inputs: list[str]):
        self.path = output / LEDGER
        self.inputs = sorted(str(Path(i).resolve()) for i in inputs)
        self.key = hashlib.sha256("\n".join(self.inputs).encode("utf-8")).hexdigest()[:16]

    def _load(self) -> dict:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def entries(self) -> dict[date, dict]:
        """Completed days and what was recorded for each."""
        days = self._load().get(self.key, {}).get("days", {})
        return {date.fromisoformat(day): entry for day, entry in days.items()}

    def record(self, entries: dict[date, dict]) -> None:
        """Mark days completed (replacing earlier entries of those days), atomically."""
        data = self._load()
        mine = data.setdefault(self.key, {"inputs": self.inputs, "days": {}})
        mine["days"].update({day.isoformat(): entry for day, entry in entries.items()})
        mine["days"] = dict(sorted(mine["days"].items()))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomically(self.path, data)


def day_rows(output: Path, day: date) -> dict[str, int]:
    """Rows per table in one day's published partitions (from the Parquet footers)."""
    counts = {}
    for table in TABLES:
        files = (output / table / partition_name(day.isoformat())).glob("part-*.parquet")
        counts[table] = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    return counts


def chunk_entries(output: Path, chunk: Chunk, run_id: str) -> dict[date, dict]:
    """The ledger entries of a committed chunk: its published rows per day."""
    completed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return {day: {"run_id": run_id, "completed_at": completed_at, "rows": day_rows(output, day)}
            for day in chunk.days}


def render_report(days: list[date], entries: dict[date, dict], redone: set[date], docs: Path | None = None) -> str:
    """Markdown table of the rows per day, and whether this backfill or an earlier one did the day."""
    header = ["day", "status", *TABLES]
    lines = ["# dateline backfill", "",
             f"{days[0]} to {days[-1]}: {len(entries)} of {len(days)} days done, {len(redone)} in this run.",
             *([f"Validation of every chunk of this run (Data Docs): {docs}"] if docs else []), "",
             "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for day in days:
        entry = entries.get(day)
        if entry is None:
            lines.append(f"| {day} | pending |" + " |" * len(TABLES))
            continue
        status = "done now" if day in redone else "done earlier (skipped)"
        counts = " | ".join(str(entry["rows"].get(t, 0)) for t in TABLES)
        lines.append(f"| {day} | {status} | {counts} |")
    return "\n".join(lines)


@flow(name="dateline-backfill", log_prints=True)
def dateline_backfill(
    inputs: list[str],
    output: str,
    start: date,
    end: date,
    concurrency: int = 1,
    force: bool = False,
    chunk_days: int = 1,
    duckdb: str | None = None,
    runner: str = "fnapi",
    dask_address: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    failure_threshold: float = 0.05,
) -> dict[date, dict]:
    """Ingest the articles of ``inputs`` published from ``start`` to ``end``; returns the ledger entries."""
    if end < start:
        raise ValueError(f"backfill end {end} is before its start {start}")
    if concurrency < 1 or chunk_days < 1:
        raise ValueError("concurrency and chunk_days must be at least 1")
    out = Path(output)
    ledger = BackfillLedger(out, inputs)
    days = days_between(start, end)
    entries = {} if force else {d: e for d, e in ledger.entries().items() if start <= d <= end}
    chunks = plan_chunks(days, set(entries), chunk_days)
    print(f"backfill {start}..{end}: {len(entries)}/{len(days)} days already done, {len(chunks)} chunks to run")
    redone: set[date] = set()
    docs = None
    if chunks:
        backfill = Backfill(out, ledger, entries, days, expand_inputs(inputs))
        docs = backfill.run(chunks, force=force, runner=runner, workers=concurrency, dask_address=dask_address,
                            batch_size=batch_size, failure_threshold=failure_threshold)
        redone = backfill.redone
        load_duckdb_task(out, Path(duckdb) if duckdb else out / "warehouse.duckdb")
    create_markdown_artifact(render_report(days, entries, redone, docs), key=ARTIFACT_KEY,
                             description=f"dateline backfill {days[0]}..{days[-1]}: rows per day")
    return entries


class Backfill:
    """One backfill run: one Beam job over the pending days, then a commit and a ledger entry per chunk."""

    def __init__(self, out: Path, ledger: BackfillLedger, entries: dict[date, dict], days: list[date],
                 files: list[str]):
        self.out, self.ledger, self.entries, self.days, self.files = out, ledger, entries, days, tuple(files)
        self.started = datetime.now(timezone.utc).replace(microsecond=0)
        self.run_id = new_run_id(self.started)
        self.staging = out / STAGING / f"{ledger.key}-{days[0]}-{days[-1]}"
        self.redone: set[date] = set()

    def scope(self, first: date, last: date) -> RejectScope:
        return RejectScope(files=self.files, days=(first, last))

    def run(self, chunks: list[Chunk], *, force: bool, runner: str, workers: int, dask_address: str | None,
            batch_size: int, failure_threshold: float) -> Path | None:
        """Stage, validate and commit every chunk; the Data Docs index of the run."""
        with OutputLock(self.out, self.run_id) as lock, RunLock(self.out / STAGING_DIR / self.run_id):
            for note in recover(self.out):
                print(note)
            if force:
                shutil.rmtree(self.staging, ignore_errors=True)
            config = job.JobConfig(
                inputs=list(self.files), staging_dir=self.staging, run_id=self.run_id, started_at=self.started,
                runner=runner, workers=workers, dask_address=dask_address, batch_size=batch_size,
                published_range=(self.days[0], self.days[-1]), skip_days=frozenset(self.entries), resume=True,
                validation=ValidationConfig(failure_threshold=failure_threshold))
            with job_progress(self.staging, "backfill", f"{ARTIFACT_KEY}-job-progress"):
                counts = run_beam_job(config)
            staged = read_staged(self.staging)
            docs = validate_or_keep_rejects(staged, counts, self.out, self.staging, self.run_id, self.started,
                                            failure_threshold, self.scope(self.days[0], self.days[-1]), lock)
            print(f"backfill: read {counts.get('records_read', 0)} records once, "
                  f"{counts.get('rows.articles', 0)} articles in pending days; "
                  f"batches staged before an interruption: {counts.get('batches_resumed', 0)}")
            lock.verify()
            self._commit(chunks, staged)
            check_unique_keys(self.out)
        shutil.rmtree(self.out / STAGING_DIR / self.run_id, ignore_errors=True)
        shutil.rmtree(self.staging, ignore_errors=True)
        print(f"backfill: {len(self.entries)}/{len(self.days)} days done, {len(self.redone)} in this run "
              f"({self.run_id})")
        return docs

    def _commit(self, chunks: list[Chunk], staged: StagedRun) -> None:
        """Commit and record chunk by chunk (empty days with the next busy chunk), then the undated rejects."""
        progress = create_progress_artifact(progress=100.0 * len(self.entries) / len(self.days),
                                            key=f"{ARTIFACT_KEY}-progress",
                                            description=f"days done of {self.days[0]}..{self.days[-1]}")
        published = Published.read(self.out)  # valid for every chunk: each article is in one chunk
        by_day: dict[date | None, dict[str, date | None]] = defaultdict(dict)
        for article_id, day in staged.processed.items():
            by_day[day][article_id] = day
        unrecorded: dict[date, dict] = {}
        for number, chunk in enumerate(chunks):
            processed = {aid: d for day in chunk.days for aid, d in by_day.get(day, {}).items()}
            commit_staged(self.out, self.staging, processed, self.run_id, self.scope(chunk.start, chunk.end),
                          days={day.isoformat() for day in chunk.days}, published=published)
            unrecorded.update(chunk_entries(self.out, chunk, self.run_id))
            if processed or number == len(chunks) - 1:
                self.ledger.record(unrecorded)
                self.entries.update(unrecorded)
                self.redone.update(unrecorded)
                unrecorded = {}
                update_progress_artifact(progress, progress=100.0 * len(self.entries) / len(self.days))
                checkpoint("backfill_chunk")
        commit_staged(self.out, self.staging, by_day.get(None, {}), self.run_id,
                      self.scope(self.days[0], self.days[-1]), days={None}, published=published)
