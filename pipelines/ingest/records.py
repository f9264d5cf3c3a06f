"""What every reader yields: a clean ``Article`` or a ``Reject`` saying why not.

Readers (JSONL, HTML folders, feeds, WARC) are plain generators over one input
path that know nothing of Beam; the pipeline wraps them. They share the
helpers here so that ids, text normalisation and size limits are the same
whatever the input format.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from urllib.parse import urlsplit, urlunsplit

from pipelines.ingest.language import article_language

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
PAYLOAD_LIMIT = 64 * 1024
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Article:
    """An article ready for extraction; ``text`` is what every offset points into."""

    article_id: str
    source: str
    url: str | None
    title: str | None
    published_at: datetime
    text: str
    language: str = DEFAULT_LANGUAGE
    content_sha256: str = ""
    record_ref: str = ""
    published_precision: str = "second"
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    dateline_place: str | None = None
    dateline_agency: str | None = None

    @property
    def published_date(self) -> date:
        return self.published_at.date()


@dataclass(frozen=True)
class Reject:
    """An input record that could not become an article, and why."""

    stage: str
    source: str
    record_ref: str
    reason: str
    payload: str = ""
    published_date: date | None = field(default=None)


def truncate_payload(payload: str | bytes) -> str:
    """The payload as text, cut to 64 KiB of UTF-8."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", errors="replace")
    encoded = payload.encode("utf-8")
    if len(encoded) <= PAYLOAD_LIMIT:
        return payload
    return encoded[:PAYLOAD_LIMIT].decode("utf-8", errors="ignore")


_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, runs of spaces folded, blank-line runs folded, ends stripped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def content_sha256(text: str) -> str:
    """Hash of the normalised text with all whitespace folded: equal bodies, equal hashes."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """Lower-cased scheme and host, no fragment, no trailing slash; None if not http(s)."""
    if not url or not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def derive_article_id(record_id: str | None, url: str | None, sha: str) -> str:
    """The record's own id if it has one, else a hash of the canonical URL, else of the content."""
    if record_id:
        return record_id
    if url:
        return "u" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]
    return "c" + sha[:24]


def published_precision(value: object) -> str:
    """``day`` for a bare ISO date (``2024-03-01``), else ``second``."""
    return "day" if isinstance(value, str) and len(value.strip()) == 10 else "second"


def parse_published(value: object) -> datetime | None:
    """An ISO date or datetime as an aware UTC datetime; a bare date means midnight UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0), tzinfo=timezone.utc)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def make_article(
    *,
    source: str,
    record_ref: str,
    text: str,
    published_at: datetime,
    record_id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    language: str | None = None,
    declared_language: str | None = None,
    published_precision: str = "second",
    authors: tuple[str, ...] = (),
    site_name: str | None = None,
    dateline_place: str | None = None,
    dateline_agency: str | None = None,
) -> Article | Reject:
    """Normalise the text and derive the ids; reject an empty body. ``language`` is the one the
    record states; without it the text's detected language is used, then ``declared_language``
    (a page's ``<html lang>``)."""
    body = normalise_text(text)
    if not body:
        return Reject("parse", source, record_ref, "empty text: the article has no body text",
                      truncate_payload(text), published_at.date())
    sha = content_sha256(body)
    canon = canonical_url(url)
    return Article(
        article_id=derive_article_id(record_id, canon, sha),
        source=source,
        url=canon or (url or None),
        title=(title or "").strip() or None,
        published_at=published_at,
        text=body,
        language=article_language(body, stated=language, declared=declared_language),
        content_sha256=sha,
        record_ref=record_ref,
        published_precision=published_precision,
        authors=tuple(authors),
        site_name=(site_name or "").strip() or None,
        dateline_place=dateline_place,
        dateline_agency=dateline_agency,
    )
