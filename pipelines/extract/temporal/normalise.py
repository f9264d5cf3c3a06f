"""Normalisation of candidates to TIMEX3 values and calendar intervals.

``normalise`` reads a ``Candidate`` against the publication date (the anchor),
the tense of the clause that governs it (which way an underspecified "Friday"
or "June" points) and the last explicit date of the text (the reference for
anaphoric "the following day"). Expressions that cannot be resolved get the
TIMEX3 placeholder (``XXXX-XX-XX``), never a guess.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from .patterns import (
    FIXED_HOLIDAYS, MONTHS, NUMBER_WORDS, ORDINALS, PARTS_OF_DAY, SEASONS, TIME_UNITS, TIMEZONES,
    UNIT_WORDS, WEEKDAYS, Candidate,
)

PAST, PRESENT, FUTURE = "past", "present", "future"


@dataclass(frozen=True)
class Normalised:
    """A TIMEX3 reading: type, value, the interval it denotes and its granularity."""

    timex_type: str
    value: str
    range_start: date | None
    range_end: date | None
    granularity: str


@dataclass(frozen=True)
class Reference:
    """The last explicit date of the text: anaphora ("the following day") count from it."""

    day: date | None  # None for a fiscal period, whose calendar is the company's own
    granularity: str
    value: str

    @classmethod
    def of(cls, reading: Normalised) -> Reference | None:
        """The reference a reading sets, if it names a calendar or fiscal period."""
        if reading.timex_type not in ("DATE", "TIME"):
            return None
        granularity = "day" if reading.granularity == "time" else reading.granularity
        if reading.range_start is not None:
            return cls(reading.range_start, granularity, reading.value)
        return cls(None, granularity, reading.value) if reading.value.startswith("FY") else None


# --- calendar intervals -----------------------------------------------------

def _day(d: date, timex_type: str = "DATE") -> Normalised:
    return Normalised(timex_type, d.isoformat(), d, d, "day")


def _month(y: int, m: int) -> Normalised:
    return Normalised("DATE", f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month")


def _year(y: int) -> Normalised:
    return Normalised("DATE", f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year")


def _week(d: date) -> Normalised:
    y, w, wd = d.isocalendar()
    monday = d - timedelta(days=wd - 1)
    return Normalised("DATE", f"{y:04d}-W{w:02d}", monday, monday + timedelta(days=6), "week")


def _weekend(d: date) -> Normalised:
    """The weekend of the ISO week holding ``d``."""
    y, w, wd = d.isocalendar()
    saturday = d + timedelta(days=5 - (wd - 1))
    return Normalised("DATE", f"{y:04d}-W{w:02d}-WE", saturday, saturday + timedelta(days=1), "week")


def _quarter(y: int, q: int) -> Normalised:
    start = date(y, 3 * q - 2, 1)
    return Normalised("DATE", f"{y:04d}-Q{q}", start, start + relativedelta(months=3, days=-1), "quarter")


def _half(y: int, h: int) -> Normalised:
    start = date(y, 6 * h - 5, 1)
    return Normalised("DATE", f"{y:04d}-H{h}", start, start + relativedelta(months=6, days=-1), "quarter")


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(y: int, code: str) -> Normalised:
    """Seasons of year ``y``; winter ``y-WI`` runs from December ``y-1`` to February ``y``."""
    start = date(y - 1 if code == "WI" else y, _SEASON_START[code], 1)
    return Normalised("DATE", f"{y:04d}-{code}", start, start + relativedelta(months=3, days=-1), "season")


def _decade(first_year: int) -> Normalised:
    return Normalised("DATE", f"{first_year // 10:03d}", date(first_year, 1, 1), date(first_year + 9, 12, 31), "decade")


def _century(index: int) -> Normalised:
    """Century ``index`` in TIMEX3 terms: "20" is 2000-2099."""
    return Normalised("DATE", f"{index:02d}", date(max(index * 100, 1), 1, 1), date(index * 100 + 99, 12, 31), "century")


def _ref(value: str) -> Normalised:
    return Normalised("DATE", value, None, None, "ref")


def _placeholder(granularity: str = "day") -> Normalised:
    values = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "quarter": "XXXX-QX"}
    return Normalised("DATE", values.get(granularity, "XXXX-XX-XX"), None, None, granularity)


def _with_time(day: Normalised, time: str) -> Normalised:
    """A day value with a time of day appended: 2022-01-19T09:00, 2010-07-16TMO."""
    return Normalised("TIME", f"{day.value}T{time}", day.range_start, day.range_end, "time")


# --- choosing among readings by tense -----------------------------------------

def choose(options: list[Normalised], anchor: date, tense: str | None) -> Normalised:
    """The reading the tense points to: the latest not after the anchor for the past,
    the earliest not before it for the future, else the one nearest the anchor."""
    options = [o for o in options if o.range_start is not None]
    if tense == PAST:
        past = [o for o in options if o.range_start <= anchor]
        if past:
            return max(past, key=lambda o: o.range_start)
    if tense == FUTURE:
        future = [o for o in options if o.range_end >= anchor]
        if future:
            return min(future, key=lambda o: o.range_start)

    def distance(o: Normalised) -> int:
        if o.range_start <= anchor <= o.range_end:
            return 0
        return min(abs((o.range_start - anchor).days), abs((o.range_end - anchor).days))

    return min(options, key=distance)


def _years_around(anchor: date, make) -> list[Normalised]:
    out = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            out.append(make(y))
        except ValueError:  # 29 February of a common year
            pass
    return out


# --- numbers --------------------------------------------------------------------

def _number(text: str | None) -> float | None:
    if text is None:
        return None
    t = re.sub(r"\s+", " ", text.lower())
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", t):
        return float(t)
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


# Fractions of a unit are written in the next smaller one: half a year is P6M.
_SMALLER = {"Y": (12, "M"), "W": (7, "D"), "D": (24, "H"), "H": (60, "M")}


def duration_value(num: float | None, unit_word: str) -> str:
    """TIMEX3 duration: P3Y, PT48H, P10Y (a decade), PXY (unspecified count)."""
    word = unit_word.lower().rstrip("s")
    word = "century" if word == "centurie" else word  # "centuries" matches as centurie + s
    code = UNIT_WORDS[word]
    time = word in TIME_UNITS
    if code == "2W":  # fortnight
        code, num = "W", None if num is None else 2 * num
    if code in ("DE", "CE"):  # a decade is P10Y; "decades" an unspecified number of years, PXY
        code, num = "Y", None if num is None else num * (10 if code == "DE" else 100)
    if num is not None and num < 1 and code in ("Y", "W", "D", "H"):  # half a day -> PT12H
        factor, code = _SMALLER[code]
        num, time = num * factor, time or code == "H"
    qty = "X" if num is None else _fmt(num)
    return f"PT{qty}{code}" if time else f"P{qty}{code}"


# --- per kind -----------------------------------------------------------------

def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


_YEAR_STEPS = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1, "the preceding": -1,
               "the prior": -1}


def _stated_year(c: Candidate, anchor: date, ref: Reference | None = None) -> int | None:
    """The year a candidate gives, written ("2009"), relative to now ("last year") or to the last date
    mentioned ("of that year", "of the following year"; None if no date was mentioned)."""
    if c.group("year"):
        return int(c.group("year"))
    if c.group("yref"):
        if ref is None or ref.day is None:
            return None
        return ref.day.year + _YEAR_STEPS[re.sub(r"\s+", " ", c.group("yref").lower())]
    return _relative_year(c.group("rel"), anchor)


def read_md(c: Candidate, anchor: date, tense: str | None, ref: Reference | None) -> Normalised:
    month, day = _month_number(c.group("month")), int(c.group("day"))
    if (year := _stated_year(c, anchor, ref)) is not None:
        return _day(date(year, month, day))
    options = _years_around(anchor, lambda y: _day(date(y, month, day)))
    if c.group("weekday"):
        wd = WEEKDAYS[c.group("weekday").lower()]
        matching = [o for o in options if o.range_start.weekday() == wd]
        options = matching or options
    return choose(options, anchor, tense)


def read_month(c: Candidate, anchor: date, tense: str | None, ref: Reference | None) -> Normalised:
    month = _month_number(c.group("month"))
    if (year := _stated_year(c, anchor, ref)) is not None:
        return _month(year, month)
    options = _years_around(anchor, lambda y: _month(y, month))
    if c.group("mrel"):
        return _relative_month(options, re.sub(r"\s+", " ", c.group("mrel").lower()), anchor)
    return choose(options, anchor, tense)


def _relative_month(options: list[Normalised], rel: str, anchor: date) -> Normalised:
    """"last November": the latest before the publication month; "next November" the first after
    it; "this November" that of the publication year."""
    if rel in ("last", "past", "this past"):
        return max((o for o in options if o.range_end < anchor), key=lambda o: o.range_start)
    if rel in ("next", "coming", "this coming"):
        return min((o for o in options if o.range_start > anchor), key=lambda o: o.range_start)
    return next(o for o in options if o.range_start.year == anchor.year)


def read_ymd(c: Candidate, *_) -> Normalised:
    return _day(date(int(c.group("year")), int(c.group("mnum")), int(c.group("dnum"))))


def _two_digit_year(yy: int, anchor: date) -> int:
    century = anchor.year // 100 * 100
    return century + yy if century + yy <= anchor.year + 10 else century - 100 + yy


def read_slash(c: Candidate, anchor: date, *_) -> Normalised:
    a, b, y = int(c.group("a")), int(c.group("b")), c.group("y")
    year = int(y) if len(y) == 4 else _two_digit_year(int(y), anchor)
    month, day = (a, b) if a <= 12 else (b, a)  # US order unless the first number cannot be a month
    return _day(date(year, month, day))


def _fiscal(value: str) -> Normalised:
    """A fiscal year or quarter (FY2023, FY2023-Q1): its calendar interval is the company's own, so unknown."""
    return Normalised("DATE", f"FY{value}", None, None, "quarter" if "-Q" in value else "year")


