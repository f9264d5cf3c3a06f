"""Quotation spans: marks, pairing, recovery from unbalanced marks, names and titles."""
from hypothesis import given, strategies as st

from pipelines.extract.statements.quotes import find_quotes, is_name_or_title


def spans(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


def test_straight_and_curly_marks():
    text = 'He said "we are ready" and she said “so are we”.'
    assert spans(text) == ["we are ready", "so are we"]


def test_attribution_comma_is_not_part_of_the_quote():
    assert spans('"We will win," he said.') == ["We will win"]


def test_multi_sentence_quote_is_one_span():
    text = 'She said: "The river is rising. Everyone must leave tonight."'
    assert spans(text) == ["The river is rising. Everyone must leave tonight."]


def test_unbalanced_mark_does_not_swallow_later_paragraphs():
    text = 'Workers left. "We stay out until it is signed, leader Ana Ruiz said.\n"The offer is fair," Dev Patel said.'
    quotes = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == ["We stay out until it is signed", "The offer is fair"]
    assert [q.closed for q in quotes] == [False, True]


def test_quote_continued_over_paragraphs_runs_to_paragraph_end():
    text = '"We will stay out until the end.\n"And we will win," she said.'
    assert spans(text) == ["We will stay out until the end.", "And we will win"]


def test_names_and_titles_are_not_speech():
    text = 'The band "Harbour" played "The Long Winter" and called it "unprecedented" and "a betrayal, frankly".'
    kinds = {text[q.start:q.end]: is_name_or_title(text, q) for q in find_quotes(text)}
    assert kinds == {"Harbour": True, "The Long Winter": True, "unprecedented": False, "a betrayal, frankly": False}


@given(st.text(alphabet='ab ."“”,\n', max_size=60))
def test_quotes_are_ordered_non_empty_spans_inside_the_text(text):
    quotes = find_quotes(text)
    assert all(0 <= q.start < q.end <= len(text) for q in quotes)
    assert all(a.end <= b.start for a, b in zip(quotes, quotes[1:]))


def test_two_apostrophes_or_backticks_are_a_double_mark():
    text = "''We will rebuild,'' the mayor said. ``Soon,'' she added. An 8''x10 print."
    quotes = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes][:2] == ["We will rebuild", "Soon"]
    assert all(q.closed for q in quotes[:2])


def test_a_quotation_in_two_apostrophes_is_attributed_like_any_other():
    from pipelines.extract.nlp import ArticleParse
    from pipelines.extract.statements import StatementExtractor

    text = "''The harbour will reopen in May,'' said Mira Holt, the port director."
    [s] = StatementExtractor()(ArticleParse(text))
    assert (s.quote_text, s.quote_type, s.speaker) == ("The harbour will reopen in May", "direct", "Mira Holt")
