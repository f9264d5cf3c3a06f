"""The registry of expression families: each declared once with its patterns, its reader and its tense rule.

A family's patterns (``patterns``) find its candidates in the text; its normaliser
(``normalise``) reads a candidate's named groups against the publication date; its
tense rule says whether that reading depends on the tense of the clause holding the
expression ("June 3", "Friday"), so that the tagger knows which ones to look up.
Families are listed in priority order: where two candidates of the same length
overlap, the earlier family wins ("15 a year" is a set before it is a duration).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable

from . import normalise as n
from . import patterns as p
from .normalise import Normalised, Reference
from .patterns import Candidate, Pattern
from .scan import Scanner

Normaliser = Callable[[Candidate, date, "str | None", "Reference | None"], Normalised]
TenseRule = Callable[[Candidate], bool]


@dataclass(frozen=True)
class Family:
    """One family of temporal expressions."""

    name: str
    patterns: tuple[Pattern, ...]
    normaliser: Normaliser
    tense_rule: TenseRule  # True when the reading depends on the tense of the clause


# --- tense rules ------------------------------------------------------------------

def fixed(_c: Candidate) -> bool:
    """The text fixes the reading: a written year, a count from now, a deictic word."""
    return False


def unless_year(c: Candidate) -> bool:
    """A month, day, quarter or holiday points forward or back unless its year is given, or counted
    from the publication date ("next November") or from the last date mentioned ("June of that year")."""
    return not (c.group("year") or c.group("rel") or c.group("yy") or c.group("mrel") or c.group("yref"))


def unless_relative(c: Candidate) -> bool:
    """"Friday" and "this Friday" follow the tense; "last Friday" and "next Friday" do not."""
    return (c.group("rel") or "this").lower() == "this"


def bare_season(c: Candidate) -> bool:
    """"spring" and "the spring" follow the tense; "last spring", "spring 2009" do not."""
    return not c.group("year") and (c.group("rel") or "the").lower() == "the"


def with_weekday(c: Candidate) -> bool:
    """A clock time follows the tense only through the weekday it names: "9 a.m. Friday"."""
    return bool(c.group("weekday"))


def weekend(c: Candidate) -> bool:
    """"the weekend" is the last or the coming one as the tense says."""
    return (c.group("period") or "").lower() == "weekend"


def some_period(c: Candidate) -> bool:
    """"a day when ..." lies ahead when its clause does; "a later date" is open whatever the tense."""
    return bool(c.group("period"))


FAMILIES: tuple[Family, ...] = (
    Family("md", p.MD, n.read_md, unless_year),
    Family("month", p.MONTH_FAMILY, n.read_month, unless_year),
    Family("ymd", p.YMD, n.read_ymd, fixed),
    Family("slash", p.SLASH, n.read_slash, fixed),
    Family("year", p.YEAR_FAMILY, n.read_year, fixed),
    Family("decade", p.DECADE, n.read_decade, fixed),
    Family("century", p.CENTURY, n.read_century, fixed),
    Family("quarter", p.QUARTER, n.read_quarter, unless_year),
    Family("season", p.SEASON, n.read_season, bare_season),
    Family("vague_period", p.VAGUE_PERIOD, n.read_vague_period, fixed),
    Family("holiday", p.HOLIDAY, n.read_holiday, unless_year),
    Family("weekday", p.WEEKDAY_FAMILY, n.read_weekday, unless_relative),
    Family("time", p.TIME, n.read_time, with_weekday),
    Family("clock_duration", p.CLOCK_DURATION, n.read_clock_duration, fixed),
    Family("relday", p.RELDAY, n.read_relday, fixed),
    Family("thispart", p.THISPART, n.read_thispart, fixed),
    Family("relperiod", p.RELPERIOD, n.read_relperiod, weekend),
    Family("anaphoric", p.ANAPHORIC, n.read_anaphoric, fixed),
    Family("the_day", p.THE_DAY, n.read_the_day, fixed),
    Family("same_period", p.SAME_PERIOD, n.read_same_period, fixed),
    Family("set", p.SET, n.read_set, fixed),
    Family("shift", p.SHIFT, n.read_shift, fixed),
    Family("ago", p.AGO, n.read_ago, fixed),
    Family("duration", p.DURATION, n.read_duration, fixed),
    Family("unknown", p.UNKNOWN, n.read_unknown, some_period),
    Family("present", p.PRESENT, n.read_present, fixed),
    Family("past", p.PAST, n.read_past, fixed),
    Family("future", p.FUTURE, n.read_future, fixed),
)
BY_NAME = {f.name: f for f in FAMILIES}
_PATTERNS = tuple((family, pattern) for family in FAMILIES for pattern in family.patterns)
_SCANNER = Scanner([pattern.regex for _, pattern in _PATTERNS])


def needs_tense(c: Candidate) -> bool:
    """Whether the reading of ``c`` depends on the tense of its clause."""
    return BY_NAME[c.kind].tense_rule(c)


def normalise(c: Candidate, anchor: date, tense: str | None = None, ref: Reference | None = None) -> Normalised | None:
    """The TIMEX3 reading of ``c``, or None if its fields do not make a calendar date (31 February)."""
    try:
        return BY_NAME[c.kind].normaliser(c, anchor, tense, ref)
    except ValueError:
        return None


@lru_cache(maxsize=32)
def find_candidates(text: str) -> tuple[Candidate, ...]:
    """Non-overlapping candidates in text order, none inside a quoted title ("How the Grinch Stole
    Christmas"); the longest wins an overlap, then the earlier family.

    Memoised for the last 32 texts (two extraction batches; whole articles, so few are kept):
    preparing a batch of articles and tagging each ask for the same.
    """
    found: list[tuple[Candidate, Pattern, dict[str, int]]] = []
    for (family, pattern), matches in zip(_PATTERNS, _SCANNER.matches(text)):
        for m in matches:
            if pattern.accept is None or pattern.accept(text, m):
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                cuts = {"sep": m.start("sep"), "second": m.start(pattern.split)} if pattern.split else {}
                found.append((Candidate(m.start(), m.end(), family.name, groups), pattern, cuts))
    found.sort(key=lambda f: (-(f[0].end - f[0].start), f[0].start))
    chosen: list[tuple[Candidate, Pattern, dict[str, int]]] = []
    for item in found:
        cand = item[0]
        if all(cand.end <= c.start or cand.start >= c.end for c, _, _ in chosen):
            chosen.append(item)
    chosen = [item for item in chosen if not p.in_a_title(text, item[0].start, item[0].end)]
    out: list[Candidate] = []
    for cand, pattern, cuts in chosen:
        out.extend(_split(cand, pattern, cuts) if cuts else [cand])
    return tuple(sorted(out, key=lambda c: c.start))


def _split(cand: Candidate, pattern: Pattern, cuts: dict[str, int]) -> list[Candidate]:
    """"April 7-8, 1979" as two expressions, "April 7" and "8, 1979", both of 1979."""
    second_day = cand.groups[pattern.split]
    groups = {k: v for k, v in cand.groups.items() if k != pattern.split}
    return [Candidate(cand.start, cuts["sep"], cand.kind, groups),
            Candidate(cuts["second"], cand.end, cand.kind, groups | {"day": second_day})]
