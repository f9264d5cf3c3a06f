"""Verbs of saying and quotations, as the temporal rules see them: the statements extractor's.

A date in a reporting frame ("the mayor said on Tuesday") dates the saying, not what was said; a
clause that reports speech takes its tense from what it reports, not from the verb of saying; a
date inside a quotation is not when it was said. The verbs are the statements lexicon's (the one list
of them), the quotations ``statements/quotes.py``'s.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..statements.lexicon import (CLAUSE_LEMMAS, NOUN_DETERMINERS, OBJECT_LEMMAS, SOURCE_PHRASES, WRITING_LEMMAS,
                                  inflections)
from ..statements.quotes import find_quotes

# Verbs of saying and writing: what frames a quotation or makes a thing known ("said", "announced",
# "reported", "tweeted"). Verbs of attitude ("hopes", "plans") and of judgement ("praised") report too,
# but their clause is an event of its own.
SAYING_LEMMAS = CLAUSE_LEMMAS | OBJECT_LEMMAS | WRITING_LEMMAS
SAYING_FORMS = frozenset(f for lemma in SAYING_LEMMAS for f in inflections(lemma))
# The finite forms, which frame a clause ("said", "tells", "wrote"): a participle or gerund ("announcing
# the plan in April") or a base form that is mostly a noun ("the state", "a report") frames none.
_FINITE = frozenset(f for lemma in SAYING_LEMMAS for f in inflections(lemma) if f != lemma and not f.endswith("ing"))
# Source phrases ("according to") by their first word, with the rest of the phrase.
_PHRASES = {p.split()[0]: re.compile(r"\s+".join(["", *p.split()[1:]]) + r"\b", re.I) for p in SOURCE_PHRASES}
_WORD = re.compile(r"[^\W\d_]+")
# A form after a determiner, a possessive, a quantifier or a number is a noun or an adjective: "the states",
# "an estimated 500", "some reported cases", "the party\u2019s continued hold".
_DETERMINER = re.compile(r"(?i:\b(?:" + "|".join(sorted(NOUN_DETERMINERS | {"some", "many"}))
                         + r"|[0-9][0-9,.]*)\s+|\w['\u2019]s\s+)$")
# The forms and phrases as a regex alternation, longest first.
SAYING_ALTERNATION = "|".join([r"\s+".join(p.split()) for p in SOURCE_PHRASES]
                              + sorted(SAYING_FORMS, key=len, reverse=True))


def saying_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where ``text[start:end]`` has a verb of saying or a source phrase ("said", "according to"), in order."""
    found = []
    for m in _WORD.finditer(text, start, end):
        word = m.group().lower()
        if word in _FINITE and not _DETERMINER.search(text, max(start, m.start() - 8), m.start()):
            found.append(m.span())
        elif word in _PHRASES and (rest := _PHRASES[word].match(text, m.end(), end)) is not None:
            found.append((m.start(), rest.end()))
    return found


@lru_cache(maxsize=8)
def _closed_quotes(text: str) -> tuple[tuple[int, int], ...]:
    """The quotations of an article that close (the tagger and the event linker ask for each date)."""
    return tuple((q.start, q.end) for q in find_quotes(text) if q.closed)


def quotation(text: str, start: int, end: int, at: int) -> tuple[int, int] | None:
    """The part of the sentence ``text[start:end]`` that a quotation holding offset ``at`` covers, or
    None; a mark that does not close (a typo, a quotation running on) makes no quotation."""
    span = next(((a, b) for a, b in _closed_quotes(text) if a <= at < b), None)
    return None if span is None else (max(span[0], start), min(span[1], end))
