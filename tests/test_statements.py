"""StatementExtractor on each case of the issue, and on the hand-written corpus."""
import json
from dataclasses import asdict
from pathlib import Path

import pytest

from pipelines.evaluate.speech_scores import score_speech
from pipelines.extract.nlp import ArticleParse
from pipelines.extract.statements import Statement, StatementExtractor
from schemas.tables import CUE_CLASSES

CORPUS = Path(__file__).parent / "data" / "statements_corpus.jsonl"
DOCS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
KEYS = ("quote_start_char", "quote_end_char", "quote_text", "quote_type", "speaker", "speaker_type",
        "speaker_title", "speaker_start_char", "speaker_end_char", "cue_start_char", "cue_end_char", "cue")


def extract(text: str) -> list[Statement]:
    return StatementExtractor()(ArticleParse(text))


def by_cue(text: str, statements: list[Statement], cue: str, nth: int = 0) -> list[Statement]:
    starts = sorted({s.cue_start_char for s in statements if s.cue == cue})
    return [s for s in statements if s.cue == cue and s.cue_start_char == starts[nth]]


@pytest.fixture(scope="module")
def embassy():
    text = (
        "The Russian embassy in Washington rejected the claim. \"Once again we emphasize: Russia is not going "
        "to attack anyone,\" the embassy said in a Facebook post.\n"
        "Secretary of State Antony Blinken said that Ukraine faces an \"unprecedented\" threat. The Russian "
        "buildup, he said, was taking place with \"no provocation, no reason,\" according to the Interfax news agency.\n"
        "A senior administration official spoke on Tuesday. \"It's a move that's extremely dangerous,\" the "
        "official said in a briefing.\n"
        "He strongly hopes Russia can stick to a peaceful path, Reuters reported. Talks resume on Friday, "
        "the State Department said."
    )
    return text, extract(text)


def test_direct_quote_attributed_to_the_fullest_earlier_mention(embassy):
    text, statements = embassy
    [s] = by_cue(text, statements, "said", 0)
    assert (s.quote_text, s.quote_type) == ("Once again we emphasize: Russia is not going to attack anyone", "direct")
    assert (s.speaker, s.speaker_type) == ("Russian embassy in Washington", "organization")
    assert text[s.speaker_start_char:s.speaker_end_char] == "the embassy"


def test_mixed_quote_with_title(embassy):
    text, statements = embassy
    [s] = by_cue(text, statements, "said", 1)
    assert (s.speaker, s.speaker_title, s.quote_type) == ("Antony Blinken", "Secretary of State", "mixed")
    assert s.quote_text == 'Ukraine faces an "unprecedented" threat'


def test_pronoun_resolves_to_the_full_name_and_according_to_is_a_cue(embassy):
    text, statements = embassy
    [he] = by_cue(text, statements, "said", 2)
    assert he.speaker == "Antony Blinken" and text[he.speaker_start_char:he.speaker_end_char] == "he"
    [agency] = by_cue(text, statements, "according to")
    assert (agency.speaker, agency.speaker_type) == ("Interfax news agency", "media")
    assert agency.quote_text.startswith("The Russian buildup")


def test_anonymous_official_in_a_briefing(embassy):
    text, statements = embassy
    [s] = by_cue(text, statements, "said", 3)
    assert (s.speaker, s.speaker_type, s.quote_type) == ("senior administration official", "anonymous", "direct")


def test_media_and_trailing_attribution(embassy):
    text, statements = embassy
    [reuters] = by_cue(text, statements, "reported")
    assert (reuters.speaker, reuters.speaker_type, reuters.quote_type) == ("Reuters", "media", "indirect")
    assert reuters.quote_text == "He strongly hopes Russia can stick to a peaceful path"
    [state] = by_cue(text, statements, "said", 4)
    assert (state.speaker, state.speaker_type, state.quote_text) == ("State Department", "organization", "Talks resume on Friday")


def test_rows_are_consistent_with_the_text(embassy):
    text, statements = embassy
    for s in statements:
        assert s.quote_text == text[s.quote_start_char:s.quote_end_char]
        assert s.cue is None or s.cue == text[s.cue_start_char:s.cue_end_char]


@pytest.mark.parametrize("verb", ["warned", "added", "stressed", "noted", "insisted", "reiterated", "claimed", "tweeted", "wrote"])
def test_reporting_verbs_beyond_said(verb):
    text = f"Finance Minister Lena Holt {verb} that the budget would balance next year."
    [s] = extract(text)
    assert (s.cue, s.speaker, s.speaker_title, s.quote_text) == (
        verb, "Lena Holt", "Finance Minister", "the budget would balance next year")


def test_split_attribution_and_continuation():
    text = '"We have nothing to hide," he said, "and we will prove it." "Watch us."'
    text = "Defence Minister Pavel Oskarov spoke on Monday. " + text
    statements = extract(text)
    assert [(s.quote_text, s.cue) for s in statements] == [
        ("We have nothing to hide", "said"), ("and we will prove it.", "said"), ("Watch us.", "said")]
    assert {s.speaker for s in statements} == {"Pavel Oskarov"}
    assert len({(s.cue_start_char, s.speaker_start_char) for s in statements}) == 1  # one cue, one mention


def test_a_quotation_continued_in_the_next_paragraph_keeps_the_cue_and_mention():
    text = ("“The ferry will run every hour from May,” the harbour master said.\n\n"
            "“Tickets will cost the same as last year.”")
    first, second = extract(text)
    assert second.quote_text == "Tickets will cost the same as last year."
    assert (second.cue, second.cue_start_char, second.speaker_start_char) == (
        "said", first.cue_start_char, first.speaker_start_char)
    assert text[second.speaker_start_char:second.speaker_end_char] == "the harbour master"


