"""Publishing into the output tables: upserts, idempotent reruns, crash recovery, the output lock."""
import shutil

from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines.rejects import reject_row
from pipelines.storage import commit as commit_mod
from pipelines.storage.commit import JOURNAL_DIR, RejectScope, commit, commit_staged, recover
from pipelines.storage.keys import KeysNotUnique, check_unique_keys, duplicate_keys
from pipelines.storage.lock import OutputLock, OutputLocked, OutputReplaced, RunLock
from pipelines.storage.partitions import partition_files, read_table, write_staged_partition
from pipelines.storage.published import Published
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


def test_a_changed_publication_date_moves_the_article_and_its_rows(tmp_path):
    commit(tmp_path, *batch([article("a", D1), article("b", D1)], [timex("a", D1, 1), timex("b", D1, 1)]), "run1")
    commit(tmp_path, *batch([article("a", D2)], [timex("a", D2, 2)]), "run2")  # "a" corrected to D2, alone
    assert ids(tmp_path, "articles") == ["a", "b"]
    assert read_table(tmp_path, "articles").filter(
        pc.equal(read_table(tmp_path, "articles").column("article_id"), "a")).column("published_date").to_pylist() == [D2]
    assert ids(tmp_path, "temporal_expressions", "timex_id") == ["a:T2", "b:T1"]


def _reject(ref: str, reason: str = "malformed JSON", stage: str = "parse", day=None) -> dict:
    return reject_row(run_id="r", stage=stage, source="f", record_ref=ref, reason=reason, payload="{",
                      rejected_at=NOW, published_date=day)


def test_rejects_are_keyed_by_record_and_a_rerun_of_the_file_replaces_them(tmp_path):
    scope = RejectScope(files=("/in/f.jsonl",))
    commit(tmp_path, *batch([], [], [_reject("/in/f.jsonl:2"), _reject("/in/f.jsonl:3"),
                                     _reject("/in/other.jsonl:1")]), "run1", scope)
    # Line 2 now has another fault, line 3 now succeeds; another file's reject stays.
    commit(tmp_path, *batch([article("a", D1)], [], [_reject("/in/f.jsonl:2", "empty text")]), "run2", scope)
    rows = read_table(tmp_path, "rejects").sort_by("record_ref").to_pylist()
    assert [(r["record_ref"], r["reason"]) for r in rows] == [
        ("/in/f.jsonl:2", "empty text"), ("/in/other.jsonl:1", "malformed JSON")]


def test_a_validate_reject_goes_when_its_article_is_processed_again(tmp_path):
    commit(tmp_path, *batch([article("b", D1)], [], [
        _reject("articles:a", "failed x", "validate", D1), _reject("events:a:E0-4", "failed y", "validate", D1),
        _reject("events:b:E0-4", "failed y", "validate", D1)]), "run1")
    commit(tmp_path, *batch([article("a", D1)], []), "run2")
    assert ids(tmp_path, "rejects", "record_ref") == ["events:b:E0-4"]


def test_rejects_of_days_outside_a_ranged_run_are_kept(tmp_path):
    commit(tmp_path, *batch([], [], [_reject("/in/f.jsonl:2", day=D1), _reject("/in/f.jsonl:3", day=D2)]), "run1")
    commit(tmp_path, *batch([], []), "run2", RejectScope(files=("/in/f.jsonl",), days=(D2, D2)))
    assert ids(tmp_path, "rejects", "record_ref") == ["/in/f.jsonl:2"]


def test_removing_the_lock_file_does_not_free_the_output(tmp_path):
    with OutputLock(tmp_path, "run1"):
        (tmp_path / ".dateline.lock").unlink()
        with pytest.raises(OutputLocked, match=r"in use by another dateline run"):
            with OutputLock(tmp_path, "run2"):
                pass


def test_a_run_whose_output_was_replaced_is_stopped_before_it_publishes(tmp_path):
    out = tmp_path / "out"
    with OutputLock(out, "run1") as first:
        shutil.rmtree(out)
        with OutputLock(out, "run2") as second:  # the new directory is free
            second.verify()
            with pytest.raises(OutputReplaced, match="was removed or replaced while this run was working"):
                first.verify()


