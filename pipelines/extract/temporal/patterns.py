"""Candidate temporal expressions, found with regular expressions.

The patterns of each family are listed here by family; ``families`` pairs them
with the reader of their named groups. Spans follow the TimeML/TIMEX3 conventions: the governing preposition
("in", "on", "since") is left out, determiners and modifiers ("the", "last",
"early", "the end of") are kept. Where patterns overlap, the longest match wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .reporting import SAYING_ALTERNATION

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
    r"|(?P<named>(?i:(?<=after\s)(?P<after_midnight>midnight)|midnight|noon|midday)))"
)
_RELDAY = r"(?P<relday>(?i:today|tonight|tomorrow|yesterday))"
# A year written out, given relative to now or to the last date mentioned: "March 2009", "March of last
# year", "June of that year".
_YEAR_OR_REL = (rf"(?:,?\s+(?:of\s+)?(?:{YEAR}|(?P<rel>(?i:this|last|next))\s+(?i:year)"
                rf"|(?P<yref>(?i:that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding|the\s+prior))\s+(?i:year)))")
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
    regex: re.Pattern[str]
    # Optional check of the text around a match; returns False to reject it.
    accept: Callable[[str, re.Match[str]], bool] | None = None
    # The group where a second expression starts: "April 7-8, 1979" is two dates.
    split: str | None = None


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


def _month_not_a_name(text: str, m: re.Match[str]) -> bool:
    """Not the first part of a hyphenated name ("Mar-a-Lago"); a range is no name ("October-to-December")."""
    return not re.match(r"-(?!(?:to|through|till|until)-)[a-z]", text[m.end():m.end() + 10])


def _bare_may(text: str, m: re.Match[str]) -> bool:
    """"May" alone is a month only after a preposition or determiner of time; no month begins a
    hyphenated name ("Mar-a-Lago")."""
    if not _month_not_a_name(text, m):
        return False
    if m.group("month") != "May":
        return True
    return bool(re.search(r"(?:in|since|until|till|by|last|next|this|early|late|mid|during|through|of|from|before|after)[\s-]$",
                          _before(text, m)))


_WHEN_AFTER = re.compile(r"\s+(?i:when)\b")
# Words ending in -s that are no plural amount: "there was a year when", "this is a day of".
_NOT_AMOUNTS = "was|is|has|his|its|this|does|as|us|thus|plus|less|unless|always|perhaps"


def _rate(text: str, m: re.Match[str]) -> bool:
    """"a year" is a rate only after an amount: "15 a year", "twice a day", "5% per year"; not "a day when"."""
    if _WHEN_AFTER.match(text, m.end()):
        return False
    return bool(re.search(rf"(?:[0-9%]|\b(?:times|twice|once|percent|cent|(?!(?:{_NOT_AMOUNTS})\s)[a-z]+s))\s+$",
                          _before(text, m, 20)))


def _weekday_not_named_day(text: str, m: re.Match[str]) -> bool:
    """Not part of a name: "Black Friday", "Super Tuesday", "The Sunday Times"."""
    if re.search(r"(?:black|super|good|cyber|bloody|ash|holy|maundy|easter)\s+$", _before(text, m)):
        return False
    return not re.match(r"\s+(?:Times|Telegraph|Post|Mirror|Express|Herald|Independent|Star|Mail|Sport|Night\s+Football)\b",
                        text[m.end():m.end() + 20])


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


def _not_an_age(text: str, m: re.Match[str]) -> bool:
    """Not an age: "a 22-year-old", "22 years old", "ages 6 months and older", "aged 55"."""
    if re.match(r"[-\s]+(?i:old)\b", text[m.end():m.end() + 6]) or m.group().lower().endswith("-old"):
        return False
    return not re.search(r"\b(?:ages?|aged)\s+$", _before(text, m, 10))


def _duration(text: str, m: re.Match[str]) -> bool:
    """A stretch of time: not an ordinal ("a second A380"), some day ("a day when ..."; "in two years
    when" is a length), a capacity or an age."""
    num = (m.group("num") or "").lower()
    if num in ("a", "an") and (m.group("unit") or "").lower() == "second":
        return False
    if num in ("a", "an", "one") and _WHEN_AFTER.match(text, m.end()):
        return False
    return _not_a_capacity(text, m) and _not_an_age(text, m)


def _after_preposition(text: str, m: re.Match[str]) -> bool:
    """A bare plural unit is a duration only as the object of a preposition: "for years", "in months"."""
    return bool(re.search(r"\b(?:for|over|through|in|across|within|after)\s+$", _before(text, m)))


def _now(text: str, m: re.Match[str]) -> bool:
    """"now" as an adverb, not the prefix of "now-cancelled"."""
    return not text[m.end():m.end() + 1] == "-"


_QUOTES = "\"'\u201c\u201d\u2018\u2019"
# Capitalised words that may stand before a year as part of the date: "Christmas 2019", "In 2009".
_DATE_WORDS = {w.lower().rstrip(".") for w in re.findall(r"[A-Za-z]+", _MONTH_FULL + "|" + _MONTH_ABBR)}
_DATE_WORDS |= set(SEASONS) | set(WEEKDAYS) | {"fy", "q1", "q2", "q3", "q4", "h1", "h2", "christmas", "easter", "year"}
_DATE_WORDS |= set("in since by until till from of and through before after during for at early late mid end "
                   "spring summer autumn winter the a an as to until around about circa c".split())


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip()
    return not before or before[-1] in ".!?:;(\u201c\"\n"


def _year_is_a_date(text: str, m: re.Match[str]) -> bool:
    """A year, not an amount ("$2000", "2010 people"), a title in quotes ("1917"), a copyright
    line ("(c) Reuters 2020") or the number of a name ("Russell 2000", "Windows 2000")."""
    if not _not_a_count(text, m):
        return False
    before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
    if before and after and before in _QUOTES and after in _QUOTES:
        return False
    line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 40)
    if re.search(r"(?:\u00a9|\((?i:c)\)|(?i:copyright))", text[line_start:m.start()]):
        return False
    name = re.search(r"([A-Z][A-Za-z&'.-]*)[ \t\u00a0]+$", text[max(0, m.start() - 25):m.start()])
    if name is None or name.group(1).lower().rstrip(".") in _DATE_WORDS or m.group("mod"):
        return True
    if name.group(1).endswith("'s"):  # a possessive is no part of a name: "Obama's 2008 campaign"
        return True
    return _sentence_initial(text, m.start() - len(name.group(0)))


