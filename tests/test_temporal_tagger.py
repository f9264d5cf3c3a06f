"""The temporal tagger on each family of expressions, against an article published Wednesday 2022-01-19."""
import re
from datetime import date, datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.temporal import TemporalTagger, Timex
from pipelines.extract.temporal.reporting import saying_words
from schemas.tables import GRANULARITIES, TIMEX3_VALUE_REGEX, TIMEX_TYPES

PUBLISHED = datetime(2022, 1, 19, 15, 30, tzinfo=timezone.utc)  # a Wednesday


@pytest.fixture(scope="module")
def tagger():
    return TemporalTagger()


def tag(tagger, text: str) -> list[Timex]:
    return tagger(text, PUBLISHED)


def only(tagger, text: str, expression: str) -> Timex:
    """The timex whose text is ``expression``."""
    found = [t for t in tag(tagger, text) if t.text == expression]
    assert len(found) == 1, (expression, tag(tagger, text))
    return found[0]


# The five weekday sentences of the issue: the tense of the governing clause decides direction.
WEEKDAY_SENTENCES = [
    ("Blinken is also set to meet with Russian Foreign Minister Sergey Lavrov in Geneva on Friday.", "Friday", "2022-01-21"),
    ("Blinken will continue to Berlin for talks with German, French and British allies on Thursday.", "Thursday", "2022-01-20"),
    ("On Tuesday White House Press Secretary Jen Psaki said the threat was extreme.", "Tuesday", "2022-01-18"),
    ("Russian forces and equipment continued to arrive in Belarus on Tuesday.", "Tuesday", "2022-01-18"),
    ("Blinken arrived in Kyiv early Wednesday.", "early Wednesday", "2022-01-19"),
]


@pytest.mark.parametrize("sentence, expression, value", WEEKDAY_SENTENCES)
def test_weekday_direction_follows_tense(tagger, sentence, expression, value):
    t = only(tagger, sentence, expression)
    assert (t.timex_type, t.value, t.granularity) == ("DATE", value, "day")
    assert t.range_start == t.range_end == date.fromisoformat(value)


@pytest.mark.parametrize("sentence, value", [
    ("The minister plans to visit Kyiv on Monday.", "2022-01-24"),
    ("The vote is expected to take place on Monday.", "2022-01-24"),
    ("The minister visited Kyiv on Monday.", "2022-01-17"),
    ("He has visited Kyiv on Monday.", "2022-01-17"),
    ("The talks are going to resume on Saturday.", "2022-01-22"),
    ("Officials met last Friday.", "2022-01-14"),
    ("Officials meet next Wednesday.", "2022-01-26"),
])
def test_weekday_direction_other_forms(tagger, sentence, value):
    (t,) = [t for t in tag(tagger, sentence) if t.granularity == "day"]
    assert t.value == value


@pytest.mark.parametrize("sentence", [
    "The ferry resumes on Friday, the harbour master said.",
    "The ferry resumes on Friday, the harbour master confirmed.",
    "The bakery reopens on Friday, its owner posted.",
])
def test_any_verb_of_saying_of_the_lexicon_is_a_frame_whose_tense_a_date_does_not_take(tagger, sentence):
    assert only(tagger, sentence, "Friday").value == "2022-01-21"


@pytest.mark.parametrize("text, frames", [
    ("The mayor remarked that the pier was shut.", ["remarked"]),
    ("The pier, according to the council, stays shut.", ["according to"]),
    ("Riders in many of those states wrote in.", ["wrote"]),  # "states" after a determiner is a noun
    ("An estimated 300 riders came; the bakery\u2019s continued growth helped.", []),
    ("Announcing the timetable in April, the port said little.", ["said"]),  # a gerund frames no clause
])
def test_verbs_of_saying_are_the_finite_forms_of_the_lexicon_not_nouns_or_adjectives(text, frames):
    assert [text[a:b] for a, b in saying_words(text, 0, len(text))] == frames


