"""Thin Beam transforms around the pure readers, extractors, validation and the staged-partition writer.

Portable across runners: the DaskRunner merges the outputs of a multi-output
ParDo (``with_outputs``) into one and has no metrics, so no DoFn here has
tagged outputs (articles and rejects rows travel in one collection, told apart
by type), and counters are files written by the unit of work that owns them:
each reader's shard its ``_counts/read-*`` file, each batch the counters in its
manifest (``read_counts`` sums them). A retry rewrites the same figures, so
they stay exact, and no counter needs a shuffle of its own (on Dask a
``CombinePerKey`` over every partition of the job was most of its tasks).

Memory stays bounded by the batch: ``ProcessBatch`` extracts, validates and
stages one batch of articles (with the reader's rejects of the same lines) and
emits nothing; the rows never pass through a shuffle. Each batch leaves
one staged file per (table, day) it has rows for, named after the batch, and a
manifest (``_batches/<batch>.json``: the articles it processed, its counters and
validation figures) that the flow folds into the run's validation report.
"""
from __future__ import annotations

import functools
import json
import logging
import shutil
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

import apache_beam as beam
import pyarrow as pa
import pyarrow.compute as pc
from great_expectations.core.run_identifier import RunIdentifier

from pipelines.extract.article import ArticleExtractor
from pipelines.extract.deadline import TimeLimited
from pipelines.extract.nlp import ArticleParse
from pipelines import job_progress
from pipelines.ingest.language import is_extracted
from pipelines.ingest.readers import read_input
from pipelines.ingest.records import Article, Reject
from pipelines.ingest.shards import SKIPPED, Shard
from pipelines.ingest.sources import Source, read_source
from pipelines.rejects import reject_row, row_from_reject
from pipelines.storage.atomic import write_json_atomically
from pipelines.storage.partitions import discard_staged, write_staged_partition
from pipelines.validate import Suites, ValidationConfig, validate_batch
from schemas.arrow import to_arrow
from schemas.tables import PARTITION_COLUMN, STAGE_EXTRACT, STAGE_PARSE, TABLES

log = logging.getLogger(__name__)

REJECTS = "rejects"
ARTICLES = "articles"
COUNTS_DIR = "_counts"
BATCHES_DIR = "_batches"
PROGRESS_EVERY = 500
REASONS_KEPT = 20  # most frequent reject reasons a batch reports, for the run summary
EXTRACT_BATCH = 16  # articles whose sentences spaCy parses in one batch (about a third faster than one by one)
SHARED_PARSE_MAX_CHARS = 100_000  # longer articles are parsed alone, within their own time limit


def article_row(article: Article, run_id: str, ingested_at: datetime) -> dict:
    """The ``articles`` row of an article."""
    return {
        "article_id": article.article_id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published_at": article.published_at,
        "text": article.text,
        "language": article.language,
        "content_sha256": article.content_sha256,
        "ingested_at": ingested_at,
        "run_id": run_id,
        "published_precision": article.published_precision,
        "authors": list(article.authors),
        "site_name": article.site_name,
        "dateline_place": article.dateline_place,
        "dateline_agency": article.dateline_agency,
        "published_date": article.published_date,
    }


def read_counts(staging_dir: Path) -> dict[str, int]:
    """The job's counters: the readers' ``_counts`` files and the batches' manifests, summed; a
    counter never incremented is absent."""
    totals: Counter = Counter()
    folder = Path(staging_dir) / COUNTS_DIR
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        totals.update(json.loads(path.read_text(encoding="utf-8")))
    for manifest in read_manifests(staging_dir):
        totals.update(manifest["counters"])
    return dict(totals)


def clear_counts(staging_dir: Path) -> None:
    """Remove the readers' counts of an earlier attempt (it may have had other shards)."""
    shutil.rmtree(Path(staging_dir) / COUNTS_DIR, ignore_errors=True)


