"""Compaction: fewer files, identical rows, atomic publication, the output lock."""
import pyarrow.parquet as pq
import pytest

from pipelines.storage import commit as commit_mod
from pipelines.storage.commit import JOURNAL_DIR, STAGING_DIR, recover
from pipelines.storage.compact import compact, target_file_count
from pipelines.storage.lock import OutputLock, OutputLocked
from pipelines.storage.partitions import file_table, partition_files, partition_name, read_table, write_parquet_atomically
from schemas.arrow import SCHEMA_VERSION_KEY, to_arrow
from schemas.tables import SCHEMA_VERSION
from tests.sample_tables import D1, D2, article, publish, timex

SMALL_FILES = 8


def rows(root, table="temporal_expressions"):
    return sorted(read_table(root, table).to_pylist(), key=lambda r: r.get("timex_id") or r["article_id"])


def day_files(root, day, table="temporal_expressions"):
    return partition_files(root, table).get(day.isoformat(), [])


@pytest.fixture
def fragmented(tmp_path):
    """D1's timex partition in ``SMALL_FILES`` files (as appends by other writers leave it); D2 in one."""
    publish(tmp_path, "run1", [article("a", D1), article("b", D2)],
            temporal_expressions=[timex("a", D1, 0), timex("b", D2, 0)])
    folder = tmp_path / "temporal_expressions" / partition_name(D1.isoformat())
    for n in range(1, SMALL_FILES):
        extra = to_arrow("temporal_expressions", [timex(f"x{n}", D1, k) for k in range(20)])
        write_parquet_atomically(file_table("temporal_expressions", extra), folder / f"part-extra-{n}.parquet")
    return tmp_path


def one_file_size(root):
    return max(f.stat().st_size for f in day_files(root, D1))


def test_many_small_files_become_fewer_with_identical_rows(fragmented):
    before = rows(fragmented)
    articles = rows(fragmented, "articles")
    sizes = [f.stat().st_size for f in day_files(fragmented, D1)]
    target = sum(sizes) // 3 + 1
    lines = compact(fragmented, target_bytes=target)
    after_files = day_files(fragmented, D1)
    assert len(after_files) == target_file_count(sizes, target) < SMALL_FILES
    assert rows(fragmented) == before
    assert rows(fragmented, "articles") == articles
    assert any(f"{SMALL_FILES} files" in line and "temporal_expressions" in line for line in lines)
    for path in after_files:
        assert pq.read_schema(path).metadata[SCHEMA_VERSION_KEY].decode() == SCHEMA_VERSION
    # nothing left behind: no journal, no staged files
    assert not list((fragmented / JOURNAL_DIR).glob("*"))
    assert not (fragmented / STAGING_DIR).exists() or not any((fragmented / STAGING_DIR).iterdir())


def test_single_file_and_near_target_partitions_are_left_alone(fragmented):
    d2_before = day_files(fragmented, D2)
    lines = compact(fragmented, target_bytes=one_file_size(fragmented))  # every D1 file is near target
    # D1 and D2 of articles and of temporal_expressions
    assert lines == ["4 partition(s) already at one file or near the target size: left alone"]
    assert len(day_files(fragmented, D1)) == SMALL_FILES
    assert day_files(fragmented, D2) == d2_before
    compact(fragmented)
    assert len(day_files(fragmented, D1)) == 1
    assert day_files(fragmented, D2) == d2_before


def test_only_the_chosen_partitions_are_rewritten(fragmented):
    d1_before = day_files(fragmented, D1)
    lines = compact(fragmented, partitions=[D2.isoformat(), "2021-12-31"])
    assert day_files(fragmented, D1) == d1_before
    assert "no partition published_date=2021-12-31 in any table" in lines
    compact(fragmented, partitions=[f"published_date={D1.isoformat()}"])
    assert len(day_files(fragmented, D1)) == 1


def test_crash_after_journal_hides_new_files_until_rolled_forward(fragmented, monkeypatch):
    before = rows(fragmented)
    old_files = day_files(fragmented, D1)

    def crash(journal):
        raise SystemExit("killed")

    monkeypatch.setattr(commit_mod, "_apply", crash)
    with pytest.raises(SystemExit):
        compact(fragmented)
    # Readers still see exactly the old files and rows: the new ones are staged, out of sight.
    assert day_files(fragmented, D1) == old_files
    assert rows(fragmented) == before
    monkeypatch.undo()
    assert any("rolled forward" in note for note in recover(fragmented))
    assert len(day_files(fragmented, D1)) == 1
    assert rows(fragmented) == before


def test_crash_before_journal_keeps_old_files_and_recover_discards_staged_ones(fragmented, monkeypatch):
    before = rows(fragmented)
    old_files = day_files(fragmented, D1)
    monkeypatch.setattr(commit_mod, "write_json_atomically",
                        lambda *args: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        compact(fragmented)
    monkeypatch.undo()
    recover(fragmented)
    assert day_files(fragmented, D1) == old_files
    assert rows(fragmented) == before
    assert not any((fragmented / STAGING_DIR).iterdir())


def test_compaction_is_refused_while_a_run_holds_the_output(fragmented):
    with OutputLock(fragmented, "a running job"):
        with pytest.raises(OutputLocked):
            compact(fragmented)
    assert len(day_files(fragmented, D1)) == SMALL_FILES
