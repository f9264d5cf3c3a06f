"""Articles per second of the Beam job on a local Dask cluster of 1 and of 2 worker processes.

    .venv/bin/python benchmarks/bench_dask.py                    # 400 articles in 8 files, 3 runs
    .venv/bin/python benchmarks/bench_dask.py --articles 2000 --repeats 5

The same corpus (scaled copies of the MEANTIME sample) for both cluster sizes,
split into ``--files`` input files: on the DaskRunner the work is spread one
partition per input file. Each cluster gets one untimed warm-up run (worker
start-up and spaCy model load), then ``--repeats`` timed runs of the job
(read, dedupe, extract, stage Parquet); the figure is the median.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import SAMPLE, read_records, scaled, write_jsonl  # noqa: E402
from pipelines import job  # noqa: E402


def write_corpus(folder: Path, articles: int, files: int) -> list[str]:
    """``articles`` scaled sample articles spread round-robin over ``files`` JSONL files."""
    records = list(scaled(read_records(SAMPLE), articles))
    paths = []
    for n in range(files):
        path = folder / f"corpus-{n:02d}.jsonl"
        write_jsonl(records[n::files], path)
        paths.append(str(path))
    return paths


def articles_per_second(inputs: list[str], workers: int, repeats: int, scratch: Path) -> float:
    """Median articles/s of ``repeats`` job runs on one cluster of ``workers`` processes, after a warm-up."""
    samples = []
    with job.local_dask_cluster(workers) as address:
        for n in range(repeats + 1):
            config = job.JobConfig(inputs=inputs, staging_dir=scratch / f"w{workers}-{n}", run_id=f"bench-{n}",
                                   started_at=datetime.now(timezone.utc), runner="dask", dask_address=address)
            started = time.perf_counter()
            counts = job.run(config)
            if n:  # run 0 warms the workers up
                samples.append(time.perf_counter() - started)
    print(f"  {workers} worker(s): {counts.get('articles_extracted', 0)} articles per run, "
          f"runs {', '.join(f'{s:.1f}s' for s in samples)}", flush=True)
    return counts.get("articles_extracted", 0) / statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        scratch = Path(tmp)
        inputs = write_corpus(scratch, args.articles, args.files)
        print(f"corpus: {args.articles} articles in {args.files} files; median of {args.repeats} runs")
        rates = {}
        for workers in (1, 2):
            rates[workers] = articles_per_second(inputs, workers, args.repeats, scratch)
    for workers, rate in rates.items():
        print(f"articles/s with {workers} Dask worker(s): {rate:.1f}")
    print(f"speed-up 2 vs 1 workers: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
