"""The Beam job: read inputs, reject duplicate ids, then extract, validate and stage batch by batch.

``run()`` builds the graph and runs it on the chosen runner; it writes only
into the run's staging directory: per batch of articles, their validated rows
(one Parquet file per table partition) and a manifest. Publishing is a
separate flow step, so readers never see rows of an unfinished run.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

import apache_beam as beam
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions

from pipelines.batch_size import DEFAULT_BATCH_SIZE
from pipelines.extract.deadline import DEFAULT_ARTICLE_TIME_LIMIT
from pipelines.ingest.readers import splittable
from pipelines.ingest.records import DEFAULT_MAX_BYTES
from pipelines.ingest.sources import Source
from pipelines.job_progress import NoteProgress
from pipelines.transforms import (
    Batches,
    InRange,
    KeepFirst,
    ProcessBatch,
    ReadRecords,
    clear_counts,
    read_counts,
)
from pipelines.validate import ValidationConfig

log = logging.getLogger(__name__)

RUNNERS = ("fnapi", "dask")
# Readers per worker of a JSONL file on Dask. Every later stage keeps their number of partitions, and
# the batching GroupByKey places each batch in one by a hash of its key: with 8 per worker, the 40
# batches of 2,000 articles (50 each) fell up to 6 in one partition of 16, and the two workers' shares
# differed by a few batches; with 24, at most 2 in one of 48. A reader skips the others' lines unparsed,
# so more readers cost next to nothing (3,000 articles: 4.7 CPU s whole, 4.3 s as 48 shards).
SHARDS_PER_WORKER = 24


@dataclass(frozen=True)
class JobConfig:
    """Everything the Beam job needs; ``staging_dir`` receives the partition files."""

    inputs: list[str | Source]  # files, or configured sources (feed URLs among them)
    staging_dir: Path
    run_id: str
    started_at: datetime
    max_bytes: int = DEFAULT_MAX_BYTES
    article_time_limit: float | None = DEFAULT_ARTICLE_TIME_LIMIT  # seconds of extraction per article
    runner: str = "fnapi"
    workers: int = 1
    dask_address: str | None = None
    allow_summaries: bool = False  # keep feed entries that have only a summary
    published_range: tuple[date, date] | None = None  # keep only articles published in [start, end] ...
    skip_days: frozenset[date] = frozenset()  # ... and not on these days (a backfill's completed days)
    resume: bool = False  # skip batches already staged in ``staging_dir`` (a backfill resumed after a kill)
    batch_size: int = DEFAULT_BATCH_SIZE  # articles extracted, validated and staged together
    validation: ValidationConfig = ValidationConfig()
    extra_options: dict = field(default_factory=dict)


def make_runner(config: JobConfig) -> tuple[beam.runners.PipelineRunner, PipelineOptions]:
    """The runner and its options. FnApiRunner is named explicitly: Beam's DirectRunner would
    first try to download a Prism binary, which fails without internet."""
    if config.runner == "fnapi":
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner

        options = PipelineOptions(flags=[], **config.extra_options)  # never sys.argv
        if config.workers > 1:
            direct = options.view_as(DirectOptions)
            direct.direct_num_workers = config.workers
            direct.direct_running_mode = "multi_processing"
        return FnApiRunner(), options
    if config.runner == "dask":
        from apache_beam.runners.dask.dask_runner import DaskRunner

        if not config.dask_address:
            raise ValueError("the dask runner needs a scheduler address (run() starts a local cluster)")
        # As flags: keyword overrides must use the options' dest names ("address"), and a misspelt
        # one is silently ignored, leaving the runner to start a default cluster of its own.
        # Beam's Create puts up to 128 elements in one Dask partition, and every later stage keeps
        # the partitioning (Reshuffle is a no-op there): one partition per read task spreads the work.
        flags = ["--dask_client_address", config.dask_address,
                 "--dask_npartitions", str(len(read_tasks(config)))]
        return DaskRunner(), PipelineOptions(flags, **config.extra_options)
    raise ValueError(f"unknown runner {config.runner!r}: choose one of {', '.join(RUNNERS)}")


def read_tasks(config: JobConfig) -> list[tuple[int, str | Source, int, int]]:
    """(input index, input, shard, shards): what each reader reads. On Dask a JSONL file is read by
    ``SHARDS_PER_WORKER`` readers per worker, each parsing only every n-th record (the others'
    lines are split off unread), so that one large file spreads over the workers."""
    shards = SHARDS_PER_WORKER * max(1, config.workers) if config.runner == "dask" else 1
    return [(index, given, shard, count)
            for index, given in enumerate(config.inputs)
            for count in [shards if not isinstance(given, Source) and splittable(given) else 1]
            for shard in range(count)]


def build(pipeline: beam.Pipeline, config: JobConfig) -> None:
    """Add the job's transforms to ``pipeline``: one chain, whose last step (the batches) is its one
    leaf, as the DaskRunner wants (it computes only the last transform's lineage)."""
    run_id, started, staging = config.run_id, config.started_at, str(config.staging_dir)
    in_range = InRange(*config.published_range, config.skip_days) if config.published_range else None
    (
        pipeline
        | "Inputs" >> beam.Create(read_tasks(config))
        | "Spread" >> beam.Reshuffle()
        | "Read" >> beam.ParDo(ReadRecords(staging, run_id, started, config.max_bytes, config.allow_summaries,
                                           in_range))
        # A duplicate id is a reject; a republished copy (same text, another id) is an article of its own.
        | "UniqueIds" >> KeepFirst(lambda a: a.article_id, "article_id", run_id, started)
        | "NoteQueued" >> beam.ParDo(NoteProgress(staging, "queued"))
        | "Batch" >> Batches(config.batch_size)
        | "Process" >> beam.ParDo(ProcessBatch(staging, run_id, started, config.article_time_limit,
                                               config.validation, config.resume))
    )


@contextmanager
def local_dask_cluster(workers: int) -> Iterator[str]:
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded processes; yields its address."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                      dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def run(config: JobConfig) -> dict[str, int]:
    """Build and run the job to completion and return its counters (records_read,
    articles_out_of_range, articles_not_extracted (kept but not in a language the extractors
    handle) and those of ``ProcessBatch``); raises if the runner fails.

    With the dask runner and no scheduler address, a local cluster of ``workers`` processes
    lives for the duration of the job.
    """
    with ExitStack() as stack:
        if config.runner == "dask" and not config.dask_address:
            config = replace(config, dask_address=stack.enter_context(local_dask_cluster(config.workers)))
        runner, options = make_runner(config)
        config.staging_dir.mkdir(parents=True, exist_ok=True)
        clear_counts(config.staging_dir)
        pipeline = beam.Pipeline(runner=runner, options=options)
        build(pipeline, config)
        result = pipeline.run()
        client = getattr(result, "client", None)  # the DaskRunner's client: close it, it holds connections
        if client is not None:
            stack.callback(client.close)
        result.wait_until_finish()
    log.info("beam job %s finished", config.run_id)
    return_freed_memory()
    return read_counts(config.staging_dir)


def return_freed_memory() -> None:
    """Give the heap the job freed back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    On the FnApiRunner the job ran in this process: its shuffles' buffers are freed but stay in the
    C heap, which the steps after it cannot reuse (pyarrow and DuckDB have allocators of their own),
    so they would add their memory on top (42 MB returned after a 3,000-article job)."""
    libc = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc), "malloc_trim", None) if libc else None
    if trim is not None:
        trim(0)
