"""Scale figures in one run: memory and throughput by run size, backfill against run, Dask 1 vs 2 workers.

    .venv/bin/python benchmarks/bench_scale.py                       # everything: about an hour on 2 cores
    .venv/bin/python benchmarks/bench_scale.py --sections run --sizes 1000 10000

``run``: the real ``dateline run`` CLI in a subprocess over the sample scaled to
each size (``benchmarks/corpus.py``); peak RSS is the kernel's ``wait4`` figure
of the run's process (FnApiRunner runs the job in it). ``backfill``: ``dateline
backfill`` of the largest corpus over the ten years 2004-2013 that hold all its
publication days (``--chunk-days`` a chunk), against the plain run over the same
archive measured by ``run``. ``dask``: the Beam job alone on a local Dask
cluster of 1 and of 2 workers over one JSONL file (``--dask-articles``), with
the CPU seconds of each worker and of this process (driver and scheduler), after
what reading the file costs whole and as the two workers' shards.
``publish``: the steps after a run's commit, the published-keys check and the
DuckDB load (first and unchanged), over an output of ``--publish-articles``
articles: the output of a run of the sample, copied with ids prefixed per copy
and days shifted as ``corpus.py`` shifts them (the 10,000 give 2,500 partitions
per table, like a real run of the 10,000-article corpus).
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

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402

from benchmarks.corpus import SAMPLE, read_records, scaled, write_jsonl  # noqa: E402
from schemas.tables import PARTITION_COLUMN, TABLES  # noqa: E402

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
    return timed([sys.executable, "-m", "flows.cli", *args], log=log)


def timed(command: list[str], log: Path) -> Timed:
    """Run ``command`` in the repository to completion; raise with its log's tail if it fails."""
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
    """The Beam job on local Dask clusters of 1 and 2 workers over one file of ``articles``, with the
    CPU seconds each worker spent and those of this process (the Beam driver, the Dask scheduler and
    the nannies run in it): on a shared machine the wall clock says how many cores the others left,
    the CPU seconds how evenly the work was shared and what scale-out added to it."""
    from distributed import Client

    from pipelines import job

    source = str(corpus(folder, articles))
    reading(source)
    rates, cpus, drivers = {}, {}, {}
    for workers in (1, 2):
        with job.local_dask_cluster(workers) as address, Client(address) as client:
            config = job.JobConfig(inputs=[source], staging_dir=folder / f"dask-{workers}", run_id=f"dask-{workers}",
                                   started_at=datetime.now(timezone.utc), runner="dask", workers=workers,
                                   dask_address=address, batch_size=batch_size)
            before, driver = client.run(time.process_time), time.process_time()
            started = time.perf_counter()
            counts = job.run(config)
            seconds = time.perf_counter() - started
            after, drivers[workers] = client.run(time.process_time), time.process_time() - driver
        rates[workers] = counts.get("articles_extracted", 0) / seconds
        cpus[workers] = sorted(after[w] - before[w] for w in after)
        print(f"dask {workers} worker(s), one file of {articles} articles, batches of {batch_size}: {seconds:.1f} s, "
              f"{rates[workers]:.2f} articles/s; CPU per worker {', '.join(f'{c:.0f}' for c in cpus[workers])} s, "
              f"driver + scheduler {drivers[workers]:.1f} s; load average {os.getloadavg()[0]:.1f}", flush=True)
    speedup = rates[2] / rates[1]
    print(f"  speed-up 2 vs 1 workers: {speedup:.2f}x (target >= {TARGET_DASK_SPEEDUP}x: "
          f"{'met' if speedup >= TARGET_DASK_SPEEDUP else 'missed'}; the 2 cores are shared, so other load "
          "depresses it)", flush=True)
    print(f"  CPU: 2 workers {sum(cpus[2]):.0f} s in all ({sum(cpus[2]) / sum(cpus[1]):.2f}x one worker's "
          f"{sum(cpus[1]):.0f} s), the busier one {max(cpus[2]) / (sum(cpus[2]) / 2):.2f}x their mean; "
          f"with a free core per worker: about {sum(cpus[1]) / max(cpus[2]):.2f}x", flush=True)


