"""Words per second of the statements stage on dev.jsonl texts, against spaCy's full pipeline.

The stage is what the pipeline runs: the cheap sentence split, parsing of the
candidate sentences ``EXTRACT_BATCH`` articles at a time (as ``ArticleRows``
does: ``StatementExtractor.prepare``, or at revisions without it the candidates
alone) and extraction. Prints the median of several runs, each after one
untimed pass, in wall-clock and in CPU (process) time, which the load of other
processes on a shared machine changes far less. ``--compare REV`` loads the
code of another revision too (``git archive`` into a temporary folder) and times
the two in this one process, alternating, so that both see the same load; the
ratio is that of the CPU-time medians, with the median of the per-round ratios.

Usage: ``.venv/bin/python benchmarks/bench_statements.py [--runs N] [--compare REV]``.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Callable

from timing import DEV, fresh_modules, seconds

ROOT = Path(__file__).resolve().parents[1]
BATCH = 16  # pipelines.transforms.EXTRACT_BATCH, not imported: it would load this tree's modules first


def stage(root: Path, texts: list[str]) -> tuple[Callable[[], object], object]:
    """A run of the statements stage over ``texts`` with the code under ``root``, and its parser. Each
    tree's modules are imported afresh (``fresh_modules``) and kept by the functions that use them. Each
    run starts with the cue pre-filter's memo of sentences empty, as it is for sentences not seen before."""
    nlp_module, statements, cues = fresh_modules(
        root, ["pipelines.extract.nlp", "pipelines.extract.statements", "pipelines.extract.statements.cues"])
    extractor = statements.StatementExtractor()
    nlp = nlp_module.parser()

    def prepare(parses: list) -> None:
        if hasattr(extractor, "prepare"):
            extractor.prepare(parses)
        elif hasattr(nlp_module, "parse_together"):
            nlp_module.parse_together([(p, extractor.candidates(p)) for p in parses], entities=False)

    def run() -> None:
        cues.has_cue_word.cache_clear()  # a memo of recent sentences: new news misses it
        for start in range(0, len(texts), BATCH):
            parses = [nlp_module.ArticleParse(t, nlp) for t in texts[start:start + BATCH]]
            prepare(parses)
            for parse in parses:
                extractor(parse)

    return run, nlp


def cpu_seconds(run: Callable[[], object]) -> float:
    """CPU seconds (all threads of this process) one call of ``run`` takes."""
    start = time.process_time()
    run()
    return time.process_time() - start


def revision_tree(rev: str, into: Path) -> Path:
    """The files of revision ``rev`` of this repository, unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--gold", type=Path, default=DEV)
    args.add_argument("--runs", type=int, default=3)
    args.add_argument("--compare", metavar="REV", help="also time this revision's code, alternating")
    opts = args.parse_args()
    texts = [json.loads(line)["text"] for line in opts.gold.read_text(encoding="utf-8").splitlines()]
    words = sum(len(t.split()) for t in texts)
    print(f"articles: {len(texts)}  words: {words}  runs: {opts.runs}")
    with tempfile.TemporaryDirectory(prefix="bench-statements-") as tmp:
        trees = {"this tree": ROOT}
        if opts.compare:
            trees[opts.compare] = revision_tree(opts.compare, Path(tmp))
        runs = {name: stage(root, texts) for name, root in trees.items()}
        wall: dict[str, list[float]] = {name: [] for name in trees}
        cpu: dict[str, list[float]] = {name: [] for name in trees}
        for round_ in range(opts.runs):
            for name in list(runs)[::1 if round_ % 2 == 0 else -1]:  # A B, B A, ...
                run = runs[name][0]
                run()  # untimed: the per-token attribute cache filled as in a long run
                started = time.perf_counter()
                cpu[name].append(cpu_seconds(run))
                wall[name].append(time.perf_counter() - started)
        wps = {name: words / statistics.median(t) for name, t in cpu.items()}
        for name, value in wps.items():
            print(f"statements stage ({name}): {value:,.0f} words/CPU-s, {words / statistics.median(wall[name]):,.0f}"
                  f" words/s  runs (CPU s): " + " ".join(f"{t:.2f}" for t in cpu[name])
                  + "  (wall s): " + " ".join(f"{t:.2f}" for t in wall[name]))
        if opts.compare:
            rounds = statistics.median(b / a for a, b in zip(cpu["this tree"], cpu[opts.compare]))
            print(f"this tree / {opts.compare} (CPU time): {wps['this tree'] / wps[opts.compare]:.2f}x"
                  f"  median of per-round ratios: {rounds:.2f}x")
        nlp = runs["this tree"][1]
        full = [seconds(lambda: list(nlp.nlp.pipe(texts))) for _ in range(opts.runs)]
        full_wps = words / statistics.median(full)
        print(f"spaCy full pipeline: {full_wps:,.0f} words/s")
        print(f"ratio (this tree / full pipeline): {wps['this tree'] / full_wps:.2f}x")


if __name__ == "__main__":
    main()
