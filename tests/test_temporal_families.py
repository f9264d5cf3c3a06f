"""The registry of expression families: each has patterns, a normaliser and a tense rule; none fails silently."""
from datetime import date

import pytest

from pipelines.extract.temporal import FAMILIES, Candidate, normalise
from pipelines.extract.temporal.families import BY_NAME
from pipelines.extract.temporal.normalise import holiday_date
from pipelines.extract.temporal.patterns import FIXED_HOLIDAYS, MOVABLE_HOLIDAYS, Pattern


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_family_has_patterns_normaliser_and_tense_rule(family):
    assert family.patterns and all(isinstance(p, Pattern) for p in family.patterns)
    assert callable(family.normaliser) and callable(family.tense_rule)
    assert family.normaliser.__module__.endswith("normalise")


def test_family_names_are_unique():
    assert len(BY_NAME) == len(FAMILIES)


@pytest.mark.parametrize("name", sorted(set(FIXED_HOLIDAYS) | set(MOVABLE_HOLIDAYS)))
def test_every_holiday_has_a_date(name):
    assert holiday_date(name, 2023).year == 2023


def test_an_unknown_family_is_an_error_not_a_missing_value():
    with pytest.raises(KeyError):
        normalise(Candidate(0, 4, "no_such_family", {}), date(2023, 4, 26))


def test_an_impossible_calendar_date_has_no_value():
    assert normalise(Candidate(0, 11, "md", {"month": "February", "day": "31", "year": "2023"}), date(2023, 4, 26)) is None


@pytest.mark.parametrize("text, value", [
    ("It lasted several centuries.", "PXY"),
    ("It lasted two centuries.", "P200Y"),
    ("It has stood for the past three centuries.", "P300Y"),
])
def test_plural_units_normalise(text, value):
    from datetime import datetime, timezone

    from pipelines.extract.temporal import TemporalTagger
    (t,) = TemporalTagger()(text, datetime(2023, 4, 26, tzinfo=timezone.utc))
    assert t.value == value
