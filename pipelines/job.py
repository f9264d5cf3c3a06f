"""The Beam job: read inputs, drop duplicates, extract, and stage one Parquet file per table partition.

``run()`` builds the graph and runs it on the chosen runner; it writes only
into the run's staging directory. Validation and publishing are separate flow
steps, so readers never see rows that have not passed validation.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions

from pipelines.ingest.records import DEFAULT_MAX_BYTES
from pipelines.transforms import REJECTS, ExtractRows, InRange, KeepFirst, ReadRecords, WritePartitions

log = logging.getLogger(__name__)

RUNNERS = ("fnapi", "dask")


@dataclass(frozen=True)
class JobConfig:
    """Everything the Beam job needs; ``staging_dir`` receives the partition files."""

    inputs: list[str]
    staging_dir: Path
    run_id: str
    started_at: datetime
    max_bytes: int = DEFAULT_MAX_BYTES
    runner: str = "fnapi"
    workers: int = 1
    dask_address: str | None = None
    published_range: tuple[date, date] | None = None  # keep only articles published in [start, end]
    extra_options: dict = field(default_factory=dict)


def make_runner(config: JobConfig) -> tuple[beam.runners.PipelineRunner, PipelineOptions]:
    """The runner and its options. FnApiRunner is named explicitly: Beam's DirectRunner would
    first try to download a Prism binary, which fails without internet."""
    if config.runner == "fnapi":
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner

        options = PipelineOptions(**config.extra_options)
        if config.workers > 1:
            direct = options.view_as(DirectOptions)
            direct.direct_num_workers = config.workers
            direct.direct_running_mode = "multi_processing"
        return FnApiRunner(), options
    if config.runner == "dask":
        from apache_beam.runners.dask.dask_runner import DaskRunner

        address = config.dask_address
        return DaskRunner(), PipelineOptions(dask_client_address=address, **config.extra_options)
    raise ValueError(f"unknown runner {config.runner!r}: choose one of {', '.join(RUNNERS)}")


def build(pipeline: beam.Pipeline, config: JobConfig) -> None:
    """Add the job's transforms to ``pipeline``."""
    run_id, started = config.run_id, config.started_at
    read = (
        pipeline
        | "Inputs" >> beam.Create(list(enumerate(config.inputs)))
        | "Spread" >> beam.Reshuffle()
        | "Read" >> beam.ParDo(ReadRecords(run_id, started, config.max_bytes)).with_outputs(REJECTS, main="articles")
    )
    articles = read.articles
    if config.published_range:
        articles = articles | "InRange" >> beam.Filter(InRange(*config.published_range))
    by_id = articles | "UniqueIds" >> KeepFirst(lambda a: a.article_id, "article_id", run_id, started)
    by_text = by_id.kept | "UniqueTexts" >> KeepFirst(lambda a: a.content_sha256, "content", run_id, started)
    rows = by_text.kept | "Spread2" >> beam.Reshuffle() | "Extract" >> beam.ParDo(ExtractRows(run_id, started))
    reject_rows = (
        (read[REJECTS], by_id[REJECTS], by_text[REJECTS])
        | "AllRejects" >> beam.Flatten()
        | "TagRejects" >> beam.Map(lambda row: (REJECTS, row))
    )
    (
        (rows, reject_rows)
        | "AllRows" >> beam.Flatten()
        | "Stage" >> WritePartitions(str(config.staging_dir), run_id)
    )


def run(config: JobConfig) -> dict[str, int]:
    """Build and run the job to completion and return its counters; raises if the runner fails."""
    runner, options = make_runner(config)
    config.staging_dir.mkdir(parents=True, exist_ok=True)
    pipeline = beam.Pipeline(runner=runner, options=options)
    build(pipeline, config)
    result = pipeline.run()
    result.wait_until_finish()
    log.info("beam job %s finished", config.run_id)
    return counters(result)


def counters(result: beam.runners.runner.PipelineResult) -> dict[str, int]:
    """The job's ``dateline`` counters by name (committed values where the runner has them)."""
    query = result.metrics().query(MetricsFilter().with_namespace("dateline"))
    totals: dict[str, int] = {}
    for counter in query["counters"]:
        value = counter.committed if counter.committed is not None else counter.attempted
        totals[counter.key.metric.name] = totals.get(counter.key.metric.name, 0) + (value or 0)
    return totals