def _headline(text: str, at: int) -> bool:
    """Whether the line holding offset ``at`` is written in title case: no lower-case word of four letters or more."""
    line = text[text.rfind("\n", 0, at) + 1:(text.find("\n", at) + 1 or len(text) + 1) - 1]
    return not re.search(r"(?<![\w'\u2019-])[a-z][a-z]{3,}", line)


def _not_a_name(text: str, m: re.Match[str]) -> bool:
    """A deictic word capitalised word by word inside a sentence is a name: "the Today show", "USA
    Today", "ABC's This Week", "the Yale Daily News"; not at a sentence start or in a headline."""
    words = re.findall(r"[A-Za-z]+", m.group())
    if not all(w[0].isupper() for w in words) or _sentence_initial(text, m.start()):
        return True
    return _headline(text, m.start())


def _not_a_show(text: str, m: re.Match[str]) -> bool:
    """"Today" capitalised inside a sentence is a name ("the Today show"); "early Today" is not."""
    return bool(m.group("mod")) or _not_a_name(text, m)


_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "as", "vs"}
_OPEN_QUOTE, _CLOSE_QUOTE = "\"\u201c", "\"\u201d"


# A reporting verb within a few words after a closing quotation mark: the quotation is speech.
_SPEECH_AFTER = re.compile(r"\s+(?:\S+\s+){0,3}?(?i:" + SAYING_ALTERNATION + r")\b")


