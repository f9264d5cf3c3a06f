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
    assert (e.trigger, e.duration_value, e.date_source, e.date_value) == ("launch", "P5Y", "publication", "2022-01-19")


@pytest.mark.parametrize("text", [
    "The jet was delivered today 18 months behind schedule.",
    "They signed a 27-year contract.",
])
def test_durations_that_measure_no_event(extract, text):
    timexes, events = extract(text)
    assert any(t.timex_type == "DURATION" for t in timexes)
    assert all(e.date_value[0] != "P" and e.duration_value is None for e in events)


def test_range_measures_one_event(extract):
    _, events = extract("The airline will receive six aircraft from 2009 to 2011.")
    assert [(e.trigger, e.duration_value, e.date_source, e.tense) for e in events] == [("receive", "P2Y", "publication", "future")]


@pytest.mark.parametrize("text", [
    "The fire engulfed the building for an hour.",
    "The committee meets every Monday.",
    "Prices are now rising.",
    "The store recently opened.",
    "The team will decide at a later date.",
])
def test_only_a_calendar_date_dates_an_event(extract, text):
    _, events = extract(text)
    assert all(e.date_source == "publication" for e in events)
    assert all(re.match(r"[0-9]{2}", e.date_value) for e in events)


def test_one_event_per_trigger_with_its_most_precise_date_and_its_measure(extract):
    _, events = extract("The jet made its first flight on Tuesday at 18:00 UTC and flew for three hours.")
    flights = [e for e in events if e.trigger == "flight"]
    assert [e.date_value for e in flights] == ["2022-01-18T18:00Z"]
    assert len({(e.start_char, e.end_char) for e in events}) == len(events)
    assert by_trigger(events, "flew").duration_value == "PT3H"


def test_reporting_verb_and_reported_event_are_dated_apart(extract):
    _, events = extract("Officials said on Tuesday that the talks will resume on Friday.")
    assert (by_trigger(events, "said").date_value, by_trigger(events, "resume").date_value) == ("2022-01-18", "2022-01-21")
    _, events = extract("The minister said the attack happened on Tuesday.")
    assert [(e.trigger, e.date_value) for e in events] == [("happened", "2022-01-18")]


def test_lemma_and_tense_of_the_trigger(extract):
    _, events = extract("The firm hopes to expand on Monday.")
    assert {e.lemma for e in events} & {"hope", "expand"}
    assert all(e.lemma != "hopes" for e in events)


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
    assert (e.trigger, e.duration_value) == ("cuts", "P4Y")


def test_aspectual_verb_is_the_event(extract):
    _, events = extract("In 2006 the store began to sell TV episodes.")
    assert [(e.trigger, e.date_value, e.tense) for e in events] == [("began", "2006", "past")]


def test_rows_obey_the_contract(extract):
    text = ("Russia annexed Crimea in 2014. Blinken will meet Lavrov in Geneva on Friday. "
            "The 1991 agreement expired last year. Talks lasted three years.")
    timexes, events = extract(text)
    assert len(events) >= 4
    for e in events:
        assert text[e.start_char:e.end_char] == e.trigger and e.lemma and e.sentence in text
        assert re.match(TIMEX3_VALUE_REGEX, e.date_value) and e.tense in TENSES
        if e.date_source == "explicit":
            assert timexes[e.timex_index].value == e.date_value and e.duration_value is None
            assert (e.date_start, e.date_end) == (timexes[e.timex_index].range_start, timexes[e.timex_index].range_end)
        else:
            assert e.timex_index is None and timexes[e.duration_timex_index].value == e.duration_value == "P3Y"


def test_scheduled_arrival_is_the_event_and_its_tense_is_where_its_date_lies(extract):
    _, events = extract("The A380 was set to land in the United States of America on Monday.")
    (e,) = events
    assert (e.trigger, e.date_value, e.tense, e.actors) == ("land", "2022-01-17", "past", ["The A380"])
    _, events = extract("The A380 is set to land in the United States of America next Monday.")
    (e,) = events
    assert (e.trigger, e.date_value, e.tense, e.actors) == ("land", "2022-01-24", "future", ["The A380"])


