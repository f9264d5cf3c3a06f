"""Scores of page extraction against the expected fields of a page corpus (``tests/data/pages``).

Each page's expectation says what a reader of the page sees: the publication
instant as the page states it (``2023-04-26T14:20:55-04:00``, or a bare day),
its precision, the headline, authors, site name, language, the article's own
paragraphs (``body``) and boilerplate lines that must not be in the text
(``forbidden``); a page that should be rejected gives a substring of the reason.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class PageCheck:
    """One page's outcome on each measure; None where the measure does not apply."""

    name: str
    rejected: bool
    reject_right: bool | None
    instant_minute: bool | None
    day: bool | None
    precision: bool | None
    title: bool | None
    authors: bool | None
    site_name: bool | None
    language: bool | None
    body_f1: float | None
    boilerplate_lines: tuple[str, ...]
    paragraphs: bool | None


def load_expected(folder: Path) -> dict[str, dict[str, Any]]:
    """The corpus's ``expected.json``: page file name -> expected fields."""
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def expected_instant(value: str) -> tuple[datetime, str]:
    """An expected ``published`` value as an aware UTC instant and its precision (day or second)."""
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), timezone.utc), "day"
    return datetime.fromisoformat(value).astimezone(timezone.utc), "second"


def word_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 (case-folded word tokens) of a predicted body against the gold body."""
    pred, ref = Counter(_WORD.findall(predicted.casefold())), Counter(_WORD.findall(gold.casefold()))
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


def check_page(name: str, expected: dict[str, Any], result: Any) -> PageCheck:
    """Compare one extraction (an ``Article`` or a ``Reject``) with its expectation."""
    rejected = hasattr(result, "reason")
    want_reject = expected.get("reject")
    if rejected or want_reject:
        right = bool(rejected and want_reject and want_reject in result.reason)
        return PageCheck(name, rejected, right, *([None] * 8), (), None)
    instant, precision = expected_instant(expected["published"])
    got = result.published_at.astimezone(timezone.utc)
    got_precision = getattr(result, "published_precision", "second")
    minute = None if precision == "day" else got.replace(second=0, microsecond=0) == instant.replace(second=0)
    day_ok = _stated_day(expected["published"]) == _local_day(got, expected["published"])
    gold_body = "\n\n".join(expected["body"])
    lines = tuple(f for f in expected.get("forbidden", []) if f in result.text)
    return PageCheck(
        name, False, None, minute, day_ok, got_precision == precision,
        result.title == expected["title"],
        list(getattr(result, "authors", ()) or ()) == expected["authors"],
        getattr(result, "site_name", None) == expected["site_name"],
        result.language == expected["language"],
        word_f1(result.text, gold_body), lines,
        len([p for p in result.text.split("\n\n") if p.strip()]) == len(expected["body"]),
    )


def _stated_day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _local_day(instant: datetime, stated: str) -> date:
    """The day of ``instant`` in the offset the page states (UTC for a bare day)."""
    if len(stated) == 10:
        return instant.astimezone(timezone.utc).date()
    return instant.astimezone(datetime.fromisoformat(stated).tzinfo).date()


def summarise(checks: list[PageCheck]) -> dict[str, tuple[int, int]]:
    """For each measure, (pages right, pages it applies to)."""
    def share(attr: str) -> tuple[int, int]:
        values = [getattr(c, attr) for c in checks if getattr(c, attr) is not None]
        return sum(bool(v) for v in values), len(values)

    kept = [c for c in checks if c.body_f1 is not None]
    return {
        "instant to the minute (page states a time)": share("instant_minute"),
        "day": share("day"),
        "precision column": share("precision"),
        "headline as title": share("title"),
        "authors": share("authors"),
        "site name": share("site_name"),
        "language": share("language"),
        "no boilerplate line": (sum(not c.boilerplate_lines for c in kept), len(kept)),
        "paragraph count": share("paragraphs"),
        "rejected with the right reason": share("reject_right"),
    }
