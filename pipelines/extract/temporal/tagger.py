"""The temporal tagger: text and publication time in, TIMEX3 expressions out."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from ..nlp import ArticleParse
from ..tense import (CONDITIONS, FUTURE, HYPOTHETICAL_MODALS, PAST, PRESENT, cues, direction_of, governing_verb,
                     modified_noun, tense_of_cues)
from .families import find_candidates, needs_tense, normalise
from .normalise import Normalised, Reference
from .patterns import Candidate
from .reporting import quotation, saying_words


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

    An expression whose direction depends on tense ("Friday", "June 15") takes it from
    the clause that holds it, not from a reporting verb around it ("the rules take effect
    on July 1, the mayor said"): first from cheap cues of that clause when they are
    unambiguous ("since", "will", "no later than", "-ed"); only the other sentences are
    parsed, through the article's shared ``ArticleParse``, and the tense of the verb that
    governs the expression decides. A year stated earlier in the same sentence anchors a
    month or day without one in a past clause ("in 2005 ... in March it hired").
    """

    def __call__(self, text: str, published_at: datetime, parse: ArticleParse | None = None) -> list[Timex]:
        candidates = find_candidates(text)
        undirected = [c for c in candidates if needs_tense(c)]
        cues: dict[int, str | None] = {}
        anchor = published_at.date()
        if undirected:
            parse = parse or ArticleParse(text)
            cues = {c.start: _unless_near(c, self._cue(parse, c, anchor), anchor) for c in undirected}
            parse.parse((i for c in undirected if cues[c.start] is None
                         and (i := parse.sentence_index(c.start)) is not None), entities=False)
        timexes: list[Timex] = []
        ref: Reference | None = None
        sentence_year: tuple[int | None, int] | None = None  # (sentence index, year stated in it)
        for cand in candidates:
            tense = None
            if needs_tense(cand):
                tense = cues[cand.start] or self._tense(parse, cand, anchor)
                index = parse.sentence_index(cand.start)
                if sentence_year is not None and sentence_year[0] == index and index is not None:
                    cand = _with_year(cand, sentence_year[1], anchor, tense)
            reading = normalise(cand, anchor, tense, ref)
            opened = _range_opened(text, cand, timexes)
            if opened is not None and reading is not None and reading.range_start is not None and reading.range_start < opened:
                after = normalise(cand, opened, FUTURE, ref)
                # not past publication in a past clause ("were held between Monday and Thursday", said Wednesday)
                reading = after if after is not None and not (tense == PAST and after.range_start > anchor) else reading
            if reading is None:
                continue
            if tense != FUTURE and _names_a_far_day(text, cand, reading, anchor):
                reading = replace(reading, value=f"XXXX{reading.value[4:]}", range_start=None, range_end=None)
            timexes.append(Timex(cand.start, cand.end, text[cand.start:cand.end], reading.timex_type,
                                 reading.value, reading.range_start, reading.range_end, reading.granularity))
            ref = Reference.of(reading) or ref
            if cand.group("year") and reading.range_start is not None:
                index = parse.sentence_index(cand.start) if parse is not None else None
                sentence_year = (index, reading.range_start.year)
        timexes = _dated_by_what_follows(text, timexes)
        return sorted(timexes + _ranges(text, timexes), key=lambda t: (t.start_char, -t.end_char))

    @staticmethod
    def _cue(parse: ArticleParse, cand: Candidate, anchor: date) -> str | None:
        """The direction surface cues of the clause holding ``cand`` give, without a parse."""
        index = parse.sentence_index(cand.start)
        start, end = parse.sentences[index] if index is not None else (0, len(parse.text))
        if _SCHEDULED.search(parse.text, max(start, cand.start - 40), cand.start):
            return _after_scheduling(cand, anchor)
        if _SINCE.search(parse.text, max(start, cand.start - 8), cand.start):
            return PAST
        if _AS_OF.search(parse.text, max(start, cand.start - 8), cand.start):
            return PRESENT  # "as of February": up to now, the nearest
        if _AHEAD.search(parse.text, max(start, cand.start - 20), cand.start):
            return FUTURE  # "shares rose ahead of the June 3 vote": the vote lies ahead
        quote = quotation(parse.text, start, end, cand.start)
        if quote is not None and not any(cues(parse.text[slice(*quote)])):
            # A quoted fragment with no tense of its own ("'Not before March,' she said"): not the frame's.
            return FUTURE if _FORWARD.search(parse.text, max(quote[0], cand.start - 14), cand.start) else None
        tense = clause_cue(parse.text, start, end, cand.start)
        if tense == PAST and _hypothetical_condition(parse.text, start, end, cand.start):
            return None  # "if they won in November, he would resign": the parse tells a hypothetical past
        if tense != PAST and _FORWARD.search(parse.text, max(start, cand.start - 14), cand.start):
            return FUTURE  # "until Friday", "no later than May 10"
        return tense

    @staticmethod
    def _tense(parse: ArticleParse, cand: Candidate, anchor: date) -> str | None:
        """The direction of the clause governing ``cand``, from the parse. A past (future) verb does not
        put a date near publication a year off when the date names the time of a noun ("campaigned
        before the state primary Feb. 9", "will not back him after his March remark"): the nearest reading."""
        index = parse.sentence_index(cand.start)
        if index is None:
            return None
        sentence = parse.syntax(index)
        span = sentence.span(cand.start, min(cand.end, parse.sentences[index][1]))
        if span is None or not len(span):
            return None
        quote = quotation(parse.text, *parse.sentences[index], cand.start)
        verb = governing_verb(span.root)
        if quote is not None and (verb is None or not quote[0] <= sentence.start(verb) < quote[1]):
            return None  # a verbless quoted fragment: the nearest reading, not the reporting verb's tense
        tense = direction_of(span)
        start, end = parse.sentences[index]
        if (tense == FUTURE and modified_noun(span.root) is not None
                and _hypothetical_condition(parse.text, start, end, cand.start)):
            return None  # "even if he split Tuesday's contests, he would ...": the noun's time, not the hypothesis's
        if tense is not None and _unless_near(cand, tense, anchor) is None and modified_noun(span.root) is not None:
            return None
        return tense


