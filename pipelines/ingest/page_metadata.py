"""An HTML page's own metadata: publication instant and its precision, headline, authors, site name.

Evidence is taken in order of trust, each step only if the one before has nothing:

1. the article object of the page's JSON-LD (``NewsArticle``, ``LiveBlogPosting`` ...; a
   ``@graph`` is searched, ``@id`` references resolved, nested objects such as live-blog updates
   or related links are never the article);
2. ``<meta>`` tags: Open Graph / ``article:*``, ``itemprop``, Dublin Core, common CMS names;
3. the markup: a ``<time>`` or ``itemprop="datePublished"`` element outside teasers and asides;
4. htmldate (original date, no free-text search) on the page without its teasers and asides,
   which also reads the URL.

A modified date is never taken (``dateModified``, ``article:modified_time`` are not consulted).
A value with a time of day is ``second`` precision and keeps its offset; a bare day is ``day``
precision (midnight UTC of that day, never an invented time). A time without an offset is read
as UTC.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, time, timezone
from typing import Any, Iterator

import htmldate
from dateutil import parser as dateutil_parser
from lxml.html import HtmlElement

from pipelines.ingest.page_regions import OTHER_ARTICLES, class_or_id_contains, outside, without
from pipelines.ingest.records import published_precision

DAY, SECOND = "day", "second"
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "liveblogposting",
    "blogposting", "socialmediaposting", "report", "scholarlyarticle", "techarticle",
})
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
    "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "sailthru.date",
    "parsely-pub-date", "date",
)
_TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title")
_SITE_META = ("og:site_name", "application-name", "dc.publisher", "dcterms.publisher")
_AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "byl", "sailthru.author")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|/)\s+")
_BY = re.compile(r"^(?:by|von|par|por|di|door|av|af)\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|\bund\b|\bet\b|&)\s*")


@dataclass(frozen=True)
class Published:
    """A publication instant (aware, UTC) and how precisely the page gives it."""

    at: datetime
    precision: str


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about the article it carries."""

    published: Published | None
    title: str | None
    authors: tuple[str, ...]
    site_name: str | None
    free_to_read: bool = True


def page_metadata(tree: HtmlElement, *, url: str | None = None) -> PageMetadata:
    """All of a page's metadata from its parsed tree."""
    article, graph = json_ld_article(tree)
    meta = meta_values(tree)
    site = site_name(article, graph, meta)
    return PageMetadata(
        published=published(tree, article, meta, url=url),
        title=headline(tree, article, meta, site),
        authors=authors(article, graph, meta, site, _byline(tree)),
        site_name=site,
        free_to_read=str(article.get("isAccessibleForFree", "true")).strip().lower() not in ("false", "0"),
    )


# --- JSON-LD ----------------------------------------------------------------------------------

def json_ld_article(tree: HtmlElement) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The page's article object (empty if none) and every JSON-LD object by ``@id``."""
    tops: list[dict[str, Any]] = []
    for script in tree.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        tops.extend(_top_objects(data))
    graph = {obj["@id"]: obj for obj in tops if isinstance(obj.get("@id"), str)}
    article = next((obj for obj in tops if _types(obj) & ARTICLE_TYPES), {})
    return article, graph


