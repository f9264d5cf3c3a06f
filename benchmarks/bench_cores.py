"""How much the extraction's CPU time per article grows when both cores work at once: the ceiling of
any 2-worker speed-up on this machine, whatever the runner.

    .venv/bin/python benchmarks/bench_cores.py                 # 200 articles, 3 rounds
    .venv/bin/python benchmarks/bench_cores.py --articles 400 --rounds 5

Each round runs the extraction of the same ``--articles`` scaled sample articles (``corpus.py``) in
one child process alone, then in two child processes at once (no Beam, no Dask: the extractors
that a worker runs, in batches as a worker runs them). Each child loads the language model and
warms up before its timed part. The figure is the CPU seconds per article of a child of the pair
against the lone child's: 1.0 is two independent cores; above it, the cores share what the
extraction needs (a physical core's caches and memory bandwidth, on a virtual machine's vCPUs),
and two workers can at best be ``2 / ratio`` times one. Compare it with ``bench_scale.py
--sections dask``, whose 2-worker CPU in all against one worker's is the same ratio plus Dask's.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import SAMPLE, read_records, scaled, write_jsonl  # noqa: E402

WARM_UP = 10  # articles extracted before the timed part (model load, first-call caches)


def extract(source: str) -> None:
    """Child: extract every article of ``source`` as a worker's batch does and print the CPU seconds
    per article of the timed part."""
    from datetime import datetime, timezone

    from pipelines.ingest.readers import read_input
    from pipelines.ingest.records import Article
    from pipelines.transforms import ArticleRows

    articles = [a for a in read_input(source) if isinstance(a, Article)]
    rows = ArticleRows("bench-cores", datetime.now(timezone.utc), time_limit=None)
    sum(1 for _ in rows(articles[:WARM_UP]))
    started = time.process_time()
    sum(1 for _ in rows(articles))
    print((time.process_time() - started) / len(articles))


def children(source: Path, count: int) -> list[float]:
    """CPU seconds per article of ``count`` children run at once."""
    procs = [subprocess.Popen([sys.executable, __file__, "--child", str(source)], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
             for _ in range(count)]
    outs = [p.communicate()[0] for p in procs]
    if any(p.returncode for p in procs):
        raise RuntimeError("an extraction child failed")
    return [float(out.strip().splitlines()[-1]) for out in outs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        extract(args.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench-cores-") as tmp:
        source = Path(tmp) / "corpus.jsonl"
        write_jsonl(scaled(read_records(SAMPLE), args.articles), source)
        ratios = []
        for n in range(args.rounds):
            alone = children(source, 1)[0]
            pair = children(source, 2)
            ratios.append(statistics.mean(pair) / alone)
            print(f"round {n + 1}: alone {1000 * alone:.1f} ms CPU/article; two at once "
                  f"{', '.join(f'{1000 * p:.1f}' for p in pair)} ms; ratio {ratios[-1]:.3f}", flush=True)
    ratio = statistics.median(ratios)
    print(f"CPU per article, two at once / alone: {ratio:.3f} (median of {args.rounds}); "
          f"ceiling of 2 workers vs 1 on this machine: {2 / ratio:.2f}x")


if __name__ == "__main__":
    main()
