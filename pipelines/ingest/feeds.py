"""RSS and Atom feeds (feedparser), from a local file or an http(s) URL from the sources config.

The feed document is read with a size bound and handed to feedparser as bytes,
so feedparser itself never opens a file or a URL. Links inside entries are
recorded, never followed. Each entry becomes an article or a reject:

- the date is the entry's ``published``, else its ``updated`` date, as feedparser parses it, else
  as dateparser reads it (dates in other languages: "Seg, 24 Set 2018 19:42:40 -0300"); a date
  without a time of day is ``day`` precision;
- the body is the entry's full content; an entry with only a summary is
  rejected unless the source allows summaries;
- the id derives from the entry link (as for any page with that URL), else
  from the text.

A feed URL that cannot be fetched (network error, timeout, HTTP 5xx, 408 or
429) is tried ``FETCH_ATTEMPTS`` times with exponential backoff, then becomes
one reject for that source while the run goes on; other HTTP errors are
rejected at once. A local feed file that cannot be read raises ``OSError``
(the reader turns it into a reject); bad data yields rejects.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import dateparser
import feedparser

from pipelines.ingest.html import fragment_text
from pipelines.ingest.records import (
    DEFAULT_MAX_BYTES,
    Article,
    Reject,
    isolated,
    make_article,
    published_precision,
    truncate_payload,
)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_USER_AGENT = "dateline-feed-reader/0.1"
FETCH_ATTEMPTS = 3
FETCH_BACKOFF = 2.0  # seconds before the second attempt, doubled before each later one
_RETRIED_HTTP = (408, 429)
_DATEPARSER_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC", "TO_TIMEZONE": "UTC"}


class FeedTooLarge(ValueError):
    """The feed document is over the size limit."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects of the configured feed URL, but only to http(s)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 (urllib API)
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http(s) URL: {newurl}",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def is_url(location: str) -> bool:
    """Whether a feed location is an http(s) URL rather than a local path."""
    return urlsplit(location).scheme in ("http", "https")


