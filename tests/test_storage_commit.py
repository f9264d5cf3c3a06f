"""Publishing into the output tables: upserts, idempotent reruns, crash recovery, the output lock."""

from datetime import date

import pytest

from pipelines.rejects import reject_row
from pipelines.storage import commit as commit_mod
from pipelines.storage.commit import JOURNAL_DIR, commit, recover
from pipelines.storage.lock import OutputLock, OutputLocked
from pipelines.storage.partitions import partition_files, read_table
from schemas.arrow import to_arrow
from tests.sample_tables import NOW, article, timex

D1, D2 = date(2022, 1, 19), date(2022, 1, 18)


def batch(articles: list[dict], timexes: list[dict], rejects: list[dict] = ()) -> tuple[dict, dict]:
    tables = {"articles": to_arrow("articles", articles),
              "temporal_expressions": to_arrow("temporal_expressions", timexes),
              "rejects": to_arrow("rejects", list(rejects))}
    return tables, {a["article_id"]: a["published_date"] for a in articles}


def ids(root, table, column="article_id"):
    return sorted(read_table(root, table).column(column).to_pylist())


def test_rerun_replaces_rows_and_other_articles_survive(tmp_path):
    tables, processed = batch([article("a", D1), article("b", D2)], [timex("a", D1, 1), timex("a", D1, 2)])
    commit(tmp_path, tables, processed, "run1")
    commit(tmp_path, tables, processed, "run2")
    assert ids(tmp_path, "articles") == ["a", "b"]
    assert ids(tmp_path, "temporal_expressions", "timex_id") == ["a:T1", "a:T2"]
    # A later batch with another article of the same day keeps the first batch's rows ...
    tables, processed = batch([article("c", D1)], [timex("c", D1, 1)])
    commit(tmp_path, tables, processed, "run3")
    assert ids(tmp_path, "articles") == ["a", "b", "c"]
    # ... and reprocessing "a" with fewer timexes drops the stale one.
    tables, processed = batch([article("a", D1)], [timex("a", D1, 1)])
    commit(tmp_path, tables, processed, "run4")
    assert ids(tmp_path, "temporal_expressions", "timex_id") == ["a:T1", "c:T1"]
    # one file per partition, named for the run that last wrote it
    files = partition_files(tmp_path, "articles")
    assert {k: [f.name for f in v] for k, v in files.items()} == {
        "2022-01-18": ["part-run2.parquet"], "2022-01-19": ["part-run4.parquet"]}


def test_rejects_are_upserted_by_id_and_undated_ones_use_the_null_partition(tmp_path):
    row = reject_row(run_id="r", stage="parse", source="f", record_ref="f:2", reason="malformed JSON",
                     payload="{", rejected_at=NOW)
    tables, processed = batch([], [], [row])
    commit(tmp_path, tables, processed, "run1")
    commit(tmp_path, tables, processed, "run2")
    assert len(ids(tmp_path, "rejects", "reject_id")) == 1
    assert list(partition_files(tmp_path, "rejects")) == [None]


def test_crash_between_write_and_rename_is_rolled_forward(tmp_path, monkeypatch):
    tables, processed = batch([article("a", D1)], [timex("a", D1, 1)])
    commit(tmp_path, tables, processed, "run1")

    def crash(journal):
        raise SystemExit("killed")

    monkeypatch.setattr(commit_mod, "_apply", crash)
    tables2, processed2 = batch([article("a", D1, "New text."), article("b", D1)], [])
    with pytest.raises(SystemExit):
        commit(tmp_path, tables2, processed2, "run2")
    # Readers still see exactly the old rows: pending files are hidden.
    assert ids(tmp_path, "articles") == ["a"]
    assert any(p.name.startswith(".") for p in (tmp_path / "articles").rglob("*"))
    monkeypatch.undo()
    notes = recover(tmp_path)
    assert any("rolled forward" in n for n in notes)
    assert ids(tmp_path, "articles") == ["a", "b"]
    assert ids(tmp_path, "temporal_expressions") == []
    assert not any(p.name.startswith(".") for p in tmp_path.rglob("*") if p.is_file() and p.name != ".dateline.lock")
    assert not list((tmp_path / JOURNAL_DIR).glob("*.json"))


def test_crash_before_journal_leaves_old_rows_and_no_leftovers(tmp_path, monkeypatch):
    tables, processed = batch([article("a", D1)], [])
    commit(tmp_path, tables, processed, "run1")
    monkeypatch.setattr(commit_mod, "write_json_atomically", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        commit(tmp_path, *batch([article("z", D1)], []), "run2")
    monkeypatch.undo()
    recover(tmp_path)
    assert ids(tmp_path, "articles") == ["a"]
    assert not [p for p in (tmp_path / "articles").rglob(".*")]


def test_second_holder_of_the_output_lock_is_refused(tmp_path):
    with OutputLock(tmp_path, "run1"):
        with pytest.raises(OutputLocked, match="in use by another dateline run"):
            with OutputLock(tmp_path, "run2"):
                pass
    with OutputLock(tmp_path, "run3"):
        pass


def test_a_partition_file_of_a_newer_schema_version_is_a_clear_error(tmp_path):
    import pyarrow.parquet as pq

    from schemas.versions import SchemaVersionError

    tables, processed = batch([article("a", D1)], [])
    commit(tmp_path, tables, processed, "run1")
    [path] = partition_files(tmp_path, "articles")["2022-01-19"]
    data = pq.read_table(path)
    pq.write_table(data.replace_schema_metadata({b"dateline.schema_version": b"99"}), path)
    with pytest.raises(SchemaVersionError, match="99"):
        read_table(tmp_path, "articles")
