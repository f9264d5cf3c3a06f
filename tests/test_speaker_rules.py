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
    """A Doc from (word, pos, dep, head index) rows, a space between words except before "'s"."""
    words, pos, deps, heads = (list(column) for column in zip(*rows))
    spaces = [following != "'s" for following in words[1:]] + [False]
    return Doc(VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, ents=ents)


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


# -- mention rules on hand-built parses ---------------------------------------------------------------
def _said(rows, ents):
    d = doc(rows, ents)
    said = next(t for t in d if t.text == "said")
    subject = next(t for t in d if t.dep_ == "nsubj")
    return mention_of(ParsedSentence(d, 0), subject, skip=said)


def test_conjoined_names_make_one_mention_naming_both():
    rows = [("Ada", "PROPN", "compound", 1), ("Brant", "PROPN", "nsubj", 5), ("and", "CCONJ", "cc", 1),
            ("Bo", "PROPN", "compound", 4), ("Park", "PROPN", "conj", 1), ("said", "VERB", "ROOT", 5),
            ("no", "INTJ", "intj", 5)]
    m = _said(rows, ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"])
    assert (m.name, m.kind, [p.name for p in m.parts]) == ("Ada Brant and Bo Park", "person", ["Ada Brant", "Bo Park"])


def test_a_conjunction_inside_one_name_is_one_speaker():
    rows = [("Brant", "PROPN", "nsubj", 3), ("&", "CCONJ", "cc", 0), ("Park", "PROPN", "conj", 0),
            ("said", "VERB", "ROOT", 3), ("no", "INTJ", "intj", 3)]
    m = _said(rows, ["B-ORG", "I-ORG", "I-ORG", "O", "O"])
    assert (m.name, m.kind, m.parts) == ("Brant & Park", "organization", ())


def test_a_person_and_a_role_noun_are_not_conjoined_speakers():
    rows = [("Brant", "PROPN", "nsubj", 4), ("and", "CCONJ", "cc", 0), ("her", "PRON", "poss", 3),
            ("aides", "NOUN", "conj", 0), ("said", "VERB", "ROOT", 4), ("no", "INTJ", "intj", 4)]
    assert _said(rows, ["B-PERSON", "O", "O", "O", "O", "O"]).parts == ()


def test_an_organisation_named_for_a_person_is_an_organisation():
    rows = [("the", "DET", "det", 2), ("Brant", "PROPN", "compound", 2), ("campaign", "NOUN", "nsubj", 3),
            ("said", "VERB", "ROOT", 3), ("no", "INTJ", "intj", 3)]
    m = _said(rows, ["O", "B-PERSON", "O", "O", "O"])
    assert (m.name, m.kind, m.title) == ("Brant campaign", "organization", None)


def test_a_person_inside_the_possessor_is_not_the_speaker():
    rows = [("the", "DET", "det", 2), ("Brant", "PROPN", "compound", 2), ("administration", "NOUN", "poss", 5),
            ("'s", "PART", "case", 2), ("top", "ADJ", "amod", 5), ("lawyer", "NOUN", "nsubj", 6),
            ("said", "VERB", "ROOT", 6), ("no", "INTJ", "intj", 6)]
    m = _said(rows, ["O", "B-PERSON", "O", "O", "O", "O", "O", "O"])
    assert (m.name, m.kind, m.head) == ("Brant administration's top lawyer", "anonymous", "lawyer")


def test_a_title_is_no_list_of_other_people_and_no_clause():
    rows = [("Senator", "PROPN", "compound", 2), ("Ada", "PROPN", "compound", 2), ("Brant", "PROPN", "nsubj", 8),
            ("and", "CCONJ", "cc", 2), ("fellow", "ADJ", "amod", 7), ("Senator", "PROPN", "compound", 7),
            ("Bo", "PROPN", "compound", 7), ("Park", "PROPN", "appos", 2), ("said", "VERB", "ROOT", 8)]
    m = _said(rows, ["O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "I-PERSON", "O"])
    assert m.name == "Ada Brant" and (m.title is None or "Park" not in m.title)


# -- coreference, on invented articles ----------------------------------------------------------------
def test_she_agrees_in_gender_with_her_antecedent():
    [s] = extract("Ms. Maria Lopez met Mr. John Miller on Monday. She said the talks went well.")
    assert s.speaker == "Maria Lopez"


def test_she_is_never_a_man_the_article_calls_mr():
    [s] = extract("Mr. John Miller met Maria Lopez on Monday. She said the talks went well.")
    assert s.speaker != "John Miller"


def test_they_is_the_conjoined_speakers_or_left_unknown_never_one_person():
    rows = extract("John Miller and Maria Lopez said the deal was off. They said it would not return.")
    assert [r.speaker for r in rows] == ["John Miller and Maria Lopez"] * 2
    rows = extract("A source said the deal was off. They said it would not return.")
    assert (rows[-1].speaker, rows[-1].speaker_type) == ("They", "unknown")


def test_a_role_description_resolves_to_the_named_holder():
    [s] = extract("Gov. Maria Lopez opened the bridge on Monday. Later the Democratic governor said it had "
                  "cost too much.")
    assert (s.speaker, s.speaker_type) == ("Maria Lopez", "person")


def test_a_role_description_naming_another_place_is_not_the_holder():
    [s] = extract("Sen. John Miller of Ohio opened the bridge on Monday. Later the Vermont senator said it "
                  "had cost too much.")
    assert s.speaker != "John Miller"


def test_a_title_ends_before_a_relative_clause():
    [s] = extract("Maria Lopez, a lawyer in Eastport who teaches law, said the order was legal.")
    assert (s.speaker, s.speaker_title) == ("Maria Lopez", "lawyer in Eastport")


def test_no_title_over_60_characters_even_from_an_introduction():
    text = ("The delegation was welcomed by the Chief Executive of the Eastport Harbour Development And Regional "
            "Shipping Authority, Mr. Aron Falk, at the quay. The Chief Executive said that trade would double.")
    [s] = extract(text)
    assert s.speaker == "Aron Falk" and (s.speaker_title is None or len(s.speaker_title) <= 60)


def test_a_name_an_apposition_describes_before_the_verb_is_its_subject():
    # "Ada Brant, the club's president, suggested ...", the parser leaving the verb without a subject.
    d = doc([("Ada", "PROPN", "compound", 1), ("Brant", "PROPN", "npadvmod", 7), (",", "PUNCT", "punct", 1),
             ("the", "DET", "det", 5), ("club", "NOUN", "poss", 5), ("president", "NOUN", "appos", 1),
             (",", "PUNCT", "punct", 7), ("suggested", "VERB", "ROOT", 7), ("more", "ADJ", "dobj", 7)])
    assert misattached_subject(d[7]).text == "Brant"


def test_a_name_hung_as_an_apposition_right_before_the_verb_is_its_subject():
    # "... for his wife, former mayor Bo Park said ...": the name hangs on "wife".
    d = doc([("for", "ADP", "prep", 5), ("his", "PRON", "poss", 2), ("wife", "NOUN", "pobj", 0),
             (",", "PUNCT", "punct", 2), ("Park", "PROPN", "appos", 2), ("said", "VERB", "ROOT", 5),
             ("no", "INTJ", "intj", 5)])
    assert subject_by_rules(d[5]).text == "Park"


def test_a_speaker_inside_a_long_parenthesis_stays_the_speaker():
    [s] = extract("The debate went on (“This is no crisis at all,” Maria Lopez wrote in the Ledger) for days.")
    assert s.speaker == "Maria Lopez"


def test_agents_and_a_court_opinion_speak():
    assert is_person_noun("agents")
    [s] = extract("“The court takes no view on the merits,” the unsigned opinion said.")
    assert s.speaker == "unsigned opinion"


def test_a_capitalised_subject_without_entities_speaks_when_its_name_does():
    # "Photo2x Harlow announced cuts.": before the entity recogniser runs, the name is a proper noun whose
    # phrase starts with a word holding a digit; whether it speaks is decided on the name alone.
    d = doc([("Photo2x", "PROPN", "compound", 1), ("Harlow", "PROPN", "nsubj", 2), ("announced", "VERB", "ROOT", 2),
             ("cuts", "NOUN", "dobj", 2), (".", "PUNCT", "punct", 2)])
    mention = mention_of(ParsedSentence(d, 0), d[1])
    assert (mention.name, mention.can_speak) == ("Harlow", True)
