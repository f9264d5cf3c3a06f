"""Speaker quality seen on real output: full names, types, titles and things that do not speak.

Each case is a hand-written wire-style sentence (fictional people and firms).
"""
import pytest

from pipelines.extract.nlp import ArticleParse
from pipelines.extract.statements import Statement, StatementExtractor
from pipelines.extract.statements.speakers import is_thing_name, person_name


def extract(text: str) -> list[Statement]:
    return StatementExtractor()(ArticleParse(text))


def only(text: str) -> Statement:
    [statement] = extract(text)
    return statement


def test_surname_resolves_to_a_full_name_given_in_a_sentence_without_a_cue():
    text = ("Harlow Motors founder Dana Whitcombe opened the plant on Monday. "
            "Whitcombe said the factory would hire 400 workers.")
    s = only(text)
    assert (s.speaker, s.speaker_type, s.speaker_title) == ("Dana Whitcombe", "person", "Harlow Motors founder")
    assert text[s.speaker_start_char:s.speaker_end_char] == "Whitcombe"


def test_surname_that_is_also_a_common_noun_is_a_person():
    text = ("Union leader Grace Banks led a rally on Monday. "
            "Banks said the strike would continue until wages rose.")
    s = only(text)
    assert (s.speaker, s.speaker_type, s.speaker_title) == ("Grace Banks", "person", "Union leader")


def test_company_noun_resolves_to_an_organisation_not_to_a_person():
    text = ("The Shoppers Alliance tested the phone on Tuesday. Its director, Paul Mercer, called the handset "
            "flawed. The group said that the battery failed after two hours.")
    s = next(s for s in extract(text) if s.quote_text == "the battery failed after two hours")
    assert s.speaker_type == "organization"
    assert s.speaker == "Shoppers Alliance"


def test_title_with_prepositions_is_split_from_the_name():
    s = only("Deputy Minister of Energy for Nuclear Safety Karin Olsen said that the reactor was safe.")
    assert (s.speaker, s.speaker_title, s.speaker_type) == (
        "Karin Olsen", "Deputy Minister of Energy for Nuclear Safety", "person")


@pytest.mark.parametrize("phrase, name", [
    ("Assistant Secretary of the Air Force for Acquisition Marvin Sambur", "Marvin Sambur"),
    ("Apple CEO Steve Jobs", "Steve Jobs"),
    ("Secretary of State Antony Blinken", "Antony Blinken"),
    ("GAO counsel Michael R. Golden", "Michael R. Golden"),
    ("German magazine Der Spiegel", "Der Spiegel"),
    ("the Prime Minister", ""),
])
def test_person_name_keeps_only_the_name(phrase, name):
    assert person_name(phrase) == name


def test_bare_title_resolves_to_the_person_it_introduced():
    text = ("The delegation was welcomed by the President of Vestland, Mr. Aron Falk, at the airport. "
            "The President said that trade between the two countries would double.")
    s = only(text)
    assert (s.speaker, s.speaker_title, s.speaker_type) == ("Aron Falk", "President of Vestland", "person")


def test_pronoun_prefers_the_subject_over_a_person_only_mentioned():
    text = ("Dana Whitcombe runs the carmaker. Whitcombe parked the car beside the Model T of Henry Ford. "
            "He said that it would change the industry.")
    assert only(text).speaker == "Dana Whitcombe"


def test_they_is_a_group_never_one_person():
    text = ("Harlow Motors and Brightline Rail signed the deal with Dana Whitcombe on Friday. "
            "They announced that the line would open in 2026.")
    s = only(text)
    assert s.speaker_type == "organization" and s.speaker != "Dana Whitcombe"


def test_document_by_an_author_is_attributed_to_the_author():
    s = only("A statement by Harlow Motors said that the recall covered 2,000 cars.")
    assert (s.speaker, s.speaker_type) == ("Harlow Motors", "organization")


@pytest.mark.parametrize("text", [
    "The new Zephyr 9 tablet promises longer battery life.",
    "The plane promises lower fuel costs and a quieter cabin.",
    "The iPhone 12 adds that the camera is better.",
    "Neither company would reveal the price of the deal.",
    "Karin Olsen resigned in a letter to the board.",
])
def test_things_that_do_not_speak_yield_no_statement(text):
    assert extract(text) == []


