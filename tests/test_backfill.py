"""`dateline backfill`: chunk planning, the ledger, range filtering, skip on rerun, resume after a kill -9."""
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from flows.backfill import LEDGER, STAGING, BackfillLedger, Chunk, days_between, plan_chunks
from pipelines.faults import MARKER_ENV, PAUSE_ENV
from pipelines.storage.partitions import partition_files, read_table
from schemas.tables import TABLES
from tests.conftest import REPO, news_record, write_jsonl

D = [date(2022, 1, d) for d in range(17, 22)]


def test_plan_chunks_cover_pending_days_only_in_consecutive_runs():
    days = days_between(D[0], D[4])
    assert days == D
    assert plan_chunks(days, set(), 2) == [Chunk(D[0], D[1]), Chunk(D[2], D[3]), Chunk(D[4], D[4])]
    assert plan_chunks(days, {D[1], D[2]}, 7) == [Chunk(D[0], D[0]), Chunk(D[3], D[4])]
    assert plan_chunks(days, set(D), 1) == []
    planned = [day for chunk in plan_chunks(days, {D[3]}, 1) for day in chunk.days]
    assert planned == [D[0], D[1], D[2], D[4]]


def test_ledger_is_kept_per_input_set(tmp_path):
    archive_a, archive_b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    ledger_a = BackfillLedger(tmp_path, [str(archive_a)])
    ledger_a.record({D[0]: {"run_id": "r1", "rows": {}}})
    ledger_a.record({D[1]: {"run_id": "r2", "rows": {}}, D[0]: {"run_id": "r3", "rows": {}}})
    assert {d: e["run_id"] for d, e in BackfillLedger(tmp_path, [str(archive_a)]).entries().items()} == {
        D[0]: "r3", D[1]: "r2"}
    assert BackfillLedger(tmp_path, [str(archive_b)]).entries() == {}
    assert not list((tmp_path / LEDGER).parent.glob(".*"))  # no temporary file left behind


@pytest.fixture
def archive(tmp_path):
    """Two articles on each of 2022-01-17..20, one on 2022-01-25 (outside every range), a bad line."""
    records = [news_record(n, day.isoformat()) for n, day in enumerate(D[:4] * 2)]
    records += [news_record(99, "2022-01-25"), "not json"]
    return write_jsonl(tmp_path / "archive.jsonl", records)


def article_days(out) -> dict[str, int]:
    table = read_table(out, "articles")
    days = [d.isoformat() for d in table.column("published_date").to_pylist()]
    return {d: days.count(d) for d in sorted(set(days))}


def test_backfill_writes_only_days_in_range_and_a_rerun_skips_them(prefect_harness, tmp_path, archive):
    from prefect.artifacts import Artifact

    from flows.backfill import dateline_backfill

    out = tmp_path / "out"
    entries = dateline_backfill(inputs=[str(archive)], output=str(out), start=D[1], end=D[2], chunk_days=1)
    assert article_days(out) == {"2022-01-18": 2, "2022-01-19": 2}
    assert sorted(entries) == [D[1], D[2]]
    assert all(e["rows"]["articles"] == 2 and e["rows"]["temporal_expressions"] > 0 for e in entries.values())
    files = {table: partition_files(out, table) for table in ("articles", "events")}
    report = Artifact.get("dateline-backfill")
    assert "| 2022-01-18 | done now | 2 |" in report.data
    # One validation report for both chunks: one index, one run, one result page per table.
    assert f"(Data Docs): {out / '_validation' / 'index.html'}" in report.data
    pages = list((out / "_validation" / "validations").rglob("*.html"))
    assert len(pages) == len(TABLES) and len({page.parent.parent.name for page in pages}) == 1

    again = dateline_backfill(inputs=[str(archive)], output=str(out), start=D[1], end=D[2], chunk_days=2)
    assert again == entries  # nothing redone: same runs recorded ...
    assert {table: partition_files(out, table) for table in files} == files  # ... and no file rewritten
    assert "| 2022-01-19 | done earlier (skipped) | 2 |" in Artifact.get("dateline-backfill").data


@pytest.mark.slow
def test_backfill_killed_halfway_does_the_rest_and_no_more(prefect_harness, tmp_path, archive):
    from prefect.settings import PREFECT_API_URL

    from flows.backfill import dateline_backfill

    out = tmp_path / "out"
    marker = tmp_path / "paused"
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(REPO),
           PAUSE_ENV: "backfill_chunk", MARKER_ENV: str(marker)}
    command = [sys.executable, "-m", "flows.cli", "backfill", "--input", str(archive), "--output", str(out),
               "--start", "2022-01-17", "--end", "2022-01-20", "--chunk-days", "1"]
    process = subprocess.Popen(command, env=env, cwd=REPO, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while not marker.exists() and time.monotonic() < deadline:  # paused after its first chunk
            assert process.poll() is None, "backfill exited before the first day was recorded"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    first = {d: e["run_id"] for d, e in BackfillLedger(out, [str(archive)]).entries().items()}
    assert first and set(first) == {D[0]}, "the kill lands after the first chunk"

    entries = dateline_backfill(inputs=[str(archive)], output=str(out), start=D[0], end=D[3])
    assert sorted(entries) == D[:4]
    assert {d: entries[d]["run_id"] for d in first} == first  # days done before the kill were not redone
    assert len({entries[d]["run_id"] for d in D[:4] if d not in first}) == 1  # one read for the rest
    assert article_days(out) == {day.isoformat(): 2 for day in D[:4]}
    for day, run_id in first.items():
        assert [f.name for f in partition_files(out, "articles")[day.isoformat()]] == [f"part-{run_id}.parquet"]
    undated = read_table(out, "rejects").column("reason").to_pylist()
    assert len(undated) == 1 and undated[0].startswith("malformed JSON")  # found on each read, kept once
    assert not (out / STAGING).exists() or not any((out / STAGING).iterdir())

    forced = dateline_backfill(inputs=[str(archive)], output=str(out), start=D[0], end=D[0], force=True)
    assert forced[D[0]]["run_id"] != entries[D[0]]["run_id"]
    assert article_days(out) == {day.isoformat(): 2 for day in D[:4]}