def in_a_title(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside a quoted title of a work, a short quotation written in
    title case: \u201cHow the Grinch Stole Christmas\u201d, ABC\u2019s \u201cThis Week\u201d (two words at least)."""
    line_start = text.rfind("\n", 0, start) + 1
    opening = max(text.rfind(q, max(line_start, start - 60), start) for q in _OPEN_QUOTE)
    if opening < 0:
        return False
    closing = min((i for q in _CLOSE_QUOTE if (i := text.find(q, end, end + 60)) >= 0), default=-1)
    newline = text.find("\n", end, closing)
    if closing < 0 or newline >= 0:
        return False
    if (_SPEECH_AFTER.match(text, closing + 1) and text[closing - 1:closing] in ",?!."
            and re.search(r"(?:^|[.!?:]|\n)\s*$", text[max(0, opening - 3):opening])):
        return False  # words said, opening a sentence: “By Friday,” she said
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019]*", text[opening + 1:closing])
    capitals = [w for w in words if w[0].isupper()]
    return 2 <= len(words) <= 10 and len(capitals) >= 2 and all(w[0].isupper() or w in _SMALL_WORDS for w in words)


def _decade_not_temperature(text: str, m: re.Match[str]) -> bool:
    """"the 70s" is a decade, not a temperature ("highs in the 70s") or an age ("in his early 60s")."""
    if re.search(r"\b(?i:his|her|their|my|your|our)\s+$", _before(text, m, 12)):
        return False
    return not re.search(r"(?i:degrees|temperatures?|highs?|lows?|°)", _before(text, m, 30))


def _bare_season(text: str, m: re.Match[str]) -> bool:
    """A season with no determiner is a date after a preposition of time ("in spring") or before
    the event it times ("Autumn meetings"); "fall" alone is too often the verb or noun."""
    season = m.group("season").lower()
    if m.group("year") or m.group("mod"):
        return True
    rel = (m.group("rel") or "").lower()
    if rel and rel != "the":
        return True
    if season == "fall" and (not rel or text[m.end():m.end() + 4].lower() == " of "):
        return False
    if re.search(r"\b(?:in|during|by|until|till|since|through|over|before|after|this|next|last|early|late)\s+(?:the\s+)?$",
                 _before(text, m, 16)):
        return True
    return bool(re.match(r"\s+(?i:meetings?|sessions?|term|semester|break|holidays?|elections?|offensive|campaign|sales|season)\b",
                         text[m.end():m.end() + 14]))


def _the_day(text: str, m: re.Match[str]) -> bool:
    """"the day" of a market report: "ended the day higher", "later in the day", "for the day", "the
    rest of the day"."""
    if m.group("inday"):
        return True
    if re.search(r"\b(?:rest|remainder|balance)\s+of\s+$", _before(text, m, 16)):
        return True  # "halted for the rest of the day": the day of the report
    if not re.search(r"\b(?:ended|closed|finished|ending|closing|end|for|on|during|over|started|began)\s+$", _before(text, m, 12)):
        return False
    return bool(re.match(r"\s*(?:[,.;]|$|\s(?:up|down|higher|lower|flat|unchanged|at|with|to)\b)", text[m.end():m.end() + 12]))


def _clock_duration(text: str, m: re.Match[str]) -> bool:
    """"3:07:35" is a time taken, unless a zone or a.m./p.m. makes it a time of day."""
    return not re.match(rf"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|{_alt(TIMEZONES)}\b)", text[m.end():m.end() + 6], re.I)


def compile_pattern(pattern: str, accept=None, split: str | None = None) -> Pattern:
    """A pattern that matches whole words only; ``split`` names the group where a second expression starts."""
    return Pattern(re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])"), accept, split)


_c = compile_pattern
_DAY2 = r"(?P<day2>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_LIST_SEP = r"(?:\s*[-\u2013]\s*|\s+(?i:and|or|to|through|&)\s+|,\s+)"
_UNIT_ADJ = r"(?:(?i:straight|consecutive|successive|trading|business|working|calendar|full|long|school|more|additional|extra|further)\s+)?"

