"""The real CLI over hostile input: every record in exactly one of articles/rejects, nothing else lost.

Cases of issue 15: lone surrogates, calendar-edge dates (JSON and WARC-Date), integers of more than
4,300 digits, JSON nested 50,000 deep, a truncated gzip, a gzip bomb, a BOM, ``en-US``, zero-width
text, a text over the parser's limit, ``.ndjson``/``.json``/``.jsonl.gzip`` files, a FIFO, a link out
of the input tree, an empty ``--input``, and ``watch`` over a file with one bad record.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipelines.storage.partitions import read_table
from tests.conftest import REPO, news_record, write_jsonl
from tests.hostile_inputs import build
from tests.test_faults import run

pytestmark = pytest.mark.slow


def _strings(out: Path) -> str:
    """Every string in every table of the DuckDB file, joined."""
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        return "\n".join(str(v) for name in ("articles", "rejects") for row in
                         con.execute(f"SELECT * FROM {name}").fetchall() for v in row)


def test_hostile_records_are_rejects_and_their_neighbours_articles(tmp_path, env):
    corpus = build(tmp_path / "in", outside=tmp_path / "outside")
    out = tmp_path / "out"
    result = run([corpus.folder], out, env)
    assert result.returncode == 0, result.stderr[-3000:]
    articles = Counter(read_table(out, "articles").column("article_id").to_pylist())
    rejects = Counter(read_table(out, "rejects").column("record_ref").to_pylist())
    assert set(articles) == corpus.articles and set(articles.values()) == {1}
    assert set(rejects) == corpus.rejects and set(rejects.values()) == {1}
    printed = result.stdout + result.stderr  # the flow logs its prints
    for path in corpus.not_read:
        assert path in printed  # listed in the summary, with why
    assert f"files not read    {len(corpus.not_read)}" in printed
    assert corpus.secret not in _strings(out)


@pytest.mark.parametrize("kind", ["empty", "fifo"])
def test_an_empty_input_or_a_fifo_is_one_line_and_exit_2(tmp_path, env, kind):
    given = ""
    if kind == "fifo":
        given = str(tmp_path / "pipe.jsonl")
        os.mkfifo(given)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "flows.cli", "run", "--input", given, "--output", str(out)]
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("dateline: error: ")
    assert not out.exists()


def test_watch_reads_the_good_records_of_a_file_with_a_bad_one(tmp_path, env):
    folder = tmp_path / "incoming"
    folder.mkdir()
    path = write_jsonl(folder / "batch.jsonl", [
        news_record(1), '{"id": "x", "published": "2022-01-19", "text": "bad \\ud800"}', news_record(2)])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "flows.cli", "watch", "--input", str(folder), "--output", str(out),
               "--once", "--interval", "1s"]
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(read_table(out, "articles").column("article_id").to_pylist()) == ["wire-1", "wire-2"]
    assert read_table(out, "rejects").column("record_ref").to_pylist() == [f"{path}:2"]
