"""HTML pages: decoding, then the article's text (``page_text``) and metadata (``page_metadata``).

Nothing here fetches or renders anything. Bytes are decoded here (never handed
to a library that might decompress or download them), parsed once into an lxml
tree, and that tree is what trafilatura and htmldate see: htmldate treats a
string that looks like a URL as something to download, a tree it cannot.

Date policy (``page_metadata``): structured data, then markup, then the URL; never a
modified date, never a teaser's. Free text and copyright lines are not searched
(htmldate's ``extensive_search`` is off): a "© 2020" footer is not a date. If the page
has no date, the caller's ``fallback_published`` is used when it has a trustworthy
one (the WARC reader passes the capture time); otherwise the page is rejected.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

import trafilatura
from charset_normalizer import from_bytes
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from pipelines.ingest.page_metadata import SECOND, page_metadata
from pipelines.ingest.page_text import page_text
from pipelines.ingest.records import DEFAULT_MAX_BYTES, Article, Reject, make_article, truncate_payload
from schemas.tables import ISO_639_1

_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([a-z0-9_:.+-]{1,40})", re.I)
_SNIFF_BYTES = 4096
# WHATWG: these labels mean windows-1252 on the web, and a UTF-16 label without a BOM means UTF-8.
_WEB_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
                "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8"}
_ISO_639_1 = frozenset(ISO_639_1)


class UndecodableHtml(ValueError):
    """Bytes that no declared, sniffed or detected charset decodes."""


@dataclass(frozen=True)
class Page:
    """What an HTML page yields: the article's own text (or why there is none) and its metadata."""

    text: str | None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    published_precision: str = SECOND
    language: str | None = None
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    dateline_place: str | None = None
    dateline_agency: str | None = None
    reason: str | None = None


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode as a browser would, except that bytes valid as UTF-8 are UTF-8: BOM, then UTF-8,
    then the given (HTTP) charset, the ``<meta>`` one, windows-1252 (the web's legacy default
    for English), and last charset detection.

    Valid UTF-8 comes before a declared charset because pages declaring ``iso-8859-1`` while
    serving UTF-8 are common (a template's stale header), and legacy single-byte text with
    non-ASCII bytes is almost never valid UTF-8 by chance.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError as err:
                raise UndecodableHtml(f"undecodable bytes: invalid {name} after its byte-order mark "
                                      f"at byte {err.start}") from None
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    meta = match.group(1).decode("ascii") if match else None
    candidates = ["utf-8"] + [c for c in (charset, meta) if c] + ["cp1252"]
    for name in candidates:
        try:
            codec = codecs.lookup(name).name
            return data.decode(_WEB_ALIASES.get(codec, codec))
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data).best()
    if best is None:
        tried = ", ".join(repr(c) for c in candidates)
        raise UndecodableHtml(f"undecodable bytes: not valid in {tried} and no charset could be detected")
    return str(best)


def parse_page(html: str, *, url: str | None = None) -> Page | None:
    """Text and metadata of a page (``page_text``, ``page_metadata``); None if it is not HTML at all."""
    tree = load_html(html)
    if tree is None:
        return None
    meta = page_metadata(tree, url=url)
    body = page_text(tree, url=url, free_to_read=meta.free_to_read)
    published = meta.published
    return Page(
        text=body.text,
        title=meta.title,
        url=_canonical_link(tree) or url,
        published=published.at if published else None,
        published_precision=published.precision if published else SECOND,
        language=_language(tree),
        authors=meta.authors,
        site_name=meta.site_name,
        dateline_place=body.dateline_place,
        dateline_agency=body.dateline_agency,
        reason=body.reason,
    )


def _canonical_link(tree: HtmlElement) -> str | None:
    """The page's ``<link rel=canonical>``, else its ``og:url``, if absolute http(s)."""
    for href in tree.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"):
        if href.strip().startswith(("http://", "https://")):
            return href.strip()
    return None


def fragment_text(fragment: str) -> str | None:
    """Plain text of an HTML fragment such as a feed entry's content; None if it has none."""
    tree = load_html(f"<html><body><article>{fragment}</article></body></html>")
    if tree is None:
        return None
    doc = trafilatura.bare_extraction(tree, include_comments=False)
    return doc.text if doc is not None and (doc.text or "").strip() else None


def _language(tree: HtmlElement) -> str | None:
    """The page's ``<html lang>`` primary subtag, if it is an ISO 639-1 code."""
    lang = (tree.getroottree().getroot().get("lang") or "").split("-")[0].strip().lower()
    return lang if lang in _ISO_639_1 else None


def article_from_html(
    html: bytes | str,
    *,
    source: str,
    record_ref: str,
    url: str | None = None,
    fallback_published: datetime | None = None,
    charset: str | None = None,
) -> Article | Reject:
    """One HTML page as an article: main text, title, canonical URL and publication date.

    ``charset`` is a charset declared outside the page (an HTTP header); the
    page's own ``<meta>`` declaration and detection are tried after it.
    """
    def reject(reason: str) -> Reject:
        return Reject("parse", source, record_ref, reason, truncate_payload(html))

    try:
        markup = decode_html(html, charset) if isinstance(html, bytes) else html
    except UndecodableHtml as err:
        return reject(str(err))
    if not markup.strip():
        return reject("no article text: the page is empty")
    page = parse_page(markup, url=url)
    if page is None:
        return reject("not an HTML document: no markup could be parsed")
    if page.text is None:
        return reject(page.reason or "no article text: the page has no main text")
    if page.published is None and fallback_published is None:
        return reject("no publication date found in the page metadata, markup or URL")
    return make_article(
        source=source, record_ref=record_ref, text=page.text,
        published_at=page.published or fallback_published,
        published_precision=page.published_precision if page.published else SECOND,
        url=page.url, title=page.title, declared_language=page.language, authors=page.authors,
        site_name=page.site_name, dateline_place=page.dateline_place,
        dateline_agency=page.dateline_agency)


def read_html_file(
    path: Path, *, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Reject]:
    """One saved page as an article or a reject; ``source`` defaults to the folder's name."""
    source = source or path.parent.name or path.stem
    size = path.stat().st_size
    if size > max_bytes:
        with open(path, "rb") as stream:
            head = stream.read(4096)
        yield Reject("parse", source, str(path),
                     f"article too large: {size} bytes, over the {max_bytes}-byte limit",
                     truncate_payload(head))
        return
    yield article_from_html(path.read_bytes(), source=source, record_ref=str(path))
