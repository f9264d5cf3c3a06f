"""Scores of temporal expressions and dated events against gold annotation (TempEval-3 style).

Gold documents are records in the format of ``shared/data/meantime/README.md``;
predictions are rows of the contract tables, grouped by document id. Only the
annotated part of each document counts: predictions starting at or after
``annotated_until`` are ignored.

- strict span: predicted and gold offsets are equal;
- relaxed span: the spans overlap (one-to-one: exact pairs first, then the
  largest matching of the remaining overlapping pairs);
- type accuracy: share of relaxed matches with the gold ``type``;
- value: a relaxed match counts only if the value strings are equal;
- dated events: each gold event-time link against the links an event row makes:
  its date (``date_source`` explicit, ``date_value``) and its measure
  (``duration_value``, a duration is not a date); a link matches when the trigger
  spans overlap and the values are equal.
"""
from __future__ import annotations

from typing import Callable, Sequence


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Precision, recall, F1 and the counts they come from."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": n_pred, "gold": n_gold}


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def max_matching(n_gold: int, n_pred: int, ok: Callable[[int, int], bool],
                 fixed: dict[int, int] | None = None) -> dict[int, int]:
    """A maximum one-to-one matching gold -> predicted over the pairs ``ok`` allows,
    extending the pairs already ``fixed`` (augmenting paths; documents are small)."""
    match_gold: dict[int, int] = dict(fixed or {})
    match_pred = {p: g for g, p in match_gold.items()}
    edges = {g: [p for p in range(n_pred) if ok(g, p)] for g in range(n_gold) if g not in match_gold}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges.get(g, ()):
            if p in seen:
                continue
            seen.add(p)
            if p not in match_pred or augment(match_pred[p], seen):
                match_gold[g], match_pred[p] = p, g
                return True
        return False

    for g in edges:
        augment(g, set())
    return match_gold


def _annotated(doc: dict, rows: Sequence[dict], start_key: str = "start_char") -> list[dict]:
    return [r for r in rows if r[start_key] < doc["annotated_until"]]


def score_timexes(gold_docs: list[dict], predicted: dict[str, list[dict]]) -> dict:
    """Strict and relaxed span P/R/F1, type accuracy and value P/R/F1 over all documents."""
    n_gold = n_pred = strict = relaxed = typed = valued = 0
    for doc in gold_docs:
        gold = doc["timexes"]
        pred = _annotated(doc, predicted.get(doc["doc_id"], []))
        exact = {}
        taken: set[int] = set()
        for g, t in enumerate(gold):
            p = next((i for i, r in enumerate(pred) if i not in taken
                      and (r["start_char"], r["end_char"]) == (t["start"], t["end"])), None)
            if p is not None:
                exact[g] = p
                taken.add(p)
        pairs = max_matching(len(gold), len(pred), lambda g, p: _overlap(
            gold[g]["start"], gold[g]["end"], pred[p]["start_char"], pred[p]["end_char"]), exact)
        n_gold, n_pred, strict, relaxed = n_gold + len(gold), n_pred + len(pred), strict + len(exact), relaxed + len(pairs)
        typed += sum(gold[g]["type"] == pred[p]["timex_type"] for g, p in pairs.items())
        valued += sum(gold[g]["value"] == pred[p]["value"] for g, p in pairs.items())
    return {
        "strict": prf(strict, n_pred, n_gold),
        "relaxed": prf(relaxed, n_pred, n_gold),
        "type_accuracy": typed / relaxed if relaxed else 0.0,
        "value": prf(valued, n_pred, n_gold),
    }


def event_links(row: dict) -> list[tuple[int, int, str]]:
    """The event-time links of an event row: (trigger start, end, value) of its date and of its measure."""
    links = []
    if row["date_source"] == "explicit":
        links.append((row["start_char"], row["end_char"], row["date_value"]))
    if row.get("duration_value"):
        links.append((row["start_char"], row["end_char"], row["duration_value"]))
    return links


def score_dated_events(gold_docs: list[dict], predicted: dict[str, list[dict]]) -> dict:
    """P/R/F1 of event-time links: trigger spans overlap and the values are equal."""
    n_gold = n_pred = tp = 0
    for doc in gold_docs:
        gold = doc["dated_events"]
        pred = [link for r in _annotated(doc, predicted.get(doc["doc_id"], [])) for link in event_links(r)]
        pairs = max_matching(len(gold), len(pred), lambda g, p: (
            _overlap(gold[g]["start"], gold[g]["end"], pred[p][0], pred[p][1])
            and gold[g]["timex_value"] == pred[p][2]))
        n_gold, n_pred, tp = n_gold + len(gold), n_pred + len(pred), tp + len(pairs)
    return prf(tp, n_pred, n_gold)