@pytest.mark.parametrize("sentence, expression, timex_type, value", [
    ("Troops massed there last week.", "last week", "DATE", "2022-W02"),
    ("Talks resume next month.", "next month", "DATE", "2022-02"),
    ("Tension has grown in recent months.", "recent months", "DATE", "PAST_REF"),
    ("The border is now closed.", "now", "DATE", "PRESENT_REF"),
    ("The deal was signed two days ago.", "two days ago", "DATE", "2022-01-17"),
    ("Prices rose earlier this year.", "earlier this year", "DATE", "2022-01"),
    ("Exports doubled over the past decade.", "the past decade", "DURATION", "P10Y"),
    ("The plant closed a year ago.", "a year ago", "DATE", "2021"),
    ("Protests are planned this weekend.", "this weekend", "DATE", "2022-W03-WE"),
    ("Protesters gathered over the weekend.", "the weekend", "DATE", "2022-W02-WE"),
    ("The leaders speak tonight.", "tonight", "TIME", "2022-01-19TNI"),
    ("The bill passed yesterday.", "yesterday", "DATE", "2022-01-18"),
    ("The court rules tomorrow.", "tomorrow", "DATE", "2022-01-20"),
    ("Profits fell last year.", "last year", "DATE", "2021"),
    ("Apple announced this morning that it would expand.", "this morning", "TIME", "2022-01-19TMO"),
    ("The plan failed at the end of the year.", "the end of the year", "DATE", "2022"),
])
def test_relative_expressions(tagger, sentence, expression, timex_type, value):
    t = only(tagger, sentence, expression)
    assert (t.timex_type, t.value) == (timex_type, value)


def test_anaphoric_day_counts_from_the_last_date(tagger):
    t = only(tagger, "The ship left on March 3, 2020 and sank the following day.", "the following day")
    assert t.value == "2020-03-04"


@pytest.mark.parametrize("sentence, expression, value, granularity", [
    ("It was published on January 19, 2022.", "January 19, 2022", "2022-01-19", "day"),
    ("It was published on Jan. 19.", "Jan. 19", "2022-01-19", "day"),
    ("It was published on 19 January.", "19 January", "2022-01-19", "day"),
    ("Russia annexed Crimea in 2014.", "2014", "2014", "year"),
    ("Growth was fast in the 1990s.", "the 1990s", "199", "decade"),
    ("Sales fell in the third quarter of 2021.", "the third quarter of 2021", "2021-Q3", "quarter"),
    ("Sales fell in Q3.", "Q3", "2021-Q3", "quarter"),
    ("The line opens in mid-2020.", "mid-2020", "2020", "year"),
    ("Gas demand peaks this winter.", "this winter", "2022-WI", "season"),
    ("The shops closed on Christmas Day.", "Christmas Day", "2021-12-25", "day"),
    ("The shops will close on Christmas Day.", "Christmas Day", "2022-12-25", "day"),
    ("The plane crashed in June.", "June", "2021-06", "month"),
    ("The plane will fly in June.", "June", "2022-06", "month"),
    ("The event was written 7/8/07.", "7/8/07", "2007-07-08", "day"),
    ("The 21st century began.", "The 21st century", "20", "century"),
    ("Cities grew in the 20th century.", "the 20th century", "19", "century"),
])
def test_absolute_expressions(tagger, sentence, expression, value, granularity):
    t = only(tagger, sentence, expression)
    assert (t.timex_type, t.value, t.granularity) == ("DATE", value, granularity)


@pytest.mark.parametrize("sentence, value", [
    ("The plane made its maiden flight on 11 December.", "2021-12-11"),
    ("The plane will make its maiden flight on 11 December.", "2022-12-11"),
    ("The store opens on January 25.", "2022-01-25"),
    ("The store opened on January 25.", "2021-01-25"),
])
def test_yearless_date_takes_the_year_its_tense_points_to(tagger, sentence, value):
    (t,) = tag(tagger, sentence)
    assert t.value == value


