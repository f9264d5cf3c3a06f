"""JSON inputs: JSON Lines (``.jsonl``, ``.ndjson``, gzipped as ``.gz`` or ``.gzip``) streamed line
by line, and ``.json`` files holding one article object or an array of them.

Every record is isolated: whatever goes wrong with one (bytes that are not UTF-8, malformed JSON, an
integer too long to convert, nesting too deep, a date past the edge of the calendar) becomes one
reject naming ``file:line`` (``file[index]`` for an array element) and, for an unexpected error, its
exception type; the next record is read. A UTF-8 byte-order mark is accepted. A truncated or corrupt
gzip file gives the records before the damage plus one reject for the rest. Decompression is bounded:
a file inflating past ``MAX_INFLATE_RATIO`` times its compressed size (plus 1 MiB) is a gzip bomb,
stopped there with one reject.

A JSONL file can be read as one ``Shard`` of several: the other shards' lines are skipped before they
are decoded or parsed (``pipelines.ingest.shards``).
"""
from __future__ import annotations

import codecs
import gzip
import json
import os
import zlib
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from pipelines.ingest.html import parse_page
from pipelines.ingest.records import (
    DEFAULT_MAX_BYTES,
    PAYLOAD_LIMIT,
    Article,
    Reject,
    isolated,
    make_article,
    parse_published,
    published_precision,
    truncate_payload,
)
from pipelines.ingest.shards import SKIPPED, WHOLE, Shard

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.gzip", ".ndjson.gzip")
JSON_SUFFIXES = (".json",)
MAX_INFLATE_RATIO = 100
_INFLATE_SLACK = 1 << 20
_CHUNK = 1 << 20
# What a damaged or hostile gzip stream raises while it is read.
_GZIP_DAMAGE = (EOFError, gzip.BadGzipFile, zlib.error, OSError)


class DecompressionLimitExceeded(ValueError):
    """A compressed input inflates past the ratio bound: a likely gzip bomb."""


def _default_source(path: Path) -> str:
    return path.name.split(".")[0]


def _chunks(stream: BinaryIO, path: Path) -> Iterator[bytes]:
    """The file's bytes in chunks, inflated if it is gzipped, within the decompression bound."""
    if not path.name.lower().endswith((".gz", ".gzip")):
        yield from iter(lambda: stream.read(_CHUNK), b"")
        return
    limit = MAX_INFLATE_RATIO * os.fstat(stream.fileno()).st_size + _INFLATE_SLACK
    inflated = 0
    with gzip.GzipFile(fileobj=stream) as unzipped:
        for chunk in iter(lambda: unzipped.read1(_CHUNK), b""):
            inflated += len(chunk)
            if inflated > limit:
                raise DecompressionLimitExceeded(
                    f"inflates past {MAX_INFLATE_RATIO} times its compressed size (gzip bomb?)")
            yield chunk


