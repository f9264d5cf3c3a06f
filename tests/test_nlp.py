"""Sentence splitting and on-demand parsing shared by the extractors."""
from pipelines.extract.nlp import ArticleParse, sentence_spans


def test_blank_lines_end_sentences_and_spans_carry_no_whitespace():
    text = "Headline without a stop\n\n  Russia annexed Crimea in 2014. He said so.\n \n Last line"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Headline without a stop", "Russia annexed Crimea in 2014.", "He said so.", "Last line"]
    assert sentence_spans("") == [] and sentence_spans(" \n\n ") == []


def test_sentences_are_parsed_once_and_offsets_map_back():
    text = "First one here. Russia annexed Crimea in 2014."
    parse = ArticleParse(text)
    parse.parse([1])
    assert parse.parsed_count == 1
    sent = parse[1]
    verb = next(t for t in sent.doc if t.lemma_ == "annex")
    assert text[sent.start(verb):sent.end(verb)] == "annexed"
    assert parse.sentence_index(text.index("Crimea")) == 1
    assert parse.parsed_count == 1
