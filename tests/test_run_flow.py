"""`dateline run` end to end on the real stack: Beam (FnApiRunner), Great Expectations, Parquet, DuckDB."""
import os
import shutil
import subprocess
import sys

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.run_flow import dateline_run
from pipelines.storage.partitions import partition_files, read_table
from schemas.tables import SCHEMA_VERSION
from tests.conftest import news_record, write_jsonl

MALFORMED = ['{"id": "broken", ', "not json at all", '{"id": "x", "published": "2022-01-19", "text": "a" ']


@pytest.fixture(scope="module")
def ten_and_three(tmp_path_factory):
    records = [news_record(n) for n in range(10)]
    lines = records[:4] + MALFORMED[:1] + records[4:8] + MALFORMED[1:] + records[8:]
    return write_jsonl(tmp_path_factory.mktemp("ten-and-three") / "in.jsonl", lines)


@pytest.fixture(scope="module")
def first_run(prefect_harness, tmp_path_factory, ten_and_three):
    """One run over ``ten_and_three`` (loaded into DuckDB): (output folder, summary). Tests that run
    again work on a copy."""
    out = tmp_path_factory.mktemp("first-run") / "out"
    return out, dateline_run(inputs=[str(ten_and_three)], output=str(out))


def test_ten_good_three_malformed_and_idempotent_rerun(tmp_path, ten_and_three, first_run):
    out = tmp_path / "out"
    shutil.copytree(first_run[0], out)
    first = first_run[1]
    articles = read_table(out, "articles")
    rejects = read_table(out, "rejects")
    assert articles.num_rows == 10
    assert rejects.num_rows == 3
    assert sorted(rejects.column("record_ref").to_pylist(), key=lambda ref: int(ref.rsplit(":", 1)[1])) == [
        f"{ten_and_three}:5", f"{ten_and_three}:10", f"{ten_and_three}:11"]
    assert all(r.startswith("malformed JSON") for r in rejects.column("reason").to_pylist())
    assert first.articles_written == 10 and first.rejected == {"parse": 3}
    assert read_table(out, "temporal_expressions").num_rows > 0
    assert read_table(out, "statements").num_rows > 0

    ids = sorted(articles.column("article_id").to_pylist())
    counts = {t: read_table(out, t).num_rows for t in ("articles", "temporal_expressions", "events",
                                                     "statements", "rejects")}
    dateline_run(inputs=[str(ten_and_three)], output=str(out))
    assert sorted(read_table(out, "articles").column("article_id").to_pylist()) == ids
    assert {t: read_table(out, t).num_rows for t in counts} == counts
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 10
        assert con.execute("select count(*) from rejects").fetchone()[0] == 3


def test_files_are_partitioned_zstd_and_versioned(first_run):
    out = first_run[0]
    files = partition_files(out, "articles")
    assert list(files) == ["2022-01-19"]
    meta = pq.ParquetFile(files["2022-01-19"][0])
    assert meta.schema_arrow.metadata[b"dateline.schema_version"] == SCHEMA_VERSION.encode()
    assert meta.metadata.row_group(0).column(0).compression == "ZSTD"
    assert (out / "_validation").is_dir()
    assert not (out / "_staging").exists() or not any((out / "_staging").iterdir())


def test_sample_html_pages_with_no_date_or_text_are_rejected(sample_html_run):
    out, summary = sample_html_run
    reasons = read_table(out, "rejects").column("reason").to_pylist()
    assert any(r.startswith("no publication date") for r in reasons)
    assert any(r.startswith("no article text") for r in reasons)
    assert summary.articles_written == read_table(out, "articles").num_rows >= 1


def test_cli_missing_input_is_fatal_with_clear_message(tmp_path):
    result = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--input", str(tmp_path / "nope.jsonl"),
                             "--output", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "input path does not exist" in result.stderr


def test_cli_run_without_a_server_uses_the_one_temporary_server_it_started(tmp_path, ten_and_three):
    """No PREFECT_API_URL, a fresh Prefect home: the server started while the CLI imports is the flow's."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), GX_ANALYTICS_ENABLED="false")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--input", str(ten_and_three),
                             "--output", str(out)], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (result.stdout + result.stderr).count("Starting temporary server") == 1
    assert read_table(out, "articles").num_rows == 10


def test_summary_counts_articles_kept_but_not_extracted():
    from flows.run_flow import RunSummary

    assert "not English       2 (kept in articles; extractors skipped)" in RunSummary("r", not_extracted=2).render()
    assert "not English" not in RunSummary("r").render()
