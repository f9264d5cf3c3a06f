"""`dateline backfill`: process archives over a date range, chunk by chunk, resumably.

Each chunk of consecutive days is one ``dateline-run`` subflow restricted to
articles published in those days (``published_range``), so each chunk's
partitions are published by the run's crash-safe commit. Completed days are
recorded in ``<output>/_backfill/completed.json`` (rewritten atomically), per
set of inputs; a rerun skips them unless ``force``. A backfill killed halfway
redoes at most the chunk it was in: a chunk committed but not yet recorded is
redone, which the upsert commit makes harmless.

Concurrency is inside each chunk's Beam job (``concurrency`` worker processes;
with the dask runner one local cluster serves every chunk), because chunks
share the output directory and its lock, and their commits share the
partition of undated rejects.
"""
from __future__ import annotations

import hashlib
import json
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow.parquet as pq
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NONE
from prefect.tasks import exponential_backoff

from flows.loads import load_duckdb_task
from flows.run_flow import dateline_run
from pipelines import job
from pipelines.storage.atomic import write_json_atomically
from pipelines.storage.partitions import partition_name
from schemas.tables import TABLES

LEDGER = Path("_backfill") / "completed.json"
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


@task(cache_policy=NONE, retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=2))
def record_chunk(ledger: BackfillLedger, output: Path, chunk: Chunk, run_id: str) -> dict[date, dict]:
    """Count the chunk's published rows per day and mark its days completed."""
    completed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    entries = {day: {"run_id": run_id, "completed_at": completed_at, "rows": day_rows(output, day)}
               for day in chunk.days}
    ledger.record(entries)
    return entries


def render_report(days: list[date], entries: dict[date, dict], redone: set[date]) -> str:
    """Markdown table of the rows per day, and whether this backfill or an earlier one did the day."""
    header = ["day", "status", *TABLES]
    lines = ["# dateline backfill", "",
             f"{days[0]} to {days[-1]}: {len(entries)} of {len(days)} days done, {len(redone)} in this run.", "",
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
    done = len(entries)
    print(f"backfill {start}..{end}: {done}/{len(days)} days already done, {len(chunks)} chunks to run")
    progress = create_progress_artifact(progress=100.0 * done / len(days), key=f"{ARTIFACT_KEY}-progress",
                                        description=f"days done of {start}..{end}")
    redone: set[date] = set()
    with ExitStack() as stack:
        # One local Dask cluster for all chunks, instead of one per chunk.
        address = stack.enter_context(job.local_dask_cluster(concurrency)) if runner == "dask" else None
        for chunk in chunks:
            summary = dateline_run(inputs=inputs, output=output, runner=runner, workers=concurrency,
                                   dask_address=address, load=False, published_range=(chunk.start, chunk.end))
            entries.update(record_chunk(ledger, out, chunk, summary.run_id))
            redone.update(chunk.days)
            done += len(chunk.days)
            update_progress_artifact(progress, progress=100.0 * done / len(days))
            print(f"backfill: {done}/{len(days)} days done (chunk {chunk}: "
                  f"{summary.articles_written} articles, run {summary.run_id})")
    if chunks:
        load_duckdb_task(out, Path(duckdb) if duckdb else out / "warehouse.duckdb")
    create_markdown_artifact(render_report(days, entries, redone), key=ARTIFACT_KEY,
                             description=f"dateline backfill {start}..{end}: rows per day")
    return entries
