"""`dateline run`: the Prefect flow that runs the Beam job (extraction and validation, batch by
batch), reports the validation, publishes and loads DuckDB.

The flow only orchestrates; every step is a function of ``pipelines``, and none
holds the run's tables: the job stages them batch by batch, the commit streams
them partition by partition. Retries are on the I/O steps (publishing files,
loading the warehouse), not on steps where a retry cannot help (the Beam job
over bad data, validation).
"""
from __future__ import annotations

import shutil
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows.loads import load_duckdb_task
from flows.progress import job_progress
from pipelines import job
from pipelines.batch_size import DEFAULT_BATCH_SIZE
from pipelines.extract.deadline import DEFAULT_ARTICLE_TIME_LIMIT
from pipelines.faults import checkpoint
from pipelines.ingest.readers import scan
from pipelines.ingest.records import DEFAULT_MAX_BYTES
from pipelines.ingest.sources import load_sources
from pipelines.storage.commit import STAGING_DIR, CommitResult, RejectScope, commit_staged, recover
from pipelines.storage.errors import os_error_in
from pipelines.storage.keys import check_unique_keys
from pipelines.storage.lock import OutputLock, RunLock
from pipelines.transforms import read_manifests
from pipelines.validate import RunValidation, ValidationConfig, ValidationThresholdExceeded
from pipelines.warehouse.duckdb_load import WarehouseError
from schemas.tables import TABLES

VALIDATION_DIR = "_validation"


@dataclass
class RunSummary:
    """What a run did, for the console and for callers."""

    run_id: str
    records_read: int = 0
    articles_written: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    top_reasons: list[tuple[str, int]] = field(default_factory=list)  # most frequent reject reasons
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    docs_index: str | None = None
    duckdb_path: str | None = None
    out_of_range: int = 0
    not_extracted: int = 0
    recovered: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # files found in input folders, not read

    def count(self, counts: dict[str, int]) -> None:
        """Take the figures from the job's counters."""
        self.records_read = counts.get("records_read", 0) - counts.get("articles_out_of_range", 0)
        self.articles_written = counts.get("rows.articles", 0)
        self.rejected = {name.split(".", 1)[1]: n for name, n in sorted(counts.items())
                         if name.startswith("rejected.")}
        self.rows = {name: counts.get(f"rows.{name}", 0) for name in TABLES}
        self.out_of_range = counts.get("articles_out_of_range", 0)
        self.not_extracted = counts.get("articles_not_extracted", 0)

    @property
    def articles_per_second(self) -> float:
        return self.articles_written / self.seconds if self.seconds else 0.0

    def render(self) -> str:
        rejected = sum(self.rejected.values())
        by_stage = ", ".join(f"{k} {v}" for k, v in sorted(self.rejected.items())) or "none"
        lines = [
            f"run {self.run_id}",
            f"  records read      {self.records_read}",
            f"  articles written  {self.articles_written}",
            f"  rejected          {rejected} ({by_stage})",
            *(f"    {count:>6} x {reason}" for reason, count in self.top_reasons),
            *([f"  out of date range {self.out_of_range} (not this run's days; not rejected)"]
              if self.out_of_range else []),
            *([f"  not English       {self.not_extracted} (kept in articles; extractors skipped)"]
              if self.not_extracted else []),
            *(f"  rows {name:<22} {count}" for name, count in self.rows.items()),
            *([f"  files not read    {len(self.skipped)}"]
              + [f"    {path}: {why}" for path, why in self.skipped] if self.skipped else []),
            f"  seconds           {self.seconds:.1f}",
            f"  articles/s        {self.articles_per_second:.1f}",
        ]
        if self.docs_index:
            lines.append(f"  data docs         {self.docs_index}")
        if self.duckdb_path:
            lines.append(f"  duckdb            {self.duckdb_path}")
        return "\n".join(lines)


def top_reasons(reasons: list[str], limit: int = 5, width: int = 100) -> list[tuple[str, int]]:
    """The ``limit`` most frequent reject reasons with their counts, each cut to ``width`` characters."""
    counts = Counter(reason if len(reason) <= width else reason[:width - 1] + "…" for reason in reasons)
    return counts.most_common(limit)


def new_run_id(now: datetime) -> str:
    return f"run-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


@task(cache_policy=NONE)
def run_beam_job(config: job.JobConfig) -> dict[str, int]:
    """Run the Beam job into the staging area: extraction, validation and staging, batch by batch; its
    counters. A staging area the job cannot write (disk full, read-only) is one ``OSError`` naming it."""
    try:
        return job.run(config)
    except Exception as err:
        cause = os_error_in(err)
        if cause is None:
            raise
        raise OSError(cause.errno, f"the Beam job could not write its staging area {config.staging_dir}: "
                                   f"{cause.strerror}; nothing was published") from err


@dataclass
class StagedRun:
    """What the flow keeps of a staged run: the articles it processed and its validation, summed."""

    processed: dict[str, date | None]
    validation: RunValidation
    reasons: Counter = field(default_factory=Counter)  # reject reasons, the most frequent of each batch


