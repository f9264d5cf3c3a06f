"""Regions of an HTML page that are not the article: XPaths shared by date and text extraction.

Matched by element name (``aside``, ``nav``, ``footer``, ...) and by words in ``class`` or ``id``
(case-insensitive, at the start of a name or after ``-``/``_``: "share" matches "sharedaddy" and
"post-share", "date" does not match "update"), the names CMSs give these blocks. No rule names a site.
"""
from __future__ import annotations

from copy import deepcopy

from lxml.html import HtmlElement

# class and id, lower-cased, with "_" read as "-" and a space in front of each name
_NAMES = ("concat(' ', translate(concat(@class, ' ', @id), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_', "
          "'abcdefghijklmnopqrstuvwxyz-'))")


def class_or_id_contains(*words: str) -> str:
    """XPath of elements with a ``class`` or ``id`` name that starts with one of ``words``, or has
    it after a ``-``."""
    tests = (f"contains({_NAMES}, '{sep}{w}')" for w in words for sep in (" ", "-"))
    return "//*[" + " or ".join(tests) + "]"


# Other articles: teasers, related and most-read lists, with their own headlines and dates.
OTHER_ARTICLES = " | ".join(("//aside", "//nav", "//footer", class_or_id_contains(
    "related", "teaser", "more-", "most-", "recommend", "read-next", "also-read", "weitere")))

# Everything in or around the article that is not its own running text.
BOILERPLATE = " | ".join((
    OTHER_ARTICLES, "//header", "//figure", "//figcaption", "//h1", "//h2", "//h3", "//h4", "//h5",
    "//h6", "//form", "//button",
    class_or_id_contains(
        "caption", "byline", "author", "dateline", "timestamp", "date", "meta", "share", "social",
        "newsletter", "subscribe", "paywall", "breadcrumb", "promo", "advert", "read-time", "nav",
        "copyright", "footer", "masthead", "menu", "tags", "comments", "signature", "standfirst"),
    # link lists: lists whose every item is one link and nothing else
    "//ul[li and not(li[normalize-space(.) != normalize-space(a)])]",
))


def without(tree: HtmlElement, xpath: str) -> HtmlElement:
    """A copy of ``tree`` without the elements ``xpath`` selects (and their descendants)."""
    copy = deepcopy(tree)
    for element in copy.xpath(xpath):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return copy


def outside(tree: HtmlElement, xpath: str, selected: list[HtmlElement]) -> list[HtmlElement]:
    """The ``selected`` elements that are not inside an element ``xpath`` selects."""
    excluded = set(tree.xpath(xpath))
    return [e for e in selected if e not in excluded and not any(a in excluded for a in e.iterancestors())]