def read_year(c: Candidate, anchor: date, *_) -> Normalised:
    year = _two_digit_year(int(c.group("yy")), anchor) if c.group("yy") else int(c.group("year"))
    return _fiscal(f"{year:04d}") if c.group("fiscal") else _year(year)


def read_decade(c: Candidate, anchor: date, *_) -> Normalised:
    d = c.group("decade").lstrip("'")
    if len(d) == 2:  # "the '80s", "the 70s": the latest such decade not after the next ten years
        return _decade(_two_digit_year(int(d), anchor))
    return _decade(int(d))


_ORDINAL_CENTURY = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}


def read_century(c: Candidate, *_) -> Normalised:
    o = c.group("ordinal").lower()
    nth = _ORDINAL_CENTURY.get(o) or int(re.match(r"[0-9]+", o).group())
    return _century(nth - 1)


def _relative_year(rel: str | None, anchor: date) -> int | None:
    return {"this": anchor.year, "the": anchor.year, "last": anchor.year - 1, "next": anchor.year + 1}.get((rel or "").lower())


def read_quarter(c: Candidate, anchor: date, tense: str | None, _ref: Reference | None) -> Normalised:
    if c.group("q"):
        half, n = c.group("q")[0] == "H", int(c.group("q")[1])
    else:
        half, n = c.group("which").lower() == "half", ORDINALS[c.group("ordinal").lower()]
    if half and n > 2:
        return _placeholder("quarter")
    make = (lambda y: _half(y, n)) if half else (lambda y: _quarter(y, n))
    year = c.group("year") or _relative_year(c.group("rel"), anchor)
    if c.group("yy"):
        year = _two_digit_year(int(c.group("yy")), anchor)
    reading = make(int(year)) if year else choose(_years_around(anchor, make), anchor, tense)
    if c.group("fiscal") or c.group("fiscal_of"):
        return _fiscal(reading.value)
    return reading