def fetch_feed(location: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 30) -> bytes:
    """The feed document's bytes, read to at most ``max_bytes``; raises OSError or FeedTooLarge."""
    if is_url(location):
        opener = urllib.request.build_opener(_HttpOnlyRedirects)
        request = urllib.request.Request(location, headers={"User-Agent": _USER_AGENT})
        with opener.open(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
    else:
        with open(location, "rb") as stream:
            data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FeedTooLarge(f"feed too large: over the {max_bytes}-byte limit")
    return data


def _retryable(err: OSError) -> bool:
    """A network failure or a server-side HTTP error, which a later attempt may not meet."""
    if isinstance(err, urllib.error.HTTPError):
        return err.code >= 500 or err.code in _RETRIED_HTTP
    return True


def fetch_url_with_retries(location: str, *, max_bytes: int, timeout: float,
                           attempts: int = FETCH_ATTEMPTS, backoff: float = FETCH_BACKOFF) -> bytes:
    """``fetch_feed`` of a URL, retried with exponential backoff; raises the last ``OSError``."""
    for attempt in range(1, attempts + 1):
        try:
            return fetch_feed(location, max_bytes=max_bytes, timeout=timeout)
        except OSError as err:
            if attempt == attempts or not _retryable(err):
                raise
            time.sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def read_feed(
    location: str,
    *,
    source: str,
    allow_summary: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 30,
    backoff: float = FETCH_BACKOFF,
) -> Iterator[Article | Reject]:
    """Every entry of the feed at ``location`` as an article or a reject."""
    try:
        if is_url(location):
            data = fetch_url_with_retries(location, max_bytes=max_bytes, timeout=timeout, backoff=backoff)
        else:
            data = fetch_feed(location, max_bytes=max_bytes, timeout=timeout)
    except FeedTooLarge as err:
        yield Reject("parse", source, location, str(err))
        return
    except OSError as err:
        if not is_url(location):
            raise
        yield Reject("parse", source, location, f"feed unreachable: {err}")
        return
    feed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if not feed.entries:
        if feed.bozo:
            yield Reject("parse", source, location, f"malformed feed: {feed.bozo_exception}",
                         truncate_payload(data))
        return
    for number, entry in enumerate(feed.entries, start=1):
        yield isolated(lambda: entry_article(entry, source=source, location=location, number=number,
                                             allow_summary=allow_summary),
                       entry.get("link") or f"{location}#entry-{number}", source, _describe(entry))


def read_feed_file(
    path: Path, *, source: str | None = None, allow_summary: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Reject]:
    """A feed saved as a file; ``source`` defaults to the file's name without extensions."""
    return read_feed(str(path), source=source or path.name.split(".")[0],
                     allow_summary=allow_summary, max_bytes=max_bytes)


def entry_article(
    entry: feedparser.FeedParserDict, *, source: str, location: str, number: int, allow_summary: bool
) -> Article | Reject:
    """One feed entry as an article, or the reason it cannot be one."""
    link = entry.get("link") or None
    ref = link or f"{location}#entry-{number}"

    def reject(reason: str, published: datetime | None = None) -> Reject:
        return Reject("parse", source, ref, reason, truncate_payload(_describe(entry)),
                      published.date() if published else None)

    raw = _field(entry, "published") or _field(entry, "updated")
    published = _entry_date(entry) or _multilingual_date(raw)
    if published is None:
        if raw:
            return reject(f"unparseable publication date {raw!r} in the feed entry")
        return reject("missing publication date: the feed entry has no published or updated date")
    body = _entry_body(entry, allow_summary)
    if body is None:
        if entry.get("summary"):
            return reject("summary only: the feed entry has no full content "
                          "(allow_summary is off for this source)", published)
        return reject("empty text: the feed entry has no content or summary", published)
    text = fragment_text(body["value"]) if body.get("type") in _HTML_TYPES else body["value"]
    if not text:
        return reject("no article text: the entry's HTML content has no text", published)
    return make_article(source=source, record_ref=ref, text=text, published_at=published,
                        published_precision=published_precision(raw), url=link, title=entry.get("title"))


def _entry_date(entry: feedparser.FeedParserDict) -> datetime | None:
    """The entry's published date, else its updated date, as aware UTC (feedparser gives UTC)."""
    parsed = _field(entry, "published_parsed") or _field(entry, "updated_parsed")
    if parsed is None:
        return None
    try:
        return datetime(*parsed[:5], min(parsed[5], 59), tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None


def _multilingual_date(raw: str | None) -> datetime | None:
    """A date feedparser could not read (another language's day and month names), by dateparser;
    a date without an offset is read as UTC."""
    if not raw:
        return None
    parsed = dateparser.parse(raw, settings=_DATEPARSER_SETTINGS)
    return parsed.astimezone(timezone.utc) if parsed else None


def _entry_body(entry: feedparser.FeedParserDict, allow_summary: bool) -> dict | None:
    """The entry's full content (HTML preferred), else its summary if allowed; None if neither."""
    contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if contents:
        return next((c for c in contents if c.get("type") in _HTML_TYPES), contents[0])
    if allow_summary and (entry.get("summary") or "").strip():
        detail = entry.get("summary_detail") or {}
        return {"type": detail.get("type", "text/html"), "value": entry["summary"]}
    return None


def _field(entry: feedparser.FeedParserDict, key: str):
    """A field as the feed gave it, without feedparser's deprecated updated/published aliasing."""
    return dict.get(entry, key)


def _describe(entry: feedparser.FeedParserDict) -> str:
    """A readable payload for a rejected entry: its link, title, dates and text fields."""
    fields = ("link", "title", "published", "updated", "summary")
    lines = [f"{name}: {_field(entry, name)}" for name in fields if _field(entry, name)]
    lines += [f"content: {c.get('value', '')}" for c in entry.get("content", [])]
    return "\n".join(lines)
