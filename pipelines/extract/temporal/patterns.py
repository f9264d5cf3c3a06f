"""Candidate temporal expressions, found with regular expressions.

Each pattern has a ``kind`` that tells ``normalise`` how to read its named
groups. Spans follow the TimeML/TIMEX3 conventions: the governing preposition
("in", "on", "since") is left out, determiners and modifiers ("the", "last",
"early", "the end of") are kept. Where patterns overlap, the longest match wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

# --- vocabulary -------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
UNIT_WORDS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "weekend": "WE", "fortnight": "2W", "month": "M", "quarter": "Q", "year": "Y",
    "decade": "DE", "century": "CE", "centuries": "CE",
}
TIME_UNITS = {"second", "minute", "hour"}
ONES = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {w: i + 1 for i, w in enumerate(ONES)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
NUMBER_WORDS |= {"a": 1, "an": 1, "a couple of": 2, "a dozen": 12, "half a": 0.5, "half an": 0.5}
VAGUE_QUANTITIES = ("several", "a few", "few", "many", "some", "numerous", "multiple", "a number of")
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
TIMEZONES = {
    "utc": "Z", "gmt": "Z", "z": "Z", "est": "-05", "edt": "-04", "cst": "-06", "cdt": "-05",
    "mst": "-07", "mdt": "-06", "pst": "-08", "pdt": "-07", "cet": "+01", "cest": "+02",
    "bst": "+01", "jst": "+09", "ist": "+05:30",
}
# Holidays on a fixed day (month, day); movable ones are computed in ``normalise``.
FIXED_HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "independence day": (7, 4), "the fourth of july": (7, 4), "halloween": (10, 31),
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "boxing day": (12, 26), "veterans day": (11, 11),
}
MOVABLE_HOLIDAYS = ("easter", "easter sunday", "good friday", "thanksgiving", "thanksgiving day",
                    "memorial day", "labor day", "martin luther king day")


def _alt(words) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH = rf"(?P<month>{_MONTH_FULL}|{_MONTH_ABBR})"
DAY = r"(?P<day>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
YEAR = r"(?P<year>1[89][0-9]{2}|20[0-9]{2})(?![0-9])"
WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
NUMBER = (
    rf"(?P<num>[0-9]+(?:\.[0-9]+)?|(?i:(?:{_alt(TENS)})(?:[-\s](?:{_alt(ONES[:9])}))?|{_alt(ONES)}"
    rf"|a\s+couple\s+of|a\s+dozen|half\s+an?|an?))(?P<half>\s+and\s+a\s+half)?"
)
VAGUE = rf"(?P<vague>(?i:{_alt(VAGUE_QUANTITIES)}))"
UNIT = rf"(?P<unit>(?i:{_alt(UNIT_WORDS)}))"
UNITS = r"(?P<unit>(?i:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centurie|century))s?"
_PERIOD = r"(?P<period>(?i:week|weekend|month|quarter|year|decade|century))"
# Modifiers kept inside the span: "early 2009", "mid-2011", "the end of the year".
MOD = (
    r"(?:(?P<mod>(?i:early|late|earlier|later|mid|the\s+(?:very\s+)?(?:beginning|start|end|middle)\s+of)"
    r"|(?i:mid))[\s-]+)?"
)
PART = r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"
_TZ = rf"(?:\s*\(?(?P<tz>(?i:{_alt(TIMEZONES)}))(?:\s*(?P<offset>[+-]\s*[0-9]{{1,2}}))?\)?)?"
_CLOCK = (
    r"(?:(?P<hour>[01]?[0-9]|2[0-3])(?::(?P<minute>[0-5][0-9]))?\s*(?P<ampm>(?i:a\.m\.|p\.m\.|am\b|pm\b))"
    r"|(?P<hour24>[01]?[0-9]|2[0-3]):(?P<minute24>[0-5][0-9])(?![0-9])(?:\s*(?i:hours|hrs))?"
    r"|(?P<named>(?i:midnight|noon|midday)))"
)
_RELDAY = r"(?P<relday>(?i:today|tonight|tomorrow|yesterday))"
# A year written out or given relative to now: "March 2009", "March of last year".
_YEAR_OR_REL = rf"(?:,?\s+(?:of\s+)?(?:{YEAR}|(?P<rel>(?i:this|last|next))\s+(?i:year)))"
_HOLIDAY = rf"(?i:{_alt(list(FIXED_HOLIDAYS) + list(MOVABLE_HOLIDAYS))})"
_FISCAL = r"(?P<fiscal>(?i:fiscal(?:\s+year)?|financial\s+year|FY))"


@dataclass(frozen=True)
class Candidate:
    """A matched expression: its span, its pattern kind and the pattern's named groups."""

    start: int
    end: int
    kind: str
    groups: dict[str, str]

    def group(self, name: str) -> str | None:
        return self.groups.get(name)