def read_manifests(staging_dir: Path) -> Iterator[dict]:
    """The manifests ``ProcessBatch`` left in a staging directory, one at a time."""
    for path in sorted((Path(staging_dir) / BATCHES_DIR).glob("*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


class ReadRecords(beam.DoFn):
    """(input index, path or configured ``Source``, shard, shards) -> ((index, number), Article or
    rejects row) for the records ``number`` of the shard (``number % shards == shard``) published in
    ``in_range`` (all without one); a splittable file's reader skips the others unparsed. Each shard
    leaves its counters (``records_read``, ``articles_out_of_range``) in ``_counts/read-<index>-<shard>.json``."""

    def __init__(self, staging_dir: str, run_id: str, started_at: datetime, max_bytes: int,
                 allow_summaries: bool = False, in_range: InRange | None = None):
        self.staging_dir, self.run_id, self.started_at, self.max_bytes = staging_dir, run_id, started_at, max_bytes
        self.allow_summaries, self.in_range = allow_summaries, in_range

    def process(self, element: tuple[int, str | Source, int, int]) -> Iterator[tuple[tuple[int, int], object]]:
        index, given, shard, shards = element
        share = Shard(shard, shards)
        records = (read_source(given, max_bytes=self.max_bytes) if isinstance(given, Source)
                   else read_input(given, max_bytes=self.max_bytes, allow_summary=self.allow_summaries,
                                   shard=share))
        counters: Counter = Counter()
        for number, record in enumerate(records):
            if record is SKIPPED or not share.owns(number):
                continue
            counters["records_read"] += 1
            job_progress.note(self.staging_dir, "read")
            item = ((index, number), row_from_reject(record, self.run_id, self.started_at)
                    if isinstance(record, Reject) else record)
            if self.in_range is None or self.in_range(item):
                yield item
            elif isinstance(record, Article):
                counters["articles_out_of_range"] += 1
        write_json_atomically(Path(self.staging_dir) / COUNTS_DIR / f"read-{index}-{shard}.json", counters,
                              durable=False)

    def finish_bundle(self) -> None:
        job_progress.flush(self.staging_dir, "read")


class InRange:
    """Predicate on (ordinal, Article) and (ordinal, rejects row): published within [start, end] and
    not on a ``skip`` day. A reject with no date belongs to every range."""

    def __init__(self, start: date, end: date, skip: frozenset[date] = frozenset()):
        self.start, self.end, self.skip = start, end, skip

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end and day not in self.skip

    def __call__(self, item: tuple) -> bool:
        day = item[1]["published_date"] if isinstance(item[1], dict) else item[1].published_date
        return day is None or self.contains(day)


class KeepFirst(beam.PTransform):
    """(ordinal, Article or rejects row) -> the same, keeping the first article (by input order) per
    key; later ones become ``rejects`` rows, and rows pass through (each grouped alone, under its
    ordinal). One collection in and out, so that the next ``GroupByKey`` shuffles no more partitions
    than this one (on Dask a ``Flatten`` adds up its inputs' partitions)."""

    def __init__(self, key: Callable[[Article], str], what: str, run_id: str, started_at: datetime):
        super().__init__()
        self.key, self.what, self.run_id, self.started_at = key, what, run_id, started_at

    def expand(self, pcoll):
        return (
            pcoll
            | "Key" >> beam.Map(self._keyed)
            | "Group" >> beam.GroupByKey()
            | "First" >> beam.FlatMap(self._first)
        )

    def _keyed(self, item: tuple) -> tuple:
        return (self.key(item[1]) if isinstance(item[1], Article) else item[0]), item

    def _first(self, grouped: tuple[object, Iterable]) -> Iterator:
        _, items = grouped
        ordered = sorted(items, key=lambda item: item[0])
        first = ordered[0][1]
        yield ordered[0]
        for ordinal, dup in ordered[1:]:
            yield ordinal, reject_row(
                run_id=self.run_id, stage=STAGE_PARSE, source=dup.source, record_ref=dup.record_ref,
                reason=f"duplicate {self.what}: same as {first.record_ref} (article_id {first.article_id}), "
                       "kept the first",
                payload=dup.text, rejected_at=self.started_at, published_date=dup.published_date)


class Batches(beam.PTransform):
    """(ordinal, Article or rejects row) -> (key, [(ordinal, item), ...]): runs of up to ``size``
    records of one input. A GroupByKey, so it also spreads the batches over workers on every runner."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def expand(self, pcoll):
        return (pcoll
                | "Key" >> beam.Map(lambda item, size=self.size: ((item[0][0], item[0][1] // size), item))
                | "Group" >> beam.GroupByKey())


class ArticleRows:
    """Articles -> (table, row) pairs for every table; a failing article becomes a ``rejects`` row.
    Each article's extraction runs under the time limit, and so does the shared parse of every
    ``EXTRACT_BATCH`` articles; an article too long to share it is parsed within its own limit."""

    def __init__(self, run_id: str, started_at: datetime, time_limit: float | None):
        self.run_id, self.started_at = run_id, started_at
        extractor = ArticleExtractor()
        self.extract = TimeLimited(extractor, time_limit)
        self.prepare = TimeLimited(extractor.prepare, time_limit)
        self.count = 0

    def __call__(self, articles: list[Article]) -> Iterator[tuple[str, dict]]:
        for article in articles:
            if not is_extracted(article.language):  # kept, not run through the English extractors
                yield ARTICLES, article_row(article, self.run_id, self.started_at)
        articles = [article for article in articles if is_extracted(article.language)]
        for start in range(0, len(articles), EXTRACT_BATCH):
            yield from self._batch(articles[start:start + EXTRACT_BATCH])

    def _batch(self, articles: list[Article]) -> Iterator[tuple[str, dict]]:
        shared = [a for a in articles if len(a.text) <= SHARED_PARSE_MAX_CHARS]
        try:
            parses = dict(zip((a.article_id for a in shared), self.prepare([a.text for a in shared])))
        except Exception as err:  # each article is then parsed, and can fail, on its own
            log.warning("batch parse of %d articles failed (%s); parsing them one by one", len(shared), err)
            parses = {}
        for article in articles:
            yield from self._rows(article, parses.get(article.article_id))

    def _rows(self, article: Article, parse: ArticleParse | None) -> Iterator[tuple[str, dict]]:
        try:
            extraction = self.extract(article.article_id, article.text, article.published_at, parse)
        except Exception as err:  # one bad article must not stop the run
            yield REJECTS, reject_row(
                run_id=self.run_id, stage=STAGE_EXTRACT, source=article.source, record_ref=article.record_ref,
                reason=f"extraction failed: {type(err).__name__}: {err}", payload=article.text,
                rejected_at=self.started_at, published_date=article.published_date)
            return
        self.count += 1
        if self.count % PROGRESS_EVERY == 0:
            log.info("extracted %d articles in this worker", self.count)
        yield ARTICLES, article_row(article, self.run_id, self.started_at)
        for table, rows in extraction.tables().items():
            for row in rows:
                yield table, {**row, "published_date": article.published_date}


class ProcessBatch(beam.DoFn):
    """A batch (key, [(ordinal, Article or rejects row)]) -> its rows extracted, validated by Great
    Expectations and staged, one file per (table, day); emits nothing.

    Counters, in the manifest: ``articles_extracted``, ``articles_not_extracted`` (kept, not in a
    language the extractors handle), ``rows.<table>`` (rows staged per table, rejects included) and
    ``rejected.<stage>``. The batch's manifest is written last, so a batch with a manifest has staged
    all its files: with ``resume``, such a batch is not done again (it leaves
    ``_counts/resumed-<batch>.json``, counted as ``batches_resumed``).
    """

    def __init__(self, staging_dir: str, run_id: str, started_at: datetime, time_limit: float | None,
                 validation: ValidationConfig, resume: bool = False):
        self.staging_dir, self.run_id, self.started_at = staging_dir, run_id, started_at
        self.time_limit, self.validation, self.resume = time_limit, validation, resume

    def _tools(self) -> tuple[ArticleRows, Suites]:
        """The extractor and the GE context, made at this process's first batch and kept for the
        run: the DaskRunner sets a DoFn up again for every partition, even an empty one."""
        return _batch_tools(self.run_id, self.started_at, self.time_limit)

    def process(self, batch: tuple) -> None:
        key, items = batch
        stem = "-".join(map(str, key))
        manifest = Path(self.staging_dir) / BATCHES_DIR / f"{stem}.json"
        if self.resume and manifest.exists():  # staged by an earlier, interrupted attempt
            write_json_atomically(Path(self.staging_dir) / COUNTS_DIR / f"resumed-{stem}.json",
                                  {"batches_resumed": 1}, durable=False)
            job_progress.note(self.staging_dir, "processed", sum(1 for _ in items))
            return
        if self.resume:  # files of an attempt killed before its manifest: its rows may differ now
            discard_staged(self.staging_dir, stem)
        self._stage(stem, items, manifest)

    def finish_bundle(self) -> None:
        job_progress.flush(self.staging_dir, "processed")

    def _stage(self, stem: str, items: list, manifest: Path) -> None:
        ordered = [item for _, item in sorted(items, key=lambda pair: pair[0])]
        rows: dict[str, list[dict]] = defaultdict(list)
        rows[REJECTS] = [item for item in ordered if isinstance(item, dict)]
        job_progress.note(self.staging_dir, "processed", len(rows[REJECTS]))
        extract, suites = self._tools()
        for table, row in extract([item for item in ordered if isinstance(item, Article)]):
            rows[table].append(row)
            if table in (ARTICLES, REJECTS):  # one of the two per article, once it is extracted
                job_progress.note(self.staging_dir, "processed")
        tables = {name: to_arrow(name, rows[name]) for name in TABLES}
        outcome = validate_batch(tables, run_id=self.run_id, rejected_at=self.started_at, suites=suites,
                                 config=self.validation)
        staged = {**outcome.valid, REJECTS: pa.concat_tables([outcome.valid[REJECTS],
                                                              to_arrow(REJECTS, outcome.rejects)])}
        for name, table in staged.items():
            _stage_by_day(self.staging_dir, name, table, stem)
        articles = tables[ARTICLES]
        not_extracted = sum(isinstance(item, Article) and not is_extracted(item.language) for item in ordered)
        counters = {"articles_extracted": articles.num_rows,
                    **({"articles_not_extracted": not_extracted} if not_extracted else {}),
                    **{f"rows.{name}": table.num_rows for name, table in staged.items()},
                    **{f"rejected.{stage}": n for stage, n in Counter(staged[REJECTS].column("stage").to_pylist()).items()}}
        write_json_atomically(manifest, {
            "processed": [[aid, _iso(day)] for aid, day in zip(articles.column("article_id").to_pylist(),
                                                               articles.column(PARTITION_COLUMN).to_pylist())],
            "summary": outcome.summary, "results": outcome.results, "counters": counters,
            "reasons": dict(Counter(staged[REJECTS].column("reason").to_pylist()).most_common(REASONS_KEPT))},
            durable=False)


@functools.lru_cache(maxsize=1)
def _batch_tools(run_id: str, started_at: datetime, time_limit: float | None) -> tuple[ArticleRows, Suites]:
    return ArticleRows(run_id, started_at, time_limit), Suites(RunIdentifier(run_id, started_at))


def _stage_by_day(staging_dir: str, name: str, table: pa.Table, stem: str) -> None:
    """Stage a batch's rows of one table, one file per publication day."""
    column = table.column(PARTITION_COLUMN)
    for day in pc.unique(column).to_pylist():
        mask = pc.is_null(column) if day is None else pc.equal(column, pa.scalar(day, pa.date32()))
        write_staged_partition(staging_dir, name, _iso(day), table.filter(mask), stem)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
