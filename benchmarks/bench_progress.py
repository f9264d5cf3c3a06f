"""What progress output costs a run: the Beam job with and without ``job_progress`` around it
(log lines and the Prefect progress artifact), alternating in one process, and the workers' cost of
counting records for it.

    .venv/bin/python benchmarks/bench_progress.py [--articles 60] [--repeats 5]

The jobs run inside one Prefect flow on Prefect's temporary server, as `dateline run` runs them.
Both variants count records in the workers (``pipelines.job_progress``); that cost is measured
apart, per call, and given per record (three counts per record: read, queued, processed).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import timeit
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from benchmarks.corpus import SAMPLE, read_records, scaled, write_jsonl  # noqa: E402

COUNTS_PER_RECORD = 3


def note_seconds(work: Path, calls: int = 200_000) -> float:
    """Seconds one ``job_progress.note`` call takes in a worker."""
    from pipelines.job_progress import note

    return timeit.timeit(lambda: note(work, "bench"), number=calls) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-progress-") as tmp:
        work = Path(tmp)
        os.environ["PREFECT_HOME"] = str(work / "prefect-home")
        os.environ.pop("PREFECT_API_URL", None)
        from prefect import flow

        from flows.progress import job_progress
        from pipelines import job

        corpus = work / "corpus.jsonl"
        write_jsonl(list(scaled(read_records(SAMPLE), args.articles)), corpus)

        @flow(name="bench-progress")
        def timed_jobs() -> dict[str, list[float]]:
            walls: dict[str, list[float]] = {"without progress": [], "with progress": []}
            for i in range(args.repeats):
                for label in walls:
                    staging = work / f"staging-{i}-{label.split()[0]}"
                    config = job.JobConfig(inputs=[str(corpus)], staging_dir=staging, run_id=f"bench-{i}",
                                           started_at=datetime.now(timezone.utc))
                    shown = job_progress(staging, "bench", "bench-progress") if label == "with progress" \
                        else nullcontext()
                    started = time.perf_counter()
                    with shown:
                        job.run(config)
                    walls[label].append(time.perf_counter() - started)
            return walls

        walls = timed_jobs()
        per_note = note_seconds(work)
    without, with_ = (statistics.median(walls[k]) for k in ("without progress", "with progress"))
    print(f"Beam job, {args.articles} articles, medians of {args.repeats} alternating runs:")
    for label, values in walls.items():
        print(f"  {label:<17} {statistics.median(values):7.2f} s  ({min(values):.2f}-{max(values):.2f})")
    print(f"  ratio with/without {with_ / without:.3f}")
    per_record = COUNTS_PER_RECORD * per_note
    print(f"workers' counting: {per_note * 1e6:.2f} us per count, {per_record * 1e6:.2f} us per record "
          f"({100 * per_record / (without / args.articles):.4f}% of the job's {without / args.articles * 1e3:.0f} ms "
          "per article)")


if __name__ == "__main__":
    main()