def read_season(c: Candidate, anchor: date, tense: str | None, _ref: Reference | None) -> Normalised:
    code = SEASONS[c.group("season").lower()]
    if c.group("year"):
        return _season(int(c.group("year")), code)
    rel = re.sub(r"\s+", " ", (c.group("rel") or "").lower())
    options = [_season(y, code) for y in (anchor.year - 1, anchor.year, anchor.year + 1, anchor.year + 2)]
    if rel in ("last", "this past"):
        return max((o for o in options if o.range_end < anchor), key=lambda o: o.range_start)
    if rel in ("next", "the coming"):
        return min((o for o in options if o.range_start > anchor), key=lambda o: o.range_start)
    if rel == "this":
        return next(o for o in options if o.value.startswith(f"{anchor.year + (code == 'WI' and anchor.month == 12):04d}"))
    return choose(options, anchor, tense)


def _nth_weekday(y: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th given weekday of a month; ``n = -1`` for the last."""
    if n > 0:
        first = date(y, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(y, month, calendar.monthrange(y, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, y: int) -> date:
    name = re.sub(r"\s+", " ", name.lower())
    if name in FIXED_HOLIDAYS:
        return date(y, *FIXED_HOLIDAYS[name])
    if name.startswith("easter"):
        return easter(y)
    if name == "good friday":
        return easter(y) - timedelta(days=2)
    if name.startswith("thanksgiving"):
        return _nth_weekday(y, 11, 3, 4)
    if name == "memorial day":
        return _nth_weekday(y, 5, 0, -1)
    if name == "labor day":
        return _nth_weekday(y, 9, 0, 1)
    if name == "martin luther king day":
        return _nth_weekday(y, 1, 0, 3)
    raise KeyError(name)


def read_holiday(c: Candidate, anchor: date, tense: str | None, _ref: Reference | None) -> Normalised:
    name = c.group("holiday")
    if c.group("year"):
        return _day(holiday_date(name, int(c.group("year"))))
    return choose(_years_around(anchor, lambda y: _day(holiday_date(name, y))), anchor, tense)


def weekday_date(weekday: int, rel: str | None, anchor: date, tense: str | None) -> date:
    """The day a weekday name points to: "last"/"next" are strict, else the tense decides."""
    back = (anchor.weekday() - weekday) % 7  # days back to the most recent such weekday (0 = today)
    fwd = (weekday - anchor.weekday()) % 7
    rel = re.sub(r"\s+", " ", (rel or "").lower())
    if rel in ("last", "past", "this past"):
        return anchor - timedelta(days=back or 7)
    if rel in ("next", "coming", "this coming"):
        return anchor + timedelta(days=fwd or 7)
    if tense == PAST:
        return anchor - timedelta(days=back)
    if tense == FUTURE:
        return anchor + timedelta(days=fwd)
    return anchor - timedelta(days=back) if back <= fwd else anchor + timedelta(days=fwd)


def _part(c: Candidate) -> str | None:
    part = c.group("part")
    return PARTS_OF_DAY[part.lower()] if part else None


def read_weekday(c: Candidate, anchor: date, tense: str | None, _ref: Reference | None) -> Normalised:
    d = _day(weekday_date(WEEKDAYS[c.group("weekday").lower()], c.group("rel"), anchor, tense))
    part = _part(c)
    return _with_time(d, part) if part else d


_RELDAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last": -1}


def read_relday(c: Candidate, anchor: date, *_) -> Normalised:
    word = c.group("relday").lower()
    d = _day(anchor + timedelta(days=_RELDAYS[word]))
    part = _part(c) or ("NI" if word in ("tonight", "last") else None)
    return _with_time(d, part) if part else d


def read_thispart(c: Candidate, anchor: date, *_) -> Normalised:
    return _with_time(_day(anchor), _part(c))


def read_time(c: Candidate, anchor: date, tense: str | None, ref: Reference | None) -> Normalised:
    if c.group("named"):
        hour, minute = (0, 0) if c.group("named").lower() == "midnight" else (12, 0)
    elif c.group("hour24"):
        hour, minute = int(c.group("hour24")), int(c.group("minute24"))
    else:
        hour, minute = int(c.group("hour")) % 12, int(c.group("minute") or 0)
        if c.group("ampm").lower().startswith("p"):
            hour += 12
    zone = ""
    if c.group("tz"):
        zone = TIMEZONES[c.group("tz").lower()]
        if c.group("offset"):
            hours = int(re.sub(r"\s+", "", c.group("offset")))
            zone = f"{'+' if hours >= 0 else '-'}{abs(hours):02d}"
    if c.group("weekday"):
        day = _day(weekday_date(WEEKDAYS[c.group("weekday").lower()], None, anchor, tense))
    elif c.group("relday"):
        day = _day(anchor + timedelta(days=_RELDAYS[c.group("relday").lower()]))
    elif ref is not None and ref.day is not None and ref.granularity == "day":  # "on Tuesday ... at 18:00 UTC"
        day = _day(ref.day + timedelta(days=1 if c.group("after_midnight") else 0))
    else:
        day = _day(anchor)
    return _with_time(day, f"{hour:02d}:{minute:02d}{zone}")


def _period(name: str, d: date) -> Normalised:
    """The calendar period of kind ``name`` holding day ``d``."""
    return {
        "day": lambda: _day(d),
        "week": lambda: _week(d),
        "weekend": lambda: _weekend(d),
        "month": lambda: _month(d.year, d.month),
        "quarter": lambda: _quarter(d.year, (d.month - 1) // 3 + 1),
        "year": lambda: _year(d.year),
        "decade": lambda: _decade(d.year // 10 * 10),
        "century": lambda: _century(d.year // 100),
    }[name]()


_STEP = {
    "day": relativedelta(days=1), "week": relativedelta(weeks=1), "weekend": relativedelta(weeks=1),
    "month": relativedelta(months=1), "quarter": relativedelta(months=3), "year": relativedelta(years=1),
    "decade": relativedelta(years=10), "century": relativedelta(years=100),
}


_REL_OFFSETS = {"last": -1, "the last": -1, "this past": -1, "the previous": -1, "next": 1, "the next": 1, "the coming": 1,
                "this coming": 1, "the upcoming": 1, "upcoming": 1}


def read_relperiod(c: Candidate, anchor: date, tense: str | None, _ref: Reference | None) -> Normalised:
    period, rel = c.group("period").lower(), re.sub(r"\s+", " ", c.group("rel").lower())
    offset = _REL_OFFSETS.get(rel, 0)  # this, the current, the (end of the) year
    if period in ("fiscal", "financial"):
        return _fiscal(f"{anchor.year + offset:04d}")
    if period == "weekend" and offset == 0:
        back = _weekend(anchor - timedelta(days=7))
        this = _weekend(anchor)
        if tense == PAST and this.range_start > anchor:
            return back
        return this
    if period == "year" and offset == 0 and (c.group("mod") or "").lower() in ("later", "earlier"):
        return _rest_of_year(anchor, later=c.group("mod").lower() == "later")
    return _period(period, anchor + offset * _STEP[period])


def _rest_of_year(anchor: date, later: bool) -> Normalised:
    """"later this year", "earlier this year": the part of the year after (before) publication, as the
    smallest month, quarter or year that holds it (later this year on 10 November: Q4)."""
    y = anchor.year
    part = (anchor, date(y, 12, 31)) if later else (date(y, 1, 1), anchor)
    quarter = (anchor.month - 1) // 3 + 1
    for reading in (_month(y, anchor.month), _quarter(y, quarter)):
        if reading.range_start <= part[0] and part[1] <= reading.range_end:
            return reading
    return _year(y)


def read_anaphoric(c: Candidate, anchor: date, tense: str | None, ref: Reference | None) -> Normalised:
    period, rel = c.group("period").lower(), c.group("rel").lower()
    fine_enough = {"day": ("day",), "week": ("day", "week"), "weekend": ("day", "week")}
    backward = rel in ("previous", "preceding", "prior", "before", "earlier", "same")
    if ref is None and backward:  # "the previous year" before any date is mentioned counts from publication
        ref = Reference(anchor, "day", anchor.isoformat())
    if ref is None or ref.day is None or ref.granularity not in fine_enough.get(period, ("day", "week", "month", "quarter", "year")):
        return _placeholder(period if period != "weekend" else "week")
    if period in ("month", "quarter") and ref.granularity == "year":
        return _placeholder(period)
    offset = {"previous": -1, "preceding": -1, "prior": -1, "before": -1, "earlier": -1,
              "following": 1, "next": 1, "after": 1, "later": 1}.get(rel, 0)
    return _period(period, ref.day + offset * _STEP[period])


def _part_century(c: Candidate) -> int:
    """Years in "a quarter century" (25) or "a half-century" (50)."""
    return 25 if c.group("part_century").lower().startswith("quarter") else 50


def read_ago(c: Candidate, anchor: date, *_) -> Normalised:
    if c.group("part_century"):
        return _year(anchor.year - _part_century(c))
    if c.group("long"):
        return _ref("PAST_REF")
    unit = c.group("unit").lower().rstrip("s")
    unit = "century" if unit == "centurie" else unit
    num = _number(c.group("num"))
    if num is None or num != int(num) or unit in ("weekend", "fortnight", "night"):
        return _ref("PAST_REF")
    if unit in TIME_UNITS:
        return _day(anchor)
    return _period(unit, anchor - int(num) * _STEP[unit])


_GRANULARITY_ORDER = ("day", "week", "month", "quarter", "season", "year", "decade", "century")


def read_shift(c: Candidate, anchor: date, tense: str | None, ref: Reference | None) -> Normalised:
    """"three days later": the last mentioned date moved by the amount, at the unit's granularity.

    A year's shift keeps a finer period ("a year earlier" after a quarter is that quarter a year
    before). Without a date to count from, or from one coarser than the unit, it is unresolvable.
    Measured against a plan ("three days later than planned") it is the date just given when it
    stands in apposition to it, else unresolvable.
    """
    unit = c.group("unit").lower().rstrip("s")
    unit = {"centurie": "century", "night": "day"}.get(unit, unit)
    num = _number(c.group("num"))
    if c.group("plan") is not None:  # "three days later than planned": the event's date, against its plan
        return years_from(ref, 0) if "appos" in c.groups and ref is not None else _placeholder(unit)
    if unit not in _STEP or unit == "weekend" or num is None or num != int(num):
        return _placeholder()
    sign = 1 if c.group("dir").lower() == "later" else -1
    if unit == "year" and ref is not None and (ref.day is None or ref.granularity in ("month", "quarter")):
        return years_from(ref, sign * int(num))
    if ref is None or ref.day is None or _GRANULARITY_ORDER.index(ref.granularity) > _GRANULARITY_ORDER.index(unit):
        return _placeholder(unit)
    return _period(unit, ref.day + sign * int(num) * _STEP[unit])


def years_from(ref: Reference, years: int) -> Normalised:
    """The period of ``ref`` moved by whole years: 2009-Q3 -> 2008-Q3, FY2007 -> FY2006."""
    if ref.day is None:
        fiscal = re.fullmatch(r"FY([0-9]{4})(.*)", ref.value)
        return _fiscal(f"{int(fiscal.group(1)) + years:04d}{fiscal.group(2)}") if fiscal else _placeholder()
    granularity = ref.granularity if ref.granularity in _STEP else "year"
    return _period(granularity, ref.day + relativedelta(years=years))


def read_same_period(c: Candidate, anchor: date, tense: str | None, ref: Reference | None) -> Normalised:
    """"the same period last year", "the year-earlier quarter": the period just mentioned, a year before.

    With no period mentioned yet, that period of the publication date a year before.
    """
    period = (c.group("period") or "").lower()
    if ref is not None:
        return years_from(ref, -1)
    if period in ("day", "week", "month", "quarter"):
        return _period(period, anchor - relativedelta(years=1))
    return _year(anchor.year - 1)


def read_duration(c: Candidate, *_) -> Normalised:
    if c.group("part_century"):
        return Normalised("DURATION", f"P{_part_century(c)}Y", None, None, "duration")
    unit = c.group("unit")
    if unit is None:  # "decades-long", "years later": the unit is the plural itself
        unit = c.group("vague")
    num = None if c.group("vague") else _number(c.group("num") or "a")  # "the entire year": one
    if num is not None and c.group("half"):
        num += 0.5
    return Normalised("DURATION", duration_value(num, unit), None, None, "duration")


_SET_ADVERBS = {
    "annual": "P1Y", "annually": "P1Y", "yearly": "P1Y", "biannual": "P6M", "biennial": "P2Y",
    "monthly": "P1M", "weekly": "P1W", "daily": "P1D", "nightly": "P1D", "hourly": "PT1H", "quarterly": "P3M",
}


def read_set(c: Candidate, *_) -> Normalised:
    if c.group("adverb"):
        value = _SET_ADVERBS[c.group("adverb").lower()]
    elif c.group("weekday"):  # "every Monday", "Friday nights": XXXX-WXX-5TNI
        part = _part(c)
        value = f"XXXX-WXX-{WEEKDAYS[c.group('weekday').lower()] + 1}" + (f"T{part}" if part else "")
    elif c.group("season_set"):  # a season of sport, theatre or fashion comes once a year
        value = "P1Y"
    elif c.group("part"):
        value = f"T{PARTS_OF_DAY[c.group('part').lower()]}"
    else:
        value = duration_value(2.0 if c.group("other") else 1.0, c.group("unit"))
    return Normalised("SET", value, None, None, "set")


def read_clock_duration(c: Candidate, *_) -> Normalised:
    """"3:07:35": PT3H7M35S."""
    h, m, sec = int(c.group("h")), int(c.group("m")), float(c.group("s"))
    parts = "".join(f"{_fmt(n)}{u}" for n, u in ((h, "H"), (m, "M"), (sec, "S")) if n)
    return Normalised("DURATION", f"PT{parts or '0S'}", None, None, "duration")


def read_the_day(_c: Candidate, anchor: date, _tense: str | None, ref: Reference | None) -> Normalised:
    """"the day" of a market report: the day just mentioned if it is within a week, else the publication day."""
    if ref is not None and ref.day is not None and ref.granularity == "day" and abs((ref.day - anchor).days) <= 7:
        return _day(ref.day)
    return _day(anchor)


def read_vague_period(*_) -> Normalised:
    return Normalised("DURATION", "PXD", None, None, "duration")


def read_unknown(c: Candidate, _anchor: date, tense: str | None = None, *_) -> Normalised:
    """A time the text leaves open ("at a later date"). Some day of a clause that looks ahead ("if
    there ever came a day when ...") is the future (FUTURE_REF); of a past or present clause it is some
    day, often the one of the story ("in a year when voters ...") or a date just given ("in 1988, a year
    when ..."), so unspecified."""
    if c.group("period") and tense == FUTURE:
        return _ref("FUTURE_REF")
    return _placeholder((c.group("period") or "day").lower())


def read_present(*_) -> Normalised:
    return _ref("PRESENT_REF")


def read_past(*_) -> Normalised:
    return _ref("PAST_REF")


def read_future(*_) -> Normalised:
    return _ref("FUTURE_REF")
