"""The real CLI on one output over time: keys hold across runs, runs, outputs and warehouses.

Issue 15, cases 1-4 and 7: a lock that deleting files cannot lose, one warehouse per output, an
article moved by a corrected date, rejects keyed by (stage, source, record_ref) with rerun
semantics, and a failed threshold that keeps its rejects. Each test checks that every record of the
run is in exactly one of articles/rejects.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipelines.storage.partitions import read_table
from tests.conftest import REPO, news_record, write_jsonl
from tests.test_faults import assert_clean, finish, paused_at, row_sets, run

pytestmark = pytest.mark.slow


def cli(args: list[str], env: dict, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], env={**env, "PYTHONPATH": str(REPO)},
                          cwd=cwd, capture_output=True, text=True, timeout=900)


def refs(out: Path) -> Counter:
    return Counter(read_table(out, "rejects").column("record_ref").to_pylist())


def article_days(out: Path) -> dict[str, list]:
    days: dict[str, list] = {}
    for row in read_table(out, "articles").select(["article_id", "published_date"]).to_pylist():
        days.setdefault(row["article_id"], []).append(row["published_date"].isoformat())
    return days


def test_a_deleted_lock_file_or_output_never_lets_two_runs_share_one(tmp_path, env):
    source = write_jsonl(tmp_path / "in.jsonl", [news_record(n) for n in range(3)])
    out = tmp_path / "out"
    first, marker = paused_at("validation_start", [source], out, env, tmp_path)
    (out / ".dateline.lock").unlink()
    refused = cli(["run", "--input", str(source), "--output", str(out)], env)
    assert refused.returncode == 2 and "is in use by another dateline run" in refused.stderr
    shutil.rmtree(out)  # the whole output, under the paused run
    second = run([source], out, env)
    assert second.returncode == 0, second.stderr[-3000:]
    expected = row_sets(out)
    marker.unlink()
    stopped = finish(first)
    assert stopped.returncode == 2
    assert "was removed or replaced while this run was working; nothing was published" in stopped.stderr
    assert row_sets(out) == expected and sorted(article_days(out)) == ["wire-0", "wire-1", "wire-2"]
    assert_clean(out)


def test_rejects_are_keyed_and_replaced_by_a_rerun(tmp_path, env):
    lines = [news_record(1), '{"id": "broken", ', {**news_record(2), "text": " "}]
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out"
    relative = cli(["run", "--input", "in.jsonl", "--output", str(out)], env, cwd=tmp_path)
    assert relative.returncode == 0, relative.stderr[-3000:]
    assert refs(out) == Counter({f"{source}:2": 1, f"{source}:3": 1})
    twice = run([source, source], out, env)  # absolute, and the same file twice
    assert twice.returncode == 0, twice.stderr[-3000:]
    assert refs(out) == Counter({f"{source}:2": 1, f"{source}:3": 1})
    # Line 2 now succeeds; line 3 fails for another reason.
    write_jsonl(source, [news_record(1), news_record(2), {**news_record(3), "published": "yesterday"}])
    fixed = run([source], out, env)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    [reject] = read_table(out, "rejects").to_pylist()
    assert reject["record_ref"] == f"{source}:3" and reject["reason"].startswith("unparseable publication date")
    assert sorted(article_days(out)) == ["wire-1", "wire-2"]
    assert "rejected          1 (parse 1)" in fixed.stdout + fixed.stderr  # the summary agrees with the table


def test_a_corrected_date_moves_the_article_and_a_second_output_cannot_take_its_warehouse(tmp_path, env):
    wire = [news_record(1, "2022-01-18"), news_record(2, "2022-01-18")]
    copy = {**news_record(2, "2022-01-18"), "id": "outlet-copy", "source": "another-outlet"}  # republished
    first = write_jsonl(tmp_path / "day1.jsonl", [*wire, copy])
    out, db = tmp_path / "out", tmp_path / "shared.duckdb"
    assert run([first], out, env, "--duckdb", str(db)).returncode == 0
    corrected = {**news_record(1, "2022-01-19"), "text": news_record(1)["text"] + " The mayor confirmed it."}
    second = write_jsonl(tmp_path / "fix.jsonl", [corrected])
    assert run([second], out, env, "--duckdb", str(db)).returncode == 0
    assert article_days(out) == {"wire-1": ["2022-01-19"], "wire-2": ["2022-01-18"], "outlet-copy": ["2022-01-18"]}
    statements = read_table(out, "statements").to_pylist()
    assert {s["article_id"] for s in statements} == {"wire-1", "wire-2", "outlet-copy"}
    assert all(s["published_date"].isoformat() == "2022-01-19" for s in statements if s["article_id"] == "wire-1")
    assert all("confirmed" not in s["quote_text"] or s["article_id"] == "wire-1" for s in statements)
    hashes = {a["article_id"]: a["content_sha256"] for a in read_table(out, "articles").to_pylist()}
    assert hashes["wire-2"] == hashes["outlet-copy"]
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT article_id, published_date FROM articles ORDER BY 1").fetchall()
    assert [(a, d.isoformat()) for a, d in before] == [
        ("outlet-copy", "2022-01-18"), ("wire-1", "2022-01-19"), ("wire-2", "2022-01-18")]
    other = run([second], tmp_path / "other-out", env, "--duckdb", str(db))
    assert other.returncode == 2
    [line] = [l for l in other.stderr.splitlines() if l.startswith("dateline: error:")]
    assert "the Parquet tables are published, but the warehouse is stale" in line
    assert "holds the tables of another output" in line
    assert "Traceback" not in other.stderr  # Prefect's failure logs keep their message, not the trace
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT article_id, published_date FROM articles ORDER BY 1").fetchall() == before


def test_over_the_failure_threshold_the_rejects_are_published_and_nothing_else(tmp_path, env):
    old = {**news_record(2), "published": "1980-05-01"}  # parses, fails validation (before 1990)
    source = write_jsonl(tmp_path / "in.jsonl", [news_record(1), old, '{"id": "broken", '])
    out = tmp_path / "out"
    failed = run([source], out, env, "--failure-threshold", "0")
    assert failed.returncode == 3
    rejects = {r["record_ref"]: r["stage"] for r in read_table(out, "rejects").to_pylist()}
    assert f"nothing was published but the run's {len(rejects)} rejects" in failed.stderr
    assert read_table(out, "articles").num_rows == 0
    assert rejects.pop(f"{source}:3") == "parse" and rejects.pop("articles:wire-2") == "validate"
    # the rest are wire-2's extraction rows, orphaned by their article's failure
    assert all(ref.split(":", 1)[1].startswith("wire-2:") and stage == "validate" for ref, stage in rejects.items())
