"""Words per second of the temporal stage on dev.jsonl texts, alone and with event attachment.

The temporal stage is what the pipeline runs per article: candidate patterns,
parsing (without NER) of the sentences whose expressions need the tense of their
clause and whose surface cues leave it open, and normalisation. With events,
the sentences holding an expression are parsed too (NER added only where an
event may name a place) and each expression is attached to its trigger. spaCy's
full pipeline (all loaded pipes, every sentence) on the same texts is printed
for reference. Medians of several runs.
Usage: ``.venv/bin/python benchmarks/bench_temporal.py [--gold FILE] [--runs N]``.
"""
from __future__ import annotations

import argparse
import json
import statistics
from datetime import datetime
from pathlib import Path

from pipelines.extract.events import EventExtractor
from pipelines.extract.nlp import ArticleParse, parser
from pipelines.extract.temporal import TemporalTagger
from timing import DEV, seconds


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--gold", type=Path, default=DEV)
    args.add_argument("--runs", type=int, default=5)
    opts = args.parse_args()
    records = [json.loads(line) for line in opts.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [(r["text"], datetime.fromisoformat(r["published"])) for r in records]
    words = sum(len(text.split()) for text, _ in articles)
    nlp = parser()
    list(nlp(["warm up"]))
    tagger, extractor = TemporalTagger(), EventExtractor()

    def temporal() -> None:
        for text, published in articles:
            tagger(text, published, ArticleParse(text, nlp))

    def with_events() -> None:
        for text, published in articles:
            parse = ArticleParse(text, nlp)
            extractor(parse, published, tagger(text, published, parse))

    timings = {
        "temporal stage": [seconds(temporal) for _ in range(opts.runs)],
        "temporal + events": [seconds(with_events) for _ in range(opts.runs)],
        "spaCy full pipeline": [seconds(lambda: list(nlp.nlp.pipe(t for t, _ in articles))) for _ in range(opts.runs)],
    }
    print(f"articles: {len(articles)}  words: {words}  runs: {opts.runs} (median)")
    full = words / statistics.median(timings["spaCy full pipeline"])
    for name, samples in timings.items():
        wps = words / statistics.median(samples)
        print(f"{name:>20}: {wps:>10,.0f} words/s  ({wps / full:.1f}x spaCy)")


if __name__ == "__main__":
    main()
