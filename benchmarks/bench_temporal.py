"""Words per second of the temporal stage on dev.jsonl texts, alone and with event attachment.

The temporal stage is what the pipeline runs per article: candidate patterns,
parsing (without NER) of the sentences whose expressions need the tense of their
clause and whose surface cues leave it open, and normalisation. With events,
the sentences holding an expression are parsed too (NER added only where an
event may name a place) and each expression is attached to its trigger. spaCy's
full pipeline (all loaded pipes, every sentence) on the same texts is printed
for reference. Medians of several runs.

With ``--against DIR`` (a directory holding another revision's ``pipelines``, made with
``git archive REV pipelines | tar -x -C DIR``) it compares instead the temporal stage of that
revision and of this code in one process: CPU seconds (``time.process_time``, which a shared
machine disturbs less than the wall clock), each run tagging every article with both, the order
alternating article by article; medians of the runs and their ratio.
Usage: ``.venv/bin/python benchmarks/bench_temporal.py [--gold FILE] [--runs N] [--against DIR]``.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from pipelines.extract.events import EventExtractor
from pipelines.extract.nlp import ArticleParse, parser
from pipelines.extract.temporal import TemporalTagger
from timing import DEV, fresh_modules, seconds


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--gold", type=Path, default=DEV)
    args.add_argument("--runs", type=int, default=5)
    args.add_argument("--against", type=Path, help="a directory holding another revision's pipelines")
    opts = args.parse_args()
    records = [json.loads(line) for line in opts.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [(r["text"], datetime.fromisoformat(r["published"])) for r in records]
    words = sum(len(text.split()) for text, _ in articles)
    if opts.against:
        compare(opts.against.resolve(), articles, words, opts.runs)
        return
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


Tag = Callable[[str, datetime], object]


def _stage(root: Path | None) -> tuple[Tag, Callable[[], None]]:
    """The temporal stage of the ``pipelines`` under ``root`` (this code for None), and how to empty its
    candidate memo, so that every run finds the candidates anew."""
    nlp_module, temporal, families = fresh_modules(
        root, ["pipelines.extract.nlp", "pipelines.extract.temporal", "pipelines.extract.temporal.families"])
    if root is not None and not Path(temporal.__file__).is_relative_to(root):
        raise SystemExit(f"{root} holds no pipelines package")
    nlp, tagger, article_parse = nlp_module.parser(), temporal.TemporalTagger(), nlp_module.ArticleParse
    list(nlp(["warm up"]))
    return (lambda text, published: tagger(text, published, article_parse(text, nlp))), families.find_candidates.cache_clear


def compare(root: Path, articles: list[tuple[str, datetime]], words: int, runs: int) -> None:
    """CPU seconds of the temporal stage of the revision under ``root`` and of this code, alternating."""
    stages = {str(root): _stage(root), "this code": _stage(None)}
    samples: dict[str, list[float]] = {name: [] for name in stages}
    for run in range(runs):
        for _, clear in stages.values():
            clear()
        spent = dict.fromkeys(stages, 0.0)
        for i, (text, published) in enumerate(articles):
            for name in (list(stages) if (i + run) % 2 == 0 else list(stages)[::-1]):
                start = time.process_time()
                stages[name][0](text, published)
                spent[name] += time.process_time() - start
        for name in stages:
            samples[name].append(spent[name])
    medians = {name: statistics.median(s) for name, s in samples.items()}
    print(f"articles: {len(articles)}  words: {words}  runs: {runs} (median CPU seconds)")
    for name, median in medians.items():
        print(f"{name:>30}: {median:.3f} s CPU, {words / median:>10,.0f} words/s")
    print(f"this code / {root.name}: {medians['this code'] / medians[str(root)]:.3f}x the CPU time")


if __name__ == "__main__":
    main()
