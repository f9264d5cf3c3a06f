"""HTML pages: main text with trafilatura, publication date with htmldate.

Nothing here fetches or renders anything. Bytes are decoded here (never handed
to a library that might decompress or download them), parsed once into an lxml
tree, and that tree is what trafilatura and htmldate see: htmldate treats a
string that looks like a URL as something to download, a tree it cannot.

Date policy: the page's own original publication date (htmldate with
``original_date=True``, so not the "updated" date) from its metadata, markup and
URL only. Free text and copyright lines are not searched (htmldate's
``extensive_search`` is off), because that is where a guess comes from: a
"© 2020" footer becomes 2020-01-01. If the page has no date, the caller's
``fallback_published`` is used when it has a trustworthy one (the WARC reader
passes the capture time); otherwise the page is rejected.
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

from pipelines.ingest.records import (
    DEFAULT_MAX_BYTES,
    Article,
    Reject,
    make_article,
    parse_published,
    truncate_payload,
)
from schemas.tables import ISO_639_1

_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
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
    """What an HTML page yields: main text and the metadata found in its markup."""

    text: str | None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str | None = None


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode as a browser would: BOM, else the given (HTTP) charset, the ``<meta>`` one, UTF-8,
    windows-1252 (the web's legacy default for English), and last charset detection."""
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
    candidates = [c for c in (charset, meta) if c] + ["utf-8", "cp1252"]
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
    """Main text, title, canonical URL, language and date of a page; None if it is not HTML at all."""
    tree = load_html(html)
    if tree is None:
        return None
    language = _language(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, favor_precision=True, include_comments=False,
        with_metadata=True, date_extraction_params=_DATE_PARAMS,
    )
    if doc is None or not (doc.text or "").strip():
        return Page(text=None, language=language)
    title = (doc.title or "").strip() or None
    return Page(
        text=_without_headline(doc.text, title),
        title=title,
        url=doc.url or url,
        published=parse_published(doc.date),
        language=language,
    )


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


def _without_headline(text: str, title: str | None) -> str:
    """The body without a leading line that repeats the title (the page's ``<h1>``)."""
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


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
        return reject("no article text: the page has no main text (only boilerplate or nothing)")
    published = page.published or fallback_published
    if published is None:
        return reject("no publication date found in the page metadata, markup or URL")
    return make_article(source=source, record_ref=record_ref, text=page.text, published_at=published,
                        url=page.url, title=page.title, language=page.language)


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
