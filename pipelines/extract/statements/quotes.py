"""Quotation spans: straight and curly double marks, recovered paragraph by paragraph.

Two apostrophes (or two backticks) count as a straight double mark: the archive convention of some
newsrooms and of treebank-style text (``''We will,'' she said``). Marks are paired within a paragraph only, so one stray mark cannot swallow the
rest of the article. A straight mark is an opener or a closer by its context
(space before and a word after opens; a word before and space or punctuation
after closes); only when the context says nothing does it toggle. A quote left
open at the end of a paragraph runs to the paragraph end when the paragraph
starts with it (the wire convention for quotes continued over paragraphs),
otherwise to the end of its sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import has_cue_word

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
# A double mark: one character, or two or more apostrophes / two backticks standing for one.
_MARKS = re.compile(r"[\"“”„«»]|'{2,}|``")
_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_ATTRIBUTION_WORDS = 8
_WORD = re.compile(r"[\w'’-]+")
_BEFORE_OPEN = set(" \t\n([{—–-/:")
_AFTER_CLOSE = set(" \t\n)]}.,;:!?—–-…")
# Words that may stay lower-case in a title of a work ("War and Peace").
_TITLE_SMALL = {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` are inside the marks; ``closed`` is False if recovered."""

    start: int
    end: int
    closed: bool = True

    def contains(self, char: int) -> bool:
        return self.start <= char < self.end

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def _role(text: str, i: int, j: int | None = None) -> str:
    """``open``, ``close`` or ``either`` for the mark at ``i`` (ending at ``j``, one character by default)."""
    j = i + 1 if j is None else j
    ch = text[i]
    if ch in OPENERS or text.startswith("``", i):
        return "open"
    if ch in CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    opens = (before in _BEFORE_OPEN or before in OPENERS) and not after.isspace()
    closes = not before.isspace() and (after in _AFTER_CLOSE or after in CLOSERS or after == STRAIGHT)
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _sentence_end(text: str, start: int, limit: int) -> int:
    match = _SENTENCE_END.search(text, start, limit)
    return _before_attribution(text, start, match.end() if match else limit)


def _before_attribution(text: str, start: int, end: int) -> int:
    """``end``, or the comma before a trailing attribution (", strike leader Ana Ruiz said.")."""
    comma = text.rfind(", ", start, end)
    if comma != -1 and len(text[comma:end].split()) <= _ATTRIBUTION_WORDS and has_cue_word(text[comma:end]):
        return comma
    return end


def _paragraph_quotes(text: str, start: int, end: int, continues: bool) -> list[Quote]:
    quotes: list[Quote] = []
    opened: int | None = None
    for match in _MARKS.finditer(text, start, end):
        i = match.start()
        role = _role(text, i, match.end())
        if opened is None:
            if role != "close":
                opened = match.end()
            continue
        if role == "open":  # an earlier opener was never closed: end it with its sentence
            quotes.append(Quote(*_trimmed(text, opened, min(_sentence_end(text, opened, i), i)), closed=False))
            opened = match.end()
            continue
        quotes.append(Quote(*_trimmed(text, opened, i)))
        opened = None
    if opened is not None:
        at_paragraph_start = _MARKS.match(text, start) is not None and _MARKS.match(text, start).end() == opened
        stop = _before_attribution(text, opened, end) if at_paragraph_start or continues else _sentence_end(text, opened, end)
        quotes.append(Quote(*_trimmed(text, opened, stop), closed=False))
    return [q for q in quotes if q.end > q.start]


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in ``text``, in order, each paired within its paragraph."""
    paragraphs = [m.span() for m in _PARAGRAPH.finditer(text)]
    quotes: list[Quote] = []
    for k, (start, end) in enumerate(paragraphs):
        nxt = paragraphs[k + 1][0] if k + 1 < len(paragraphs) else None
        mark = _MARKS.match(text, nxt) if nxt is not None else None
        continues = mark is not None and _role(text, nxt, mark.end()) == "open" and text[nxt] not in CLOSERS
        quotes.extend(_paragraph_quotes(text, start, end, continues))
    return quotes


def is_name_or_title(text: str, quote: Quote) -> bool:
    """A single word in marks, or a short title-cased phrase: a name or a work, not speech."""
    inner = text[quote.start:quote.end].strip(" ,.;:!?")
    words = _WORD.findall(inner)
    if len(words) <= 1:  # "Harbour" names something; "unprecedented" is a quoted word
        return not words or words[0][0].isupper()
    if len(words) > 8 or any(p in inner for p in ",;:!?"):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL for w in words)