def test_entities_are_added_only_where_a_place_may_be_named(extract):
    text = "Blinken met Lavrov in Geneva on Friday. Prices rose 5% on Monday."
    parse = ArticleParse(text)
    events = EventExtractor()(parse, PUBLISHED, TemporalTagger()(text, PUBLISHED, parse))
    assert by_trigger(events, "met").location == "Geneva"
    assert parse.syntax(0).doc.ents and not parse.syntax(1).doc.ents  # NER ran on the first only
    full = ArticleParse(text)
    assert [(e.text, e.label_) for e in parse[1].doc.ents] == [(e.text, e.label_) for e in full[1].doc.ents]


def _dated(events: list[Event]) -> dict[str, str]:
    return {e.trigger: e.date_value for e in events if e.date_source == "explicit"}


def test_hyphenated_phrasal_noun_is_the_event_it_names(extract):
    _, events = extract("The take-off, at 09:15 UTC, was smooth.")
    assert _dated(events) == {"off": "2022-01-19T09:15Z"}  # the noun "take-off", not the copula


@pytest.mark.parametrize("text, noun", [
    ("Sales figures released on Monday were strong.", "figures"),
    ("The company unveiled the feature on Monday.", "feature"),
    ("The administration acted on Monday.", "administration"),
])
def test_things_named_with_an_event_suffix_are_not_events(extract, text, noun):
    _, events = extract(text)
    assert noun not in _dated(events) and _dated(events)


def test_a_result_verb_dates_its_event_noun_object(extract):
    _, events = extract("The firm posted a sharp increase in profits during the fourth quarter.")
    assert _dated(events).get("increase") == "2021-Q4"


def test_a_when_clause_shares_the_date_of_its_verb_a_participle_does_not(extract):
    _, events = extract("The flaw became public on Monday, when a newspaper printed the memo.")
    assert _dated(events) == {"became": "2022-01-17", "printed": "2022-01-17"}
    _, events = extract("The flaw became public on Monday, when a newspaper later printed the memo.")
    assert "printed" not in _dated(events)
    _, events = extract("The plane crashed on Monday, killing everyone on board.")
    assert "killing" not in _dated(events)


def test_a_when_clause_with_a_date_of_its_own_keeps_it(extract):
    _, events = extract("The plan became law in 2019, when the council voted on March 3.")
    assert _dated(events).get("voted") == "2019-03-03"


def test_a_delay_measures_the_event_it_holds_back(extract):
    _, events = extract("The launch is two years behind schedule.")
    (e,) = events
    assert (e.trigger, e.duration_value, e.date_source) == ("launch", "P2Y", "publication")
    _, events = extract("The plane is two years behind schedule.")
    assert not events


def test_a_duration_of_coordinated_events_measures_the_event_noun(extract):
    _, events = extract("Within one month of the launch and the special event, the firm grew.")
    assert any(e.duration_value == "P1M" and e.trigger in ("launch", "event") for e in events)


@pytest.mark.parametrize("text, verb", [
    ("Sunday was chosen because the date matched the model number.", "chosen"),
    ("The start of the year marked a rise in sales.", "marked"),
])
def test_a_date_that_is_the_subject_dates_no_event_of_its_clause(extract, text, verb):
    _, events = extract(text)
    assert verb not in _dated(events)


@pytest.mark.parametrize("text, verb", [
    ("The firm released the 2023 version of its software.", "released"),
    ("The plant builds the 2024 model of the car.", "builds"),
    ("The code was written in the European format, 3/4/21.", "written"),
])
def test_a_date_that_classifies_a_thing_does_not_date_the_verb_above(extract, text, verb):
    _, events = extract(text)
    assert verb not in _dated(events)


