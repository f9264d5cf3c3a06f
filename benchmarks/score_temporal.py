"""Fast development loop for the temporal tagger and event dating: extract and score, per topic half.

Runs the pure ``ArticleExtractor`` (no Beam, no Prefect; the rows ``dateline evaluate`` scores)
over the articles of a MEANTIME gold file, or the articles of one ``topic``, and scores them with
the scorer ``dateline evaluate`` uses. ``--errors`` lists the misses by class: timexes missed,
spurious, or found with a wrong value (gold and ours), and the gold event-time links not made
with what our row for that trigger says instead.

Usage: ``.venv/bin/python benchmarks/score_temporal.py --gold GOLD [--topic airbus|apple] [--errors]``
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.evaluate.report import render  # noqa: E402
from pipelines.evaluate.temporal_scores import event_links, score_dated_events, score_timexes  # noqa: E402
from pipelines.extract.article import ArticleExtractor  # noqa: E402

BATCH = 16  # articles parsed together, as the job batches them


def extract(docs: list[dict]) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Timex and event rows by ``doc_id``."""
    extractor = ArticleExtractor()
    timexes: dict[str, list[dict]] = {}
    events: dict[str, list[dict]] = {}
    for i in range(0, len(docs), BATCH):
        batch = docs[i:i + BATCH]
        for doc, parse in zip(batch, extractor.prepare([d["text"] for d in batch])):
            rows = extractor(doc["doc_id"], doc["text"], datetime.fromisoformat(doc["published"]), parse)
            timexes[doc["doc_id"]] = rows.temporal_expressions
            events[doc["doc_id"]] = rows.events
    return timexes, events


def timex_errors(doc: dict, rows: list[dict]) -> list[str]:
    rows = [r for r in rows if r["start_char"] < doc["annotated_until"]]
    out = []
    for g in doc["timexes"]:
        match = [r for r in rows if r["start_char"] < g["end"] and g["start"] < r["end_char"]]
        if not match:
            out.append(f"missed   {g['text']!r} {g['type']} {g['value']}")
        elif not any(r["value"] == g["value"] for r in match):
            r = match[0]
            out.append(f"value    {g['text']!r} gold {g['value']} ours {r['value']} ({r['text']!r})")
    for r in rows:
        if not any(r["start_char"] < g["end"] and g["start"] < r["end_char"] for g in doc["timexes"]):
            out.append(f"spurious {r['text']!r} {r['timex_type']} {r['value']}")
    return out


def event_errors(doc: dict, rows: list[dict]) -> list[str]:
    rows = [r for r in rows if r["start_char"] < doc["annotated_until"]]
    links = [(r, link) for r in rows for link in event_links(r)]
    out = []
    for g in doc["dated_events"]:
        if any(link[0] < g["end"] and g["start"] < link[1] and link[2] == g["timex_value"] for _, link in links):
            continue
        same = [r for r in rows if r["start_char"] < g["end"] and g["start"] < r["end_char"]]
        ours = ", ".join(f"{r['date_source']} {r['date_value']}" for r in same) or "no row"
        timex = doc["text"][g["timex_start"]:g["timex_end"]]
        out.append(f"link missed {g['text']!r} -> {timex!r} {g['timex_value']} (ours: {ours})")
    gold_spans = [(g["start"], g["end"], g["timex_value"]) for g in doc["dated_events"]]
    for r, link in links:
        if not any(a < link[1] and link[0] < b and v == link[2] for a, b, v in gold_spans):
            out.append(f"link spurious {r['trigger']!r} -> {link[2]}")
    return out


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--gold", type=Path, required=True)
    args.add_argument("--topic", help="only the articles of this topic (MEANTIME: airbus, apple)")
    args.add_argument("--errors", action="store_true", help="list the errors, article by article")
    opts = args.parse_args()
    docs = [json.loads(line) for line in opts.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [d for d in docs if opts.topic is None or d.get("topic") == opts.topic]
    timexes, events = extract(docs)
    print(render({"articles": len(docs), "timex": score_timexes(docs, timexes),
                  "dated_events": score_dated_events(docs, events)}))
    if opts.errors:
        for doc in docs:
            lines = timex_errors(doc, timexes[doc["doc_id"]]) + event_errors(doc, events[doc["doc_id"]])
            if lines:
                print(f"\n# {doc['doc_id']} ({doc['published']})")
                print("\n".join(f"  {line}" for line in lines))


if __name__ == "__main__":
    main()
