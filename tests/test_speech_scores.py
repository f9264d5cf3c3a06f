"""The speech scorer on small hand-made cases."""
import pytest

from pipelines.evaluate.speech_scores import names_match, score_speech

TEXT = "Apple said it grew. The firm said sales rose. He said no."


def gold(**extra):
    doc = {"doc_id": "d", "text": TEXT, "annotated_until": len(TEXT), "speech": [
        {"cue_start": 6, "cue_end": 10, "cue": "said", "speaker_start": 0, "speaker_end": 5, "speaker_text": "Apple"},
        {"cue_start": 29, "cue_end": 33, "cue": "said", "speaker_start": 20, "speaker_end": 28, "speaker_text": "The firm"},
    ]}
    doc.update(extra)
    return doc


def row(cue_start, speaker, speaker_start=None, speaker_end=None):
    return {"cue_start_char": cue_start, "cue_end_char": cue_start + 4, "speaker": speaker,
            "speaker_start_char": speaker_start, "speaker_end_char": speaker_end}


@pytest.mark.parametrize("gold_name, predicted, expected", [
    ("Antony Blinken", "Blinken", True),
    ("Joe Leonard, Chairman of AirTran Airways", "Joe Leonard", True),
    ("Reuters's", "reuters", True),
    ("the company", "Harbor Motors", False),
    ("Jen Psaki", "Antony Blinken", False),
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


def test_annotated_until_and_rows_without_cue_are_ignored():
    predicted = {"d": [row(6, "Apple"), row(48, "Bob"), {**row(0, "X"), "cue_start_char": None}]}
    scores = score_speech([gold(annotated_until=40)], predicted)
    assert scores["predicted"] == 1 and scores["precision"] == 1.0


def test_resolved_gold_name_is_used_and_cues_count_once():
    doc = gold()
    doc["speech"][1]["speaker_resolved"] = "Harbor Motors"
    predicted = {"d": [row(29, "Harbor Motors"), row(29, "Harbor Motors"), row(6, "Apple")]}
    scores = score_speech([doc], predicted)
    assert scores["predicted"] == 2 and scores["f1"] == 1.0


def test_no_predictions():
    scores = score_speech([gold()], {})
    assert scores["recall"] == 0.0 and scores["precision"] == 0.0 and scores["f1"] == 0.0
