"""The input formats, one entry each: file suffixes, the source kind in ``infra/sources.toml``,
the reader, and how the format is listed in messages. Adding a format is adding an entry here.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Callable, Iterator

from pipelines.ingest.feeds import read_feed_file
from pipelines.ingest.html import read_html_file
from pipelines.ingest.jsonl import JSON_SUFFIXES, JSONL_SUFFIXES, read_json, read_jsonl
from pipelines.ingest.records import DEFAULT_MAX_BYTES, Article, Reject
from pipelines.ingest.shards import WHOLE, Shard
from pipelines.ingest.warc import read_warc


@dataclass(frozen=True)
class ReadOptions:
    """How a file is read: the record size limit, whether summary-only feed entries are kept,
    the source name (None: each reader's default, from the file or the record), and the share of
    the file's records to read (a ``splittable`` format's reader yields ``SKIPPED`` for the others)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    allow_summary: bool = False
    source: str | None = None
    shard: Shard = WHOLE


Reader = Callable[[Path, ReadOptions], Iterator[Article | Reject | None]]


@dataclass(frozen=True)
class InputFormat:
    """One input format."""

    kind: str                 # the source kind in the sources config
    suffixes: tuple[str, ...]  # lower-case file name endings
    listed_as: str            # how messages list it
    read: Reader
    has_summaries: bool = False  # entries may carry only a summary (``allow_summary`` applies)
    reads_urls: bool = False     # a configured source may be an http(s) URL
    splittable: bool = False     # the reader honours ``ReadOptions.shard``

    def matches(self, path: Path) -> bool:
        return path.name.lower().endswith(self.suffixes)


FORMATS: tuple[InputFormat, ...] = (
    InputFormat("jsonl", JSONL_SUFFIXES, ".jsonl/.ndjson[.gz]",
                lambda path, o: read_jsonl(path, max_bytes=o.max_bytes, shard=o.shard), splittable=True),
    InputFormat("json", JSON_SUFFIXES, ".json",
                lambda path, o: read_json(path, max_bytes=o.max_bytes)),
    InputFormat("html", (".html", ".htm"), ".html/.htm",
                lambda path, o: read_html_file(path, source=o.source, max_bytes=o.max_bytes)),
    InputFormat("warc", (".warc", ".warc.gz"), ".warc[.gz]",
                lambda path, o: read_warc(path, source=o.source, max_bytes=o.max_bytes)),
    InputFormat("feed", (".rss", ".atom", ".xml"), ".rss/.atom/.xml",
                lambda path, o: read_feed_file(path, source=o.source, allow_summary=o.allow_summary,
                                               max_bytes=o.max_bytes),
                has_summaries=True, reads_urls=True),
)

SourceKind = StrEnum("SourceKind", {f.kind.upper(): f.kind for f in FORMATS})
SUPPORTED = "expected " + ", ".join(f.listed_as for f in FORMATS)


def format_for(path: Path) -> InputFormat | None:
    """The format a file's name says it is in, if any."""
    return next((f for f in FORMATS if f.matches(path)), None)


def format_of_kind(kind: str) -> InputFormat:
    """The format of a source kind (a ``SourceKind`` value)."""
    return next(f for f in FORMATS if f.kind == kind)
