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
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from pipelines.ingest.language import article_language

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
PAYLOAD_LIMIT = 64 * 1024
DEFAULT_LANGUAGE = "en"
# The longest text the parser takes (spaCy's ``nlp.max_length``); a longer one is rejected when read.
MAX_TEXT_CHARS = 1_000_000


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


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (which UTF-8, Parquet and DuckDB cannot hold) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def isolated(build: Callable[[], Article | Reject], ref: str, source: str,
             payload: bytes | str) -> Article | Reject:
    """``build()``, with any exception it raises turned into a reject of the record ``ref``."""
    try:
        return build()
    except Exception as err:  # one record must never cost the run
        return Reject("parse", source, ref, f"unreadable record: {type(err).__name__}: {err}",
                      truncate_payload(payload))


def truncate_payload(payload: str | bytes) -> str:
    """The payload as valid text, cut to 64 KiB of UTF-8."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", errors="replace")
    payload = valid_unicode(payload)
    encoded = payload.encode("utf-8")
    if len(encoded) <= PAYLOAD_LIMIT:
        return payload
    return encoded[:PAYLOAD_LIMIT].decode("utf-8", errors="ignore")


_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, runs of spaces folded, blank-line runs folded, ends stripped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def has_visible_text(text: str) -> bool:
    """Whether ``text`` has a character that is neither whitespace nor an invisible format
    character (zero-width space and joiners, word joiner, byte-order mark: Unicode category Cf)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def normalise_language(tag: str | None) -> str | None:
    """The ISO 639-1 part of a language tag: ``en-US``, ``en_GB``, ``EN`` -> ``en``; None if empty.

    A tag whose primary subtag is not two letters is kept lower-cased, for validation to reject."""
    primary = re.split(r"[-_]", (tag or "").strip(), maxsplit=1)[0].lower()
    if not primary:
        return None
    return primary if len(primary) == 2 else (tag or "").strip().lower()


def invalid_unicode_field(**fields: str | None) -> str | None:
    """The name of the first field holding a lone surrogate (from a JSON ``\\ud800`` escape), if any."""
    return next((name for name, value in fields.items() if value and _SURROGATE.search(value)), None)


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


_TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}|\dT\d")


def published_precision(value: object) -> str:
    """``day`` for a date written without a time of day (``2024-03-01``, ``Mon, 24 Sep 2018``),
    else ``second``."""
    return "day" if isinstance(value, str) and not _TIME_OF_DAY.search(value) else "second"


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
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:  # 9999-12-31T23:59:59-14:00 or 0001-01-01T00:00+01:00: no UTC year to hold it
        return None


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
    as_given: bool = False,
) -> Article | Reject:
    """Normalise the text and derive the ids; reject an empty, invalid or too long body.
    ``language`` is the one the record states (reduced to ISO 639-1); without it the text's detected
    language is used, then ``declared_language`` (a page's ``<html lang>``). ``as_given`` keeps a
    record's own text exactly as given (the contract: offsets then index the user's copy); the hash
    is still of the normalised text."""
    problem = _text_problem(text, source=source, url=url, title=title, id=record_id)
    if problem:
        return Reject("parse", valid_unicode(source), record_ref, problem, truncate_payload(text),
                      published_at.date())
    normalised = normalise_text(text)
    body = text if as_given else normalised
    sha = content_sha256(normalised)
    canon = canonical_url(url)
    return Article(
        article_id=derive_article_id(record_id, canon, sha),
        source=source,
        url=canon or (url or None),
        title=(title or "").strip() or None,
        published_at=published_at,
        text=body,
        language=article_language(normalised, stated=normalise_language(language), declared=declared_language),
        content_sha256=sha,
        record_ref=record_ref,
        published_precision=published_precision,
        authors=tuple(authors),
        site_name=(site_name or "").strip() or None,
        dateline_place=dateline_place,
        dateline_agency=dateline_agency,
    )


def _text_problem(text: str, **fields: str | None) -> str | None:
    """Why the text (and the fields beside it) cannot make an article, or None."""
    bad = invalid_unicode_field(text=text, **fields)
    if bad:
        return f"invalid text: the {bad!r} field holds a lone UTF-16 surrogate (not a Unicode character)"
    if len(text) > MAX_TEXT_CHARS:
        return f"text too long: {len(text)} characters, over the {MAX_TEXT_CHARS:,}-character limit of the parser"
    if not has_visible_text(text):
        return "empty text: the article has no visible body text"
    return None
