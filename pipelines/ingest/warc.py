"""WARC files (``.warc`` / ``.warc.gz``, warcio): successful HTML responses become articles.

Which records count: ``response`` records with a 2xx HTTP status and an HTML
content type (``text/html``, ``application/xhtml+xml``). Everything else in a
crawl (warcinfo, request, metadata, revisit records; images, scripts,
redirects, error pages) is not an article candidate and is skipped; the
number skipped is logged per file. A candidate that cannot become an article
is a reject.

Text and date come from ``pipelines.ingest.html``: htmldate on the page, else
the WARC-Date header (the capture time, which bounds publication from above
and, for news crawls, is close to it). The charset in the HTTP Content-Type
header is tried first when decoding.

Decompression is bounded: a gzip member (one record, in a well-formed
``.warc.gz``) that inflates past ``max_decompressed_bytes`` is a gzip bomb and
stops the file. A truncated or corrupt file yields one reject for the rest of
the file from the last good record on; what was read before it stays.
"""
from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from pipelines.ingest.html import article_from_html
from pipelines.ingest.records import (
    DEFAULT_MAX_BYTES,
    Article,
    Reject,
    isolated,
    parse_published,
    truncate_payload,
)

log = logging.getLogger(__name__)

DEFAULT_MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")


class DecompressionLimitExceeded(ValueError):
    """A gzip member inflated past the limit: a likely gzip bomb."""


class _BoundedReader(DecompressingBufferedReader):
    """warcio's decompressing reader, stopped once one gzip member inflates past ``limit`` bytes."""

    def __init__(self, stream: BinaryIO, *, limit: int) -> None:
        super().__init__(stream)
        self.limit = limit

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        # num_block_read counts the bytes inflated from the current member (reset per member).
        if self.decompressor is not None and self.num_block_read > self.limit:
            raise DecompressionLimitExceeded(
                f"gzip member inflates past the {self.limit}-byte decompression limit (gzip bomb?)")


class _BoundedArchiveIterator(ArchiveIterator):
    """warcio's record iterator reading through a ``_BoundedReader``."""

    def __init__(self, stream: BinaryIO, *, limit: int) -> None:
        super().__init__(stream)
        self.reader = _BoundedReader(self.fh, limit=limit)


# What a damaged file raises while records are read or skipped. warcio's header parser is not
# hardened: a record cut inside its headers can surface as a plain AttributeError or TypeError.
_DAMAGE = (ArchiveLoadFailed, StatusAndHeadersParserException, DecompressionLimitExceeded,
           zlib.error, EOFError, ValueError, AttributeError, TypeError, KeyError, IndexError)


@dataclass(frozen=True)
class _Page:
    """An HTML response read out of a WARC record."""

    uri: str
    html: bytes
    charset: str | None
    warc_date: str | None
    oversized: bool


def read_warc(
    path: Path,
    *,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
) -> Iterator[Article | Reject]:
    """Each HTML response in the WARC as an article or a reject; ``source`` defaults to the file name."""
    source = source or path.name.split(".")[0]
    skipped = 0
    resume_at = 0
    with open(path, "rb") as stream:
        records = _BoundedArchiveIterator(stream, limit=max_decompressed_bytes)
        iterator = iter(records)
        while True:
            try:
                record = next(iterator, None)
                if record is None:
                    break
                page = _read_page(record, max_bytes) if _is_html_response(record) else None
                offset, length = records.get_record_offset(), records.get_record_length()
                missing = getattr(record.raw_stream, "limit", 0)
                ref = " ".join(filter(None, (f"{path}#{offset}",
                                             record.rec_headers.get_header("WARC-Target-URI"))))
            except _DAMAGE as err:
                yield Reject("parse", source, f"{path}#{resume_at}",
                             f"corrupt WARC from offset {resume_at}, rest of the file skipped: "
                             f"{_one_line(err)}")
                break
            resume_at = offset + length
            if missing > 0:
                yield Reject("parse", source, ref,
                             f"truncated WARC: the record at offset {offset} is {missing} bytes "
                             "short of its Content-Length and the file ends there")
                break
            if page is None:
                skipped += 1
                continue
            yield isolated(lambda: _article(page, source=source, ref=ref, max_bytes=max_bytes), ref, source,
                           page.html)
    log.info("%s: skipped %d WARC records that are not HTML responses", path, skipped)


def _is_html_response(record: ArcWarcRecord) -> bool:
    """A response record with a 2xx HTTP status and an HTML content type."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2") and _content_type(record)[0] in HTML_TYPES


def _content_type(record: ArcWarcRecord) -> tuple[str, str | None]:
    """The HTTP media type and charset parameter of a response record."""
    header = Message()
    header["Content-Type"] = record.http_headers.get_header("Content-Type") or "application/octet-stream"
    return header.get_content_type(), header.get_content_charset()


def _read_page(record: ArcWarcRecord, max_bytes: int) -> _Page:
    """The record's HTML body, read to at most ``max_bytes`` (HTTP content-encoding undone)."""
    html = record.content_stream().read(max_bytes + 1)
    return _Page(
        uri=record.rec_headers.get_header("WARC-Target-URI") or "",
        html=html[:max_bytes],
        charset=_content_type(record)[1],
        warc_date=record.rec_headers.get_header("WARC-Date"),
        oversized=len(html) > max_bytes,
    )


def _article(page: _Page, *, source: str, ref: str, max_bytes: int) -> Article | Reject:
    if page.oversized:
        return Reject("parse", source, ref, f"article too large: over the {max_bytes}-byte limit",
                      truncate_payload(page.html))
    return article_from_html(page.html, source=source, record_ref=ref, url=page.uri or None,
                             fallback_published=parse_published(page.warc_date), charset=page.charset)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split()) or type(err).__name__
