"""Thin Beam transforms around the pure readers, extractors and the staged-partition writer.

Portable across runners: the DaskRunner merges the outputs of a multi-output
ParDo (``with_outputs``) into one and has no metrics, so DoFns here emit
``(tag, value)`` pairs split by ``SplitByTag``, and counters are computed as
data (``Tally`` + ``WriteCounts``) rather than with Beam ``Metrics``.
"""
from __future__ import annotations

import json
import logging
import os
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

import apache_beam as beam

from pipelines.extract.article import ArticleExtractor
from pipelines.extract.deadline import TimeLimited
from pipelines.extract.nlp import ArticleParse
from pipelines.ingest.language import is_extracted
from pipelines.ingest.readers import read_input
from pipelines.ingest.records import Article, Reject
from pipelines.ingest.sources import Source, read_source
from pipelines.rejects import reject_row, row_from_reject
from pipelines.storage.partitions import write_staged_partition

log = logging.getLogger(__name__)

REJECTS = "rejects"
ARTICLES = "articles"
KEPT = "kept"
COUNTS_DIR = "_counts"
PROGRESS_EVERY = 500
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


class SplitByTag(beam.PTransform):
    """(tag, value) pairs -> {tag: PCollection of values}: a multi-output ParDo that works on every runner."""

    def __init__(self, *tags: str):
        super().__init__()
        self.tags = tags

    def expand(self, pcoll):
        return {
            tag: (pcoll
                  | f"Only_{tag}" >> beam.Filter(lambda item, tag=tag: item[0] == tag)
                  | f"Untag_{tag}" >> beam.Map(lambda item: item[1]))
            for tag in self.tags
        }