def reading(source: str) -> None:
    """CPU seconds to read the whole file, and to read it as the shards of two Dask workers (all of
    them, one after the other): what the readers cost, and what sharing the file adds to it."""
    from pipelines.ingest.readers import read_input
    from pipelines.ingest.shards import Shard
    from pipelines.job import SHARDS_PER_WORKER

    shards = 2 * SHARDS_PER_WORKER
    next(read_input(source))  # loads the language model
    figures = []
    for share in ([Shard()], [Shard(index, shards) for index in range(shards)]):
        cpu = time.process_time()
        for shard in share:
            sum(1 for _ in read_input(source, shard=shard))
        figures.append(time.process_time() - cpu)
    print(f"reading {source}: whole file CPU {figures[0]:.1f} s, as {shards} shards {figures[1]:.1f} s in all",
          flush=True)


def replicated_output(folder: Path, articles: int) -> Path:
    """An output of about ``articles`` articles: the sample's run output, copy k with ``c<k>-`` before
    every id and its days shifted by k, one file per partition as a commit leaves it."""
    from pipelines.storage.partitions import file_table, partition_name, read_table, write_parquet_atomically

    seed = folder / "publish-seed"
    timed_cli("run", "--input", str(SAMPLE), "--output", str(seed), log=folder / "publish-seed.log")
    out = folder / f"publish-{articles}"
    copies = -(-articles // read_table(seed, "articles").num_rows)
    for name, table in TABLES.items():
        rows = read_table(seed, name)
        ids = [c for c in (table.primary_key, "article_id") if c in rows.column_names]
        shifted = pa.concat_tables(_copy(rows, ids, k) for k in range(copies))
        for day in pc.unique(shifted.column(PARTITION_COLUMN)).to_pylist():
            column = shifted.column(PARTITION_COLUMN)
            mask = pc.is_null(column) if day is None else pc.equal(column, pa.scalar(day, pa.date32()))
            write_parquet_atomically(file_table(name, shifted.filter(mask)),
                                     out / name / partition_name(day and day.isoformat()) / "part-bench.parquet")
    return out


def _copy(rows: pa.Table, ids: list[str], k: int) -> pa.Table:
    """Copy ``k`` of some rows: ``c<k>-`` before their ``ids`` columns, their days shifted by k."""
    for column in ids:
        rows = rows.set_column(rows.schema.get_field_index(column), column,
                               pc.binary_join_element_wise(f"c{k}-", rows.column(column), ""))
    days = pc.add(rows.column(PARTITION_COLUMN).cast(pa.int32()), pa.scalar(k, pa.int32())).cast(pa.date32())
    return rows.set_column(rows.schema.get_field_index(PARTITION_COLUMN), PARTITION_COLUMN, days)


def publish(folder: Path, articles: int) -> None:
    """The published-keys check and the DuckDB load (first, then with nothing changed) over an output."""
    from pipelines.storage.keys import check_unique_keys
    from pipelines.storage.partitions import partition_files

    out = replicated_output(folder, articles)
    partitions = len(partition_files(out, "articles"))
    started, cpu = time.perf_counter(), time.process_time()
    check_unique_keys(out)
    print(f"publish {articles} articles ({partitions} partitions per table): keys check "
          f"{time.perf_counter() - started:.1f} s, CPU {time.process_time() - cpu:.1f} s", flush=True)
    load = ("from pathlib import Path; from pipelines.warehouse.duckdb_load import load_duckdb; "
            f"load_duckdb(Path({str(out)!r}), Path({str(folder / 'publish.duckdb')!r}))")
    for step in ("first", "unchanged"):  # each in a process of its own, for its peak RSS
        r = timed([sys.executable, "-c", load], log=folder / f"publish-load-{step}.log")
        print(f"publish {articles} articles ({partitions} partitions per table): DuckDB load, {step} "
              f"{r.seconds:.1f} s, CPU {r.cpu:.1f} s, peak RSS {r.max_rss / MB:.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", default="run,backfill,dask", help="comma-separated: run, backfill, dask, publish")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--chunk-days", type=int, default=30)
    parser.add_argument("--dask-articles", type=int, default=2000)
    parser.add_argument("--dask-batch-size", type=int, default=100, help="smaller batches: even shares")
    parser.add_argument("--publish-articles", type=int, default=10000)
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
        if "publish" in sections:
            publish(folder, args.publish_articles)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