def _without_bom(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, without a UTF-8 byte-order mark at the start of the file."""
    first = next(chunks, b"")
    yield first.removeprefix(codecs.BOM_UTF8)
    yield from chunks


def _lines(chunks: Iterator[bytes], max_bytes: int, carry: bytearray) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, line, oversized) of every non-blank line; an oversized line keeps only its head.

    ``carry`` holds the unfinished last line, so that a caller stopped by damage can report it."""
    lineno, over = 0, False
    for chunk in chunks:
        *complete, tail = chunk.split(b"\n")
        for part in complete:
            lineno += 1
            long_line = over or len(carry) + len(part) > max_bytes
            if long_line:  # only the head is kept: the reject's payload is cut to 64 KiB anyway
                line = bytes(carry[:PAYLOAD_LIMIT]) if carry else part[:PAYLOAD_LIMIT]
            else:
                line = bytes(carry) + part if carry else part
            carry.clear()
            over = False
            if long_line:
                yield lineno, line, True
            elif line.strip():
                yield lineno, line, False
        if not over:
            carry += tail
            if len(carry) > max_bytes:
                over = True
                del carry[max_bytes:]
    if carry or over:
        line = bytes(carry)
        carry.clear()
        if over or line.strip():
            yield lineno + 1, line[:PAYLOAD_LIMIT] if over else line, over


def read_jsonl(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
               shard: Shard = WHOLE) -> Iterator[Article | Reject | None]:
    """Each line of ``path`` as an ``Article`` or a ``Reject`` that says what is wrong with it; a
    line of another ``shard`` as ``SKIPPED`` (never with the default, the whole file)."""
    default_source = _default_source(path)
    carry = bytearray()
    lineno = records = 0  # ``records`` so far: the number of the next one
    with open(path, "rb") as stream:
        try:
            for lineno, raw, oversized in _lines(_without_bom(_chunks(stream, path)), max_bytes, carry):
                mine, records = shard.owns(records), records + 1
                if not mine:
                    yield SKIPPED
                    continue
                ref = f"{path}:{lineno}"
                if oversized:
                    yield Reject("parse", default_source, ref,
                                 f"record too large: over the {max_bytes}-byte limit", truncate_payload(raw))
                    continue
                yield isolated(lambda: parse_record(raw, ref, default_source), ref, default_source, raw)
        except (*_GZIP_DAMAGE, DecompressionLimitExceeded) as err:
            yield (Reject("parse", default_source, f"{path}:{lineno + 1}",
                          f"corrupt or truncated compressed file after line {lineno}, the rest is lost: "
                          f"{type(err).__name__}: {err}", truncate_payload(bytes(carry)))
                   if shard.owns(records) else SKIPPED)


def parse_record(raw: bytes, ref: str, default_source: str) -> Article | Reject:
    """One JSONL line as an article, or the reason it cannot be one."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return Reject("parse", default_source, ref, f"undecodable bytes: not UTF-8 at byte {err.start}",
                      truncate_payload(raw))
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Reject("parse", default_source, ref, f"malformed JSON: {err.msg} at column {err.colno}",
                      truncate_payload(raw))
    return record_article(record, ref, default_source, raw)


def record_article(record: Any, ref: str, default_source: str, raw: bytes | str) -> Article | Reject:
    """One parsed JSON value as an article, or the reason it cannot be one."""
    source = default_source

    def reject(reason: str, published=None) -> Reject:
        return Reject("parse", source, ref, reason, truncate_payload(raw), published)

    if not isinstance(record, dict):
        return reject(f"malformed record: expected a JSON object, got {type(record).__name__}")
    if isinstance(record.get("source"), str) and record["source"].strip():
        source = record["source"].strip()
    raw_date = record.get("published_at", record.get("published"))
    if raw_date in (None, ""):
        return reject("missing publication date: no 'published' or 'published_at' field")
    published = parse_published(raw_date)
    if published is None:
        return reject(f"unparseable publication date {raw_date!r}: expected an ISO date or datetime "
                      "that has a UTC time between years 1 and 9999")
    record_id = record.get("id", record.get("doc_id"))
    record_id = str(record_id).strip() if record_id not in (None, "") else None
    url = record.get("url") if isinstance(record.get("url"), str) else None
    title = record.get("title") if isinstance(record.get("title"), str) else None
    language = record.get("language") if isinstance(record.get("language"), str) else None
    text = record.get("text")
    if isinstance(text, str) and text.strip():
        return make_article(source=source, record_ref=ref, text=text, published_at=published,
                            record_id=record_id, url=url, title=title, language=language,
                            published_precision=published_precision(raw_date), as_given=True)
    html = record.get("html")
    if isinstance(html, str) and html.strip():
        page = parse_page(html, url=url)
        if page is None or page.text is None:
            return reject("no article text: the 'html' field has no main text", published.date())
        return make_article(source=source, record_ref=ref, text=page.text, published_at=published,
                            record_id=record_id, url=url or page.url, title=title or page.title,
                            language=language, declared_language=page.language,
                            published_precision=published_precision(raw_date), authors=page.authors,
                            site_name=page.site_name, dateline_place=page.dateline_place,
                            dateline_agency=page.dateline_agency)
    return reject("empty text: no non-empty 'text' or 'html' field", published.date())


def read_json(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """A ``.json`` file: one article object (``file:1``), or an array of them (``file[0]``, ...),
    the array streamed element by element. Damage inside the array ends the file with one reject."""
    default_source = _default_source(path)
    values = _JsonValues(path, max_bytes)
    try:
        for ref, value, text in values:
            yield isolated(lambda: record_article(value, ref, default_source, text), ref, default_source, text)
    except (ValueError, RecursionError) as err:  # JSONDecodeError and UnicodeDecodeError among them
        yield Reject("parse", default_source, values.ref,
                     f"malformed JSON file from {values.ref} on, the rest is lost: {type(err).__name__}: {err}",
                     truncate_payload(values.head()))


class _JsonValues:
    """Iterates (ref, value, its text) over a ``.json`` file holding an object or an array of them."""

    def __init__(self, path: Path, max_bytes: int):
        self.path, self.max_bytes = path, max_bytes
        self.decoder = json.JSONDecoder()
        self.buffer, self.pos, self.eof = "", 0, False
        self.ref = f"{path}:1"
        self.text: codecs.StreamReader | None = None

    def head(self) -> str:
        return self.buffer[self.pos:self.pos + 4096]

    def __iter__(self) -> Iterator[tuple[str, Any, str]]:
        with open(self.path, "rb") as stream:
            self.text = codecs.getreader("utf-8-sig")(stream)
            self._skip(" \t\r\n")
            if self._peek() != "[":
                yield self.ref, *self._value()
                self._skip(" \t\r\n")
                if self._peek():
                    raise ValueError(f"extra data after the JSON value at character {self.pos}")
                return
            self.pos += 1
            index = 0
            while True:
                self._skip(" \t\r\n")
                if self._peek() == "]":
                    return
                if index:
                    if self._peek() != ",":
                        raise ValueError("expected ',' or ']' between array elements")
                    self.pos += 1
                    self._skip(" \t\r\n")
                self.ref = f"{self.path}[{index}]"
                yield self.ref, *self._value()
                index += 1

    def _fill(self) -> bool:
        chunk = self.text.read(_CHUNK)
        self.buffer = self.buffer[self.pos:] + chunk
        self.pos = 0
        self.eof = not chunk
        return bool(chunk)

    def _peek(self) -> str:
        while self.pos >= len(self.buffer) and not self.eof:
            self._fill()
        return self.buffer[self.pos:self.pos + 1]

    def _skip(self, chars: str) -> None:
        while self._peek() and self.buffer[self.pos] in chars:
            self.pos += 1

    def _value(self) -> tuple[Any, str]:
        """The next value, read on until it is complete (and not cut at the buffer's end)."""
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
                if end < len(self.buffer) or self.eof:
                    break
            except json.JSONDecodeError:
                if self.eof or len(self.buffer) - self.pos > self.max_bytes:
                    raise
            if len(self.buffer) - self.pos > self.max_bytes:
                raise ValueError(f"array element over the {self.max_bytes}-byte limit")
            self._fill()
        text = self.buffer[self.pos:end]
        self.pos = end
        return value, text