# Families whose reading by tense may lie a year off although the nearest one is weeks away.
_CALENDAR_KINDS = ("md", "month", "season", "quarter", "holiday")
# How far ahead (or back) news names a time by a month or day without a year: beyond it, a past
# clause's month is last year's ("clashed with the host at a debate in August", said in March).
_NEAR = timedelta(days=92)


def _unless_near(cand: Candidate, tense: str | None, anchor: date) -> str | None:
    """A past (future) tense does not settle a month, day, season, quarter or holiday whose nearest
    reading lies on the other side of publication within a quarter: a verb anywhere in the clause
    ("campaigned hard before the state primary Feb. 9", "will not back him after his March remark")
    may not govern it, and reading it a year off is the worse error; None, so that the parse decides
    (the verb that governs it, through the event noun it modifies)."""
    if tense not in (PAST, FUTURE) or cand.kind not in _CALENDAR_KINDS:
        return tense
    nearest = normalise(cand, anchor)
    if nearest is None or nearest.range_start is None:
        return tense
    if tense == PAST and anchor < nearest.range_start <= anchor + _NEAR:
        return None
    if tense == FUTURE and anchor - _NEAR <= nearest.range_end < anchor:
        return None
    return tense


# How far from publication a day named without a year is no longer a recent or coming one.
_FAR_DAY = timedelta(days=183)
# Before a day that names a thing, a definite article ("the Sept. 11 attacks"; "a May 11 speech" is one
# speech, of the year the tense gives); after it, a word of the noun phrase.
_NAMING_BEFORE = re.compile(r"(?:\b(?i:the)|['\u2019]s)\s+$")
_NOUN_AFTER = re.compile(r"\s+(?!(?:and|or|of|to|at|in|on|for|with|by|from|as|is|was|were|are|be|has|had|have)\b)[a-z]{3,}")


