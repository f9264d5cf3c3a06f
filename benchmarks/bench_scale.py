"""Scale figures in one run: memory and throughput by run size, backfill against run, Dask 1 vs 2 workers.

    .venv/bin/python benchmarks/bench_scale.py                       # everything: about an hour on 2 cores
    .venv/bin/python benchmarks/bench_scale.py --sections run --sizes 1000 10000

``run``: the real ``dateline run`` CLI in a subprocess over the sample scaled to
each size (``benchmarks/corpus.py``); peak RSS is the kernel's ``wait4`` figure
of the run's process (FnApiRunner runs the job in it). ``backfill``: ``dateline
backfill`` of the largest corpus over the ten years 2004-2013 that hold all its
publication days (``--chunk-days`` a chunk), against the plain run over the same
archive measured by ``run``. ``dask``: the Beam job alone on a local Dask
cluster of 1 and of 2 workers over one JSONL file (``--dask-articles``).
One sample each: the machine is shared, so compare the ratios of one run.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import SAMPLE, read_records, scaled, write_jsonl  # noqa: E402

MB = 1024 * 1024
TARGET_RSS = 1.2 * 1024 * MB
TARGET_RSS_GROWTH = 1.25
TARGET_BACKFILL_RATIO = 1.3
TARGET_DASK_SPEEDUP = 1.8
BACKFILL_RANGE = ("2004-01-01", "2013-12-31")


@dataclass
class Timed:
    """A finished CLI command: wall clock seconds, CPU seconds (user + system) and peak RSS in bytes."""

    seconds: float
    cpu: float
    max_rss: int


def timed_cli(*args: str, log: Path) -> Timed:
    """Run ``dateline ARGS`` to completion; raise with its log's tail if it fails."""
    command = [sys.executable, "-m", "flows.cli", *args]
    started = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args[:1])} failed:\n{log.read_text()[-3000:]}")
    return Timed(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def corpus(folder: Path, articles: int) -> Path:
    path = folder / f"corpus-{articles}.jsonl"
    if not path.exists():
        write_jsonl(scaled(read_records(SAMPLE), articles), path)
    return path


def runs(folder: Path, sizes: list[int], batch_size: int) -> dict[int, Timed]:
    """``dateline run`` per size: peak RSS, articles/s, seconds per article."""
    results = {}
    for size in sizes:
        out = folder / f"run-{size}"
        results[size] = timed_cli("run", "--input", str(corpus(folder, size)), "--output", str(out),
                                  "--batch-size", str(batch_size), log=folder / f"run-{size}.log")
        r = results[size]
        print(f"run {size:>6} articles: {r.seconds:8.1f} s, {size / r.seconds:6.2f} articles/s, "
              f"{1000 * r.seconds / size:7.1f} ms/article, CPU {1000 * r.cpu / size:6.1f} ms/article, "
              f"peak RSS {r.max_rss / MB:7.0f} MB", flush=True)
    smallest, largest = results[min(sizes)], results[max(sizes)]
    if len(sizes) > 1:
        growth = largest.max_rss / smallest.max_rss
        per_article = (largest.seconds / max(sizes)) / (smallest.seconds / min(sizes))
        cpu_per_article = (largest.cpu / max(sizes)) / (smallest.cpu / min(sizes))
        print(f"  peak RSS {max(sizes)} articles: {largest.max_rss / MB:.0f} MB (target <= {TARGET_RSS / MB:.0f} MB: "
              f"{'met' if largest.max_rss <= TARGET_RSS else 'missed'})")
        print(f"  peak RSS {max(sizes)} / {min(sizes)} articles: {growth:.2f}x (target <= {TARGET_RSS_GROWTH}x: "
              f"{'met' if growth <= TARGET_RSS_GROWTH else 'missed'})")
        print(f"  seconds per article {max(sizes)} / {min(sizes)}: {per_article:.2f}x wall clock, "
              f"{cpu_per_article:.2f}x CPU (flat is 1.0; start-up weighs more on the small run; CPU time is "
              "what the machine's other load does not change)", flush=True)
    return results


def backfill(folder: Path, size: int, plain: Timed, chunk_days: int, batch_size: int) -> None:
    """``dateline backfill`` of the ``size`` corpus over ten years against the plain run over it."""
    out = folder / f"backfill-{size}"
    result = timed_cli("backfill", "--input", str(corpus(folder, size)), "--output", str(out),
                       "--start", BACKFILL_RANGE[0], "--end", BACKFILL_RANGE[1], "--chunk-days", str(chunk_days),
                       "--batch-size", str(batch_size), log=folder / f"backfill-{size}.log")
    ratio = result.seconds / plain.seconds
    print(f"backfill {BACKFILL_RANGE[0]}..{BACKFILL_RANGE[1]} of {size} articles ({chunk_days}-day chunks): "
          f"{result.seconds:.1f} s, CPU {result.cpu:.1f} s, peak RSS {result.max_rss / MB:.0f} MB; plain run "
          f"{plain.seconds:.1f} s, CPU {plain.cpu:.1f} s; ratio {ratio:.2f}x wall clock, {result.cpu / plain.cpu:.2f}x CPU "
          f"(target <= {TARGET_BACKFILL_RATIO}x: {'met' if ratio <= TARGET_BACKFILL_RATIO else 'missed'})", flush=True)


def dask(folder: Path, articles: int, batch_size: int) -> None:
    """The Beam job on local Dask clusters of 1 and 2 workers over one file of ``articles``."""
    from pipelines import job

    source = str(corpus(folder, articles))
    rates = {}
    for workers in (1, 2):
        with job.local_dask_cluster(workers) as address:
            config = job.JobConfig(inputs=[source], staging_dir=folder / f"dask-{workers}", run_id=f"dask-{workers}",
                                   started_at=datetime.now(timezone.utc), runner="dask", workers=workers,
                                   dask_address=address, batch_size=batch_size)
            started = time.perf_counter()
            counts = job.run(config)
            seconds = time.perf_counter() - started
        rates[workers] = counts.get("articles_extracted", 0) / seconds
        print(f"dask {workers} worker(s), one file of {articles} articles: {seconds:.1f} s, "
              f"{rates[workers]:.2f} articles/s", flush=True)
    speedup = rates[2] / rates[1]
    print(f"  speed-up 2 vs 1 workers: {speedup:.2f}x (target >= {TARGET_DASK_SPEEDUP}x: "
          f"{'met' if speedup >= TARGET_DASK_SPEEDUP else 'missed'}; the 2 cores are shared, so other load "
          "depresses it)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", default="run,backfill,dask", help="comma-separated: run, backfill, dask")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--chunk-days", type=int, default=30)
    parser.add_argument("--dask-articles", type=int, default=2000)
    parser.add_argument("--dask-batch-size", type=int, default=100, help="smaller batches: even shares")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    sections = set(args.sections.split(","))
    print(f"bench_scale {datetime.now(timezone.utc):%Y-%m-%dT%H:%MZ}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-scale-", dir=args.work) as tmp:
        folder = Path(tmp)
        plain = runs(folder, sorted(args.sizes), args.batch_size) if sections & {"run", "backfill"} else {}
        if "backfill" in sections:
            backfill(folder, max(args.sizes), plain[max(args.sizes)], args.chunk_days, args.batch_size)
        if "dask" in sections:
            dask(folder, args.dask_articles, args.dask_batch_size)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