def _top_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Top-level objects of a JSON-LD document: the document, list items, ``@graph`` members."""
    if isinstance(data, list):
        for item in data:
            yield from _top_objects(item)
    elif isinstance(data, dict):
        if isinstance(data.get("@graph"), list):
            yield from _top_objects(data["@graph"])
        else:
            yield data


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", ())
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value: Any, graph: dict[str, dict[str, Any]]) -> list[str]:
    """Names of a JSON-LD person/organisation value: a string, an object, an ``@id``, or a list."""
    if isinstance(value, list):
        return [name for item in value for name in _names(item, graph)]
    if isinstance(value, str):
        return [value.strip()] if value.strip() and "://" not in value else []
    if isinstance(value, dict):
        name = value.get("name")
        if name is None and isinstance(value.get("@id"), str):
            name = graph.get(value["@id"], {}).get("name")
        return [name.strip()] if isinstance(name, str) and name.strip() else []
    return []


# --- meta tags --------------------------------------------------------------------------------

def meta_values(tree: HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-cased ``property``, ``name`` or ``itemprop`` (first one wins)."""
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = (element.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            key = (element.get(attr) or "").strip().lower()
            if key and content:
                values.setdefault(key, content)
    return values


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


# --- publication instant ----------------------------------------------------------------------

def parse_instant(value: str) -> Published | None:
    """A date or date-time string as an instant with its precision; None if it is not one."""
    value = value.strip()
    if not value or not re.search(r"\d", value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dateutil_parser.parse(value)
        except (ValueError, OverflowError, TypeError):
            return None
    if published_precision(value) == DAY:
        return Published(datetime.combine(parsed.date(), time(0), tzinfo=timezone.utc), DAY)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return Published(parsed.astimezone(timezone.utc), SECOND)


def published(tree: HtmlElement, article: dict[str, Any], meta: dict[str, str], *,
              url: str | None = None) -> Published | None:
    """The publication instant from the best evidence the page has (see the module docstring)."""
    for value in (article.get("datePublished"), article.get("dateCreated"), _first(meta, _PUBLISHED_META),
                  _markup_date(tree)):
        if isinstance(value, str) and (found := parse_instant(value)):
            return found
    return _htmldate(tree, url)


def _markup_date(tree: HtmlElement) -> str | None:
    """A publication date marked up in the page: ``itemprop=datePublished`` or ``<time pubdate>``,
    outside other articles' teasers."""
    marked = tree.xpath("//*[@itemprop='datePublished'] | //time[@pubdate]")
    for element in outside(tree, OTHER_ARTICLES, marked):
        value = element.get("datetime") or element.get("content")
        if value:
            return value
    return None


def _htmldate(tree: HtmlElement, url: str | None) -> Published | None:
    """htmldate's original date on the page without other articles' teasers; day precision
    unless it found a time of day."""
    try:
        found = htmldate.find_date(without(tree, OTHER_ARTICLES), url=url, original_date=True,
                                   extensive_search=False, outputformat="%Y-%m-%dT%H:%M:%S%z")
    except AssertionError:  # lxml cannot drop a <script> that is the root of a broken page
        return None
    if not found:
        return None
    result = parse_instant(found)
    if result and found.endswith("T00:00:00"):
        return Published(result.at, DAY)
    return result


# --- headline, site name, authors -------------------------------------------------------------

def site_name(article: dict[str, Any], graph: dict[str, dict[str, Any]], meta: dict[str, str]) -> str | None:
    """The outlet: ``og:site_name``, else the JSON-LD publisher, the WebSite's name, Dublin Core."""
    if meta.get("og:site_name"):
        return meta["og:site_name"]
    publisher = _names(article.get("publisher"), graph)
    if publisher:
        return publisher[0]
    website = next((o.get("name") for o in graph.values() if "website" in _types(o)), None)
    if isinstance(website, str) and website.strip():
        return website.strip()
    return _first(meta, _SITE_META[1:])


def headline(tree: HtmlElement, article: dict[str, Any], meta: dict[str, str],
             site: str | None) -> str | None:
    """The article's headline: JSON-LD ``headline``, ``og:title``..., ``<h1>``, ``<title>``.

    Each candidate loses a site-name suffix or prefix (" | The Outlet"); a candidate of one word
    (a CMS or section name such as "escenic") is not a headline.
    """
    h1 = _first_text(tree, "//h1")
    title = _first_text(tree, "//title")
    candidates = [article.get("headline"), *(meta.get(k) for k in _TITLE_META), h1, title]
    known = {s.casefold() for s in (site,) if s}
    for candidate in candidates:
        if not isinstance(candidate, str):
            continue
        cleaned = strip_site_name(" ".join(candidate.split()), known, h1)
        if len(cleaned.split()) >= 2:
            return cleaned
    return None


def strip_site_name(title: str, site_names: set[str], h1: str | None) -> str:
    """``title`` without a trailing or leading segment naming the site (or, when the rest is the
    ``<h1>``, whatever that segment is)."""
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title
    last, first = separators[-1], separators[0]
    head, tail = title[: last.start()], title[last.end():]
    if tail.casefold() in site_names or (h1 and head.casefold() == h1.casefold()):
        return head
    if title[: first.start()].casefold() in site_names:
        return title[first.end():]
    return title


def _first_text(tree: HtmlElement, xpath: str) -> str | None:
    for element in outside(tree, OTHER_ARTICLES, tree.xpath(xpath)):
        text = " ".join(element.text_content().split())
        if text:
            return text
    return None


def _byline(tree: HtmlElement) -> str | None:
    """The name in the page's byline element (class or id "author" or "byline"), if it is short."""
    text = _first_text(tree, class_or_id_contains("author", "byline"))
    name = _BY.sub("", text or "").strip()
    return name if name and len(name.split()) <= 6 else None


def authors(article: dict[str, Any], graph: dict[str, dict[str, Any]], meta: dict[str, str],
            site: str | None, fallback: str | None = None) -> tuple[str, ...]:
    """Names of the article's authors (JSON-LD ``author``, else ``<meta>`` author tags, else the
    byline ``fallback``), without the outlet itself (an article "by" its publisher has no named
    author)."""
    if "author" in article:
        names = _names(article["author"], graph)
    else:
        raw = _first(meta, tuple(k for k in _AUTHOR_META if "://" not in meta.get(k, "://"))) or fallback
        names = _AUTHOR_SPLIT.split(raw) if raw else []
    seen: dict[str, None] = {}
    for name in names:
        name = " ".join(name.split())
        if name and (not site or name.casefold() != site.casefold()):
            seen.setdefault(name, None)
    return tuple(seen)