def _names_a_far_day(text: str, cand: Candidate, reading: Normalised, anchor: date) -> bool:
    """Whether a month and day without a year names an event far from publication ("the Sept. 11
    attacks", said in March): news names recent or coming events so; a day more than half a year away
    that a noun takes as its name is an anniversary of some year the text does not give, not last
    year's ("XXXX-09-11"). A clause that looks ahead keeps its reading ("will vote in the Nov. 8 election")."""
    if cand.kind != "md" or not needs_tense(cand) or reading.range_start is None:
        return False
    if abs((reading.range_start - anchor).days) <= _FAR_DAY.days:
        return False
    return bool(_NAMING_BEFORE.search(text, max(0, cand.start - 8), cand.start) and _NOUN_AFTER.match(text, cand.end))


# A date something is scheduled for or put off to: "was scheduled for August", "had been postponed until March".
_SCHEDULED = re.compile(r"(?i:\b(?:scheduled|slated|planned|set|timed|postponed|delayed|deferred|rescheduled|"
                        r"moved|pushed\s+back|put\s+off)\s+(?:for|until|till|to)(?:\s+(?:the|early|mid|late))*)\s+$")


def _after_scheduling(cand: Candidate, anchor: date) -> str | None:
    """A date set for something lies after the setting, which news reports soon after it happened:
    ahead of publication, unless its nearest reading is within the last quarter ("the vote, scheduled
    for March, was put off", said in April). So a past verb ("the merger was scheduled for August",
    said in January) does not send it back a year."""
    nearest = normalise(cand, anchor)
    if nearest is not None and nearest.range_end is not None and anchor - _NEAR <= nearest.range_end < anchor:
        return PRESENT
    return FUTURE


# The surface forms of ``tense.hypothetical`` (which reads them from the parse): a condition before the
# date, and a modal without a perfect in its sentence.
_CONDITION = re.compile(rf"(?i:\b(?:{'|'.join(sorted(CONDITIONS))})\b)")
_HYPOTHETICAL = re.compile(rf"(?i:\b(?:{'|'.join(sorted(HYPOTHETICAL_MODALS))})\b(?!\s+(?:not\s+)?have\b))")


def _hypothetical_condition(text: str, start: int, end: int, at: int) -> bool:
    """Whether the sentence ``text[start:end]`` has a condition before offset ``at`` and a hypothetical
    modal ("if they won in November, he would resign")."""
    return bool(_CONDITION.search(text, start, at) and _HYPOTHETICAL.search(text, start, end))
_SINCE = re.compile(r"(?i:\bsince)\s+$")
_AS_OF = re.compile(r"(?i:\bas\s+of)\s+$")
# Prepositions that point a present-tense date ahead: "open until Friday", "answers no later than May 10".
_FORWARD = re.compile(r"(?i:\b(?:until|till|by|before|through|no\s+later\s+than|starting|effective|from))\s+$")
_AHEAD = re.compile(r"(?i:\b(?:ahead\s+of|upcoming)(?:\s+(?:the|a|an|its|their|next))?)\s+$")
# Where a clause ends inside a sentence: "the rules take effect on July 1, the mayor said".
_CLAUSE_BREAK = re.compile(r"[;:\u2014\u2013\"\u201c\u201d(]|,\s|\s--\s|\s(?:and|but|while|whereas|after|before|when|because)\s")