def test_surname_resolves_to_full_name_and_title():
    text = "Mayor Linh Tran of Eastport ordered an evacuation. \"Nobody stays behind,\" Tran said."
    [s] = extract(text)
    assert (s.speaker, s.speaker_title, s.speaker_type) == ("Linh Tran", "Mayor of Eastport", "person")


def test_in_a_statement_without_a_reporting_verb():
    text = "The Agriculture Ministry of Vestland met on Monday. The ministry, in a statement, put the shortfall down to drought."
    [s] = extract(text)
    assert (s.cue, s.cue_class, s.speaker, s.quote_text) == ("put", "writing", "Agriculture Ministry of Vestland",
                                                             "the shortfall down to drought")


def test_not_quotes_scare_quotes_titles_and_names():
    text = ('The film "The Long Winter" opened on Friday. The government\'s "temporary" tax has lasted a decade. '
            'The band, known simply as "Harbour", played its last concert in 2019.')
    assert extract(text) == []


def test_corpus_rows_match_expected_rows():
    mismatches = []
    for doc in DOCS:
        got = {tuple(asdict(s)[k] for k in KEYS) for s in extract(doc["text"])}
        expected = {tuple(r[k] for k in KEYS) for r in doc["expected_statements"]}
        mismatches += [(doc["doc_id"], "missing", row) for row in expected - got]
        mismatches += [(doc["doc_id"], "extra", row) for row in got - expected]
    assert mismatches == []


def test_corpus_covers_every_case_with_at_least_40_statements():
    rows = [r for doc in DOCS for r in doc["expected_statements"]]
    assert len(rows) >= 40
    assert {r["quote_type"] for r in rows} == {"direct", "indirect", "mixed"}
    assert {r["speaker_type"] for r in rows} >= {"person", "organization", "media", "anonymous"}


def test_corpus_precision_and_recall():
    predicted = {d["doc_id"]: [asdict(s) for s in extract(d["text"])] for d in DOCS}
    scores = score_speech(DOCS, predicted)
    assert scores["precision"] >= 0.9 and scores["recall"] >= 0.9


def test_every_statement_has_a_cue_class(embassy):
    text, statements = embassy
    classes = {s.cue: s.cue_class for s in statements if s.cue}
    assert classes == {"rejected": "speech", "said": "speech", "according to": "source", "reported": "writing"}
    assert {s.cue_class for s in statements} <= set(CUE_CLASSES)


def test_cue_classes_of_verbs_and_phrases():
    text = ("Governor Ada Brant wrote that the bridge would reopen. Mayor Olu Ekene, in a statement, put the "
            "delay down to the contractor. The transport union said in a letter that the repairs were late. "
            "Union members believe that the contract is unfair, and polls show that most drivers agree.")
    classes = {s.cue: s.cue_class for s in extract(text)}
    assert classes == {"wrote": "writing", "put": "writing", "said": "writing", "believe": "thought",
                       "show": "source"}


def test_reported_content_stops_at_a_paragraph_break_without_quotation_marks():
    text = "The mayor said the bridge would reopen in May\nTraffic was light on the coast road."
    [s] = extract(text)
    assert "\n" not in s.quote_text and s.quote_text == "the bridge would reopen in May"


def test_attitudes_and_findings_are_classed_and_an_attitude_inside_a_report_is_not_repeated():
    text = ("Mayor Ana Ruiz wants to reopen the bridge in May. A city survey found that most drivers avoid "
            "the coast road. Ruiz said she believes the repairs will hold.")
    rows = {(s.cue, s.cue_class) for s in extract(text)}
    assert rows == {("wants", "thought"), ("found", "source"), ("said", "speech")}


@pytest.mark.parametrize("text, cue, content", [
    ("The harbour council rejected the dredging plan on Monday.", "rejected", "the dredging plan"),
    ("Senator Ida Marsh pointed to the widening deficit.", "pointed", "the widening deficit"),
    ("Governor Tomas Reyes talked about the new tram tax.", "talked", "the new tram tax"),
    ("Governor Tomas Reyes touted the new rail line.", "touted", "the new rail line"),
    ("The union agreed that the pay offer was fair.", "agreed", "the pay offer was fair"),
])
def test_judgements_preposition_frames_and_mined_verbs_report_their_object(text, cue, content):
    [s] = extract(text)
    assert (s.cue, s.quote_text) == (cue, content)


@pytest.mark.parametrize("text", [
    "Police found the stolen van near the quay on Tuesday.",
    "The ferry spoke to the harbour master by radio.",
    "The ministry focused on the northern roads.",
])
def test_verbs_that_report_only_with_a_clause_or_not_at_all(text):
    assert extract(text) == []


def test_a_finding_reports_with_a_clause():
    [s] = extract("A harbour survey found that most boats were idle.")
    assert (s.cue, s.cue_class, s.quote_text) == ("found", "source", "most boats were idle")


@pytest.mark.parametrize("text, speaker, speaker_type", [
    ("Some said the vote had been rigged.", "Some", "anonymous"),
    ("Others warned that the bridge would close.", "Others", "anonymous"),
    ("The pastor said the chapel would reopen in May.", "pastor", "anonymous"),
    ("The results show that turnout fell.", "results", "unknown"),
])
def test_groups_people_and_findings_as_written_can_speak(text, speaker, speaker_type):
    [s] = extract(text)
    assert (s.speaker, s.speaker_type) == (speaker, speaker_type)