def test_a_date_that_modifies_an_event_noun_still_dates_it(extract):
    _, events = extract("Voters backed the plan in the 2021 election.")
    assert _dated(events).get("election") == "2021"


def test_a_delay_dates_the_event_it_puts_off_but_not_at_the_new_date(extract):
    _, events = extract("A test flight of the new jet was delayed today after a minor accident.")
    assert _dated(events) == {"flight": "2022-01-19", "delayed": "2022-01-19"}
    _, events = extract("The vote will be postponed until March 2023.")
    assert _dated(events) == {"postponed": "2023-03"}


def test_a_name_ending_in_ing_is_not_an_event(extract):
    _, events = extract("Boeing had been suspended since July 24, 2003.")
    assert _dated(events) == {"suspended": "2003-07-24"}


def test_the_name_an_appositive_gives_an_event_is_dated_with_it(extract):
    _, events = extract("The Global Trade Summit (GTS) opened on Monday.")
    assert _dated(events).get("GTS") == "2022-01-17"


def test_a_past_date_of_a_future_verb_dates_its_event_noun_object(extract):
    _, events = extract("The senator will recall her defeat in 2008 at the rally.")
    assert [(e.trigger, e.date_value, e.tense) for e in events if e.date_source == "explicit"] == [("defeat", "2008", "past")]


def test_an_event_noun_takes_its_tense_from_where_its_date_lies(extract):
    _, events = extract("Delegates hope to avoid a rerun of the 1980 convention.")
    assert (by_trigger(events, "convention").date_value, by_trigger(events, "convention").tense) == ("1980", "past")
    _, events = extract("Voters fear a repeat of the 2024 election.")
    assert by_trigger(events, "election").tense == "future"


# (text, trigger, what its event reads), by rule
TRIGGER_READINGS = [
    # a perfect looks back after any modal but "will"
    ("The firm claims to have tested the engine on Monday.", "tested", {"tense": "past"}),
    ("The deal would have closed on Friday, had the bank agreed.", "closed", {"tense": "past"}),
    ("The firm will have tested the engine by Monday.", "tested", {"tense": "future"}),
    # a dated event is past or future where its clause cannot say
    ("Voters recall the senator damaging his name in 2000.", "damaging", {"tense": "past"}),
    ("As the mayor prepared to speak on Tuesday, a protester shouted.", "speak", {"tense": "past"}),
    ("The festival opens next week.", "opens", {"tense": "future"}),
    ("The vote was scheduled for next week.", "scheduled", {"tense": "past"}),
    # a contracted verb has its lemma whatever the apostrophe
    ("She\u2019s in Paris on Friday.", "\u2019s", {"lemma": "be"}),
    ("She's in Paris on Friday.", "'s", {"lemma": "be"}),
    ("They\u2019re in Rome on Monday.", "\u2019re", {"lemma": "be"}),
]


@pytest.mark.parametrize("text, trigger, expected", TRIGGER_READINGS)
def test_a_trigger_reads_as_its_rule_says(extract, text, trigger, expected):
    _, events = extract(text)
    event = by_trigger(events, trigger)
    assert {name: getattr(event, name) for name in expected} == expected


@pytest.mark.parametrize("text, noun", [
    ("The state primary on Feb. 9 drew record turnout.", "primary"),
    ("Voters in the county caucuses on Monday backed the mayor.", "caucuses"),
])
def test_election_nouns_are_events(extract, text, noun):
    _, events = extract(text)
    assert by_trigger(events, noun).date_source == "explicit"


def test_a_present_copula_with_an_earlier_date_holds_now_with_a_later_one_lies_ahead(extract):
    _, events = extract("Her lead is a sharp change from the spring of 2020.")
    assert [(e.trigger, e.tense, e.date_value) for e in events] == [("is", "present", "2020-SP")]
    _, events = extract("The next contest is in Nevada on Feb. 20.")
    assert [(e.trigger, e.tense, e.date_value) for e in events] == [("is", "future", "2022-02-20")]