@dataclass(frozen=True)
class Pattern:
    kind: str
    regex: re.Pattern[str]
    # Optional check of the text around a match; returns False to reject it.
    accept: Callable[[str, re.Match[str]], bool] | None = None


def _before(text: str, m: re.Match[str], n: int = 12) -> str:
    return text[max(0, m.start() - n):m.start()].lower()


# Plural count nouns that make a preceding four-digit number an amount: "2010 people", "1998 points".
COUNT_NOUNS = (
    "people persons jobs workers employees staff members units shares "
    "copies planes aircraft jets seats passengers customers users stores dealers dealerships troops "
    "soldiers deaths cases points barrels tons tonnes miles kilometres kilometers km feet meters "
    "metres votes dollars euros pounds yen yuan homes houses"
).split()
_AMOUNT_AFTER = re.compile(rf"(?:,[0-9]|\.[0-9]|%|\s*percent|\s*per\s*cent|\s+(?:{'|'.join(COUNT_NOUNS)})\b)")


def _not_a_count(text: str, m: re.Match[str]) -> bool:
    """Reject years that are amounts or parts of numbers: "$2000", "2,000", "2015%", "2010 people"."""
    before = text[m.start() - 1:m.start()]
    if before and before in "$£€#.,/":
        return False
    return not _AMOUNT_AFTER.match(text, m.end())


def _bare_may(text: str, m: re.Match[str]) -> bool:
    """"May" alone is a month only after a preposition or determiner of time."""
    if m.group("month") != "May":
        return True
    return bool(re.search(r"(?:in|since|until|till|by|last|next|this|early|late|mid|during|through|of|from|before|after)[\s-]$",
                          _before(text, m)))


def _rate(text: str, m: re.Match[str]) -> bool:
    """"a year" is a rate only after an amount: "15 a year", "twice a day", "5% per year"."""
    return bool(re.search(r"(?:[0-9%]|\b(?:times|twice|once|percent|cent|[a-z]+s))\s+$", _before(text, m, 20)))


def _weekday_not_named_day(text: str, m: re.Match[str]) -> bool:
    """Not part of a name: "Black Friday", "Super Tuesday", "The Sunday Times"."""
    if re.search(r"(?:black|super|good|cyber|bloody|ash|holy|maundy|easter)\s+$", _before(text, m)):
        return False
    return not re.match(r"\s+(?:Times|Telegraph|Post|Mirror|Express|Herald|Independent|Star|Mail|Sport|Night\s+Football)\b",
                        text[m.end():m.end() + 20])


def _season(text: str, m: re.Match[str]) -> bool:
    """Seasons need a determiner or a year: "spring" and "fall" alone are too often other words."""
    rel, year = m.group("rel"), m.group("year")
    if year:
        return True
    return bool(rel) and not (rel.lower() == "the" and m.group("season").lower() == "fall")


# What a duration measures when it is the capacity of a thing, not a stretch of time: "75 hours of video".
MEDIA_NOUNS = (
    "video videos music audio footage recording recordings content programming movies films songs tv "
    "television playback battery talk standby"
).split()
_MEDIA_AFTER = re.compile(
    rf"\s+of\s+(?:[a-z]+\s+)?(?:{'|'.join(MEDIA_NOUNS)})\b|\s+(?:battery\s+life|talk\s+time|standby)\b"
    r"|\s+(?:can|could|will|may)\s+be\s+(?:stored|recorded|saved|held|downloaded)\b", re.I)


def _not_a_capacity(text: str, m: re.Match[str]) -> bool:
    """Reject durations that measure how much a thing holds: "75 hours of video", "150 hours can be stored"."""
    return not _MEDIA_AFTER.match(text, m.end())


def _not_ordinal(text: str, m: re.Match[str]) -> bool:
    """"a second" is an ordinal ("A second A380"), not a duration."""
    if (m.group("num") or "").lower() in ("a", "an") and m.group("unit").lower() == "second":
        return False
    return _not_a_capacity(text, m)


def _after_preposition(text: str, m: re.Match[str]) -> bool:
    """A bare plural unit is a duration only as the object of a preposition: "for years", "in months"."""
    return bool(re.search(r"\b(?:for|over|through|in|across|within|after)\s+$", _before(text, m)))


def _now(text: str, m: re.Match[str]) -> bool:
    """"now" as an adverb, not the prefix of "now-cancelled"."""
    return not text[m.end():m.end() + 1] == "-"


def _compile(kind: str, pattern: str, accept=None) -> Pattern:
    return Pattern(kind, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])"), accept)


