"""The temporal tagger: text and publication time in, TIMEX3 expressions out."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from ..nlp import ArticleParse
from ..tense import PAST, cue_tense, tense_of
from .normalise import Reference, needs_tense, normalise
from .patterns import Candidate, find_candidates


@dataclass(frozen=True)
class Timex:
    """One temporal expression of an article, normalised (TIMEX3)."""

    start_char: int
    end_char: int
    text: str
    timex_type: str  # DATE TIME DURATION SET
    value: str
    range_start: date | None
    range_end: date | None
    granularity: str


class TemporalTagger:
    """Finds temporal expressions with patterns and normalises them against the publication date.

    An expression whose direction depends on tense ("Friday", "June 15") takes it
    from cheap cues of its sentence when they are unambiguous ("since", "will",
    "said"); only the other sentences are parsed, through the article's shared
    ``ArticleParse``, and the tense of the governing clause decides.
    """

    def __call__(self, text: str, published_at: datetime, parse: ArticleParse | None = None) -> list[Timex]:
        candidates = find_candidates(text)
        undirected = [c for c in candidates if needs_tense(c)]
        cues: dict[int, str | None] = {}
        if undirected:
            parse = parse or ArticleParse(text)
            cues = {c.start: self._cue(parse, c) for c in undirected}
            parse.parse((i for c in undirected if cues[c.start] is None
                         and (i := parse.sentence_index(c.start)) is not None), entities=False)
        anchor = published_at.date()
        timexes: list[Timex] = []
        ref: Reference | None = None
        for cand in candidates:
            tense = (cues[cand.start] or self._tense(parse, cand)) if needs_tense(cand) else None
            reading = normalise(cand, anchor, tense, ref)
            if reading is None:
                continue
            timexes.append(Timex(cand.start, cand.end, text[cand.start:cand.end], reading.timex_type,
                                 reading.value, reading.range_start, reading.range_end, reading.granularity))
            ref = Reference.of(reading) or ref
        return sorted(timexes + _ranges(text, timexes), key=lambda t: (t.start_char, -t.end_char))

    @staticmethod
    def _cue(parse: ArticleParse, cand: Candidate) -> str | None:
        """The tense surface cues give, without a parse: "since Friday" is past, else the sentence's cues."""
        if _SINCE.search(parse.text, max(0, cand.start - 8), cand.start):
            return PAST
        index = parse.sentence_index(cand.start)
        return cue_tense(parse.text[slice(*parse.sentences[index])]) if index is not None else None

    @staticmethod
    def _tense(parse: ArticleParse, cand: Candidate) -> str | None:
        index = parse.sentence_index(cand.start)
        if index is None:
            return None
        sentence = parse.syntax(index)
        span = sentence.span(cand.start, min(cand.end, parse.sentences[index][1]))
        return tense_of(span) if span is not None and len(span) else None


_SINCE = re.compile(r"(?i:\bsince)\s+$")
_RANGE_OPEN = re.compile(r"(?i:from|between)\s+$")
_RANGE_JOIN = re.compile(r"^\s*(?i:to|and|until|till|through)\s*$")
_RANGE_UNITS = {"year": "Y", "month": "M", "day": "D"}


def _ranges(text: str, timexes: list[Timex]) -> list[Timex]:
    """The duration a range spans, "from 2009 to 2011" (P2Y), besides its two ends (TimeML)."""
    out = []
    for a, b in zip(timexes, timexes[1:]):
        unit = _RANGE_UNITS.get(a.granularity)
        if unit is None or a.granularity != b.granularity or a.range_start is None or b.range_start is None:
            continue
        opening = _RANGE_OPEN.search(text, 0, a.start_char)
        if opening is None or not _RANGE_JOIN.match(text[a.end_char:b.start_char]):
            continue
        delta = relativedelta(b.range_start, a.range_start)
        n = {"Y": delta.years, "M": delta.years * 12 + delta.months, "D": (b.range_start - a.range_start).days}[unit]
        if n > 0:
            start = opening.start()
            out.append(Timex(start, b.end_char, text[start:b.end_char], "DURATION", f"P{n}{unit}", None, None, "duration"))
    return out