class Tally(beam.PTransform):
    """Any PCollection -> (counter name, 1) per element, to be summed by ``WriteCounts``."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def expand(self, pcoll):
        return pcoll | beam.Map(lambda _, name=self.name: (name, 1))


class WriteCounts(beam.PTransform):
    """(counter name, n) pairs -> ``<staging>/_counts/<name>.json`` holding the total."""

    def __init__(self, staging_dir: str):
        super().__init__()
        self.staging_dir = staging_dir

    def expand(self, pcoll):
        return pcoll | "Sum" >> beam.CombinePerKey(sum) | "Write" >> beam.MapTuple(self._write)

    def _write(self, name: str, total: int) -> str:
        path = Path(self.staging_dir) / COUNTS_DIR / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(total), encoding="utf-8")
        os.replace(tmp, path)
        return name


def read_counts(staging_dir: Path) -> dict[str, int]:
    """The totals ``WriteCounts`` left in a staging directory; a counter never incremented is absent."""
    folder = Path(staging_dir) / COUNTS_DIR
    if not folder.is_dir():
        return {}
    return {f.stem: json.loads(f.read_text(encoding="utf-8")) for f in sorted(folder.glob("*.json"))}


class ReadRecords(beam.DoFn):
    """(input index, path or configured ``Source``) -> (``articles``, ((index, number), Article))
    or (``rejects``, rejects row)."""

    def __init__(self, run_id: str, started_at: datetime, max_bytes: int, allow_summaries: bool = False):
        self.run_id, self.started_at, self.max_bytes = run_id, started_at, max_bytes
        self.allow_summaries = allow_summaries

    def process(self, element: tuple[int, str | Source]) -> Iterator[tuple[str, object]]:
        index, given = element
        records = (read_source(given, max_bytes=self.max_bytes) if isinstance(given, Source)
                   else read_input(given, max_bytes=self.max_bytes, allow_summary=self.allow_summaries))
        for number, record in enumerate(records):
            if isinstance(record, Reject):
                yield REJECTS, row_from_reject(record, self.run_id, self.started_at)
            else:
                yield ARTICLES, ((index, number), record)


class InRange:
    """Predicate on (ordinal, Article): published within [start, end]."""

    def __init__(self, start: date, end: date):
        self.start, self.end = start, end

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __call__(self, item: tuple) -> bool:
        return self.contains(item[1].published_date)


class KeepFirst(beam.PTransform):
    """Keeps the first article (by input order) per key; later ones become ``rejects`` rows.

    Returns {``kept``: (ordinal, Article), ``rejects``: rows}.
    """

    def __init__(self, key: Callable[[Article], str], what: str, run_id: str, started_at: datetime):
        super().__init__()
        self.key, self.what, self.run_id, self.started_at = key, what, run_id, started_at

    def expand(self, pcoll):
        return (
            pcoll
            | "Key" >> beam.Map(lambda item, key=self.key: (key(item[1]), item))
            | "Group" >> beam.GroupByKey()
            | "First" >> beam.FlatMap(self._first)
            | "Split" >> SplitByTag(KEPT, REJECTS)
        )

    def _first(self, grouped: tuple[str, Iterable]) -> Iterator:
        _, items = grouped
        ordered = sorted(items, key=lambda item: item[0])
        first = ordered[0][1]
        yield KEPT, ordered[0]
        for _, dup in ordered[1:]:
            yield REJECTS, reject_row(
                run_id=self.run_id, stage="parse", source=dup.source, record_ref=dup.record_ref,
                reason=f"duplicate {self.what}: same as {first.record_ref} (article_id {first.article_id}), "
                       "kept the first",
                payload=dup.text, rejected_at=self.started_at, published_date=dup.published_date)


class Batches(beam.PTransform):
    """(ordinal, Article) -> (key, [(ordinal, Article), ...]): runs of up to ``size`` articles of one
    input, so that their sentences are parsed in one spaCy batch. A GroupByKey, so it also spreads
    the batches over workers on every runner."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def expand(self, pcoll):
        return (pcoll
                | "Key" >> beam.Map(lambda item, size=self.size: ((item[0][0], item[0][1] // size), item))
                | "Group" >> beam.GroupByKey())


class ExtractRows(beam.DoFn):
    """A batch of articles -> (table, row) pairs for every table; a failing article becomes a
    ``rejects`` row. Each article's extraction runs under the time limit, and so does the batch's
    shared parse; an article too long to share it is parsed within its own limit."""

    def __init__(self, run_id: str, started_at: datetime, time_limit: float | None):
        self.run_id, self.started_at, self.time_limit = run_id, started_at, time_limit
        self.extract: TimeLimited | None = None
        self.prepare: TimeLimited | None = None
        self.count = 0

    def setup(self) -> None:
        extractor = ArticleExtractor()
        self.extract = TimeLimited(extractor, self.time_limit)
        self.prepare = TimeLimited(extractor.prepare, self.time_limit)

    def process(self, batch: tuple) -> Iterator[tuple[str, dict]]:
        _, items = batch
        articles = [article for _, article in sorted(items, key=lambda item: item[0])]
        for article in articles:
            if not is_extracted(article.language):  # kept, not run through the English extractors
                yield ARTICLES, article_row(article, self.run_id, self.started_at)
        articles = [article for article in articles if is_extracted(article.language)]
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
                run_id=self.run_id, stage="extract", source=article.source, record_ref=article.record_ref,
                reason=f"extraction failed: {type(err).__name__}: {err}", payload=article.text,
                rejected_at=self.started_at, published_date=article.published_date)
            return
        self.count += 1
        if self.count % PROGRESS_EVERY == 0:
            log.info("extracted %d articles in this worker", self.count)
        yield "articles", article_row(article, self.run_id, self.started_at)
        for table, rows in extraction.tables().items():
            for row in rows:
                yield table, {**row, "published_date": article.published_date}


class WritePartitions(beam.PTransform):
    """(table, row) pairs -> one staged Parquet file per (table, published_date)."""

    def __init__(self, staging_dir: str, run_id: str):
        super().__init__()
        self.staging_dir, self.run_id = staging_dir, run_id

    def expand(self, pcoll):
        return (
            pcoll
            | "ByPartition" >> beam.Map(lambda tr: ((tr[0], _iso(tr[1].get("published_date"))), tr[1]))
            | "Group" >> beam.GroupByKey()
            | "Write" >> beam.MapTuple(self._write)
        )

    def _write(self, key: tuple[str, str | None], rows: Iterable[dict]) -> tuple[str, str | None, int]:
        table, day = key
        count = write_staged_partition(self.staging_dir, table, day, list(rows), self.run_id)
        return table, day, count


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None

