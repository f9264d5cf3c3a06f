"""Named speaker rules, on hand-built parses (no model) and on invented sentences.

The hand-built Docs reproduce the small model's typical misparses so that each
rule is tested on the input it exists for, whatever the model does today.
"""
import pytest
import spacy
from spacy.tokens import Doc

from pipelines.extract.nlp import ArticleParse, ParsedSentence
from pipelines.extract.statements import StatementExtractor
from pipelines.extract.statements.speakers import is_person_noun, mention_of
from pipelines.extract.statements.subjects import inverted_subject, misattached_subject, subject_by_rules

VOCAB = spacy.blank("en").vocab


def doc(rows: list[tuple[str, str, str, int]], ents: list[str] | None = None) -> Doc:
    """A Doc from (word, pos, dep, head index) rows, spaces between all words."""
    words, pos, deps, heads = (list(column) for column in zip(*rows))
    return Doc(VOCAB, words=words, pos=pos, deps=deps, heads=heads, ents=ents)


def extract(text: str):
    return StatementExtractor()(ArticleParse(text))


# "“We will build it,” said Ada Brant, half joking." as the model parses it: the name is the subject of
# the participle, the reporting verb has none.
INVERTED = [("“", "PUNCT", "punct", 7), ("We", "PRON", "nsubj", 3), ("will", "AUX", "aux", 3),
            ("build", "VERB", "ccomp", 7), ("it", "PRON", "dobj", 3), (",", "PUNCT", "punct", 7),
            ("”", "PUNCT", "punct", 7), ("said", "VERB", "ROOT", 7), ("Ada", "PROPN", "compound", 9),
            ("Brant", "PROPN", "nsubj", 12), (",", "PUNCT", "punct", 9), ("half", "NOUN", "nsubj", 12),
            ("joking", "VERB", "ccomp", 7), (".", "PUNCT", "punct", 7)]


def test_inverted_subject_after_a_quotation_is_the_noun_phrase_after_the_verb():
    d = doc(INVERTED)
    assert inverted_subject(d[7]).text == "Brant"
    assert mention_of(ParsedSentence(d, 0), d[9], skip=d[7]).name == "Ada Brant"


def test_a_sentence_cut_after_a_question_mark_opens_with_the_inverted_verb():
    d = doc([("asked", "VERB", "ROOT", 0), ("the", "DET", "det", 2), ("senator", "NOUN", "dobj", 0),
             (".", "PUNCT", "punct", 0)])
    assert subject_by_rules(d[0]).text == "senator"


def test_no_inversion_without_a_quotation_before_the_verb():
    d = doc([("Yesterday", "NOUN", "npadvmod", 1), ("asked", "VERB", "ROOT", 1), ("the", "DET", "det", 3),
             ("senator", "NOUN", "dobj", 1), ("for", "ADP", "prep", 1), ("help", "NOUN", "pobj", 4)])
    assert inverted_subject(d[1]) is None


@pytest.mark.parametrize("dep", ["compound", "advmod"])
def test_a_name_hung_on_the_verb_as_a_modifier_is_its_subject(dep):
    d = doc([("And", "CCONJ", "cc", 2), ("Okafor", "PROPN", dep, 2), ("notes", "VERB", "ROOT", 2),
             ("that", "SCONJ", "mark", 5), ("it", "PRON", "nsubj", 5), ("works", "VERB", "ccomp", 2)])
    assert misattached_subject(d[2]).text == "Okafor"


def test_a_lower_case_adverb_before_the_verb_is_no_subject():
    d = doc([("It", "PRON", "nsubj", 3), ("was", "AUX", "ccomp", 3), (",", "PUNCT", "punct", 3),
             ("said", "VERB", "ROOT", 3), ("again", "ADV", "advmod", 3)])
    assert misattached_subject(d[3]) is None


def test_a_product_label_on_a_surname_does_not_silence_a_verb_only_people_use():
    rows = [("It", "PRON", "nsubj", 1), ("works", "VERB", "ccomp", 4), (",", "PUNCT", "punct", 4),
            ("Okafor", "PROPN", "nsubj", 4), ("said", "VERB", "ROOT", 4)]
    d = doc(rows, ents=["O", "O", "O", "B-PRODUCT", "O"])
    assert mention_of(ParsedSentence(d, 0), d[3], skip=d[4]).can_speak
    d = doc([("Zephyr", "PROPN", "nsubj", 1), ("promises", "VERB", "ROOT", 1), ("speed", "NOUN", "dobj", 1)],
            ents=["B-PRODUCT", "O", "O"])
    assert not mention_of(ParsedSentence(d, 0), d[0], skip=d[1]).can_speak


def test_a_mention_stops_at_a_colon():
    d = doc([("Varro", "PROPN", "ROOT", 0), (":", "PUNCT", "punct", 0), ("Trams", "NOUN", "nsubj", 3),
             ("return", "VERB", "appos", 0)])
    mention = mention_of(ParsedSentence(d, 0), d[0])
    assert mention.text == "Varro"


@pytest.mark.parametrize("word", ["executive", "executives", "spokeswoman"])
def test_role_nouns_name_people(word):
    assert is_person_noun(word)


def test_an_age_stands_for_the_person():
    [s] = extract("“The river will rise again,” said the 52-year-old.")
    assert s.speaker_type == "anonymous" and "52-year-old" in s.speaker


def test_the_executive_speaks():
    [s] = extract("The executive said the plant would close in March.")
    assert (s.speaker, s.speaker_type) == ("executive", "anonymous")