def read_staged(staging: Path) -> StagedRun:
    """Fold the batches' manifests: processed article ids and their days, validation figures."""
    staged = StagedRun({}, RunValidation())
    for manifest in read_manifests(staging):
        staged.processed.update((aid, date.fromisoformat(day) if day else None) for aid, day in manifest["processed"])
        staged.validation.add(manifest["summary"], manifest["results"])
        staged.reasons.update(manifest["reasons"])
    return staged


@task(cache_policy=NONE)
def report_validation(validation: RunValidation, run_id: str, started: datetime, docs_dir: Path,
                      threshold: float) -> Path | None:
    """Data Docs of the whole run; raises ``ValidationThresholdExceeded`` past the failure threshold."""
    docs = validation.build_docs(docs_dir, run_id, started)
    validation.check_threshold(threshold, docs)
    return docs


@task(cache_policy=NONE, retries=2, retry_delay_seconds=[2, 10])
def publish(output: Path, staging: Path, processed: dict[str, date | None], run_id: str, scope: RejectScope,
            tables: tuple[str, ...] = tuple(TABLES)) -> CommitResult:
    """Upsert the validated, staged rows into the output tables, atomically per file."""
    return commit_staged(output, staging, processed, run_id, scope, tables=tables)


def validate_or_keep_rejects(staged: StagedRun, counts: dict[str, int], out: Path, staging: Path, run_id: str,
                             started: datetime, threshold: float, scope: RejectScope, lock: OutputLock) -> Path | None:
    """The run's Data Docs; past the failure threshold, publish the run's rejects (the evidence),
    nothing else, and raise ``ValidationThresholdExceeded`` saying so."""
    try:
        return report_validation(staged.validation, run_id, started, out / VALIDATION_DIR, threshold)
    except ValidationThresholdExceeded as failed:
        lock.verify()
        publish(out, staging, {}, run_id, scope, tables=("rejects",))
        failed.args = (f"{failed}; nothing was published but the run's {counts.get('rows.rejects', 0)} rejects "
                       "(rejects table)",)
        raise


@flow(name="dateline-run", log_prints=True)
def dateline_run(
    inputs: list[str],
    output: str,
    duckdb: str | None = None,
    runner: str = "fnapi",
    workers: int = 1,
    dask_address: str | None = None,
    max_bytes: int | None = None,
    article_time_limit: float | None = DEFAULT_ARTICLE_TIME_LIMIT,
    failure_threshold: float = 0.05,
    load: bool = True,
    published_range: tuple[date, date] | None = None,
    sources: str | None = None,
    follow_symlinks: bool = False,
    allow_summaries: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> RunSummary:
    """Ingest ``inputs`` (and the enabled sources of the ``sources`` config file) into the tables
    under ``output`` and load them into DuckDB. ``allow_summaries`` keeps summary-only entries of
    the feed files among ``inputs`` (configured sources say so each for themselves)."""
    logger = get_run_logger()
    clock = time.monotonic()
    started = datetime.now(timezone.utc).replace(microsecond=0)
    run_id = new_run_id(started)
    out = Path(output)
    found = scan(inputs, follow_symlinks=follow_symlinks)
    configured = [s for s in load_sources(Path(sources)) if s.enabled] if sources else []
    files = found.files + configured
    scope = RejectScope(files=(*found.files, *(str(p) for s in configured for p in s.paths())),
                        days=published_range)
    summary = RunSummary(run_id, skipped=found.skipped)
    with OutputLock(out, run_id) as lock:
        summary.recovered = recover(out)
        for note in summary.recovered:
            logger.warning(note)
        staging = out / STAGING_DIR / run_id
        config = job.JobConfig(inputs=files, staging_dir=staging, run_id=run_id, started_at=started,
                               max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                               article_time_limit=article_time_limit, runner=runner, workers=workers,
                               dask_address=dask_address, published_range=published_range,
                               allow_summaries=allow_summaries, batch_size=batch_size,
                               validation=ValidationConfig(failure_threshold=failure_threshold))
        logger.info("run %s: %d input files, runner %s", run_id, len(files), runner)
        with RunLock(staging):
            checkpoint("job_start")
            with job_progress(staging, "run", "dateline-run-progress"):
                counts = run_beam_job(config)
            checkpoint("validation_start")
            staged = read_staged(staging)
            docs = validate_or_keep_rejects(staged, counts, out, staging, run_id, started, failure_threshold,
                                            scope, lock)
            lock.verify()
            publish(out, staging, staged.processed, run_id, scope)
            check_unique_keys(out)
        shutil.rmtree(staging, ignore_errors=True)
        if load:
            db = Path(duckdb) if duckdb else out / "warehouse.duckdb"
            try:
                load_duckdb_task(out, db)
            except (WarehouseError, OSError) as err:
                raise WarehouseError(f"the Parquet tables are published, but the warehouse is stale: {err}; "
                                     f"bring it up to date with: dateline load duckdb --output {out} "
                                     f"--duckdb {db}") from err
            summary.duckdb_path = str(db)
    summary.count(counts)
    summary.top_reasons = top_reasons(list(staged.reasons.elements()))
    summary.docs_index = str(docs) if docs else None
    summary.seconds = time.monotonic() - clock
    print(summary.render())
    return summary
