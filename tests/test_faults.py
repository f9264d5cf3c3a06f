"""Fault tests on the real pipeline: the `dateline` CLI in a subprocess, killed, locked out, starved of disk.

Every scenario ends by comparing the output tables (and the DuckDB file) with
those of one uninterrupted run over the same input, ignoring the columns that
differ between runs (run_id, ingested_at, rejected_at).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from pipelines.faults import MARKER_ENV, PAUSE_ENV, RAISE_ENV
from pipelines.ingest.readers import read_input
from pipelines.storage.partitions import read_table
from schemas.tables import TABLES
from tests.conftest import REPO, news_record, write_jsonl

pytestmark = pytest.mark.slow

PER_RUN = ("run_id", "ingested_at", "rejected_at")
RUN_TIMEOUT = 900
MB = 1024 * 1024


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    max_rss: int  # bytes, the largest process of the run


def start(inputs: list[Path], out: Path, env: dict, *extra: str, **faults: str) -> subprocess.Popen:
    """Start a run in a session of its own; its output goes to files beside ``out``."""
    command = [sys.executable, "-m", "flows.cli", "run", "--input", *map(str, inputs), "--output", str(out), *extra]
    logs = out.parent / f"{out.name}-{time.monotonic_ns()}"
    with open(f"{logs}.stdout", "w") as stdout, open(f"{logs}.stderr", "w") as stderr:
        proc = subprocess.Popen(command, env={**env, **faults}, cwd=REPO, stdout=stdout, stderr=stderr,
                                start_new_session=True)
    proc.logs = logs
    return proc


def finish(proc: subprocess.Popen) -> Run:
    """Wait for a run; its exit status, output, and peak RSS from the kernel's ``wait4`` rusage."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    _reap_leftovers(proc)
    return Run(proc.returncode, Path(f"{proc.logs}.stdout").read_text(), Path(f"{proc.logs}.stderr").read_text(),
               usage.ru_maxrss * 1024)


def run(inputs: list[Path], out: Path, env: dict, *extra: str, **faults: str) -> Run:
    """One complete run."""
    return finish(start(inputs, out, env, *extra, **faults))


def exited(proc: subprocess.Popen) -> bool:
    """Whether the run has ended, without reaping it (``finish`` reads its rusage)."""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _reap_leftovers(proc: subprocess.Popen) -> None:
    """A killed run leaves its Prefect server process behind: end what is left of its session."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def paused_at(point: str, inputs: list[Path], out: Path, env: dict, tmp: Path) -> tuple[subprocess.Popen, Path]:
    """Start a run and wait until it stands at ``point``; returns it and its marker file."""
    marker = tmp / f"paused-{point}"
    proc = start(inputs, out, env, **{PAUSE_ENV: point, MARKER_ENV: str(marker)})
    wait_for(lambda: marker.exists() or exited(proc), f"the run to reach {point}")
    assert not exited(proc), f"the run ended before {point}: {finish(proc).stderr[-2000:]}"
    return proc, marker


def wait_for(condition, what: str, timeout: float = RUN_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def kill(proc: subprocess.Popen) -> None:
    """``kill -9`` the run's process (only it, as the OOM killer would), then tidy up."""
    os.kill(proc.pid, signal.SIGKILL)
    assert finish(proc).returncode == -signal.SIGKILL


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def row_sets(out: Path) -> dict[str, set[tuple]]:
    """Every table's rows as a set, without the columns that differ from run to run."""
    sets = {}
    for name in TABLES:
        table = read_table(out, name)
        table = table.drop_columns([c for c in PER_RUN if c in table.column_names])
        sets[name] = {tuple(_hashable(v) for v in row.values()) for row in table.to_pylist()}
    return sets


def warehouse_sets(db: Path) -> dict[str, set[tuple]]:
    """The same for the DuckDB file."""
    with duckdb.connect(str(db), read_only=True) as con:
        sets = {}
        for name in TABLES:
            columns = [c for c in TABLES[name].column_names if c not in PER_RUN]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()
            sets[name] = {tuple(_hashable(v) for v in row) for row in rows}
    return sets


def published_files(out: Path) -> dict[Path, bytes]:
    """The visible Parquet files of every table, with their bytes."""
    return {p: p.read_bytes() for name in TABLES for p in (out / name).rglob("part-*.parquet")}


def assert_clean(out: Path) -> None:
    """No journal, no staging area, no temporary file anywhere; every visible file reads as Parquet."""
    for folder in (out / "_commits", out / "_staging"):
        assert not folder.exists() or not any(folder.iterdir()), f"leftovers in {folder}"
    for name in TABLES:
        hidden = [p for p in (out / name).rglob(".*")] if (out / name).exists() else []
        assert hidden == [], f"temporary files left in {name}: {hidden}"
        if (out / name).exists():
            ds.dataset(out / name, format="parquet", partitioning=ds.partitioning(
                pa.schema([("published_date", pa.date32())]), flavor="hive")).to_table()


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """Eight small articles on three days, one malformed line, one republished copy (same text, new id)."""
    path = tmp_path_factory.mktemp("input") / "articles.jsonl"
    records = [news_record(n, day) for n, day in zip(range(8), ["2022-01-17", "2022-01-18", "2022-01-19"] * 3)]
    duplicate = {**records[0], "id": "copy-of-0"}
    return write_jsonl(path, [*records, '{"id": "broken", ', duplicate])


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, articles, env) -> dict:
    """One uninterrupted run: the tables every scenario must end with."""
    out = tmp_path_factory.mktemp("baseline") / "out"
    result = run([articles], out, env)
    assert result.returncode == 0, result.stderr[-3000:]
    tables = row_sets(out)
    assert len(tables["articles"]) == 9 and len(tables["rejects"]) == 1 and tables["statements"]
    return {"out": out, "tables": tables, "warehouse": warehouse_sets(out / "warehouse.duckdb")}