PATTERNS: tuple[Pattern, ...] = (
    # Absolute calendar dates.
    _compile("md", rf"(?:{WEEKDAY},?\s+)?{MOD}{MONTH}\s+{DAY}{_YEAR_OR_REL}?"),
    _compile("md", rf"(?:{WEEKDAY},?\s+)?{MOD}(?:(?i:the)\s+)?{DAY}\s+(?:of\s+)?{MONTH}{_YEAR_OR_REL}?"),
    _compile("month", rf"{MOD}{MONTH}{_YEAR_OR_REL}?", _bare_may),
    _compile("ymd", r"(?P<year>1[89][0-9]{2}|20[0-9]{2})-(?P<mnum>0[1-9]|1[0-2])-(?P<dnum>0[1-9]|[12][0-9]|3[01])"),
    _compile("slash", r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4}|[0-9]{2})"),
    _compile("year", rf"{MOD}(?:{_FISCAL}\s*)?{YEAR}", _not_a_count),
    _compile("year", r"(?P<fiscal>FY)(?P<yy>[0-9]{2})"),
    # The second year of a range written with a dash, "2009-2011": a date of its own (TimeML).
    Pattern("year", re.compile(rf"(?<=(?<![\w-])(?:1[89]|20)[0-9]{{2}}[-\u2013]){YEAR}(?![\w])")),
    _compile("decade", rf"(?:(?i:the)\s+)?{MOD}(?P<decade>1[0-9]{{2}}0|20[0-9]0|'[0-9]0)'?s"),
    _compile("century", r"(?:(?i:the)\s+)?(?P<ordinal>(?:1[0-9]|20)th|21st|(?i:nineteenth|twentieth|twenty-first))\s+(?i:century)"),
    _compile("quarter", rf"{MOD}(?:(?i:the)\s+)?(?:{_FISCAL}\s+)?(?P<ordinal>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[\s-]+(?P<which>(?i:quarter|half))"
                        rf"(?:\s+(?:of\s+)?(?:(?P<fiscal_of>(?i:fiscal(?:\s+year)?|FY))\s*)?(?:{YEAR}|(?P<rel>(?i:this|last|next))\s+year))?"),
    _compile("quarter", rf"(?P<q>Q[1-4]|H[12])(?:\s+{YEAR}|'(?P<yy>[0-9]{{2}}))?"),
    _compile("season", rf"{MOD}(?:(?P<rel>(?i:this|last|next|the|this\s+past|the\s+coming))\s+)?(?P<season>(?i:spring|summer|autumn|fall|winter))(?:\s+(?:of\s+)?{YEAR})?", _season),
    # A holiday naming the trade around it, "Christmas sales", is that season, not the day (before "holiday" to win the tie).
    _compile("vague_period", rf"{_HOLIDAY}(?=\s+(?i:sales|shopping|trading|travel|rush)\b)"),
    _compile("holiday", rf"(?P<holiday>{_HOLIDAY})(?:\s+{YEAR})?"),
    # Weekdays, optionally with a part of the day: "Friday morning".
    _compile("weekday", rf"{MOD}(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|coming|past))\s+)?{WEEKDAY}{PART}",
             _weekday_not_named_day),
    # Clock times, optionally followed by their day: "9 a.m. EST Wednesday".
    _compile("time", rf"{_CLOCK}{_TZ}(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|{_RELDAY}))?"),
    # Deictic days and parts of days.
    _compile("relday", rf"{MOD}{_RELDAY}{PART}"),
    _compile("relday", r"(?P<relday>(?i:last))\s+(?P<part>(?i:night))"),
    _compile("thispart", r"(?i:this)\s+(?P<part>(?i:morning|afternoon|evening))"),
    # "last week", "next month", "earlier this year", "the previous year", "the same day".
    _compile("relperiod", rf"{MOD}(?:(?i:the)\s+)?(?P<rel>(?i:this|last|next|this\s+past|the\s+coming|the\s+current|current))\s+{_PERIOD}"),
    _compile("relperiod", rf"(?P<mod>(?i:the\s+(?:very\s+)?(?:beginning|start|end|middle)\s+of))\s+(?P<rel>(?i:the))\s+{_PERIOD}"),
    # Fiscal years are the company's own: "the financial year", "this fiscal year" (FY2007).
    _compile("relperiod", rf"{MOD}(?P<rel>(?i:the|this|last|next|the\s+current|the\s+previous|the\s+next|the\s+last|current))\s+(?P<period>(?i:fiscal|financial))\s+(?i:year)"),
    _compile("relperiod", rf"{MOD}(?P<rel>(?i:the))\s+(?P<period>(?i:weekend))"),
    _compile("anaphoric", r"(?i:the\s+(?P<rel>previous|following|next|preceding|prior|same)\s+(?P<period>day|week|weekend|month|quarter|year))"),
    # The period just mentioned, a year before: "the same period last year", "the year-earlier quarter".
    _compile("same_period", r"(?i:the\s+same\s+(?P<period>period|quarter|month|week|day|time|season)\s+(?:(?:of|in)\s+)?"
                            r"(?:(?:the\s+)?(?:last|previous|prior)\s+year|a\s+year\s+(?:earlier|ago|before)))"),
    _compile("same_period", r"(?i:the\s+(?:year-(?:earlier|ago)|prior-year|previous-year)\s+(?P<period>period|quarter|month|week|day))"),
    _compile("anaphoric", r"(?i:the\s+(?P<period>day|week|month|year)\s+(?P<rel>before|after))(?!\s+(?:the|a|an|his|her|its|their|[0-9]))"),
    # A rate is a set, not a duration: "15 a year" (listed before durations to win the tie).
    _compile("set", rf"(?P<per>(?i:a|per|an))\s+{UNIT}", _rate),
    # "three days later": a date counted from the last one mentioned (not "later than planned").
    _compile("shift", rf"{NUMBER}\s+{UNITS}\s+(?P<dir>(?i:later|earlier))(?!\s+than\b)"),
    # "two days ago", "a year ago".
    _compile("ago", rf"(?:(?:{NUMBER}|{VAGUE})\s+)?{UNITS}\s+(?i:ago)"),
    # Durations: "three years", "48 hours", "the past decade", "the next four years", "a 12-hour flight".
    _compile("duration", rf"(?:(?i:the\s+(?:past|last|next|previous|coming|following|first|final))\s+)?(?:{NUMBER}|{VAGUE})\s+{UNITS}", _not_ordinal),
    _compile("duration", rf"(?i:the\s+(?:past|last|next|previous|coming|following))\s+{UNIT}", _not_a_capacity),
    _compile("duration", rf"(?P<num>[0-9]+(?:\.[0-9]+)?|(?i:{_alt(TENS)})(?:-(?i:{_alt(ONES[:9])}))?|(?i:{_alt(ONES)}))-{UNIT}(?:-(?i:long|old))?"),
    _compile("duration", r"(?P<vague>(?i:years|months|weeks|decades|days|hours))-long"),
    _compile("duration", r"(?P<vague>(?i:hours|days|weeks|months|years|decades))(?=\s+(?i:later|earlier|before|after|long)\b)"),
    _compile("duration", r"(?i:(?:the\s+)?(?P<vague>years|decades|months|weeks|days))", _after_preposition),
    # Periods of unstated length: "an undetermined period of time", "the Christmas sales period" (PXD).
    _compile("vague_period", r"(?i:an?\s+(?:undetermined|unspecified|indefinite|undisclosed|unknown)\s+(?:period|length)(?:\s+of\s+time)?)"),
    _compile("vague_period", rf"(?:(?i:the)\s+)?(?:{_HOLIDAY}|(?i:holiday|festive))(?:\s+and\s+(?:{_HOLIDAY}|(?i:new\s+year)))?\s+"
                             r"(?:(?i:sales|shopping|trading|travel|holiday)\s+)?(?i:period|season)"),
    # Times that the text leaves open: "at a later date".
    _compile("unknown", r"(?i:a\s+(?:later|future|subsequent)\s+(?:time|date|stage|point))"),
    # References: "now", "currently", "recently", "in recent months", "the future".
    _compile("present", r"(?i:now|currently|nowadays|presently|at\s+present|at\s+the\s+moment)", _now),
    _compile("past", r"(?i:(?:more\s+|most\s+|until\s+|only\s+)?(?:recently|lately)|the\s+past(?!\s+[0-9a-z])|recent\s+(?:years|months|weeks|days|decades|times))"),
    _compile("future", r"(?i:the\s+future|the\s+coming\s+(?:years|months|weeks|days|decades))"),
    # Sets: "every Monday", "each year", "annual", "daily", "15 a year".
    _compile("set", rf"(?i:every|each)\s+(?:(?P<other>(?i:other))\s+)?(?:{WEEKDAY}|{UNIT}|(?P<part>(?i:morning|afternoon|evening|night)))"),
    _compile("set", r"(?P<adverb>(?i:annual|annually|yearly|biannual|monthly|weekly|daily|nightly|hourly|quarterly|biennial))"),
)


@lru_cache(maxsize=32)
def find_candidates(text: str) -> tuple[Candidate, ...]:
    """Non-overlapping candidates in text order; the longest wins an overlap.

    Memoised for the last 32 texts (two extraction batches; whole articles, so few are kept):
    preparing a batch of articles and tagging each ask for the same.
    """
    found: list[Candidate] = []
    for pattern in PATTERNS:
        for m in pattern.regex.finditer(text):
            if pattern.accept is None or pattern.accept(text, m):
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                found.append(Candidate(m.start(), m.end(), pattern.kind, groups))
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    chosen: list[Candidate] = []
    for cand in found:
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return tuple(sorted(chosen, key=lambda c: c.start))
