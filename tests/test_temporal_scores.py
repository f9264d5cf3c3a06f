"""The TempEval-3 style scorer on small hand-made cases."""
import pytest

from pipelines.evaluate.temporal_scores import max_matching, prf, score_dated_events, score_timexes

TEXT = "Apple said on Monday that sales rose in 2005 and will rise next year over three years."


def span(s: str) -> tuple[int, int]:
    start = TEXT.index(s)
    return start, start + len(s)


def gold_timex(s, type_, value):
    start, end = span(s)
    return {"start": start, "end": end, "text": s, "type": type_, "value": value}


def pred_timex(s, type_, value):
    start, end = span(s)
    return {"start_char": start, "end_char": end, "text": s, "timex_type": type_, "value": value}


def doc(timexes=(), events=(), until=len(TEXT)):
    return {"doc_id": "d", "text": TEXT, "annotated_until": until, "timexes": list(timexes), "dated_events": list(events)}


GOLD = doc([gold_timex("Monday", "DATE", "2022-01-17"), gold_timex("2005", "DATE", "2005"),
            gold_timex("next year", "DATE", "2023"), gold_timex("three years", "DURATION", "P3Y")])


def test_prf():
    assert prf(2, 4, 2) == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3), "tp": 2, "predicted": 4, "gold": 2}
    assert prf(0, 0, 3)["f1"] == 0.0


def test_perfect_prediction_scores_one():
    pred = [pred_timex(t["text"], t["type"], t["value"]) for t in GOLD["timexes"]]
    s = score_timexes([GOLD], {"d": pred})
    assert s["strict"]["f1"] == s["relaxed"]["f1"] == s["value"]["f1"] == s["type_accuracy"] == 1.0


def test_strict_relaxed_type_and_value():
    pred = [
        pred_timex("on Monday", "DATE", "2022-01-17"),   # relaxed only, right value
        pred_timex("2005", "DATE", "2006"),              # strict, wrong value
        pred_timex("next year", "DURATION", "2023"),     # strict, wrong type, right value
        pred_timex("Apple", "DATE", "XXXX"),             # spurious
    ]
    s = score_timexes([GOLD], {"d": pred})
    assert (s["strict"]["tp"], s["relaxed"]["tp"], s["value"]["tp"]) == (2, 3, 2)
    assert s["strict"]["precision"] == 0.5 and s["strict"]["recall"] == 0.5
    assert s["relaxed"]["recall"] == 0.75
    assert s["type_accuracy"] == pytest.approx(2 / 3)
    assert s["value"]["precision"] == 0.5 and s["value"]["recall"] == 0.5


def test_relaxed_matching_is_one_to_one():
    # Two predictions inside one gold span: only one of them matches it.
    gold = doc([gold_timex("next year over three years", "DATE", "2023")])
    pred = [pred_timex("next year", "DATE", "2023"), pred_timex("three years", "DURATION", "P3Y")]
    s = score_timexes([gold], {"d": pred})
    assert s["relaxed"]["tp"] == 1 and s["relaxed"]["precision"] == 0.5


def test_exact_pairs_win_over_overlaps():
    gold = doc([gold_timex("2005 and will rise next year", "DURATION", "P1Y"), gold_timex("2005", "DATE", "2005")])
    s = score_timexes([gold], {"d": [pred_timex("2005", "DATE", "2005")]})
    assert s["strict"]["tp"] == 1 and s["value"]["tp"] == 1


def test_predictions_after_annotated_until_are_ignored():
    cut = span("will")[0]
    gold = doc(GOLD["timexes"][:2], until=cut)
    pred = [pred_timex("Monday", "DATE", "2022-01-17"), pred_timex("2005", "DATE", "2005"),
            pred_timex("next year", "DATE", "2023")]
    s = score_timexes([gold], {"d": pred})
    assert s["strict"]["predicted"] == 2 and s["strict"]["precision"] == 1.0


def test_missing_document_counts_as_no_predictions():
    s = score_timexes([GOLD], {})
    assert s["relaxed"]["recall"] == 0.0 and s["relaxed"]["gold"] == 4


def gold_event(word, value):
    start, end = span(word)
    return {"start": start, "end": end, "text": word, "timex_value": value}


def pred_event(word, value, source="explicit"):
    start, end = span(word)
    return {"start_char": start, "end_char": end, "trigger": word, "date_value": value, "date_source": source}


def test_dated_events():
    gold = doc(events=[gold_event("said", "2022-01-17"), gold_event("rose", "2005"), gold_event("rise", "2023")])
    pred = [
        pred_event("said", "2022-01-17"),           # match
        pred_event("rose", "2006"),                 # wrong date
        pred_event("rise", "2023", "publication"),  # never counts as dated
        pred_event("sales", "2005"),                # no overlapping gold event
    ]
    s = score_dated_events([gold], {"d": pred})
    assert (s["tp"], s["predicted"], s["gold"]) == (1, 3, 3)
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == pytest.approx(1 / 3)


def test_event_linked_twice_needs_two_predictions():
    gold = doc(events=[gold_event("rise", "2023"), gold_event("rise", "P3Y")])
    one = score_dated_events([gold], {"d": [pred_event("rise", "2023")]})
    both = score_dated_events([gold], {"d": [pred_event("rise", "2023"), pred_event("rise", "P3Y")]})
    assert one["recall"] == 0.5 and both["f1"] == 1.0


def test_max_matching_finds_the_augmenting_path():
    # gold 0 can take pred 0 or 1, gold 1 only pred 0: a greedy pass would match one.
    edges = {(0, 0), (0, 1), (1, 0)}
    assert len(max_matching(2, 2, lambda g, p: (g, p) in edges)) == 2
