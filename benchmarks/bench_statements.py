"""Words per second of the statements stage on dev.jsonl texts, against spaCy's full pipeline.

The stage is what the pipeline runs per article: the cheap sentence split,
parsing of the candidate sentences and extraction. Prints the median of
several runs. Usage: ``.venv/bin/python benchmarks/bench_statements.py [--runs N]``.
"""
from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from pipelines.extract.nlp import ArticleParse, parser
from pipelines.extract.statements import StatementExtractor
from timing import DEV, seconds


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--gold", type=Path, default=DEV)
    args.add_argument("--runs", type=int, default=3)
    opts = args.parse_args()
    texts = [json.loads(line)["text"] for line in opts.gold.read_text(encoding="utf-8").splitlines()]
    words = sum(len(t.split()) for t in texts)
    nlp = parser()
    extractor = StatementExtractor()
    list(nlp(["warm up"]))
    stage = [seconds(lambda: [extractor(ArticleParse(t, nlp)) for t in texts]) for _ in range(opts.runs)]
    full = [seconds(lambda: list(nlp.nlp.pipe(texts))) for _ in range(opts.runs)]
    stage_wps, full_wps = words / statistics.median(stage), words / statistics.median(full)
    print(f"articles: {len(texts)}  words: {words}  runs: {opts.runs}")
    print(f"statements stage: {stage_wps:,.0f} words/s")
    print(f"spaCy full pipeline: {full_wps:,.0f} words/s")
    print(f"ratio: {stage_wps / full_wps:.2f}x")


if __name__ == "__main__":
    main()