# The patterns of each family, by family name (the registry in ``families`` pairs them with their readers).
MD = (
    _c(rf"(?:{WEEKDAY},?\s+)?{MOD}{MONTH}(?:\s+|(?<=\.)){DAY}{_YEAR_OR_REL}?"),  # "Sept.11, 2001" too
    _c(rf"(?:{WEEKDAY},?\s+)?{MOD}(?:(?i:the)\s+)?{DAY}\s+(?:of\s+)?{MONTH}{_YEAR_OR_REL}?"),
    # Two days and the year they share, "April 7-8, 1979", "Oct. 9 and 11, 1981": two dates, the year from the end.
    _c(rf"{MOD}{MONTH}\s+{DAY}(?P<sep>{_LIST_SEP}){_DAY2},?\s+{YEAR}", split="day2"),
)
MONTH_FAMILY = (
    _c(rf"{MOD}{MONTH}{_YEAR_OR_REL}?", _bare_may),
    # "next November", "last March", "this past May": the month counted from the publication month.
    _c(rf"(?P<mrel>(?i:next|last|this(?:\s+past|\s+coming)?|past|coming))\s+{MONTH}(?!\s+[0-9])", _month_not_a_name),
    # "that January day in 2011": the month of the year the phrase ends with.
    _c(rf"(?i:that|this|one)\s+{MONTH}\s+(?i:day|morning|afternoon|evening|night)\s+in\s+{YEAR}"),
)
YMD = (_c(r"(?P<year>1[89][0-9]{2}|20[0-9]{2})-(?P<mnum>0[1-9]|1[0-2])-(?P<dnum>0[1-9]|[12][0-9]|3[01])"),)
SLASH = (_c(r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4}|[0-9]{2})"),)
YEAR_FAMILY = (
    _c(rf"{MOD}(?:{_FISCAL}\s*)?{YEAR}", _year_is_a_date),
    _c(r"(?P<fiscal>FY)(?P<yy>[0-9]{2})"),
    # The second year of a range written with a dash, "2009-2011": a date of its own (TimeML).
    Pattern(re.compile(rf"(?<=(?<![\w-])(?:1[89]|20)[0-9]{{2}}[-\u2013]){YEAR}(?![\w])")),
)
DECADE = (
    _c(rf"(?:(?i:the)\s+)?{MOD}(?P<decade>1[0-9]{{2}}0|20[0-9]0|'[0-9]0)'?s"),
    # Two digits need a determiner or a modifier: "the 70s", "the late 80s".
    _c(rf"(?:(?i:the)\s+{MOD}|(?i:early|late|mid)[\s-]+)(?P<decade>[2-9]0)s", _decade_not_temperature),
)
CENTURY = (_c(r"(?:(?i:the)\s+)?(?P<ordinal>(?:1[0-9]|20)th|21st|(?i:nineteenth|twentieth|twenty-first))\s+(?i:century)"),)
QUARTER = (
    _c(rf"{MOD}(?:(?i:the)\s+)?(?:{_FISCAL}\s+)?(?P<ordinal>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[\s-]+(?P<which>(?i:quarter|half))"
       rf"(?:\s+(?:of\s+)?(?:(?P<fiscal_of>(?i:fiscal(?:\s+year)?|FY))\s*)?(?:{YEAR}|(?P<rel>(?i:this|last|next)|(?<=of\s)the)\s+year))?"),
    _c(rf"(?P<q>Q[1-4]|H[12])(?:\s+{YEAR}|'(?P<yy>[0-9]{{2}}))?"),
)
SEASON = (
    _c(rf"{MOD}(?:(?P<rel>(?i:this|last|next|the|this\s+past|the\s+coming))\s+)?(?P<season>(?i:spring|summer|autumn|fall|winter))"
       rf"(?:\s+(?:of\s+)?{YEAR})?", _bare_season),
)
HOLIDAY = (_c(rf"(?P<holiday>{_HOLIDAY})(?:\s+{YEAR})?"),)
# Weekdays, optionally with a part of the day: "Friday morning".
WEEKDAY_FAMILY = (
    _c(rf"{MOD}(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|coming|past))\s+)?{WEEKDAY}{PART}", _weekday_not_named_day),
)
# Clock times, optionally followed by their day: "9 a.m. EST Wednesday", "0800 UTC", "15:00 GMT Saturday".
TIME = (
    _c(rf"{_CLOCK}{_TZ}(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|{_RELDAY}))?"),
    _c(rf"(?P<hour24>[01][0-9]|2[0-3])(?P<minute24>[0-5][0-9])\s*\(?(?P<tz>(?i:{_alt(TIMEZONES)}))\)?"
       rf"(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|{_RELDAY}))?"),
)
# A time taken, written as a clock: "3:07:35" (a race), "1:02:03.5".
CLOCK_DURATION = (_c(r"(?P<h>[0-9]{1,2}):(?P<m>[0-5][0-9]):(?P<s>[0-5][0-9](?:\.[0-9]+)?)", _clock_duration),)
RELDAY = (
    _c(rf"{MOD}{_RELDAY}{PART}", _not_a_show),
    _c(r"(?P<relday>(?i:last))\s+(?P<part>(?i:night))"),
)
THISPART = (_c(r"(?i:this)\s+(?P<part>(?i:morning|afternoon|evening))", _not_a_name),)
# "last week", "next month", "earlier this year", "the end of the year", "this fiscal year", "the weekend".
RELPERIOD = (
    _c(rf"{MOD}(?:(?i:the)\s+)?(?P<rel>(?i:this|last|next|this\s+past|this\s+coming|the\s+coming|the\s+upcoming|upcoming"
       rf"|the\s+current|current))\s+{_PERIOD}", _not_a_name),
    _c(rf"(?P<mod>(?i:the\s+(?:very\s+)?(?:beginning|start|end|middle)\s+of))\s+(?P<rel>(?i:the))\s+{_PERIOD}"),
    _c(rf"{MOD}(?P<rel>(?i:the|this|last|next|the\s+current|the\s+previous|the\s+next|the\s+last|current))\s+(?P<period>(?i:fiscal|financial))\s+(?i:year)"),
    _c(rf"{MOD}(?P<rel>(?i:the))\s+(?P<period>(?i:weekend))"),
    # "the year" of news is the current one where nothing else can make it another: after "of",
    # "for", "throughout" ("the biggest deal of the year", "much of the week"), or "later in the year".
    _c(r"(?P<mod>(?i:later|earlier))\s+(?i:in)\s+(?P<rel>the)\s+(?P<period>week|month|year)"),
    _c(r"(?:(?<=\bof\s)|(?<=\bfor\s)|(?<=\bthroughout\s))(?P<rel>the)\s+(?P<period>week|month|year)"
       r"(?!\s+(?:before|after|earlier|later|ago|previous|prior|when|that|in\s+which|of|to|ending|ended|"
       r"between|since|through|[0-9]))"),
)
# "the previous year", "the year before", "the following day": counted from the last date mentioned.
ANAPHORIC = (
    _c(r"(?i:the\s+(?P<rel>previous|following|next|preceding|prior|same)\s+(?P<period>day|week|weekend|month|quarter|year))"),
    # "later that month", "that year": the period of the last date mentioned.
    _c(r"(?:(?i:later|earlier)\s+)?(?i:that)\s+(?P<period>(?i:day|week|month|year))(?P<rel>)(?!-|\s+(?:of|when|in)\b)"),
    _c(r"(?i:the\s+(?P<period>day|week|month|year)\s+(?P<rel>before|after|previous|prior|earlier|later))"
       r"(?!\s+(?:the|a|an|his|her|its|their|[0-9]))"),
)
# "the day" in a market report: that trading day.
THE_DAY = (_c(r"(?P<inday>(?i:(?:later|earlier)\s+in)\s+)?(?i:the)\s+(?i:day)", _the_day),)
# The period just mentioned, a year before: "the same period last year", "the year-earlier quarter".
SAME_PERIOD = (
    _c(r"(?i:the\s+same\s+(?P<period>period|quarter|month|week|day|time|season)\s+(?:(?:of|in)\s+)?"
       r"(?:(?:the\s+)?(?:last|previous|prior)\s+year|a\s+year\s+(?:earlier|ago|before)))"),
    _c(r"(?i:the\s+(?:year-(?:earlier|ago)|prior-year|previous-year)\s+(?P<period>period|quarter|month|week|day))"),
)
# Sets: "15 a year", "every Monday", "each season", "annual", "daily".
SET = (
    _c(rf"(?P<per>(?i:a|per|an))\s+{UNIT}", _rate),
    _c(rf"(?i:every|each)\s+(?:(?P<other>(?i:other))\s+)?(?:{WEEKDAY}|{UNIT}|(?P<part>(?i:morning|afternoon|evening|night))"
       r"|(?P<season_set>(?i:season)))"),
    _c(r"(?P<adverb>(?i:annual|annually|yearly|biannual|monthly|weekly|daily|nightly|hourly|quarterly|biennial))", _not_a_name),
    # A weekday in the plural recurs: "on Saturdays", "Friday nights".
    _c(rf"{WEEKDAY}(?:s|\s+(?P<part>(?i:morning|afternoon|evening|night))s)"),
)
# "three days later": a date counted from the last one mentioned. "three days later than planned" is
# the date of the event against its plan: after a comma it restates the date just given
# ("arrives on May 11, three days later than planned").
_PLAN = (r"(?P<plan>(?i:than\s+(?:(?:originally|initially|first|previously)\s+)?"
         r"(?:planned|scheduled|expected|anticipated|intended|forecast|promised)))")
