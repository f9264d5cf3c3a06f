"""Crash safety at a size of several batches: kill -9 in the middle of the Beam job of a run and of a
backfill, then compare the healed output row for row with an uninterrupted run's."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.corpus import SAMPLE, read_records, scaled, write_jsonl
from pipelines.storage.commit import STAGING_DIR
from pipelines.transforms import BATCHES_DIR
from tests.conftest import REPO
from tests.test_faults import exited, finish, kill, row_sets, run, start, wait_for

pytestmark = pytest.mark.slow

ARTICLES = 120
BATCH = ["--batch-size", "30"]  # four batches


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The sample scaled to 120 articles, over about two months of publication days."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    write_jsonl(scaled(read_records(SAMPLE), ARTICLES), path)
    return path


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, corpus, env) -> dict:
    out = tmp_path_factory.mktemp("uninterrupted") / "out"
    result = run([corpus], out, env, *BATCH)
    assert result.returncode == 0, result.stderr[-3000:]
    tables = row_sets(out)
    assert len(tables["articles"]) == ARTICLES and tables["events"] and tables["statements"]
    return tables


def staged_batches(out: Path) -> int:
    return sum(1 for _ in out.rglob(f"{BATCHES_DIR}/*.json"))


def test_kill_9_in_the_middle_of_the_job_then_a_rerun_gives_the_uninterrupted_rows(tmp_path, corpus, env,
                                                                                   uninterrupted):
    out = tmp_path / "out"
    proc = start([corpus], out, env, *BATCH)
    wait_for(lambda: staged_batches(out / STAGING_DIR) >= 1 or exited(proc), "the first batch to be staged")
    kill(proc)
    assert staged_batches(out / STAGING_DIR) < 4, "the kill should land mid-job"
    rerun = run([corpus], out, env, *BATCH)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert row_sets(out) == uninterrupted


def backfill(corpus: Path, out: Path, env: dict) -> subprocess.Popen:
    """A ten-year backfill of the corpus, a month per chunk, in a session of its own."""
    command = [sys.executable, "-m", "flows.cli", "backfill", "--input", str(corpus), "--output", str(out),
               "--start", "2004-01-01", "--end", "2013-12-31", "--chunk-days", "30", *BATCH]
    logs = out.parent / f"{out.name}-{time.monotonic_ns()}"
    with open(f"{logs}.stdout", "w") as stdout, open(f"{logs}.stderr", "w") as stderr:
        proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=stdout, stderr=stderr, start_new_session=True)
    proc.logs = logs
    return proc


def test_a_backfill_killed_mid_job_resumes_from_its_staged_batches_with_the_rows_of_a_run(tmp_path, corpus,
                                                                                          env, uninterrupted):
    out = tmp_path / "out"
    proc = backfill(corpus, out, env)
    wait_for(lambda: staged_batches(out / "_backfill") >= 1 or exited(proc), "the first batch to be staged")
    kill(proc)
    assert staged_batches(out / "_backfill") < 4, "the kill should land mid-job"
    resumed = finish(backfill(corpus, out, env))
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    said = resumed.stdout + resumed.stderr  # the flow's prints go through Prefect's log
    assert "batches staged before an interruption: " in said
    assert int(said.split("batches staged before an interruption: ")[1].split()[0]) >= 1
    assert row_sets(out) == uninterrupted  # the same rows as one plain run over the archive
    again = finish(backfill(corpus, out, env))  # every day done: nothing read, nothing added
    assert again.returncode == 0, again.stderr[-3000:]
    assert "0 chunks to run" in again.stdout + again.stderr
    assert row_sets(out) == uninterrupted