@pytest.mark.parametrize("sentence, expression, value", [
    ("Polls open at 9 a.m. EST Wednesday.", "9 a.m. EST Wednesday", "2022-01-19T09:00-05"),
    ("The launch is at 14:30 UTC.", "14:30 UTC", "2022-01-19T14:30Z"),
    ("The curfew starts at midnight.", "midnight", "2022-01-19T00:00"),
    ("The flight landed at 6:40 p.m. (GMT +8).", "6:40 p.m. (GMT +8)", "2022-01-19T18:40+08"),
    ("The test flight took place on Tuesday at 18:00 UTC.", "18:00 UTC", "2022-01-18T18:00Z"),
    ("Apple held a press conference on Friday morning.", "Friday morning", "2022-01-14TMO"),
    # a clock time takes the calendar day written right after it, as page stamps write it
    ("Updated 9:15 a.m. EST, Jan. 11, 2022", "9:15 a.m. EST", "2022-01-11T09:15-05"),
    ("The doors of the ferry hall opened at 7:45 a.m. on March 3, 2009.", "7:45 a.m.", "2009-03-03T07:45"),
    ("Posted 8:05 p.m. Jan. 12, 2022", "8:05 p.m.", "2022-01-12T20:05"),
])
def test_times(tagger, sentence, expression, value):
    t = only(tagger, sentence, expression)
    assert (t.timex_type, t.value, t.granularity) == ("TIME", value, "time")


@pytest.mark.parametrize("sentence, expression, value", [
    ("The war lasted three years.", "three years", "P3Y"),
    ("The strike lasted 48 hours.", "48 hours", "PT48H"),
    ("Delays added almost two and a half years.", "two and a half years", "P2.5Y"),
    ("The break took half an hour.", "half an hour", "PT30M"),
    ("They signed a 27-year contract.", "27-year", "P27Y"),
    ("The decades-long dispute ended.", "decades-long", "PXY"),
    ("The work took several years.", "several years", "PXY"),
    ("Cuts come over the next four years.", "the next four years", "P4Y"),
    ("Deliveries run from 2009 to 2011.", "from 2009 to 2011", "P2Y"),
])
def test_durations(tagger, sentence, expression, value):
    t = only(tagger, sentence, expression)
    assert (t.timex_type, t.value, t.granularity, t.range_start, t.range_end) == ("DURATION", value, "duration", None, None)


def test_range_keeps_its_ends(tagger):
    values = [t.value for t in tag(tagger, "Deliveries run from 2009 to 2011.")]
    assert values == ["P2Y", "2009", "2011"]


@pytest.mark.parametrize("sentence, expression, value", [
    ("The committee meets every Monday.", "every Monday", "XXXX-WXX-1"),
    ("It is the annual conference.", "annual", "P1Y"),
    ("The paper appears daily.", "daily", "P1D"),
    ("The plant builds 15 a year.", "a year", "P1Y"),
    ("Trains leave each hour.", "each hour", "PT1H"),
])
def test_sets(tagger, sentence, expression, value):
    t = only(tagger, sentence, expression)
    assert (t.timex_type, t.value, t.granularity, t.range_start) == ("SET", value, "set", None)


@pytest.mark.parametrize("sentence, expression, value", [
    ("The team will decide at a later date.", "a later date", "XXXX-XX-XX"),
    ("The ship sank the following day.", "the following day", "XXXX-XX-XX"),
])
def test_unresolvable_expressions_get_placeholders(tagger, sentence, expression, value):
    t = only(tagger, sentence, expression)
    assert (t.value, t.range_start, t.range_end) == (value, None, None)


@pytest.mark.parametrize("sentence", [
    "A second A380 is also travelling.",
    "The now-cancelled deal cost $2000 and 1,995 jets.",
    "Prices rose 2015 percent.",
    "The company may fall.",
    "The fall of the empire.",
    "The Sunday Times reported it after Black Friday.",
    "The plant employs 2010 people and cut 1998 jobs.",
    "On the new model, 75 hours of video can be stored, and 150 hours can be stored on the big one.",
    "The phone offers 10 hours of talk time.",
])
def test_non_temporal_words_are_not_tagged(tagger, sentence):
    assert tag(tagger, sentence) == []


def test_spans_leave_out_the_preposition(tagger):
    (t,) = tag(tagger, "Russia annexed Crimea in 2014.")
    assert (t.text, t.start_char) == ("2014", 25)


