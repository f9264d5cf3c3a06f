"""Attribution scores against gold annotations (MEANTIME speech items, PolNeAR attributions).

A predicted *unit* is one cue span with its statement rows (a row without a cue,
a quotation continuing an earlier one, is a unit of its own). A gold item is
*found* when a unit's cue overlaps the gold cue, or a cue-less unit's quotation
overlaps the gold content or lies next to the gold cue (``X: "..."``). It is
*correct* when the speakers also match:

- by name: each name is split at commas into its appositive parts ("Joe
  Leonard, Chairman of AirTran Airways"), without parentheses ("(R-Ohio)"), and two names match when some part of
  one ends in the same word as some part of the other. The gold name is
  ``speaker_resolved`` when present, else ``speaker_text``; a prediction offers
  its resolved ``speaker`` and its mention as written;
- or, where the gold source is only a pronoun with no resolution (PolNeAR gives
  no antecedent), when the prediction's ``speaker_start_char``/``speaker_end_char``
  (the mention as written in this sentence) overlaps the gold mention; for a
  relative pronoun ("Lee, who said") the mention is its antecedent, so ending
  up to three characters before the pronoun counts too.

Precision is correct units over units; recall correct gold items over gold
items. The report adds the figures for gold items with quoted content, per
``cue_class`` (gold items classed by their cue's words, units by their column),
and the errors: gold cues missed, found with the wrong speaker, and spurious
units that match no gold cue. Units and gold items at or after the document's
``annotated_until`` are ignored. A gold set that marks only verbs of saying
(MEANTIME) is scored on the rows it can judge, those cued by a verb of saying
(``annotated_scope``), and rows without a cue are scored only where the gold
gives content to judge them by.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from pipelines.extract.statements.lexicon import phrase_class
from schemas.tables import CUE_CLASSES

_POSSESSIVE = re.compile(r"['’]s$")
_PARENTHESIS = re.compile(r"\([^()]*(?:\)|$)")
_EDGE = "\"'“”‘’.,;:()[]!?-"
_PRONOUNS = frozenset("i me my we us our you your he him his she her they them their it its who whom whose which "
                      "that this these those one".split())
_RELATIVE = frozenset({"who", "which", "that"})
_ADJACENT = 3
UNCLASSED = "unclassed"


def _last_words(name: str) -> set[str]:
    """The last word of each comma-separated part of a name, normalised; a parenthesis is no part of
    the name ("Sen. Chris Murphy (D-Conn.)" ends in "Murphy")."""
    words = set()
    for part in _PARENTHESIS.sub(" ", name).split(","):
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


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _prf(correct_units: int, units: int, correct_gold: int, gold: int) -> dict:
    precision, recall = _ratio(correct_units, units), _ratio(correct_gold, gold)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1}


@dataclass
class _Unit:
    """The statement rows of one cue span (or of one cue-less quotation)."""

    rows: list[dict]
    cue: tuple[int, int] | None
    quote: tuple[int, int]
    cue_class: str
    correct: bool = False
    found: bool = False

    def finds(self, item: dict) -> bool:
        spans = item.get("content_spans") or ([[item["content_start"], item["content_end"]]]
                                              if item.get("content_start") is not None else [])
        if item.get("cue_start") is None:  # a gold item with no cue span: by its content only
            return any(_overlaps(*self.quote, a, b) for a, b in spans)
        gold_cue = (item["cue_start"], item["cue_end"])
        if self.cue is not None:
            return _overlaps(*self.cue, *gold_cue)
        near = (self.quote[0] - _ADJACENT <= gold_cue[1] <= self.quote[0]
                or self.quote[1] <= gold_cue[0] <= self.quote[1] + _ADJACENT)
        return near or any(_overlaps(*self.quote, a, b) for a, b in spans)

    def speaker_matches(self, item: dict, text: str) -> bool:
        gold_name = item.get("speaker_resolved") or item["speaker_text"]
        pronoun = gold_name.strip().lower()
        if pronoun in _PRONOUNS and "speaker_start" in item:
            # "Lee, who said": the relative pronoun's mention is its antecedent, just before it.
            gold_start = item["speaker_start"] - (_ADJACENT if pronoun in _RELATIVE else 0)
            if any(_mention(row) is not None and _overlaps(*_mention(row), gold_start, item["speaker_end"])
                   for row in self.rows):
                return True
        names = [n for row in self.rows for n in _names(row, text)]
        return any(names_match(gold_name, n) for n in names)


def _mention(row: dict) -> tuple[int, int] | None:
    start, end = row.get("speaker_start_char"), row.get("speaker_end_char")
    return (start, end) if start is not None and end is not None else None


def _names(row: dict, text: str) -> list[str]:
    mention = _mention(row)
    return [row.get("speaker") or ""] + ([text[slice(*mention)]] if mention else [])


def _units(rows: list[dict], limit: int, with_content: bool = True) -> list[_Unit]:
    """Rows grouped by cue span; a cue-less row is a unit of its own where the gold has content to judge it
    (``with_content``), else it is not scored."""
    by_key: dict[tuple, list[dict]] = {}
    for row in rows:
        start, end = row.get("cue_start_char"), row.get("cue_end_char")
        if start is None and not with_content:
            continue
        key = ("cue", start, end) if start is not None and end is not None else (
            "quote", row["quote_start_char"], row["quote_end_char"])
        if key[1] < limit:
            by_key.setdefault(key, []).append(row)
    return [_Unit(group, key[1:] if key[0] == "cue" else None,
                  (group[0]["quote_start_char"], group[0]["quote_end_char"]),
                  group[0].get("cue_class") or UNCLASSED)
            for key, group in by_key.items()]


def gold_class(item: dict) -> str:
    """The cue class of a gold item, from the words of its cue."""
    return phrase_class(item.get("cue") or "") or UNCLASSED


@dataclass
class _Tally:
    gold: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    units: Counter = field(default_factory=Counter)
    correct_units: Counter = field(default_factory=Counter)
    spurious: int = 0

    def add_doc(self, doc: dict, rows: list[dict], scope: Callable[[dict], bool] | None) -> None:
        text = doc["text"]
        limit = doc.get("annotated_until", len(text))
        with_content = any(item.get("content_start") is not None for item in doc.get("speech", []))
        rows = [r for r in rows if scope is None or scope(r)]
        units = _units(rows, limit, with_content)
        for item in doc.get("speech", []):
            if (item.get("cue_start") or item.get("content_start") or 0) >= limit:
                continue
            self._add_item(item, [u for u in units if u.finds(item)], text)
        for unit in units:
            self.units["all"] += 1
            self.units[unit.cue_class] += 1
            self.correct_units["all"] += unit.correct
            self.correct_units[unit.cue_class] += unit.correct
            self.spurious += not unit.found

    def _add_item(self, item: dict, hits: list[_Unit], text: str) -> None:
        keys = ["all", gold_class(item)] + (["quoted"] if item.get("content_quoted") else [])
        right = [u for u in hits if u.speaker_matches(item, text)]
        for unit in hits:
            unit.found = True
        for unit in right:
            unit.correct = True
        for key in keys:
            self.gold[key] += 1
            self.found[key] += bool(hits)
            self.correct[key] += bool(right)

    def report(self) -> dict:
        report = {
            **_prf(self.correct_units["all"], self.units["all"], self.correct["all"], self.gold["all"]),
            "cue_recall": _ratio(self.found["all"], self.gold["all"]),
            "speaker_accuracy": _ratio(self.correct["all"], self.found["all"]),
            "gold": self.gold["all"],
            "predicted": self.units["all"],
            "found": self.found["all"],
            "correct": self.correct["all"],
            "predicted_correct": self.correct_units["all"],
            "errors": {"cue_missed": self.gold["all"] - self.found["all"],
                       "speaker_wrong": self.found["all"] - self.correct["all"], "spurious": self.spurious},
        }
        if self.gold["quoted"]:
            report["quoted"] = {"gold": self.gold["quoted"], "recall": _ratio(self.correct["quoted"], self.gold["quoted"]),
                                "speaker_accuracy": _ratio(self.correct["quoted"], self.found["quoted"])}
        report["by_cue_class"] = {
            name: {**_prf(self.correct_units[name], self.units[name], self.correct[name], self.gold[name]),
                   "gold": self.gold[name], "predicted": self.units[name]}
            for name in (*CUE_CLASSES, UNCLASSED) if self.gold[name] or self.units[name]
        }
        return report


def verbs_of_saying(row: dict) -> bool:
    """A row whose cue is a reporting verb (one word) of a class other than ``thought``."""
    cue = row.get("cue") or ""
    return row.get("cue_class") != "thought" and cue.isalpha()


def annotated_scope(gold_docs: list[dict]) -> Callable[[dict], bool] | None:
    """Which rows a gold set can judge: all (None) where it annotates every attribution with its content
    (PolNeAR), else only those cued by a verb of saying (MEANTIME marks no attitudes, "according to"
    or nominal cues)."""
    full = any(item.get("content_start") is not None for doc in gold_docs for item in doc.get("speech", []))
    return None if full else verbs_of_saying


def score_speech(gold_docs: list[dict], predicted: dict[str, list[dict]],
                 scope: Callable[[dict], bool] | None = None) -> dict:
    """P/R/F1, cue recall, speaker accuracy, quoted-content and per-class figures, and the error
    breakdown of ``predicted`` statement rows (by doc_id) against ``gold_docs``; with ``scope``, only
    the rows it accepts are scored."""
    tally = _Tally()
    for doc in gold_docs:
        tally.add_doc(doc, predicted.get(doc["doc_id"], []), scope)
    report = tally.report()
    report["scored_rows"] = "all" if scope is None else scope.__name__.replace("_", " ")
    return report