@pytest.mark.parametrize("text", [
    '"Not before March," the spokesman said when asked about the timing.',
    '"Not until June," he told reporters.',
    '"The pier was shut for years. Not before March," the harbour master said.',  # the quotation began earlier
    "''Not before March,'' the harbour master said.",  # two apostrophes for a double mark
])
def test_a_quoted_date_dates_no_verb_outside_the_quotation(extract, text):
    timexes, events = extract(text)
    assert timexes and not [e for e in events if e.date_source == "explicit"]


def test_a_quoted_date_dates_the_event_the_quotation_names(extract):
    _, events = extract('"We will open the plant in March," he said on Monday.')
    assert by_trigger(events, "open").date_value == "2022-03"
    assert by_trigger(events, "said").date_value == "2022-01-17"


def test_a_date_after_coordinated_event_nouns_dates_them_all(extract):
    _, events = extract("The talks and the vote on Monday went well.")
    assert [(e.trigger, e.date_value) for e in events] == [("talks", "2022-01-17"), ("vote", "2022-01-17")]


def test_a_noun_the_parser_coordinates_with_a_verb_is_coordinated_with_the_noun_before(extract):
    _, events = extract("The club would like to thank its players for their hard work and dedication over the years.")
    assert {(e.trigger, e.duration_value) for e in events} == {("work", "PXY"), ("dedication", "PXY")}


@pytest.mark.parametrize("text, telling", [
    ("The deal, first reported by the newspaper on Monday, is worth $2 billion.", "reported"),
    ("The layoffs announced Friday will hit 500 workers.", "announced"),
])
def test_a_verb_of_telling_dates_the_telling_not_the_event_noun_it_makes_known(extract, text, telling):
    _, events = extract(text)
    assert [e.trigger for e in events if e.date_source == "explicit"] == [telling]


@pytest.mark.parametrize("text, dated", [
    ("Sales fell 16% from a year earlier.", []),
    ("Revenue rose 3 percent from last year.", []),
    ("Sales dropped 33 percent last month compared with the same month last year.", [("dropped", "2021-12")]),
    ("Profit was higher than in 2020.", []),
    ("Prices have risen since 2020.", [("risen", "2020")]),  # a start, no baseline
    ("Costs are $10 billion more than last year.", []),
    ("The family left the island more than 30 years ago.", [("left", "1992")]),  # an amount, no comparison
    ("The vote came less than a week earlier, on Jan. 12.", [("came", "2022-01-12")]),
    ("The bank will raise rates by one point over the next year.", [("raise", "2023")]),
    ("Ticket sales climbed, compared with March, when the team was still losing.", [("losing", "2021-03")]),
])
def test_the_baseline_of_a_comparison_dates_no_event(extract, text, dated):
    _, events = extract(text)
    assert [(e.trigger, e.date_value) for e in events if e.date_source == "explicit"] == dated



def test_words_quoted_inside_a_clause_date_its_verb(extract):
    _, events = extract('The senator says she flies "home to Ohio tomorrow."')
    assert by_trigger(events, "flies").date_value == "2022-01-20"


def test_a_quotation_mark_that_never_closes_makes_no_quotation(extract):
    _, events = extract("The mayor called the plan \u201cwasteful\u201c in a tweet on Sunday.")
    assert by_trigger(events, "called").date_value == "2022-01-16"


def test_a_telling_noun_is_dated_by_its_telling_participle(extract):
    _, events = extract("An industry report published Wednesday found that prices had doubled.")
    assert {e.trigger for e in events if e.date_value == "2022-01-19"} == {"report", "published"}



def test_a_date_before_the_last_coordinated_noun_is_its_own(extract):
    _, events = extract("The governor is raising funds for the primary and the November election.")
    assert [e.trigger for e in events if e.date_source == "explicit"] == ["election"]