ALL_SENTENCES = " ".join(
    [s for s, *_ in WEEKDAY_SENTENCES]
    + ["Troops massed there last week and talks resume next month, now and in recent months.",
       "Polls open at 9 a.m. EST Wednesday; the war lasted three years, every Monday, annual.",
       "In the third quarter of 2021, mid-2020, this winter, Christmas Day, the 1990s and Q3.",
       "The ship left on 29 February 2020 and sank the following day, two days ago."]
)


def test_every_timex_obeys_the_contract(tagger):
    timexes = tag(tagger, ALL_SENTENCES)
    assert len(timexes) > 20
    for t in timexes:
        assert ALL_SENTENCES[t.start_char:t.end_char] == t.text
        assert re.match(TIMEX3_VALUE_REGEX, t.value), t
        assert t.timex_type in TIMEX_TYPES and t.granularity in GRANULARITIES
        assert (t.range_start is None) == (t.range_end is None)
        if t.range_start is not None:
            assert t.range_start <= t.range_end
        if t.timex_type in ("DURATION", "SET") or t.granularity == "ref":
            assert t.range_start is None


FRAGMENTS = [
    "on Friday", "last week", "in 2014", "Jan. 19", "19 January 2021", "the 1990s", "Q3", "mid-2020",
    "this winter", "9 a.m. EST Wednesday", "14:30 UTC", "three years", "48 hours", "every Monday", "annual",
    "the following day", "two days ago", "31/31/99", "February 29", "the second half", "Christmas",
    "the weekend", "now", "a year", "15 a year", "from 2009 to 2011", "Easter", "00:00", "0/0/00",
    "Monday morning", "the end of the year", "fiscal 2023", "the 21st century", "half a day",
]


@given(st.lists(st.sampled_from(FRAGMENTS + ["said", "will meet", "met", "the", ",", "and", "."]), max_size=12),
       st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)))
@settings(max_examples=40, deadline=None)
def test_any_mix_of_expressions_obeys_the_contract(words, published):
    text = "Officials " + " ".join(words) + "."
    for t in TemporalTagger()(text, published):
        assert text[t.start_char:t.end_char] == t.text
        assert re.match(TIMEX3_VALUE_REGEX, t.value), t
        assert t.range_start is None or t.range_start <= t.range_end


@pytest.mark.parametrize("sentence, expression, value", [
    ("Revenue in fiscal 2023 will grow.", "fiscal 2023", "FY2023"),
    ("Revenue in FY2023 will grow.", "FY2023", "FY2023"),
    ("Results for FY23 were weak.", "FY23", "FY2023"),
    ("Sales fell in the fiscal fourth quarter.", "the fiscal fourth quarter", "FY2021-Q4"),
    ("Sales will rise in the first quarter of fiscal 2023.", "the first quarter of fiscal 2023", "FY2023-Q1"),
    ("Profit doubled at the start of the financial year.", "the start of the financial year", "FY2022"),
    ("Profit fell in the last fiscal year.", "the last fiscal year", "FY2021"),
    ("Sales will grow next fiscal year.", "next fiscal year", "FY2023"),
])
def test_fiscal_years(tagger, sentence, expression, value):
    t = only(tagger, sentence, expression)
    assert (t.timex_type, t.value, t.range_start) == ("DATE", value, None)


@pytest.mark.parametrize("text, expression, value", [
    ("Profit rose in the third quarter of 2021 from the same period last year.", "the same period last year", "2020-Q3"),
    ("Profit rose in fiscal 2021, twice that of the same period of the previous year.",
     "the same period of the previous year", "FY2020"),
    ("Profit rose in March 2021 from the year-earlier month.", "the year-earlier month", "2020-03"),
    ("Profit rose from the same period last year.", "the same period last year", "2021"),
    ("Sales fell in the second quarter of 2021, down from a year earlier.", "a year earlier", "2020-Q2"),
])
def test_the_same_period_a_year_before_the_last_date(tagger, text, expression, value):
    assert only(tagger, text, expression).value == value


