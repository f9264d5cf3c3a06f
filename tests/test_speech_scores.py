"""The speech scorer on small hand-made cases."""
import pytest

from pipelines.evaluate.speech_scores import annotated_scope, names_match, score_speech

TEXT = "Apple said it grew. The firm said sales rose. He said no."


def gold(**extra):
    doc = {"doc_id": "d", "text": TEXT, "annotated_until": len(TEXT), "speech": [
        {"cue_start": 6, "cue_end": 10, "cue": "said", "speaker_start": 0, "speaker_end": 5, "speaker_text": "Apple"},
        {"cue_start": 29, "cue_end": 33, "cue": "said", "speaker_start": 20, "speaker_end": 28, "speaker_text": "The firm"},
    ]}
    doc.update(extra)
    return doc


def row(cue_start, speaker, speaker_start=None, speaker_end=None, cue_class="speech"):
    return {"cue_start_char": cue_start, "cue_end_char": cue_start + 4, "speaker": speaker,
            "speaker_start_char": speaker_start, "speaker_end_char": speaker_end, "cue_class": cue_class, "cue": "said",
            "quote_start_char": cue_start + 5, "quote_end_char": cue_start + 12}


@pytest.mark.parametrize("gold_name, predicted, expected", [
    ("Antony Blinken", "Blinken", True),
    ("Joe Leonard, Chairman of AirTran Airways", "Joe Leonard", True),
    ("Reuters's", "reuters", True),
    ("the company", "Harbor Motors", False),
    ("Jen Psaki", "Antony Blinken", False),
    ("Sen. Dana Roe (D-Maine)", "Dana Roe", True),
    ("Gov. Dana Roe (R-Ohio", "Dana Roe", True),
    ("Dana Roe (D-Maine)", "Maine", False),
])
def test_names_match_on_last_words(gold_name, predicted, expected):
    assert names_match(gold_name, predicted) is expected


def test_found_correct_and_extra():
    predicted = {"d": [row(6, "Apple Inc"), row(29, "Apple", 20, 28), row(48, "Bob")]}
    scores = score_speech([gold()], predicted)
    # "Apple Inc" ends in "inc": found but wrong; "The firm" matches as written; "He said" is not gold.
    assert (scores["found"], scores["correct"], scores["predicted"]) == (2, 1, 3)
    assert scores["recall"] == pytest.approx(0.5)
    assert scores["precision"] == pytest.approx(1 / 3)
    assert scores["cue_recall"] == 1.0 and scores["speaker_accuracy"] == pytest.approx(0.5)


def test_annotated_until_is_honoured_and_a_row_without_cue_is_a_unit_of_its_own():
    predicted = {"d": [row(6, "Apple"), row(48, "Bob"), {**row(0, "X"), "cue_start_char": None, "cue_end_char": None}]}
    doc = gold(annotated_until=40)
    doc["speech"][0].update(content_start=14, content_end=19)  # gold with content judges cue-less rows
    scores = score_speech([doc], predicted)
    # The cue-less row's quotation (5-12) is neither next to a gold cue nor in gold content: spurious.
    assert scores["predicted"] == 2 and scores["precision"] == 0.5
    assert scores["errors"] == {"cue_missed": 1, "speaker_wrong": 0, "spurious": 1}


def test_a_pronoun_source_matches_by_the_mention_span():
    doc = gold()
    doc["speech"].append({"cue_start": 51, "cue_end": 55, "cue": "said", "speaker_start": 48, "speaker_end": 50,
                          "speaker_text": "He", "content_quoted": True})
    right, wrong = row(51, "Tim Cook", 48, 50), row(51, "Tim Cook", 20, 28)
    assert score_speech([doc], {"d": [right]})["quoted"]["recall"] == 1.0
    scores = score_speech([doc], {"d": [wrong]})
    assert scores["quoted"]["recall"] == 0.0 and scores["errors"]["speaker_wrong"] == 1


def test_errors_and_classes():
    doc = gold()
    doc["speech"][1]["cue"] = "believes"
    predicted = {"d": [row(6, "Apple"), row(48, "Bob", cue_class="thought")]}
    scores = score_speech([doc], predicted)
    assert scores["errors"] == {"cue_missed": 1, "speaker_wrong": 0, "spurious": 1}
    speech, thought = scores["by_cue_class"]["speech"], scores["by_cue_class"]["thought"]
    assert (speech["gold"], speech["recall"], speech["precision"]) == (1, 1.0, 1.0)
    assert (thought["gold"], thought["recall"], thought["predicted"], thought["precision"]) == (1, 0.0, 1, 0.0)


def test_resolved_gold_name_is_used_and_cues_count_once():
    doc = gold()
    doc["speech"][1]["speaker_resolved"] = "Harbor Motors"
    predicted = {"d": [row(29, "Harbor Motors"), row(29, "Harbor Motors"), row(6, "Apple")]}
    scores = score_speech([doc], predicted)
    assert scores["predicted"] == 2 and scores["f1"] == 1.0


def test_no_predictions():
    scores = score_speech([gold()], {})
    assert scores["recall"] == 0.0 and scores["precision"] == 0.0 and scores["f1"] == 0.0


def test_a_row_without_cue_is_found_by_the_gold_content_or_a_cue_next_to_it():
    doc = gold()
    doc["speech"][1].update(content_start=34, content_end=45, content_spans=[[34, 45]])
    continuation = {**row(0, "The firm"), "cue_start_char": None, "cue_end_char": None,
                    "quote_start_char": 36, "quote_end_char": 44}
    colon = {**continuation, "speaker": "Apple", "quote_start_char": 12, "quote_end_char": 19}
    scores = score_speech([doc], {"d": [continuation, colon]})
    assert (scores["correct"], scores["predicted_correct"], scores["errors"]["spurious"]) == (2, 2, 0)


def test_gold_without_content_leaves_cue_less_rows_and_attitudes_unscored():
    predicted = {"d": [row(6, "Apple"), {**row(0, "X"), "cue_start_char": None, "cue_end_char": None},
                       row(48, "Bob", cue_class="thought")]}
    scores = score_speech([gold()], predicted, annotated_scope([gold()]))
    assert (scores["predicted"], scores["precision"], scores["scored_rows"]) == (1, 1.0, "verbs of saying")
