"""`dateline watch`: stable-file detection, the ledger, and exactly-once across a kill -9 of the real command."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.watch import FileVersion, StableFiles, WatchLedger, scan
from pipelines.storage.commit import STAGING_DIR
from pipelines.storage.partitions import read_table
from tests.conftest import REPO, news_record, write_jsonl


def lines(records: list) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_a_growing_file_is_taken_only_when_unchanged_across_two_polls(tmp_path):
    feed = tmp_path / "in" / "a.jsonl"
    feed.parent.mkdir()
    (feed.parent / ".partial.jsonl").write_text(lines([news_record(0)]))  # hidden: never taken
    stable = StableFiles()
    feed.write_text(lines([news_record(1)]))
    assert stable(scan(str(feed.parent))) == []  # first sight
    with open(feed, "a") as handle:
        handle.write(lines([news_record(2)])[:40])  # a writer mid-line
    assert stable(scan(str(feed.parent))) == []  # grew since the last poll
    assert stable(scan(str(feed.parent))) == [str(feed)]  # unchanged across two polls
    os.utime(feed, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert stable(scan(str(feed.parent))) == []  # touched: a new version, wait again


def test_ledger_skips_recorded_versions_only(tmp_path):
    ledger = WatchLedger(tmp_path)
    a, b = FileVersion(10, 1), FileVersion(20, 2)
    ledger.record({"/in/a.jsonl": a}, run_id="r1")
    assert ledger.pending({"/in/a.jsonl": a, "/in/b.jsonl": b}) == {"/in/b.jsonl": b}
    changed = FileVersion(11, 3)
    assert ledger.pending({"/in/a.jsonl": changed}) == {"/in/a.jsonl": changed}
    assert WatchLedger(tmp_path).entries()["/in/a.jsonl"]["run_id"] == "r1"


def test_watch_once_commits_new_files_then_skips_them(prefect_harness, tmp_path, caplog):
    from flows.watch import watch

    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    write_jsonl(inbox / "a.jsonl", [news_record(n) for n in range(2)])
    write_jsonl(inbox / "b.jsonl", [news_record(n) for n in range(2, 4)] + ["not json"])
    watch(str(inbox), str(out), interval=0.2, once=True)
    assert sorted(read_table(out, "articles").column("article_id").to_pylist()) == sorted(
        read_table(out, "articles").column("article_id").unique().to_pylist())
    assert read_table(out, "articles").num_rows == 4 and read_table(out, "rejects").num_rows == 1
    entries = WatchLedger(out).entries()
    assert sorted(entries) == [str(inbox / "a.jsonl"), str(inbox / "b.jsonl")]
    assert "lag from arrival to committed rows" in caplog.text

    watch(str(inbox), str(out), interval=0.2, once=True)
    assert WatchLedger(out).entries() == entries  # nothing reprocessed


def wait_for(condition, what: str, process: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"dateline watch exited while waiting for {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def start_watch(prefect_harness, tmp_path):
    """Starts `dateline watch` processes in their own process groups; kills what is left at the end."""
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(REPO)}
    started: list[subprocess.Popen] = []

    def start(inbox: Path, out: Path) -> subprocess.Popen:
        log = open(tmp_path / f"watch-{len(started)}.log", "w")
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "watch", "--input", str(inbox), "--output", str(out),
             "--interval", "0.3s"], env=env, cwd=REPO, start_new_session=True, stdout=log, stderr=log)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.slow
def test_watch_exactly_once_across_kill_and_growing_file_not_taken(start_watch, tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    ledger = WatchLedger(out)
    process = start_watch(inbox, out)

    # A file written slowly, changing more often than the poll interval, is taken only once whole.
    growing = inbox / "growing.jsonl"
    whole = lines([news_record(n) for n in range(3)])
    half = len(whole) // 2
    pieces = [whole[start:start + 40] for start in range(half, len(whole), 40)]  # ~0.1 s apart
    growing.write_text(whole[:half])
    for piece in pieces:
        time.sleep(0.1)
        with open(growing, "a") as handle:
            handle.write(piece)
        assert str(growing) not in ledger.entries()
    assert growing.read_text() == whole
    wait_for(lambda: str(growing) in ledger.entries(), "the growing file to be committed", process)
    assert read_table(out, "articles").num_rows == 3 and read_table(out, "rejects").num_rows == 0
    first_run = ledger.entries()[str(growing)]["run_id"]

    # Killed with -9 in the middle of the next batch, then restarted: the file is committed once.
    write_jsonl(inbox / "late.jsonl", [news_record(n) for n in range(3, 6)] + ["not json"])
    wait_for(lambda: (out / STAGING_DIR).is_dir() and any((out / STAGING_DIR).iterdir()),
             "the next batch to start", process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert str(inbox / "late.jsonl") not in ledger.entries()

    process = start_watch(inbox, out)
    wait_for(lambda: str(inbox / "late.jsonl") in ledger.entries(), "the late file to be committed", process)
    articles = read_table(out, "articles").column("article_id").to_pylist()
    assert len(articles) == len(set(articles)) == 6
    assert read_table(out, "rejects").num_rows == 1
    assert ledger.entries()[str(growing)]["run_id"] == first_run  # not reprocessed after the restart
    assert not list((out / STAGING_DIR).iterdir())  # the killed batch's staging area was recovered
