"""`dateline run`: the Prefect flow that runs the Beam job, validates, publishes and loads DuckDB.

The flow only orchestrates; every step is a function of ``pipelines``.
Retries are on the I/O steps (publishing files, loading the warehouse), not
on steps where a retry cannot help (the Beam job over bad data, validation).
"""
from __future__ import annotations

import shutil
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows.loads import load_duckdb_task
from pipelines import job
from pipelines.extract.deadline import DEFAULT_ARTICLE_TIME_LIMIT
from pipelines.faults import checkpoint
from pipelines.ingest.readers import scan
from pipelines.ingest.records import DEFAULT_MAX_BYTES
from pipelines.ingest.sources import load_sources
from pipelines.storage.commit import STAGING_DIR, CommitResult, RejectScope, commit, recover
from pipelines.storage.errors import os_error_in
from pipelines.storage.keys import check_unique_keys
from pipelines.storage.lock import OutputLock, RunLock
from pipelines.storage.partitions import read_all
from pipelines.validate import ValidationConfig, ValidationOutcome, ValidationThresholdExceeded, validate_tables
from pipelines.warehouse.duckdb_load import WarehouseError
from schemas.arrow import to_arrow

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
def run_beam_job(config: job.JobConfig) -> tuple[dict[str, pa.Table], dict[str, int]]:
    """Run the Beam job into the staging area; what it staged, and its counters."""
    counts = job.run(config)
    return read_all(config.staging_dir), counts


@task(cache_policy=NONE)
def validate(staged: dict[str, pa.Table], run_id: str, started: datetime, docs_dir: Path,
             config: ValidationConfig) -> ValidationOutcome:
    """Great Expectations over every staged table; failing rows become rejects."""
    return validate_tables(staged, run_id=run_id, rejected_at=started, docs_dir=docs_dir, config=config)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=[2, 10])
def publish(output: Path, tables: dict[str, pa.Table], processed: dict[str, date], run_id: str,
            scope: RejectScope) -> CommitResult:
    """Upsert the validated rows into the output tables, atomically per file."""
    return commit(output, tables, processed, run_id, scope)


def _with_rejects(valid: dict[str, pa.Table], extra_rejects: list[dict]) -> dict[str, pa.Table]:
    if not extra_rejects:
        return valid
    tables = dict(valid)
    tables["rejects"] = pa.concat_tables([valid["rejects"], to_arrow("rejects", extra_rejects)])
    return tables


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
                               allow_summaries=allow_summaries)
        logger.info("run %s: %d input files, runner %s", run_id, len(files), runner)
        with RunLock(staging):
            checkpoint("job_start")
            try:
                staged, counts = run_beam_job(config)
            except Exception as err:
                cause = os_error_in(err)
                if cause is None:
                    raise
                raise OSError(cause.errno, f"the Beam job could not write its staging area {staging}: "
                                           f"{cause.strerror}; nothing was published") from err
            articles = staged["articles"]
            processed = dict(zip(articles.column("article_id").to_pylist(),
                                 articles.column("published_date").to_pylist()))
            checkpoint("validation_start")
            try:
                outcome = validate(staged, run_id, started, out / VALIDATION_DIR,
                                   ValidationConfig(failure_threshold=failure_threshold))
            except ValidationThresholdExceeded as failed:  # publish the evidence, nothing else
                rejects = _with_rejects(failed.outcome.valid, failed.outcome.rejects)["rejects"]
                lock.verify()
                publish(out, {"rejects": rejects}, {}, run_id, scope)
                failed.args = (f"{failed}; nothing was published but the run's {rejects.num_rows} rejects "
                               "(rejects table)",)
                raise
            tables = _with_rejects(outcome.valid, outcome.rejects)
            lock.verify()
            publish(out, tables, processed, run_id, scope)
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
    rejects = tables["rejects"]
    summary.rejected = {}
    for stage in rejects.column("stage").to_pylist():
        summary.rejected[stage] = summary.rejected.get(stage, 0) + 1
    summary.top_reasons = top_reasons(rejects.column("reason").to_pylist())
    summary.articles_written = tables["articles"].num_rows
    summary.records_read = (articles.num_rows + summary.rejected.get("parse", 0)
                            + summary.rejected.get("extract", 0))
    summary.rows = {name: t.num_rows for name, t in tables.items()}
    summary.docs_index = str(outcome.docs_index) if outcome.docs_index else None
    summary.out_of_range = counts.get("articles_out_of_range", 0)
    summary.not_extracted = counts.get("articles_not_extracted", 0)
    summary.seconds = time.monotonic() - clock
    print(summary.render())
    return summary