SHIFT = (
    _c(rf"{NUMBER}\s+{UNITS}\s+(?P<dir>(?i:later|earlier))(?!\s+than\b)"),
    _c(rf"(?:(?<=,\s)(?P<appos>))?{NUMBER}\s+{UNITS}\s+(?P<dir>(?i:later|earlier))\s+{_PLAN}"),
)
AGO = (
    _c(rf"(?:(?:{NUMBER}|{VAGUE})\s+)?{UNITS}\s+(?i:ago)"),
    _c(r"(?P<num>(?i:a|an|one))\s+(?P<part_century>(?i:quarter|half)[-\s]century)\s+(?i:ago)"),
    # "long ago", "not so long ago", "a long time ago": some time before, unsaid.
    _c(r"(?P<long>(?:(?i:not)\s+(?:(?i:that|so|too)\s+)?)?(?i:long)|(?i:a\s+long\s+time))\s+(?i:ago)"),
)
# "three years", "five straight days", "the past five trading days", "a 12-hour flight", "the entire year".
DURATION = (
    _c(rf"(?:(?i:the\s+(?:past|last|next|previous|coming|following|first|final))\s+)?(?:{NUMBER}|{VAGUE})\s+{_UNIT_ADJ}{UNITS}", _duration),
    _c(rf"(?i:the\s+(?:past|last|next|previous|coming|following))\s+{UNIT}", _not_a_capacity),
    _c(rf"(?P<num>[0-9]+(?:\.[0-9]+)?|(?i:{_alt(TENS)})(?:-(?i:{_alt(ONES[:9])}))?|(?i:{_alt(ONES)}))-{UNIT}(?:-(?i:long|old))?", _duration),
    _c(r"(?P<vague>(?i:years|months|weeks|decades|days|hours))-long"),
    _c(r"(?P<vague>(?i:hours|days|weeks|months|years|decades))(?=\s+(?i:later|earlier|before|after|long)\b)"),
    _c(r"(?i:(?:the\s+)?(?P<vague>years|decades|months|weeks|days))", _after_preposition),
    _c(rf"(?P<whole>(?i:the\s+(?:entire|whole|full)|all))\s+{UNIT}"),
    _c(r"(?P<num>(?i:a|an|one))\s+(?P<part_century>(?i:quarter|half)[-\s]century)"),
    _c(r"(?i:a\s+matter\s+of)\s+(?P<vague>(?i:hours|days|weeks|months|years))"),
)
# Periods of unstated length: "an undetermined period of time", "the Christmas sales period", "Christmas sales" (PXD).
VAGUE_PERIOD = (
    _c(rf"{_HOLIDAY}(?=\s+(?i:sales|shopping|trading|travel|rush)\b)"),
    _c(r"(?i:an?\s+(?:undetermined|unspecified|indefinite|undisclosed|unknown)\s+(?:period|length)(?:\s+of\s+time)?)"),
    _c(rf"(?:(?i:the)\s+)?(?:{_HOLIDAY}|(?i:holiday|festive))(?:\s+and\s+(?:{_HOLIDAY}|(?i:new\s+year)))?\s+"
       r"(?:(?i:sales|shopping|trading|travel|holiday)\s+)?(?i:period|season)"),
)
# Times that the text leaves open: "at a later date".
UNKNOWN = (
    _c(r"(?i:a\s+(?:later|future|subsequent)\s+(?:time|date|stage|point))"),
    # "a day when ...": some day, not a length of one.
    _c(r"(?i:a|one)\s+(?P<period>(?i:day|week|month|year))(?=\s+(?i:when)\b)"),
)
# References: "now", "currently", "recently", "in recent months", "the future".
PRESENT = (_c(r"(?i:now|currently|nowadays|presently|at\s+present|at\s+the\s+moment)", _now),)
PAST = (_c(r"(?i:(?:more\s+|most\s+|until\s+|only\s+)?(?:recently|lately)|the\s+past(?!\s+[0-9a-z])|recent\s+(?:years|months|weeks|days|decades|times))"),)
FUTURE = (_c(r"(?i:the\s+future|(?:the\s+)?coming\s+(?:years|months|weeks|days|decades))"),)