def test_recovery_keeps_the_files_of_a_live_run(tmp_path):
    staging = tmp_path / "_staging" / "run-live"
    pending = tmp_path / "articles" / "published_date=2022-01-19" / ".part-run-live.parquet.ab12cd34.pending"
    dead_pending = pending.with_name(".part-run-dead.parquet.ab12cd34.pending")
    pending.parent.mkdir(parents=True)
    pending.write_bytes(b"x")
    dead_pending.write_bytes(b"x")
    (tmp_path / "_staging" / "run-dead").mkdir(parents=True)
    with RunLock(staging):
        notes = recover(tmp_path)
        assert pending.exists() and staging.exists()
    assert not dead_pending.exists() and not (tmp_path / "_staging" / "run-dead").exists()
    assert len(notes) == 2
    recover(tmp_path)  # the run is gone now: its files go too
    assert not pending.exists() and not staging.exists()


def test_a_key_in_two_partitions_fails_the_published_keys_check(tmp_path):
    tables, processed = batch([article("a", D1), article("b", D2)], [timex("a", D1, 1)])
    commit(tmp_path, tables, processed, "run1")
    check_unique_keys(tmp_path)
    [stray] = partition_files(tmp_path, "articles")["2022-01-19"]
    shutil.copy(stray, tmp_path / "articles" / "published_date=2022-01-18" / "part-stray.parquet")
    assert duplicate_keys(tmp_path) == {"articles": 2}
    with pytest.raises(KeysNotUnique, match=r"not unique across partitions in articles \(2 rows\)"):
        check_unique_keys(tmp_path)


def test_a_reject_found_again_under_another_day_is_one_row(tmp_path):
    commit(tmp_path, *batch([], [], [_reject("https://feed.example/a", day=D1)]), "run1")
    commit(tmp_path, *batch([], [], [_reject("https://feed.example/a", "empty text", day=D2)]), "run2")
    [row] = read_table(tmp_path, "rejects").to_pylist()
    assert row["reason"] == "empty text" and row["published_date"] == D2


def _stage(staging, tables: dict) -> None:
    """Stage in-memory tables as the job would, one file per (table, day)."""
    for name, table in tables.items():
        for day in {d.isoformat() if d else None for d in table.column("published_date").to_pylist()}:
            rows = table.filter(pc.is_null(table.column("published_date")) if day is None else
                                pc.equal(table.column("published_date"), pa.scalar(date.fromisoformat(day))))
            write_staged_partition(staging, name, day, rows, "b0")


def test_chunk_commits_of_one_run_move_articles_out_of_other_days_and_keep_each_others_files(tmp_path):
    out, staging = tmp_path / "out", tmp_path / "staging"
    commit(out, *batch([article("a", D2), article("b", D2)], [timex("a", D2, 1), timex("b", D2, 1)],
                       [_reject("/in/f.jsonl:9")]), "run1")
    corrected, _ = batch([article("a", D1), article("c", D2)], [timex("a", D1, 2), timex("c", D2, 1)])
    _stage(staging, corrected)
    published = Published.read(out)  # read once, as a backfill does, for every chunk
    first = commit_staged(out, staging, {"a": D1}, "bf", RejectScope(files=("/in/f.jsonl",), days=(D1, D1)),
                          days={D1.isoformat()}, published=published)
    assert first.partitions["articles"] == [D2.isoformat(), D1.isoformat()]  # "a" left its old day
    assert ids(out, "articles") == ["a", "b"] and ids(out, "rejects", "record_ref") == ["/in/f.jsonl:9"]
    commit_staged(out, staging, {"c": D2}, "bf", RejectScope(files=("/in/f.jsonl",), days=(D2, D2)),
                  days={D2.isoformat()}, published=published)  # rewrites the file the first chunk wrote
    assert ids(out, "articles") == ["a", "b", "c"]
    assert ids(out, "temporal_expressions", "timex_id") == ["a:T2", "b:T1", "c:T1"]
    assert [f.name for f in partition_files(out, "articles")[D2.isoformat()]] == ["part-bf.parquet"]
    check_unique_keys(out)


def test_a_row_staged_twice_is_published_once(tmp_path):
    out, staging = tmp_path / "out", tmp_path / "staging"
    tables, processed = batch([article("a", D1)], [], [_reject("/in/f.jsonl:2")])
    _stage(staging, tables)
    write_staged_partition(staging, "rejects", None, tables["rejects"], "b1")  # the same record, another batch
    commit_staged(out, staging, processed, "run1")
    assert ids(out, "rejects", "record_ref") == ["/in/f.jsonl:2"]
