"""An HTML page's own article text: trafilatura on the page without its boilerplate regions,
then line rules for what sits inside the article's paragraphs but is not its text.

Text policy:

- regions that are never article text are removed before trafilatura sees the page
  (``page_regions.BOILERPLATE``: headings, bylines, captions, teasers, share bars, link lists,
  footers, paywall prompts);
- trafilatura extracts with ``favor_precision``; when that keeps implausibly little of the
  page's paragraph text, ``favor_recall`` is tried, and the longer plausible result is kept;
- lines that are credits, copyright or trust-principle notes are dropped (``_NOT_TEXT``);
- a dateline opening the first paragraph ("MEXICO CITY (AP) —") is split off into place and
  agency;
- paragraphs are separated by a blank line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement

from pipelines.ingest.page_regions import BOILERPLATE, without

MIN_WORDS = 25                 # below this, no page holds a news article
MIN_SHARE_OF_PARAGRAPHS = 0.4  # of the words in the page's own <p> elements
PAYWALL_MIN_WORDS = 120        # a page marked not free to read, with less than this, is a stub
_WORD = re.compile(r"\w+")
_NOT_TEXT = re.compile(
    r"^(?:©|\(c\)\s|copyright\b"
    r"|(?:additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\b"
    r"|our standards\b"
    r"|(?:read|see) (?:more|also)\b:?"
    r"|related\s*:"
    r")|all rights reserved|trust principles",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][\w.'’,/ -]{1,50}?)\s*(?:\((?P<agency>[^()\n]{2,30})\))?\s*[—–-]{1,2}\s+(?=\S)"
)


@dataclass(frozen=True)
class PageText:
    """The article's text (None with a reason when there is none worth keeping) and its dateline."""

    text: str | None
    reason: str | None = None
    dateline_place: str | None = None
    dateline_agency: str | None = None


def page_text(tree: HtmlElement, *, url: str | None = None, free_to_read: bool = True) -> PageText:
    """The article's own text of a parsed page (see the module docstring)."""
    cleaned = without(tree, BOILERPLATE)
    paragraph_words = sum(_words(p.text_content()) for p in cleaned.iter("p"))
    precise = _extract(cleaned, url, favor_precision=True)
    doc = precise
    if precise is None or _words(precise.text or "") < MIN_SHARE_OF_PARAGRAPHS * paragraph_words:
        recall = _extract(cleaned, url, favor_recall=True)
        if recall is not None and _words(recall.text or "") > _words((precise and precise.text) or ""):
            doc = recall
    lines = [line for line in (doc.text or "").split("\n") if line.strip()] if doc is not None else []
    lines = [line for line in lines if not _NOT_TEXT.search(line.strip())]
    place, agency = None, None
    if lines:
        lines[0], place, agency = split_dateline(lines[0])
    text = "\n\n".join(line.strip() for line in lines if line.strip())
    reason = implausibly_short(_words(text), paragraph_words, free_to_read)
    if not text:
        return PageText(None, "no article text: the page has no main text (only boilerplate or nothing)")
    if reason:
        return PageText(None, reason)
    return PageText(text, None, place, agency)


def _extract(tree: HtmlElement, url: str | None, **focus: bool):
    return trafilatura.bare_extraction(tree, url=url, include_comments=False, include_tables=False,
                                       **focus)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def implausibly_short(words: int, paragraph_words: int, free_to_read: bool) -> str | None:
    """Why a text of ``words`` words is too short to be the article of its page, or None."""
    if words == 0:
        return None
    if words < MIN_WORDS:
        return f"implausibly short text for an article: {words} words"
    if not free_to_read and words < PAYWALL_MIN_WORDS:
        return (f"implausibly short text: {words} words from a page that marks its article "
                "as not free to read (a paywall stub)")
    if paragraph_words >= 4 * MIN_WORDS and words < MIN_SHARE_OF_PARAGRAPHS * paragraph_words:
        return (f"implausibly short text: {words} words extracted from a page with "
                f"{paragraph_words} words of paragraph text")
    return None


def split_dateline(paragraph: str) -> tuple[str, str | None, str | None]:
    """A first paragraph without its dateline, and the dateline's place and agency.

    A dateline is a place in capitals ("WASHINGTON —"), or any place followed by an agency in
    parentheses ("Berlin (dpa) -"), then a dash, at the very start of the paragraph.
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return paragraph, None, None
    place, agency = match.group("place").strip(" ,"), match.group("agency")
    if len(place.split()) > 5 or not (agency or place.upper() == place):
        return paragraph, None, None
    return paragraph[match.end():], place, agency.strip() if agency else None
