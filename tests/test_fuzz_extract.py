"""Property tests of the extractors on arbitrary text: no crash, no hang, spans inside the text, valid values.

Text is drawn both from all of Unicode and from the extractors' own vocabulary
(dates, units, quotation marks, reporting verbs) so that the normalisation and
attribution code paths are reached, not only the "nothing found" one.
"""
import re
from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract.article import ArticleExtractor
from pipelines.extract.deadline import time_limit
from pipelines.extract.nlp import ArticleParse
from pipelines.extract.statements import StatementExtractor, find_quotes
from pipelines.extract.temporal import TemporalTagger, find_candidates
from schemas.tables import GRANULARITIES, QUOTE_TYPES, SPEAKER_TYPES, TABLES, TIMEX3_VALUE_REGEX, TIMEX_TYPES

PER_EXAMPLE_SECONDS = 10  # far above the real cost: a breach is a hang, not slowness
TIMEX3 = re.compile(TIMEX3_VALUE_REGEX)

TEMPORAL_WORDS = (
    "last next this the following previous early late mid end of since until ago later earlier in on at by "
    "Monday Friday Sunday weekend today tonight tomorrow yesterday morning afternoon evening night noon "
    "January May June Sept December spring summer fall winter Q1 Q4 first second third quarter half "
    "day days week weeks fortnight month months year years decade decades century centuries hour minutes "
    "1 2 15 29 31 99 2014 2022 1990s 90s '90s 0 00 9999 10000 a an one twenty several few couple dozen "
    "p.m. a.m. 9:30 23:59 25:61 UTC EST GMT Christmas Easter Thanksgiving every each daily annual per "
    "now currently recently future past / - . , ; ( )"
).split()
SPEECH_WORDS = (
    '" “ ” „ « » \' said says told warned according to added he she they it The President Ana Ruiz '
    "officials spokesperson Reuters a senior official who that , . ! ? : ; \n \n\n we are confident will "
    "not Mr. Dr. Secretary of State announced claimed"
).split(" ")


def vocabulary_text(words: list[str]) -> st.SearchStrategy[str]:
    token = st.sampled_from(words) | st.text(max_size=6)
    return st.lists(token, max_size=60).flatmap(
        lambda toks: st.lists(st.sampled_from([" ", " ", " ", "\n", "", "  "]), min_size=len(toks),
                              max_size=len(toks)).map(lambda seps: "".join(t + s for t, s in zip(toks, seps))))


# Attribution-shaped sentences, with marks and parts randomly dropped or misplaced.
MARK = st.sampled_from(['"', "“", "”", "«", "'", ""])
ATTRIBUTED = st.lists(
    st.tuples(MARK, vocabulary_text(SPEECH_WORDS), MARK, st.sampled_from([",", ".", "", "?"]),
              st.sampled_from(["Ana Ruiz", "the President", "he", "a senior official", "Reuters", ""]),
              st.sampled_from(["said", "told reporters", "warned", "according to", "added", ""]),
              vocabulary_text(TEMPORAL_WORDS[:30]), st.sampled_from([". ", ".\n", " ", "\n\n"])),
    max_size=5,
).map(lambda parts: "".join(f"{a}{b}{c}{d} {e} {f} {g}{h}" for a, b, c, d, e, f, g, h in parts))
TEXTS = st.text(max_size=300) | vocabulary_text(TEMPORAL_WORDS)
SPEECH = st.text(max_size=200) | vocabulary_text(SPEECH_WORDS) | ATTRIBUTED
PUBLISHED = st.datetimes(min_value=datetime(1001, 1, 1), max_value=datetime(8999, 12, 31),
                         timezones=st.just(timezone.utc))
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_span(text: str, start: int | None, end: int | None) -> None:
    if start is None:
        assert end is None
        return
    assert 0 <= start <= end <= len(text)


@FAST
@given(TEXTS)
def test_temporal_candidates_are_ordered_disjoint_spans(text):
    with time_limit(PER_EXAMPLE_SECONDS):
        candidates = find_candidates(text)
    for cand in candidates:
        assert 0 <= cand.start < cand.end <= len(text)
    for a, b in zip(candidates, candidates[1:]):
        assert a.end <= b.start


@PARSED
@given(TEXTS, PUBLISHED)
def test_temporal_tagger_emits_valid_timexes(text, published_at):
    with time_limit(PER_EXAMPLE_SECONDS):
        timexes = TemporalTagger()(text, published_at, ArticleParse(text))
    for t in timexes:
        assert 0 <= t.start_char < t.end_char <= len(text)
        assert text[t.start_char:t.end_char] == t.text
        assert TIMEX3.match(t.value), t.value
        assert t.timex_type in TIMEX_TYPES and t.granularity in GRANULARITIES
        assert (t.range_start is None) == (t.range_end is None)
        if t.range_start is not None:
            assert t.range_start <= t.range_end


@FAST
@given(SPEECH)
def test_quotes_are_ordered_spans_inside_the_text(text):
    with time_limit(PER_EXAMPLE_SECONDS):
        quotes = find_quotes(text)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
    for a, b in zip(quotes, quotes[1:]):
        assert a.end <= b.start


@PARSED
@given(SPEECH)
def test_statement_extractor_emits_valid_statements(text):
    with time_limit(PER_EXAMPLE_SECONDS):
        statements = StatementExtractor()(ArticleParse(text))
    for s in statements:
        assert_span(text, s.quote_start_char, s.quote_end_char)
        assert s.quote_start_char < s.quote_end_char
        assert text[s.quote_start_char:s.quote_end_char] == s.quote_text
        assert_span(text, s.speaker_start_char, s.speaker_end_char)
        assert_span(text, s.cue_start_char, s.cue_end_char)
        if s.cue_start_char is not None:
            assert text[s.cue_start_char:s.cue_end_char] == s.cue
        assert s.quote_type in QUOTE_TYPES and s.speaker_type in SPEAKER_TYPES
        assert s.speaker.strip()


@PARSED
@given(SPEECH | TEXTS, PUBLISHED)
def test_every_extracted_row_obeys_the_contract_spans_and_ranges(text, published_at):
    """Whatever the extractors find, every span the contract declares lies in the text and matches it."""
    with time_limit(PER_EXAMPLE_SECONDS):
        extraction = ArticleExtractor()("fuzz", text, published_at)
    for name, rows in extraction.tables().items():
        table = TABLES[name]
        for row in rows:
            for start, end in table.spans:
                assert_span(text, row[start], row[end])
            for start, end, written in table.span_texts:
                if row[start] is not None:
                    assert text[row[start]:row[end]] == row[written]
            for low, high in table.ranges:
                if row[low] is not None and row[high] is not None:
                    assert row[low] <= row[high]
            for column in table.columns:
                if column.regex and row.get(column.name) is not None:
                    assert re.match(column.regex, row[column.name]), (column.name, row[column.name])
