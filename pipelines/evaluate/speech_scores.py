"""Speech-attribution scores against gold reported-speech annotations (MEANTIME style).

A gold item (a cue and its speaker) is *found* when a predicted statement's
cue span overlaps the gold cue, and *correct* when the speaker names also
match. Names match on their last word: each name is split at commas into
its appositive parts ("Joe Leonard, Chairman of AirTran Airways"), and two
names match when some part of one ends in the same word as some part of the
other. The gold name is ``speaker_resolved`` when present, else
``speaker_text``; a prediction offers both its resolved ``speaker`` and its
mention as written (gold annotates descriptions such as "the company" as
written, while statements resolve them to a name).

Predictions whose cue starts at or after the document's ``annotated_until``
are ignored, as are rows without a cue. Predictions are counted once per
cue span. The gold marks only some reporting verbs, so precision is a lower
bound.
"""
from __future__ import annotations

import re

_POSSESSIVE = re.compile(r"['’]s$")
_EDGE = "\"'“”‘’.,;:()[]!?-"


def _last_words(name: str) -> set[str]:
    """The last word of each comma-separated part of a name, normalised."""
    words = set()
    for part in name.split(","):
        tokens = [_POSSESSIVE.sub("", t.strip(_EDGE).lower()).strip(_EDGE) for t in part.split()]
        tokens = [t for t in tokens if t]
        if tokens:
            words.add(tokens[-1])
    return words


def names_match(gold: str, predicted: str) -> bool:
    """Whether two speaker names agree on a last word."""
    return bool(_last_words(gold) & _last_words(predicted))


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _predicted_names(row: dict, text: str) -> list[str]:
    names = [row.get("speaker") or ""]
    start, end = row.get("speaker_start_char"), row.get("speaker_end_char")
    if start is not None and end is not None:
        names.append(text[start:end])
    return names


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def score_speech(gold_docs: list[dict], predicted: dict[str, list[dict]]) -> dict:
    """P/R/F1, cue recall and speaker accuracy of ``predicted`` statement rows (by doc_id)."""
    gold_total = found = correct = predicted_total = predicted_correct = 0
    for doc in gold_docs:
        text = doc["text"]
        limit = doc.get("annotated_until", len(text))
        by_cue: dict[tuple[int, int], list[dict]] = {}
        for row in predicted.get(doc["doc_id"], []):
            start, end = row.get("cue_start_char"), row.get("cue_end_char")
            if start is not None and end is not None and start < limit:
                by_cue.setdefault((start, end), []).append(row)
        matched_cues: set[tuple[int, int]] = set()
        for item in doc.get("speech", []):
            gold_total += 1
            gold_name = item.get("speaker_resolved") or item["speaker_text"]
            hits = [cue for cue in by_cue if _overlaps(*cue, item["cue_start"], item["cue_end"])]
            if not hits:
                continue
            found += 1
            right = [cue for cue in hits
                     if any(names_match(gold_name, n) for row in by_cue[cue] for n in _predicted_names(row, text))]
            if right:
                correct += 1
                matched_cues.update(right)
        predicted_total += len(by_cue)
        predicted_correct += len(matched_cues)
    precision = _ratio(predicted_correct, predicted_total)
    recall = _ratio(correct, gold_total)
    return {
        "precision": precision,
        "recall": recall,
        "f1": _ratio(2 * precision * recall, precision + recall) if precision + recall else 0.0,
        "cue_recall": _ratio(found, gold_total),
        "speaker_accuracy": _ratio(correct, found),
        "gold": gold_total,
        "predicted": predicted_total,
        "found": found,
        "correct": correct,
        "predicted_correct": predicted_correct,
    }
