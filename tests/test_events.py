"""Event attachment through the dependency parse, on short articles published Wednesday 2022-01-19."""
import re
from datetime import date, datetime, timezone

import pytest

from pipelines.extract.events import Event, EventExtractor
from pipelines.extract.nlp import ArticleParse
from pipelines.extract.temporal import TemporalTagger
from schemas.tables import TENSES, TIMEX3_VALUE_REGEX

PUBLISHED = datetime(2022, 1, 19, 12, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def extract():
    tagger, extractor = TemporalTagger(), EventExtractor()

    def run(text: str):
        parse = ArticleParse(text)
        timexes = tagger(text, PUBLISHED, parse)
        return timexes, extractor(parse, PUBLISHED, timexes)

    return run


def by_trigger(events: list[Event], trigger: str) -> Event:
    (e,) = [e for e in events if e.trigger == trigger]
    return e


def test_annexed_crimea(extract):
    text = "Russia annexed Crimea in 2014. Tensions have grown since."
    timexes, events = extract(text)
    e = by_trigger(events, "annexed")
    assert (e.lemma, e.actors, e.targets, e.tense) == ("annex", ["Russia"], ["Crimea"], "past")
    assert (e.date_value, e.date_start, e.date_end, e.date_source) == ("2014", date(2014, 1, 1), date(2014, 12, 31), "explicit")
    assert timexes[e.timex_index].text == "2014"
    assert text[e.start_char:e.end_char] == "annexed"
    assert e.sentence == "Russia annexed Crimea in 2014."


def test_scheduled_meeting_is_future_with_place_and_partner(extract):
    text = "Blinken is also set to meet with Russian Foreign Minister Sergey Lavrov in Geneva on Friday."
    _, events = extract(text)
    e = by_trigger(events, "meet")
    assert (e.date_value, e.tense, e.location) == ("2022-01-21", "future", "Geneva")
    assert e.actors == ["Blinken"]
    assert any("Lavrov" in t for t in e.targets)


def test_weekday_adverb_attaches_to_its_verb_not_the_nearest_word(extract):
    _, events = extract("Apple Inc. announced Monday it has settled its long trademark dispute.")
    (e,) = events
    assert (e.trigger, e.date_value, e.tense) == ("announced", "2022-01-17", "past")
    assert e.actors == ["Apple Inc."]


def test_passive_agent_is_the_actor_and_subject_the_target(extract):
    _, events = extract("The bridge was destroyed by rebels on Tuesday.")
    e = by_trigger(events, "destroyed")
    assert (e.actors, e.targets, e.date_value) == (["rebels"], ["The bridge"], "2022-01-18")


def test_event_noun_modified_by_a_year(extract):
    _, events = extract("The 1991 agreement barred Apple from the music business.")
    e = by_trigger(events, "agreement")
    assert e.date_value == "1991" and e.tense == "past"


def test_duration_measures_the_event_after_it(extract):
    _, events = extract("Five years after its launch, the store passed Wal-Mart.")
    (e,) = events
    assert (e.trigger, e.date_value) == ("launch", "P5Y")


@pytest.mark.parametrize("text", [
    "The jet was delivered today 18 months behind schedule.",
    "They signed a 27-year contract.",
])
def test_durations_that_measure_no_event(extract, text):
    timexes, events = extract(text)
    assert any(t.timex_type == "DURATION" for t in timexes)
    assert all(e.date_value[0] != "P" for e in events)


def test_range_dates_one_event_with_its_duration(extract):
    _, events = extract("The airline will receive six aircraft from 2009 to 2011.")
    assert [(e.trigger, e.date_value, e.tense) for e in events] == [("receive", "P2Y", "future")]


def test_light_verb_gives_its_event_noun_too(extract):
    _, events = extract("Jobs gave his keynote on Monday in San Francisco.")
    assert {(e.trigger, e.date_value) for e in events} == {("gave", "2022-01-17"), ("keynote", "2022-01-17")}
    assert by_trigger(events, "keynote").location == "San Francisco"


def test_fronted_date_covers_coordinated_verbs(extract):
    _, events = extract("In April, the blog obtained a prototype and published details of it.")
    assert {(e.trigger, e.date_value) for e in events} == {("obtained", "2021-04"), ("published", "2021-04")}


def test_future_date_skips_the_past_announcement(extract):
    _, events = extract("Airbus has announced 10,000 job cuts over the next four years.")
    (e,) = events
    assert (e.trigger, e.date_value) == ("cuts", "P4Y")


def test_aspectual_verb_is_the_event(extract):
    _, events = extract("The store more recently has begun to sell TV episodes.")
    (e,) = events
    assert (e.trigger, e.date_value, e.tense) == ("begun", "PAST_REF", "past")


def test_rows_obey_the_contract(extract):
    text = ("Russia annexed Crimea in 2014. Blinken will meet Lavrov in Geneva on Friday. "
            "The 1991 agreement expired last year. Talks lasted three years.")
    timexes, events = extract(text)
    assert len(events) >= 4
    for e in events:
        assert text[e.start_char:e.end_char] == e.trigger and e.lemma and e.sentence in text
        assert re.match(TIMEX3_VALUE_REGEX, e.date_value) and e.tense in TENSES
        assert e.date_source == "explicit" and timexes[e.timex_index].value == e.date_value
        assert (e.date_start, e.date_end) == (timexes[e.timex_index].range_start, timexes[e.timex_index].range_end)


def test_scheduled_arrival_is_future_even_in_past_narration(extract):
    _, events = extract("The A380 was set to land in the United States of America on Monday.")
    (e,) = events
    assert (e.trigger, e.tense, e.actors) == ("land", "future", ["The A380"])


def test_entities_are_added_only_where_a_place_may_be_named(extract):
    text = "Blinken met Lavrov in Geneva on Friday. Prices rose 5% on Monday."
    parse = ArticleParse(text)
    events = EventExtractor()(parse, PUBLISHED, TemporalTagger()(text, PUBLISHED, parse))
    assert by_trigger(events, "met").location == "Geneva"
    assert parse.syntax(0).doc.ents and not parse.syntax(1).doc.ents  # NER ran on the first only
    full = ArticleParse(text)
    assert [(e.text, e.label_) for e in parse[1].doc.ents] == [(e.text, e.label_) for e in full[1].doc.ents]
