"""The one-pass candidate scan finds exactly what each pattern's own ``finditer`` finds."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipelines.extract.temporal.families import FAMILIES
from pipelines.extract.temporal.scan import Scanner, beginning, prefixes
from tests.test_timex3_conformance import FAMILY_CASES, NOT_DATES

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "meantime_dev.jsonl"
REGEXES = [pattern.regex for family in FAMILIES for pattern in family.patterns]
SCANNER = Scanner(REGEXES)

# Texts where a prefix-based choice could go wrong: case folding outside ASCII (the long s and the
# Kelvin sign fold to "s" and "k"), a text ending inside a pattern, hyphens and apostrophes at word starts.
EDGES = [
    "ſince ſpring, every ſunday, last weeK, a \u212aelvin-ſcale day",
    "in the '80s and mid-2011, the 1990s, FY09, Q3'21, 9:30 a.m. EST Friday, 0800 UTC",
    "on Jan. 4", "May", "2019", "a", "the", "", "3:07:35", "-2010 x-May the-day",
    "from 2009\u20132011 and 2010-2012; twenty-one-day, a 12-hour flight, five straight days",
]


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [case[3] for case in FAMILY_CASES] + [case[0] for case in NOT_DATES]
    return texts + EDGES + [" ".join(EDGES).upper(), " ".join(EDGES).lower()]


@pytest.mark.parametrize("text", _texts())
def test_scan_finds_what_each_pattern_finds_alone(text):
    scanned = SCANNER.matches(text)
    for regex, matches in zip(REGEXES, scanned):
        assert [(m.span(), m.groups()) for m in matches] == [(m.span(), m.groups()) for m in regex.finditer(text)], regex.pattern


def test_every_registered_pattern_is_chosen_by_its_beginning_but_one():
    """Only the second year of a dash range ("2009-2011") does not begin at a word start."""
    assert sum(prefixes(r) is None or not r.pattern.startswith(r"(?<![\w-])") for r in REGEXES) == 1


@pytest.mark.parametrize("pattern, begins, not_begins", [
    (r"[0-9]{6}s", ["19901"], ["199x0", "x1990"]),  # required repetitions longer than the prefix
    (r"(?i:a)\s+year", ["A yea", "a   y"], ["ayear", "b yea"]),  # case folded, optional repeats
    (r"(?:(?i:early)[\s-]+)?May", ["May", "EARLY", "early"], ["may", "Mar", "earl-"]),  # an optional item lets the next begin
    (r"(?<=after\s)midnight|noon", ["midni", "noon"], ["after"]),  # a lookbehind is skipped
    (r"(?i:s)pring", ["\u017fprin"], ["tprin"]),  # the long s folds to s as the pattern folds it
])
def test_prefixes_cover_every_beginning(pattern, begins, not_begins):
    found = prefixes(re.compile(pattern))
    begin = re.compile("|".join(beginning(chars) for chars in found))
    assert all(begin.match(text) for text in begins)
    assert not any(begin.match(text) for text in not_begins)


@pytest.mark.parametrize("pattern", [r"(?:ab)?", r".b", r"(a)?\1b"])
def test_no_prefixes_when_a_match_may_begin_anywhere(pattern):
    assert prefixes(re.compile(pattern)) is None