def test_only_the_speaking_subject_yields_a_statement():
    s = only("The plane promises lower fuel costs, the airline said.")
    assert (s.speaker, s.quote_text) == ("airline", "The plane promises lower fuel costs")


def test_date_is_neither_content_nor_part_of_the_speaker():
    s = only("The regulator on June 18 called for a new tender for the contract.")
    assert (s.speaker, s.quote_text) == ("regulator", "a new tender for the contract")


@pytest.mark.parametrize("name, label, thing", [
    ("iPod nano", None, True), ("777-200LR", None, True), ("the Zephyr", "PRODUCT", True),
    ("Evening Ledger", "TIME", False), ("Harlow Motors", "ORG", False), ("Grace Banks", "PERSON", False),
])
def test_thing_names(name, label, thing):
    assert is_thing_name(name, label) is thing


def test_a_share_of_voters_speaks_as_a_group():
    text = "The survey was taken last week. Six in 10 voters said the tax should be repealed."
    s = only(text)
    assert (s.speaker, s.speaker_type) == ("Six in 10 voters", "anonymous")


def test_a_dateline_is_not_part_of_the_speaker():
    text = "EASTPORT (Wire) – Harbour union leader Mara Olsen said on Friday the strike would end soon."
    s = only(text)
    assert s.speaker == "Mara Olsen" and "EASTPORT" not in text[s.speaker_start_char:s.speaker_end_char]


def test_a_party_label_in_parentheses_is_not_the_speaker():
    s = only("Gov. Ada Brant (D-OR) said the plan would fail.")
    assert (s.speaker, s.speaker_title) == ("Ada Brant", "Gov.")


def test_titles_are_short_role_names():
    text = ("Ada Brant, who has served on the committee since the floods and who also runs a bakery in the old "
            "harbour district, said the plan would fail.")
    s = only(text)
    assert s.speaker == "Ada Brant" and (s.speaker_title is None or len(s.speaker_title) <= 60)


def test_no_bare_pronoun_when_the_article_names_the_referent():
    text = "Harbour Master Tomas Ferreira inspected the pier on Monday. He said the repairs would take a year."
    s = only(text)
    assert (s.speaker, text[s.speaker_start_char:s.speaker_end_char]) == ("Tomas Ferreira", "He")


def test_a_colon_after_a_name_attributes_a_headline():
    statements = extract("Senator Ada Brant: Taxes Will Fall Next Year\n\nThe senator spoke on Monday.")
    [s] = [s for s in statements if s.cue == ":"]
    assert (s.speaker, s.quote_text, s.cue_class) == ("Ada Brant", "Taxes Will Fall Next Year", "speech")


def test_a_name_behind_a_preposition_of_the_subject_is_not_the_speaker():
    for text in ("The popularity of Mayor Ines Varro shows that the tram plan works.",
                 "A subpoena to the charity where Senator Ines Varro served asked for her emails."):
        assert all(s.speaker != "Ines Varro" for s in extract(text))


def test_a_role_with_an_appositive_name_speaks_as_that_person():
    s = only("Mayor Linh Tran spoke first. Tran's deputy, Omar Haddad, echoed the warning.")
    assert (s.speaker, s.cue) == ("Omar Haddad", "echoed")


@pytest.mark.parametrize("text, mention, speaker", [
    ("A spokeswoman involved in the harbour talks said the timetable would change in April.",
     "A spokeswoman involved in the harbour talks", "spokeswoman"),
    ("The baker who opened the first shop on Mill Street said that flour prices would rise.",
     "The baker who opened the first shop on Mill Street", "baker"),
])
def test_the_mention_is_the_whole_noun_phrase_and_the_speaker_its_naming_words(text, mention, speaker):
    s = only(text)
    assert (text[s.speaker_start_char:s.speaker_end_char], s.speaker) == (mention, speaker)


def test_a_clause_holding_the_cue_is_not_part_of_the_mention():
    text = "Mayor Ada Brant, who said the quay would open in June, cut the ribbon on Friday."
    s = only(text)
    assert (text[s.speaker_start_char:s.speaker_end_char], s.cue) == ("Mayor Ada Brant", "said")