@pytest.mark.parametrize("point", ["job_start", "validation_start", "commit_write", "commit_apply", "duckdb_load"])
def test_kill_at_a_point_then_rerun_gives_the_uninterrupted_tables(point, tmp_path, articles, env, baseline):
    out = tmp_path / "out"
    proc, _ = paused_at(point, [articles], out, env, tmp_path)
    kill(proc)
    if point != "duckdb_load":  # before the renames nothing is visible; after them everything is
        assert all(not rows for rows in row_sets(out).values())
    rerun = run([articles], out, env)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert row_sets(out) == baseline["tables"]
    assert warehouse_sets(out / "warehouse.duckdb") == baseline["warehouse"]
    assert_clean(out)


def test_kill_while_the_beam_job_is_staging_files(tmp_path, articles, env, baseline):
    out = tmp_path / "out"
    proc = start([articles], out, env)
    wait_for(lambda: any((out / "_staging").rglob("*.parquet")) or exited(proc),
             "the Beam job to stage its first file")
    kill(proc)
    assert all(not rows for rows in row_sets(out).values())
    rerun = run([articles], out, env)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert row_sets(out) == baseline["tables"]
    assert_clean(out)


def test_a_second_run_on_the_same_output_is_refused_and_the_first_completes(tmp_path, articles, env, baseline):
    out = tmp_path / "out"
    first, marker = paused_at("validation_start", [articles], out, env, tmp_path)
    second = run([articles], out, env)
    assert second.returncode == 2
    assert f"dateline: error: output directory {out} is in use by another dateline run" in second.stderr
    marker.unlink()  # let the first run go on
    completed = finish(first)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert row_sets(out) == baseline["tables"]
    assert_clean(out)


def test_an_output_path_that_is_a_file_fails_clearly(tmp_path, articles, env):
    out = tmp_path / "out"
    out.write_text("not a directory")
    result = run([articles], out, env)
    assert result.returncode != 0
    assert f"--output: {out} exists and is not a folder" in result.stderr  # the CLI's pre-flight check
    assert out.read_text() == "not a directory"


def test_unwritable_staging_area_fails_clearly_and_keeps_the_published_tables(tmp_path, articles, env, baseline):
    out = tmp_path / "out"
    shutil.copytree(baseline["out"], out)
    shutil.rmtree(out / "_staging", ignore_errors=True)
    (out / "_staging").write_text("a file where the staging directory goes")
    result = run([articles], out, env)
    assert result.returncode != 0
    assert "_staging" in result.stderr
    assert row_sets(out) == baseline["tables"]


def test_a_write_that_fails_midway_keeps_the_previous_partitions(tmp_path, articles, env, baseline):
    out = tmp_path / "out"
    shutil.copytree(baseline["out"], out)
    before = published_files(out)
    result = run([articles], out, env, **{RAISE_ENV: "commit_write"})
    assert result.returncode != 0
    assert "No space left on device" in result.stderr
    assert published_files(out) == before
    assert row_sets(out) == baseline["tables"]
    rerun = run([articles], out, env)  # the next run clears the failed run's hidden files
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert row_sets(out) == baseline["tables"]
    assert_clean(out)


def reader_peak(path: Path, warm_up: Path) -> int:
    """Peak bytes Python allocates while every record of ``path`` is read (and dropped), after
    ``warm_up`` was read once: the reader's one-time loads (the language model, ~65 MB) are not
    what a record costs, and whether an earlier test made them depends on the order tests run in."""
    for _ in read_input(str(warm_up)):
        pass
    tracemalloc.start()
    try:
        for _ in read_input(str(path)):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_article_is_rejected_without_loading_it(tmp_path, articles, env):
    big = tmp_path / "big.jsonl"
    with open(big, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "huge", "published": "2022-01-19", "text": "word " * (10 * MB)}) + "\n")
        handle.write(articles.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    result = run([big], out, env)
    assert result.returncode == 0, result.stderr[-3000:]
    rejects = read_table(out, "rejects").to_pylist()
    huge = [r for r in rejects if r["record_ref"].endswith(":1")]
    assert len(huge) == 1 and "too large" in huge[0]["reason"]
    assert len(huge[0]["payload"].encode()) <= 64 * 1024
    assert read_table(out, "articles").num_rows == 9
    assert result.max_rss < 1536 * MB
    # The reader streams: its peak allocation is the size limit's head, not the 50 MB record.
    assert reader_peak(big, warm_up=articles) < 16 * MB


def test_a_million_line_file_is_streamed(tmp_path, articles, env):
    """1,000,000 lines (100 MB), all blank but eight articles spread through it: read as a stream.

    Blank lines are not records, so the run extracts eight articles; the reader's own peak
    allocation shows the file is streamed. (A million real records is a benchmark,
    ``benchmarks/corpus.py --lines``, not a test: the extraction alone takes hours on 2 cores.)
    """
    path = tmp_path / "million.jsonl"
    filler = (" " * 99 + "\n").encode()
    records = [(json.dumps(news_record(n)) + "\n").encode() for n in range(8)]
    with open(path, "wb") as handle:
        for record in records:
            handle.write(filler * (125_000 - 1) + record)
    assert sum(1 for _ in open(path, "rb")) == 1_000_000
    out = tmp_path / "out"
    result = run([path], out, env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert read_table(out, "articles").num_rows == 8
    assert result.max_rss < 1536 * MB
    assert reader_peak(path, warm_up=articles) < 16 * MB  # loading the file whole would take its 100 MB
