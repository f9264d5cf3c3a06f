"""TIMEX3 conformance suite: the spec the temporal tagger is built to.

Written from the TimeML TIMEX3 guidelines (v1.2.1) and the TempEval-3 conventions, on
invented sentences. Each case gives a publication date, a text, the expression as written
and its expected type and value. Conventions kept here:

- spans leave out the governing preposition ("on", "in", "since") and keep determiners and
  modifiers ("the", "last", "early", "the end of");
- an expression without a year takes it from the publication date and the tense or modality
  of the clause that holds it, not of a reporting verb around it: future-pointing clauses
  ("will", "is set to", "plans to", "must", "no later than", "until", "ahead of") resolve
  forward, past clauses backward, a bare present to the nearest reading;
- a year given later in the same expression wins ("April 7-8, 1979"); a year stated earlier
  in the same sentence anchors a past clause ("in 2005 ... in March");
- the value is as specific as the text allows: "later this year" in November is that Q4, in
  December that month;
  "three days later than planned" after a date restates it;
- titles, shows, copyright lines, ages and index names are not temporal expressions.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipelines.extract.temporal import FAMILIES, TemporalTagger, Timex, find_candidates

WEDNESDAY = "2023-04-26"


@pytest.fixture(scope="module")
def tagger() -> TemporalTagger:
    return TemporalTagger()


def tag(tagger: TemporalTagger, published: str, text: str) -> list[Timex]:
    return tagger(text, datetime.fromisoformat(published).replace(tzinfo=timezone.utc))


def the(tagger: TemporalTagger, published: str, text: str, expression: str) -> Timex:
    found = [t for t in tag(tagger, published, text) if t.text == expression]
    assert len(found) == 1, (expression, [(t.text, t.value) for t in tag(tagger, published, text)])
    return found[0]


# --- anchoring: one expression without a year, read forward, backward and to the nearest ---------

# (published, preposition, expression, forward, backward, nearest)
UNANCHORED = [
    # month and day
    ("2020-01-20", "on", "Feb. 9", "2020-02-09", "2019-02-09", "2020-02-09"),
    ("2023-04-26", "on", "May 10", "2023-05-10", "2022-05-10", "2023-05-10"),
    ("2023-04-26", "on", "July 1", "2023-07-01", "2022-07-01", "2023-07-01"),
    ("2023-04-26", "on", "April 1", "2024-04-01", "2023-04-01", "2023-04-01"),
    ("2023-04-26", "on", "December 20", "2023-12-20", "2022-12-20", "2022-12-20"),
    ("2021-12-28", "on", "Jan. 4", "2022-01-04", "2021-01-04", "2022-01-04"),
    ("2021-12-28", "on", "Dec. 3", "2022-12-03", "2021-12-03", "2021-12-03"),
    ("2010-10-05", "on", "October 25", "2010-10-25", "2009-10-25", "2010-10-25"),
    ("2008-01-09", "on", "Jan. 3", "2009-01-03", "2008-01-03", "2008-01-03"),
    # month
    ("2023-04-26", "in", "June", "2023-06", "2022-06", "2023-06"),
    ("2023-04-26", "in", "March", "2024-03", "2023-03", "2023-03"),
    ("2023-04-26", "in", "April", "2023-04", "2023-04", "2023-04"),
    ("2020-11-10", "in", "January", "2021-01", "2020-01", "2021-01"),
    ("2020-11-10", "in", "early February", "2021-02", "2020-02", "2021-02"),
    ("2016-02-15", "in", "late October", "2016-10", "2015-10", "2015-10"),
    # quarter
    ("2023-04-26", "in", "the fourth quarter", "2023-Q4", "2022-Q4", "2022-Q4"),
    ("2023-04-26", "in", "the first quarter", "2024-Q1", "2023-Q1", "2023-Q1"),
    ("2023-04-26", "in", "the second quarter", "2023-Q2", "2023-Q2", "2023-Q2"),
    ("2009-11-02", "in", "the third quarter", "2010-Q3", "2009-Q3", "2009-Q3"),
    # season
    ("2023-04-26", "in", "spring", "2023-SP", "2023-SP", "2023-SP"),
    ("2023-04-26", "in", "the autumn", "2023-FA", "2022-FA", "2023-FA"),
    ("2023-04-26", "in", "winter", "2024-WI", "2023-WI", "2023-WI"),
    ("2019-01-10", "in", "summer", "2019-SU", "2018-SU", "2018-SU"),
    # holiday
    ("2023-04-26", "on", "Christmas", "2023-12-25", "2022-12-25", "2022-12-25"),
    ("2023-10-01", "on", "Thanksgiving", "2023-11-23", "2022-11-24", "2023-11-23"),
    ("2023-04-26", "on", "Easter", "2024-03-31", "2023-04-09", "2023-04-09"),
    ("2023-04-26", "on", "Labor Day", "2023-09-04", "2022-09-05", "2023-09-04"),
    # weekday
    ("2023-04-26", "on", "Friday", "2023-04-28", "2023-04-21", "2023-04-28"),
    ("2023-04-26", "on", "Monday", "2023-05-01", "2023-04-24", "2023-04-24"),
    ("2023-04-26", "on", "Wednesday", "2023-04-26", "2023-04-26", "2023-04-26"),
    ("2022-01-19", "on", "Tuesday", "2022-01-25", "2022-01-18", "2022-01-18"),
    ("2022-01-19", "on", "Thursday", "2022-01-20", "2022-01-13", "2022-01-20"),
    ("2022-01-19", "on", "Sunday morning", "2022-01-23TMO", "2022-01-16TMO", "2022-01-16TMO"),
]
# Clauses that point ahead, also under a past reporting verb.
FORWARD = [
    "The board will vote {p}.",
    "The company is set to open its new plant {p}, officials said.",
    "Applicants must send their answers {p}, the agency said.",
    "The airline plans to start the route {p}.",
    "Voters said they are likely to back the measure {p}.",  # the reported clause's tense, not the saying's
    "Officials said the new rules are to take effect {p}.",
    "If the council approved the plan {p}, work would start at once.",  # a hypothetical past looks ahead
]
BACKWARD = [
    "The board voted {p}.",
    "Officials said the plant had closed {p}.",
    "The plant was opened {p}, the company said.",
    "The senator died {p} and her seat is still to be filled.",  # not the tense of the next clause
    "The mayor told reporters at city hall {p} that the plan would work.",  # the date dates the telling
    "If the council had approved the plan {p}, work would have started.",  # a counterfactual past
]
# A bare present: the nearest reading.
PRESENT = [
    "The new rules take effect {p}, the mayor said.",
    "The festival opens {p}.",
]


def _anchoring_cases():
    for published, prep, expression, forward, backward, nearest in UNANCHORED:
        for templates, value in ((FORWARD, forward), (BACKWARD, backward), (PRESENT, nearest)):
            for template in templates:
                yield pytest.param(published, template.format(p=f"{prep} {expression}"), expression, value,
                                   id=f"{published}:{template.format(p=f'{prep} {expression}')}")


@pytest.mark.parametrize("published, text, expression, value", list(_anchoring_cases()))
def test_unanchored_expression_follows_its_clause(tagger, published, text, expression, value):
    assert the(tagger, published, text, expression).value == value


# --- every family, forward (f), backward (b) and present (p) -----------------------------------

# (family, direction, published, text, expression, type, value)
FAMILY_CASES = [
    # md: a written year fixes the reading whatever the tense
    ("md", "f", WEDNESDAY, "The summit will open on March 3, 2024.", "March 3, 2024", "DATE", "2024-03-03"),
    ("md", "b", WEDNESDAY, "The treaty was signed on 9 November 1989.", "9 November 1989", "DATE", "1989-11-09"),
    ("md", "p", WEDNESDAY, "The offer stands until Friday, May 5, 2023.", "Friday, May 5, 2023", "DATE", "2023-05-05"),
    ("md", "b", WEDNESDAY, "The talks were held on April 7-8, 1979 in Geneva.", "April 7", "DATE", "1979-04-07"),
    ("md", "b", WEDNESDAY, "The talks were held on April 7-8, 1979 in Geneva.", "8, 1979", "DATE", "1979-04-08"),
    ("md", "b", WEDNESDAY, "Votes were held on Oct. 9 and 11, 1981.", "Oct. 9", "DATE", "1981-10-09"),
    ("md", "b", WEDNESDAY, "Votes were held on Oct. 9 and 11, 1981.", "11, 1981", "DATE", "1981-10-11"),
    ("md", "f", WEDNESDAY, "Firms must send answers no later than May 10, the agency said.", "May 10", "DATE", "2023-05-10"),
    ("md", "b", WEDNESDAY, "In 2005 the firm opened a plant, and on March 4 it hired 200 workers.", "March 4", "DATE", "2005-03-04"),
    ("md", "f", WEDNESDAY, "Shares rose ahead of the June 3 vote.", "June 3", "DATE", "2023-06-03"),
    ("md", "p", WEDNESDAY, "The museum is closed on the 4th of July.", "the 4th of July", "DATE", "2023-07-04"),
    # month
    ("month", "f", WEDNESDAY, "The law takes effect in January 2025.", "January 2025", "DATE", "2025-01"),
    ("month", "b", WEDNESDAY, "In 2005 the firm opened a plant, and in March it hired 200 workers.", "March", "DATE", "2005-03"),
    ("month", "b", WEDNESDAY, "Sales fell in March of last year.", "March of last year", "DATE", "2022-03"),
    ("month", "p", WEDNESDAY, "As of February, the service counts two million users.", "February", "DATE", "2023-02"),
    ("month", "b", WEDNESDAY, "It happened that January day in 2011.", "that January day in 2011", "DATE", "2011-01"),
    ("month", "f", WEDNESDAY, "The deal could close in June.", "June", "DATE", "2023-06"),
    # a month counted from the publication month: "next November", "last April"
    ("month", "f", WEDNESDAY, "The state votes again next November.", "next November", "DATE", "2023-11"),
    ("month", "f", WEDNESDAY, "The fair returns next April.", "next April", "DATE", "2024-04"),
    ("month", "b", WEDNESDAY, "Turnout fell last November.", "last November", "DATE", "2022-11"),
    ("month", "b", WEDNESDAY, "Sales rose last April.", "last April", "DATE", "2022-04"),
    ("month", "b", "2023-12-10", "Prices fell last November.", "last November", "DATE", "2023-11"),
    ("month", "p", WEDNESDAY, "This June the city hosts the games.", "This June", "DATE", "2023-06"),
    # a year counted from the last date mentioned: "June of that year"
    ("month", "b", WEDNESDAY, "He won in 2008; in June of that year he toured Iowa.", "June of that year", "DATE", "2008-06"),
    ("month", "f", WEDNESDAY, "The plant opens in 2030, and in May of the following year the line starts.",
     "May of the following year", "DATE", "2031-05"),
    ("month", "p", WEDNESDAY, "The 2019 report says that in June of that year exports rise.", "June of that year", "DATE", "2019-06"),
    ("md", "b", WEDNESDAY, "The firm opened in 2011 and on May 3 of the following year it closed.",
     "May 3 of the following year", "DATE", "2012-05-03"),
    # the date of an event noun is its own, not the past verb's: the nearest reading
    ("month", "f", WEDNESDAY, "Delegates bickered for hours over the rules of the July party congress.", "July", "DATE", "2023-07"),
    ("md", "f", "2016-01-15", "Two governors campaigned hard before the state primary Feb. 9, aides said.", "Feb. 9", "DATE", "2016-02-09"),
    ("md", "f", WEDNESDAY, "Rebels shelled the city before the May 10 peace talks.", "May 10", "DATE", "2023-05-10"),
    ("md", "b", "2016-01-15", "The governor campaigned hard on Feb. 9, aides said.", "Feb. 9", "DATE", "2015-02-09"),
    ("month", "b", "2016-06-10", "The union is unlikely to back her after her March remark on coal.", "March", "DATE", "2016-03"),
    # cues that disagree in the clause of the date leave it to the parse, not to the clause before
    ("month", "f", "2016-07-22", "He waved and declared that they should beat her in November.", "November", "DATE", "2016-11"),
    # beyond a quarter ahead, a past clause's month is last year's, event noun or not
    ("month", "b", "2016-03-04", "He clashed with the host at a debate in August.", "August", "DATE", "2015-08"),
    ("md", "b", "2015-12-15", "Her diary listed a May 11 speech to a youth charity.", "May 11", "DATE", "2015-05-11"),
    ("md", "b", WEDNESDAY, "The towers fell on Sept.11, 2001.", "Sept.11, 2001", "DATE", "2001-09-11"),
    # ymd and slash
    ("ymd", "f", WEDNESDAY, "The filing is due 2023-06-30.", "2023-06-30", "DATE", "2023-06-30"),
    ("ymd", "b", WEDNESDAY, "The record dates from 2019-02-01.", "2019-02-01", "DATE", "2019-02-01"),
    ("ymd", "p", WEDNESDAY, "The log for 2023-04-26 is public.", "2023-04-26", "DATE", "2023-04-26"),
    ("slash", "f", WEDNESDAY, "The hearing will be held on 6/15/2023.", "6/15/2023", "DATE", "2023-06-15"),
    ("slash", "b", WEDNESDAY, "The memo was sent on 3/2/99.", "3/2/99", "DATE", "1999-03-02"),
    ("slash", "p", WEDNESDAY, "The form dated 25/04/2023 is valid.", "25/04/2023", "DATE", "2023-04-25"),
    # year
    ("year", "f", WEDNESDAY, "The line will open in 2026.", "2026", "DATE", "2026"),
    ("year", "b", WEDNESDAY, "The company was founded in 1975.", "1975", "DATE", "1975"),
    ("year", "p", WEDNESDAY, "Profit in fiscal 2023 is rising.", "fiscal 2023", "DATE", "FY2023"),
    ("year", "b", WEDNESDAY, "Prices rose in early 2009.", "early 2009", "DATE", "2009"),
    # a possessive before a year is no name: "Obama's 2008 campaign"
    ("year", "b", WEDNESDAY, "Nixon's 1968 campaign was dark.", "1968", "DATE", "1968"),
    ("year", "f", WEDNESDAY, "The city's 2030 target will be hard to meet.", "2030", "DATE", "2030"),
    ("year", "p", WEDNESDAY, "The mayor's 2023 budget is tight.", "2023", "DATE", "2023"),
    # decade
    ("decade", "b", WEDNESDAY, "Inflation soared in the 70s.", "the 70s", "DATE", "197"),
    ("decade", "b", WEDNESDAY, "The band toured in the '80s.", "the '80s", "DATE", "198"),
    ("decade", "b", WEDNESDAY, "Trade grew through the 1990s.", "the 1990s", "DATE", "199"),
    ("decade", "f", WEDNESDAY, "The fleet will be replaced in the 2030s.", "the 2030s", "DATE", "203"),
    ("decade", "p", WEDNESDAY, "Fashion of the late 60s is back.", "the late 60s", "DATE", "196"),
    # century
    ("century", "b", WEDNESDAY, "The bridge was built in the 19th century.", "the 19th century", "DATE", "18"),
    ("century", "f", WEDNESDAY, "Cities will grow in the twenty-first century.", "the twenty-first century", "DATE", "20"),
    ("century", "p", WEDNESDAY, "This is the challenge of the 21st century.", "the 21st century", "DATE", "20"),
    # quarter
    ("quarter", "b", WEDNESDAY, "Revenue fell in the fourth quarter of 2022.", "the fourth quarter of 2022", "DATE", "2022-Q4"),
    ("quarter", "f", WEDNESDAY, "Sales will recover in Q3 2023.", "Q3 2023", "DATE", "2023-Q3"),
    ("quarter", "p", WEDNESDAY, "Margins in the first half of this year are thin.", "the first half of this year", "DATE", "2023-H1"),
    ("quarter", "f", WEDNESDAY, "Results come in the third quarter of next year.", "the third quarter of next year", "DATE", "2024-Q3"),
    # "of the year": the current one
    ("quarter", "b", WEDNESDAY, "He raised $2 million in the first quarter of the year.", "the first quarter of the year", "DATE", "2023-Q1"),
    ("quarter", "f", WEDNESDAY, "Sales will pick up in the fourth quarter of the year.", "the fourth quarter of the year", "DATE", "2023-Q4"),
    ("quarter", "p", WEDNESDAY, "Costs in the first half of the year are high.", "the first half of the year", "DATE", "2023-H1"),
    # season
    ("season", "f", WEDNESDAY, "The works will finish next summer.", "next summer", "DATE", "2023-SU"),
    ("season", "b", WEDNESDAY, "The plant closed last winter.", "last winter", "DATE", "2023-WI"),
    ("season", "p", WEDNESDAY, "The fund's Autumn meetings begin in October.", "Autumn", "DATE", "2023-FA"),
    ("season", "b", WEDNESDAY, "Floods hit the region in the spring of 2019.", "the spring of 2019", "DATE", "2019-SP"),
    # holiday
    ("holiday", "b", WEDNESDAY, "The store was busy on Christmas Eve 2021.", "Christmas Eve 2021", "DATE", "2021-12-24"),
    ("holiday", "f", WEDNESDAY, "The parade will be held on Independence Day.", "Independence Day", "DATE", "2023-07-04"),
    ("holiday", "p", WEDNESDAY, "Offices close on Halloween.", "Halloween", "DATE", "2022-10-31"),  # 177 days back, 188 ahead
    # weekday, with prepositions and aspect
    ("weekday", "f", WEDNESDAY, "The store is open until Friday.", "Friday", "DATE", "2023-04-28"),
    ("weekday", "f", WEDNESDAY, "Replies are needed by Monday.", "Monday", "DATE", "2023-05-01"),
    ("weekday", "f", WEDNESDAY, "Talks resume before Tuesday.", "Tuesday", "DATE", "2023-05-02"),
    ("weekday", "b", WEDNESDAY, "The road is closed since Monday.", "Monday", "DATE", "2023-04-24"),
    ("weekday", "f", WEDNESDAY, "The vote is next Friday.", "next Friday", "DATE", "2023-04-28"),
    ("weekday", "b", WEDNESDAY, "The vote was last Friday.", "last Friday", "DATE", "2023-04-21"),
    ("weekday", "b", WEDNESDAY, "The fire started late Monday.", "late Monday", "DATE", "2023-04-24"),
    ("weekday", "f", WEDNESDAY, "The vote, scheduled for Thursday, may be delayed.", "Thursday", "DATE", "2023-04-27"),
    ("weekday", "p", WEDNESDAY, "Markets are closed Sunday.", "Sunday", "DATE", "2023-04-23"),
    # a perfect looks back after any modal but "will"; a verb of wanting looks ahead
    ("weekday", "b", WEDNESDAY, "The deal would have closed on Friday, had the bank agreed.", "Friday", "DATE", "2023-04-21"),
    ("weekday", "b", WEDNESDAY, "He could have won on Saturday.", "Saturday", "DATE", "2023-04-22"),
    ("weekday", "f", WEDNESDAY, "The firm will have tested the engine by Monday.", "Monday", "DATE", "2023-05-01"),
    ("weekday", "f", WEDNESDAY, "She plans to have finished the report by Monday.", "Monday", "DATE", "2023-05-01"),
    ("weekday", "f", WEDNESDAY, "He wants to meet the board on Friday.", "Friday", "DATE", "2023-04-28"),
    ("weekday", "b", WEDNESDAY, "He wanted to meet the board on Friday, but fell ill.", "Friday", "DATE", "2023-04-21"),
    # an attempt in the past is past with its infinitive; a schedule in the past may still lie ahead
    ("weekday", "b", WEDNESDAY, "Both rivals sought to win over young voters on Tuesday.", "Tuesday", "DATE", "2023-04-25"),
    ("weekday", "b", WEDNESDAY, "The mayor tried to calm the crowd on Monday.", "Monday", "DATE", "2023-04-24"),
    ("weekday", "f", WEDNESDAY, "The probe was expected to land on Friday.", "Friday", "DATE", "2023-04-28"),
    # time of day, with zones
    ("time", "f", WEDNESDAY, "The launch is set for 0800 UTC.", "0800 UTC", "TIME", "2023-04-26T08:00Z"),
    ("time", "f", WEDNESDAY, "Polls will close at 15:00 GMT Saturday.", "15:00 GMT Saturday", "TIME", "2023-04-29T15:00Z"),
    ("time", "b", WEDNESDAY, "The fire started late Monday and spread just after midnight.", "midnight", "TIME", "2023-04-25T00:00"),
    ("time", "b", WEDNESDAY, "The quake struck at 9:15 a.m. EST.", "9:15 a.m. EST", "TIME", "2023-04-26T09:15-05"),
    ("time", "p", WEDNESDAY, "The market opens at 9:30 a.m.", "9:30 a.m.", "TIME", "2023-04-26T09:30"),
    ("time", "b", WEDNESDAY, "Officials met at noon on Tuesday.", "noon on Tuesday", "TIME", "2023-04-25T12:00"),
    # clock durations: a time taken
    ("clock_duration", "b", WEDNESDAY, "She won the marathon in 2:05:12.", "2:05:12", "DURATION", "PT2H5M12S"),
    ("clock_duration", "f", WEDNESDAY, "He will try to finish in 3:07:35.", "3:07:35", "DURATION", "PT3H7M35S"),
    ("clock_duration", "p", WEDNESDAY, "The record stands at 1:59:40.", "1:59:40", "DURATION", "PT1H59M40S"),
    # deictic days and parts of the day
    ("relday", "b", WEDNESDAY, "The bill passed yesterday.", "yesterday", "DATE", "2023-04-25"),
    ("relday", "f", WEDNESDAY, "The court rules tomorrow morning.", "tomorrow morning", "TIME", "2023-04-27TMO"),
    ("relday", "p", WEDNESDAY, "Today the market is quiet.", "Today", "DATE", "2023-04-26"),
    ("relday", "b", WEDNESDAY, "Talks ended last night.", "last night", "TIME", "2023-04-25TNI"),
    ("thispart", "b", WEDNESDAY, "The minister resigned this morning.", "this morning", "TIME", "2023-04-26TMO"),
    ("thispart", "f", WEDNESDAY, "The minister will speak this evening.", "this evening", "TIME", "2023-04-26TEV"),
    ("thispart", "p", WEDNESDAY, "Traffic is heavy this afternoon.", "this afternoon", "TIME", "2023-04-26TAF"),
    # relative periods
    ("relperiod", "b", WEDNESDAY, "Troops massed there last week.", "last week", "DATE", "2023-W16"),
    ("relperiod", "f", WEDNESDAY, "Talks resume next month.", "next month", "DATE", "2023-05"),
    ("relperiod", "p", WEDNESDAY, "Prices are rising this year.", "this year", "DATE", "2023"),
    ("relperiod", "f", WEDNESDAY, "Prices will fall by the end of the year.", "the end of the year", "DATE", "2023"),
    ("relperiod", "b", WEDNESDAY, "Protesters gathered over the weekend.", "the weekend", "DATE", "2023-W16-WE"),
    ("relperiod", "f", WEDNESDAY, "Protests are planned this weekend.", "this weekend", "DATE", "2023-W17-WE"),
    ("relperiod", "b", WEDNESDAY, "Profit rose earlier this year.", "earlier this year", "DATE", "2023"),
    # the rest of the year: the smallest month, quarter or year that holds it
    ("relperiod", "f", "2023-12-04", "The law will pass later this year.", "later this year", "DATE", "2023-12"),
    ("relperiod", "f", "2023-11-10", "Deliveries will begin later this year.", "later this year", "DATE", "2023-Q4"),
    ("relperiod", "b", "2023-02-15", "Profit rose earlier this year.", "earlier this year", "DATE", "2023-Q1"),
    ("relperiod", "p", WEDNESDAY, "The plant opens later this year.", "later this year", "DATE", "2023"),
    ("relperiod", "p", "2023-10-02", "The plant opens later this year, its owner says.", "later this year", "DATE", "2023-Q4"),
    ("relperiod", "f", WEDNESDAY, "The vote is due this coming week.", "this coming week", "DATE", "2023-W18"),
    ("relperiod", "f", WEDNESDAY, "Senators return for the upcoming month.", "the upcoming month", "DATE", "2023-05"),
    ("relperiod", "p", WEDNESDAY, "Turnout in the upcoming year looks strong.", "the upcoming year", "DATE", "2024"),
    # "the week", "the year" of news: the current one after "of", "for", "throughout", "later in"
    ("relperiod", "p", WEDNESDAY, "It is the biggest deal of the year.", "the year", "DATE", "2023"),
    ("relperiod", "f", WEDNESDAY, "Profit for the year will rise.", "the year", "DATE", "2023"),
    ("relperiod", "b", WEDNESDAY, "The senator spent much of the week in Ohio.", "the week", "DATE", "2023-W17"),
    ("relperiod", "f", WEDNESDAY, "Rates may rise later in the year.", "later in the year", "DATE", "2023"),
    ("relperiod", "b", WEDNESDAY, "A judge ruled earlier in the week.", "earlier in the week", "DATE", "2023-W17"),
    ("relperiod", "p", WEDNESDAY, "Rain is likely for the rest of the month.", "the month", "DATE", "2023-04"),
    # anaphoric: counted from the last date mentioned, else from publication
    ("anaphoric", "b", WEDNESDAY, "Sales had fallen the previous year.", "the previous year", "DATE", "2022"),
    ("anaphoric", "b", WEDNESDAY, "Sales had risen the year previous.", "the year previous", "DATE", "2022"),
    ("anaphoric", "b", WEDNESDAY, "The ship left on March 3, 2020 and sank the following day.", "the following day", "DATE", "2020-03-04"),
    ("anaphoric", "f", WEDNESDAY, "The fair opens on June 9, 2023 and the vote is held the next day.", "the next day", "DATE", "2023-06-10"),
    ("anaphoric", "p", WEDNESDAY, "The show opens on May 2, 2023, and the shop opens the same day.", "the same day", "DATE", "2023-05-02"),
    ("anaphoric", "b", WEDNESDAY, "The plant closed on March 3, 2021 and reopened later that month.", "later that month", "DATE", "2021-03"),
    ("anaphoric", "b", WEDNESDAY, "He was elected in 2016; that year the party won.", "that year", "DATE", "2016"),
    # market reports: "the day" is that trading day
    ("the_day", "b", WEDNESDAY, "The Dow ended the day higher.", "the day", "DATE", "2023-04-26"),
    ("the_day", "b", WEDNESDAY, "Later in the day, shares fell.", "Later in the day", "DATE", "2023-04-26"),
    ("the_day", "f", WEDNESDAY, "Shares are expected to recover later in the day.", "later in the day", "DATE", "2023-04-26"),
    ("the_day", "p", WEDNESDAY, "The index is flat for the day.", "the day", "DATE", "2023-04-26"),
    ("the_day", "b", WEDNESDAY, "Trading was halted for the rest of the day.", "the day", "DATE", "2023-04-26"),
    ("the_day", "f", WEDNESDAY, "The office will stay shut for the remainder of the day.", "the day", "DATE", "2023-04-26"),
    # the same period a year before
    ("same_period", "b", WEDNESDAY, "Sales rose 5% from the same period last year.", "the same period last year", "DATE", "2022"),
    ("same_period", "b", WEDNESDAY, "In the first quarter of 2023 sales beat the year-earlier quarter.", "the year-earlier quarter", "DATE", "2022-Q1"),
    ("same_period", "p", WEDNESDAY, "Costs are up on the same month a year earlier.", "the same month a year earlier", "DATE", "2022-04"),
    ("same_period", "f", WEDNESDAY, "Analysts expect sales to pass the same quarter of last year.", "the same quarter of last year", "DATE", "2022-Q2"),
    # sets
    ("set", "p", WEDNESDAY, "He jogs every morning.", "every morning", "SET", "TMO"),
    ("set", "p", WEDNESDAY, "The report is published annually.", "annually", "SET", "P1Y"),
    ("set", "f", WEDNESDAY, "The league will expand each season.", "each season", "SET", "P1Y"),
    ("set", "b", WEDNESDAY, "The committee met every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
    ("set", "p", WEDNESDAY, "The plant builds 15 a year.", "a year", "SET", "P1Y"),
    ("set", "f", WEDNESDAY, "Flights will run twice a day.", "a day", "SET", "P1D"),
    ("set", "b", WEDNESDAY, "The paper appeared daily.", "daily", "SET", "P1D"),
    # a weekday in the plural recurs
    ("set", "p", WEDNESDAY, "The club meets on Saturdays.", "Saturdays", "SET", "XXXX-WXX-6"),
    ("set", "b", WEDNESDAY, "Debates held on Friday nights drew few viewers.", "Friday nights", "SET", "XXXX-WXX-5TNI"),
    ("set", "f", WEDNESDAY, "The shop will open on Sunday mornings.", "Sunday mornings", "SET", "XXXX-WXX-7TMO"),
    # shifts from the last date
    ("shift", "b", WEDNESDAY, "The plane left on May 3, 2021, and landed three days later.", "three days later", "DATE", "2021-05-06"),
    ("shift", "f", WEDNESDAY, "The trial opens on June 1, 2023 and the verdict comes two weeks later.", "two weeks later", "DATE", "2023-W24"),
    ("shift", "p", WEDNESDAY, "The index peaked in 2007; two years earlier it stood lower.", "two years earlier", "DATE", "2005"),
    # against a plan: in apposition it restates the date just given, else the day is open
    ("shift", "f", WEDNESDAY, "The ship docks on May 11, three days later than originally planned.",
     "three days later than originally planned", "DATE", "2023-05-11"),
    ("shift", "b", WEDNESDAY, "The mine reopened on 2 March 2021, a week earlier than expected.",
     "a week earlier than expected", "DATE", "2021-03-02"),
    ("shift", "b", WEDNESDAY, "The bridge opened two days later than scheduled.", "two days later than scheduled", "DATE", "XXXX-XX-XX"),
    ("shift", "p", WEDNESDAY, "The hall opens on Friday, a day earlier than planned.", "a day earlier than planned", "DATE", "2023-04-28"),
    # ago
    ("ago", "b", WEDNESDAY, "The deal was signed two days ago.", "two days ago", "DATE", "2023-04-24"),
    ("ago", "b", WEDNESDAY, "The plant closed a year ago.", "a year ago", "DATE", "2022"),
    ("ago", "p", WEDNESDAY, "Three weeks ago the index is where it stands now.", "Three weeks ago", "DATE", "2023-W14"),
    ("ago", "f", WEDNESDAY, "The rule, set a decade ago, will expire.", "a decade ago", "DATE", "201"),
    ("ago", "b", WEDNESDAY, "The law passed a quarter-century ago.", "a quarter-century ago", "DATE", "1998"),
    ("ago", "b", WEDNESDAY, "The bridge opened more than a half-century ago.", "a half-century ago", "DATE", "1973"),
    # some time before, unsaid
    ("ago", "b", WEDNESDAY, "Party leaders long ago chose her.", "long ago", "DATE", "PAST_REF"),
    ("ago", "p", WEDNESDAY, "Not so long ago, the town is what it is now.", "Not so long ago", "DATE", "PAST_REF"),
    ("ago", "f", WEDNESDAY, "A deal struck a long time ago will end soon.", "a long time ago", "DATE", "PAST_REF"),
    # durations
    ("duration", "b", WEDNESDAY, "The index rose for five straight days.", "five straight days", "DURATION", "P5D"),
    ("duration", "b", WEDNESDAY, "Profit grew for three consecutive quarters.", "three consecutive quarters", "DURATION", "P3Q"),
    ("duration", "b", WEDNESDAY, "Stocks fell over the past five trading days.", "the past five trading days", "DURATION", "P5D"),
    ("duration", "b", WEDNESDAY, "Prices rose during the entire year.", "the entire year", "DURATION", "P1Y"),
    ("duration", "f", WEDNESDAY, "Cuts come over the next four years.", "the next four years", "DURATION", "P4Y"),
    ("duration", "f", WEDNESDAY, "The review will take six months.", "six months", "DURATION", "P6M"),
    ("duration", "p", WEDNESDAY, "The flight lasts 12 hours.", "12 hours", "DURATION", "PT12H"),
    ("duration", "p", WEDNESDAY, "They sign a 27-year contract.", "27-year", "DURATION", "P27Y"),
    ("duration", "b", WEDNESDAY, "The work took several years.", "several years", "DURATION", "PXY"),
    ("duration", "f", WEDNESDAY, "She may run again in two years when her term ends.", "two years", "DURATION", "P2Y"),
    ("duration", "b", WEDNESDAY, "The break took half an hour.", "half an hour", "DURATION", "PT30M"),
    ("duration", "f", WEDNESDAY, "He wants four more years in office.", "four more years", "DURATION", "P4Y"),
    ("duration", "b", WEDNESDAY, "The party ruled for a quarter century.", "a quarter century", "DURATION", "P25Y"),
    ("duration", "b", WEDNESDAY, "The party ruled for a half century.", "a half century", "DURATION", "P50Y"),
    ("duration", "f", WEDNESDAY, "The vote comes in a matter of weeks.", "a matter of weeks", "DURATION", "PXW"),
    # periods of unstated length
    ("vague_period", "b", WEDNESDAY, "Stores were busy during the holiday season.", "the holiday season", "DURATION", "PXD"),
    ("vague_period", "f", WEDNESDAY, "Christmas sales will be weak.", "Christmas", "DURATION", "PXD"),
    ("vague_period", "p", WEDNESDAY, "The site is closed for an undetermined period of time.", "an undetermined period of time", "DURATION", "PXD"),
    # open dates and references
    ("unknown", "f", WEDNESDAY, "The team will decide at a later date.", "a later date", "DATE", "XXXX-XX-XX"),
    ("unknown", "b", WEDNESDAY, "The case was deferred to a future date.", "a future date", "DATE", "XXXX-XX-XX"),
    ("unknown", "p", WEDNESDAY, "Details follow at a later stage.", "a later stage", "DATE", "XXXX-XX-XX"),
    # "a day when ...": some day, not a length of one
    # some day of a clause that looks ahead is the future; of a past one, some day (often the story's own)
    ("unknown", "f", WEDNESDAY, "If there comes a day when the fund runs dry, the city will pay.", "a day", "DATE", "FUTURE_REF"),
    ("unknown", "f", WEDNESDAY, "If there ever came a day when the fund ran dry, the city would pay.", "a day", "DATE", "FUTURE_REF"),
    ("unknown", "f", WEDNESDAY, "There will be a week when every shop is shut.", "a week", "DATE", "FUTURE_REF"),
    ("unknown", "b", WEDNESDAY, "There was a year when the river froze.", "a year", "DATE", "XXXX"),
    ("unknown", "b", WEDNESDAY, "The tax was raised in a year when voters wanted cuts.", "a year", "DATE", "XXXX"),
    ("unknown", "p", WEDNESDAY, "She hopes for a day when no one goes hungry.", "a day", "DATE", "XXXX-XX-XX"),
    ("present", "p", WEDNESDAY, "The border is now closed.", "now", "DATE", "PRESENT_REF"),
    ("present", "b", WEDNESDAY, "The plant, currently idle, was built in 1990.", "currently", "DATE", "PRESENT_REF"),
    ("present", "f", WEDNESDAY, "At present the firm will not comment.", "At present", "DATE", "PRESENT_REF"),
    ("past", "b", WEDNESDAY, "Tension has grown in recent months.", "recent months", "DATE", "PAST_REF"),
    ("past", "p", WEDNESDAY, "Sales are recently up.", "recently", "DATE", "PAST_REF"),
    ("past", "f", WEDNESDAY, "The plan, recently agreed, will start soon.", "recently", "DATE", "PAST_REF"),
    ("future", "f", WEDNESDAY, "Prices will rise in the coming months.", "the coming months", "DATE", "FUTURE_REF"),
    ("future", "f", WEDNESDAY, "A decision is expected in coming weeks.", "coming weeks", "DATE", "FUTURE_REF"),
    ("future", "p", WEDNESDAY, "The future looks bright.", "The future", "DATE", "FUTURE_REF"),
    ("future", "b", WEDNESDAY, "He worried about the future.", "the future", "DATE", "FUTURE_REF"),
]


@pytest.mark.parametrize("family, direction, published, text, expression, timex_type, value",
                         FAMILY_CASES, ids=[f"{c[0]}-{c[1]}:{c[3]}" for c in FAMILY_CASES])
def test_family(tagger, family, direction, published, text, expression, timex_type, value):
    t = the(tagger, published, text, expression)
    assert (t.timex_type, t.value) == (timex_type, value)
    assert any(c.kind == family and c.start <= t.start_char < c.end for c in find_candidates(text)), family


def test_every_family_has_forward_backward_and_present_cases():
    directions = {(c[0], c[1]) for c in FAMILY_CASES}
    missing = [(f.name, d) for f in FAMILIES for d in "fbp" if (f.name, d) not in directions]
    assert not missing


# --- quoted fragments: a date in words said with no verb of their own ---------------------------

# (published, text, expression, value): not the reporting verb's tense; the fragment's preposition, else the nearest.
QUOTED_FRAGMENTS = [
    (WEDNESDAY, '"Not before June," the spokesman said when asked about the timing.', "June", "2023-06"),
    (WEDNESDAY, '"By Friday," she said, the money would be gone.', "Friday", "2023-04-28"),
    (WEDNESDAY, '"Since March," he said, "nothing has changed."', "March", "2023-03"),
    (WEDNESDAY, '"A vote in July? Never," the senator said.', "July", "2023-07"),
    (WEDNESDAY, '"A vote in January? Never," the senator said.', "January", "2023-01"),
    (WEDNESDAY, '"The plant opened in May," the mayor said.', "May", "2022-05"),  # a verb of its own: its tense
    (WEDNESDAY, '"We will open in March," he said.', "March", "2024-03"),
]


# --- a date set for something, and a day that names an event ------------------------------------

# (published, text, expression, value)
SET_FOR_AND_NAMED_DAYS = [
    # scheduled for / put off to: after the scheduling, so ahead unless within the last quarter
    ("2020-01-10", "The company said the merger was scheduled for August.", "August", "2020-08"),
    ("2020-01-10", "The hearing had been postponed until late February.", "late February", "2020-02"),
    ("2023-04-26", "The vote, scheduled for March, was put off.", "March", "2023-03"),
    ("2023-04-26", "The trial is set for July.", "July", "2023-07"),
    ("2023-04-26", "The launch was delayed to December 5.", "December 5", "2023-12-05"),
    # a month and day more than half a year away that names an event: some year the text leaves open
    ("2016-03-20", "He spoke about the Sept. 11 attacks.", "Sept. 11", "XXXX-09-11"),
    ("2023-04-26", "The Sept. 11 attacks changed how airports work.", "Sept. 11", "XXXX-09-11"),
    ("2015-12-15", "Her diary listed a May 11 speech to a youth charity.", "May 11", "2015-05-11"),  # one speech
    ("2016-03-20", "Voters will choose in the Nov. 8 election.", "Nov. 8", "2016-11-08"),  # looks ahead
    ("2016-03-20", "He said the Dec. 3 meeting went badly.", "Dec. 3", "2015-12-03"),  # a recent one
    ("2016-03-20", "The senator voted on Sept. 11 against the bill.", "Sept. 11", "2015-09-11"),  # a date, no name
    # a hypothetical looks ahead, but a date naming a noun keeps the nearest reading
    ("2023-04-26", "Even if she won Tuesday's primaries, she would need more delegates.", "Tuesday", "2023-04-25"),
    ("2023-04-26", "Even if she won the primaries on Tuesday, she would need more delegates.", "Tuesday", "2023-05-02"),
]


# --- a range without years: its end comes after its start ---------------------------------------

# (published, text, expression, value)
RANGE_ENDS = [
    ("2008-10-10", "The show runs from June to August.", "August", "2009-08"),  # forward, both ends
    ("2008-10-10", "The plant was closed from December to March.", "March", "2008-03"),  # back, across the year
    ("2008-10-10", "The plant was closed from December to March.", "December", "2007-12"),
    ("2023-04-26", "The talks were held between Monday and Thursday.", "Thursday", "2023-04-20"),
    ("2023-04-26", "Voting will run from Nov. 28 to Dec. 3.", "Dec. 3", "2023-12-03"),
    ("2023-04-26", "The fair ran from Dec. 28 to Jan. 3.", "Jan. 3", "2023-01-03"),
]


# The rules of the three tables above, each case named by its rule.
RULE_TABLES = {"quoted fragment takes no tense from its frame": QUOTED_FRAGMENTS,
               "date set for something, day naming an event": SET_FOR_AND_NAMED_DAYS,
               "range end comes after its start": RANGE_ENDS}


@pytest.mark.parametrize("published, text, expression, value", [
    pytest.param(*case, id=f"{rule}: {case[1]}") for rule, table in RULE_TABLES.items() for case in table])
def test_expression_value_by_rule(tagger, published, text, expression, value):
    assert the(tagger, published, text, expression).value == value


# --- not dates ---------------------------------------------------------------------------------

NOT_DATES = [
    ('He starred in "1917" last year.', "1917"),
    ("She told the Today show she would run.", "Today"),
    ("She appeared on NBC's Today programme.", "Today"),
    ("\u00a9 Reuters 2020. All rights reserved.", "2020"),
    ("Copyright 2019 The Daily Planet.", "2019"),
    ("The 22-year-old joined the club.", "22-year-old"),
    ("The driver, 40 years old, was unhurt.", "40 years"),
    ("Vaccines are approved for ages 6 months and older.", "6 months"),
    ("The Russell 2000 index fell.", "2000"),
    ("The PC ran Windows 2000 until it failed.", "2000"),
    ("The plane had 2010 seats in total.", "2010"),
    ("It costs $2000 a month.", "2000"),
    ("Highs will be in the 70s this week.", "70s"),
    ("In his early 60s, he retired.", "60s"),
    ("She is in her late 70s.", "70s"),
    ("He was named Person of the Year.", "Year"),
    ("It was the year he returned home.", "the year"),
    ("A second A380 was delivered.", "A second"),
    ("The tablet stores 75 hours of video.", "75 hours"),
    ("Prices may fall.", "may"),
    ("Shares saw a fall in value.", "fall"),
    ("Stores expect a busy Black Friday.", "Friday"),
    # names and titles: a month starting a hyphenated name, deictic words capitalised as a name
    ("The resort at Mar-a-Lago was busy.", "Mar"),
    ("She spoke on ABC's This Week about taxes.", "This Week"),
    ("He was a guest on the network's This Morning program.", "This Morning"),
    ("The story ran in the Hanford Daily Sentinel.", "Daily"),
    ("The station's Today program was cut.", "Today"),
    ("He sang \u201cAll I Want for Christmas\u201d at the party.", "Christmas"),
    ("They watched \u201cThe Day After Tomorrow\u201d again.", "Tomorrow"),
    ("They watched \u201cThe Day After Tomorrow,\u201d she said.", "Tomorrow"),  # a title, though said
]


@pytest.mark.parametrize("text, expression, value", [
    ("Stocks Rally This Week", "This Week", "2023-W17"),  # a headline is in title case throughout
    ("The vote is \u201cnext Friday,\u201d he said.", "next Friday", "2023-04-28"),  # a quotation, not a title
    ("The note reads \u201cFriday\u201d and nothing more.", "Friday", "2023-04-28"),
    ("Donations in the October-to-December quarter rose.", "October", "2022-10"),
])
def test_title_case_and_quotes_that_are_no_names(tagger, text, expression, value):
    assert the(tagger, WEDNESDAY, text, expression).value == value


@pytest.mark.parametrize("text, word", NOT_DATES)
def test_not_a_temporal_expression(tagger, text, word):
    start = text.index(word)
    end = start + len(word)
    assert not [t for t in tag(tagger, WEDNESDAY, text) if t.start_char < end and start < t.end_char]