def clause_cue(text: str, start: int, end: int, at: int) -> str | None:
    """The tense cues give in the clause of ``text[start:end]`` holding offset ``at``; if that clause
    has none, in the nearest other clause that is not a reporting frame ("the mayor said"). Cues of
    that clause that disagree ("declared they should win in November") leave it to the parse. A clause
    that reports speech before the date counts from after its reporting verb ("voters said they are
    likely to back it in November": the backing's time, not the saying's)."""
    cuts = [start, *(m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)), end]
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    home = next((i for i, (a, b) in enumerate(clauses) if a <= at < b), 0)
    reported = _reported_from(text, *clauses[home], at)
    if reported is not None:
        return tense_of_cues(*cues(text[reported:clauses[home][1]]))
    for i in sorted(range(len(clauses)), key=lambda i: abs(i - home)):
        clause = text[slice(*clauses[i])]
        if i != home and saying_words(text, *clauses[i]):
            continue
        found = cues(clause)
        tense = tense_of_cues(*found)
        if tense is not None or i == home and (saying_words(text, *clauses[i]) or any(found)):
            return tense
    return None


def _reported_from(text: str, start: int, end: int, at: int) -> int | None:
    """Where the reported content of the clause ``text[start:end]`` begins when it has begun before the
    date at offset ``at`` ("said they would vote in November", "said that in May it had"); None when the
    date stands in the frame ("said on Tuesday", "told reporters on Friday that ...")."""
    frames = saying_words(text, start, at)
    if not frames:
        return None
    frame_end = frames[-1][1]
    between = text[frame_end:at]
    if _THAT.match(between):
        return frame_end
    if len(between.split()) < 3 or _THAT_NEXT.match(text, at, end):
        return None
    return frame_end


_THAT = re.compile(r"\s+that\s", re.I)
# The complementizer after the date: the date was in the frame ("told reporters on Friday that ...").
_THAT_NEXT = re.compile(r"\S+(?:\s+\S+){0,3}?\s+that\s", re.I)


def _with_year(cand: Candidate, year: int, anchor: date, tense: str | None) -> Candidate:
    """``cand`` with the year its sentence states, in a past clause that does not point after publication:
    "in 2005 ... in March it hired" is March 2005; "since 2003 ... as of February, it accounts" is not."""
    if cand.kind not in _CALENDAR_KINDS or tense != PAST or year > anchor.year:
        return cand
    return replace(cand, groups=cand.groups | {"year": str(year)})


# Between a clock time and the date it is on: "9:15 a.m. EST, Jan. 18, 2022", "6 p.m. on March 3".
_TIME_THEN_DAY = re.compile(r"\s*(?:,\s*|\s+on\s+|\s+)")
_DAY_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _dated_by_what_follows(text: str, timexes: list[Timex]) -> list[Timex]:
    """A clock time read on the publication day or the last date takes the calendar day written right
    after it instead, as page stamps and agency copy write them ("Updated 9:15 a.m. EST, Jan. 18, 2022")."""
    out = list(timexes)
    for i, (time, day) in enumerate(zip(timexes, timexes[1:])):
        if (time.timex_type == "TIME" and _DAY_VALUE.match(time.value) and _DAY_VALUE.fullmatch(day.value)
                and _TIME_THEN_DAY.fullmatch(text, time.end_char, day.start_char)):
            out[i] = replace(time, value=day.value + time.value[10:], range_start=day.range_start,
                             range_end=day.range_end)
    return out


_RANGE_OPEN = re.compile(r"(?i:from|between)\s+$")
_RANGE_JOIN = re.compile(r"^\s*(?i:to|and|until|till|through)\s*$")
_RANGE_UNITS = {"year": "Y", "month": "M", "day": "D"}


def _range_opened(text: str, cand: Candidate, timexes: list[Timex]) -> date | None:
    """Where the range ``cand`` closes begins, when ``cand`` is a month, day, season or quarter that needs
    a year: an end read before its start ("from December to March", "between Dec. 28 and Jan. 3") is the
    first after it."""
    if not timexes or cand.kind not in _CALENDAR_KINDS or not needs_tense(cand) or timexes[-1].range_start is None:
        return None
    first = timexes[-1]
    if not _RANGE_JOIN.match(text[first.end_char:cand.start]) or _RANGE_OPEN.search(text, 0, first.start_char) is None:
        return None
    return first.range_start


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
