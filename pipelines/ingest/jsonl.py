"""JSON Lines dumps (``.jsonl`` / ``.jsonl.gz``): one article object per line, streamed."""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import BinaryIO, Iterator

from pipelines.ingest.html import parse_page
from pipelines.ingest.records import (
    DEFAULT_MAX_BYTES,
    Article,
    Reject,
    make_article,
    parse_published,
    published_precision,
    truncate_payload,
)

_CHUNK = 1 << 20


def _open(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """(line, oversized) pairs; an oversized line keeps only its head and is read past in chunks."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line, False
            continue
        head = line
        while line and not line.endswith(b"\n"):
            line = stream.readline(_CHUNK)
        yield head, True


def read_jsonl(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """Each line of ``path`` as an ``Article`` or a ``Reject`` that says what is wrong with it."""
    default_source = path.name.split(".")[0]
    with _open(path) as stream:
        for lineno, (raw, oversized) in enumerate(_lines(stream, max_bytes), start=1):
            ref = f"{path}:{lineno}"
            if oversized:
                yield Reject("parse", default_source, ref,
                             f"record too large: over the {max_bytes}-byte limit", truncate_payload(raw))
                continue
            if not raw.strip():
                continue
            yield parse_record(raw, ref, default_source)


def parse_record(raw: bytes, ref: str, default_source: str) -> Article | Reject:
    """One JSONL line as an article, or the reason it cannot be one."""
    def reject(reason: str, published=None) -> Reject:
        return Reject("parse", source, ref, reason, truncate_payload(raw), published)

    source = default_source
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return reject(f"undecodable bytes: not UTF-8 at byte {err.start}")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return reject(f"malformed JSON: {err.msg} at column {err.colno}")
    if not isinstance(record, dict):
        return reject(f"malformed record: expected a JSON object, got {type(record).__name__}")
    if isinstance(record.get("source"), str) and record["source"].strip():
        source = record["source"].strip()
    raw_date = record.get("published_at", record.get("published"))
    if raw_date in (None, ""):
        return reject("missing publication date: no 'published' or 'published_at' field")
    published = parse_published(raw_date)
    if published is None:
        return reject(f"unparseable publication date {raw_date!r}: expected an ISO date or datetime")
    record_id = record.get("id", record.get("doc_id"))
    record_id = str(record_id).strip() if record_id not in (None, "") else None
    url = record.get("url") if isinstance(record.get("url"), str) else None
    title = record.get("title") if isinstance(record.get("title"), str) else None
    language = record.get("language") if isinstance(record.get("language"), str) else None
    text = record.get("text")
    if isinstance(text, str) and text.strip():
        return make_article(source=source, record_ref=ref, text=text, published_at=published,
                            record_id=record_id, url=url, title=title, language=language,
                            published_precision=published_precision(raw_date))
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