@pytest.mark.parametrize("text, expression, value", [
    ("The ship left on March 3, 2020. Three days later it sank.", "Three days later", "2020-03-06"),
    ("The plant opened in 2009 and closed two years later.", "two years later", "2011"),
    ("The plant opened in 2009; a month earlier, the road was built.", "a month earlier", "XXXX-XX"),
    ("Three days later the ship sank.", "Three days later", "XXXX-XX-XX"),
])
def test_units_later_count_from_the_last_date(tagger, text, expression, value):
    t = only(tagger, text, expression)
    assert (t.timex_type, t.value) == ("DATE", value)


def test_later_than_planned_is_the_date_of_the_event_against_its_plan(tagger):
    (t,) = tag(tagger, "The jet arrived three days later than planned.")
    assert (t.text, t.timex_type, t.value) == ("three days later than planned", "DATE", "XXXX-XX-XX")


@pytest.mark.parametrize("sentence, expression, value", [
    ("He will be on leave for an undetermined period of time.", "an undetermined period of time", "PXD"),
    ("The plant closed for an indefinite period.", "an indefinite period", "PXD"),
    ("Stores were busy during the Christmas and New Year sales period.", "the Christmas and New Year sales period", "PXD"),
    ("Strong Christmas sales lifted profit.", "Christmas", "PXD"),
    ("The dispute has gone on for years.", "years", "PXY"),
    ("Talks could drag on for months.", "months", "PXM"),
    ("It was the first rally in weeks.", "weeks", "PXW"),
])
def test_durations_of_unstated_length(tagger, sentence, expression, value):
    t = only(tagger, sentence, expression)
    assert (t.timex_type, t.value) == ("DURATION", value)


def test_years_months_as_nouns_are_not_durations(tagger):
    assert tag(tagger, "Years of work paid off; months passed.") == []


@pytest.mark.parametrize("sentence, expression, value", [
    ("Sales fell in March last year.", "March last year", "2021-03"),
    ("Sales will recover in March of next year.", "March of next year", "2023-03"),
    ("The plant closed on June 5 last year.", "June 5 last year", "2021-06-05"),
])
def test_month_with_a_relative_year_is_one_expression(tagger, sentence, expression, value):
    assert only(tagger, sentence, expression).value == value


def test_dash_range_gives_both_years(tagger):
    assert [(t.text, t.value) for t in tag(tagger, "The 2009-2011 plan worked.")] == [("2009", "2009"), ("2011", "2011")]


@pytest.mark.parametrize("sentence, tense", [
    ("Officials said the talks ended.", "past"),
    ("The minister will visit Kyiv.", "future"),
    ("The company is set to report results.", "future"),
    ("The vote is scheduled for the spring.", "future"),
    ("Apple said it will open a store.", None),  # cues disagree: parse
    ("Apple announced an event to be held soon.", None),
    ("The delayed flight leaves soon.", None),  # an adjective, not a past verb
    ("The talks resume.", None),
])
def test_cue_tense(sentence, tense):
    from pipelines.extract.tense import cue_tense
    assert cue_tense(sentence) == tense


@pytest.mark.parametrize("sentence, value, parsed", [
    ("The minister visited Kyiv on Monday.", "2022-01-17", 0),
    ("The minister will visit Kyiv on Monday.", "2022-01-24", 0),
    ("The plant has been closed since Friday, and it plans to reopen.", "2022-01-14", 0),
    ("Apple announced an event to be held on Friday.", "2022-01-21", 1),
    ("The committee meets on Friday.", "2022-01-21", 1),
])
def test_weekday_direction_from_cues_parses_only_when_needed(sentence, value, parsed):
    from pipelines.extract.nlp import ArticleParse
    parse = ArticleParse(sentence)
    (t,) = [t for t in TemporalTagger()(sentence, PUBLISHED, parse) if t.granularity == "day"]
    assert (t.value, parse.parsed_count) == (value, parsed)


def test_model_years_stay_dates(tagger):
    assert [t.value for t in tag(tagger, "GM recalled 2010 vehicles and the 2011 models.")] == ["2010", "2011"]
