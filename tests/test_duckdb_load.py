"""Incremental DuckDB load: same counts on a rerun, changed partitions reloaded alone, removed ones dropped."""
import shutil

import duckdb
import pytest

from pipelines.storage.partitions import partition_name, read_table
from pipelines.warehouse.duckdb_load import load_duckdb
from schemas.tables import TABLES
from tests.sample_tables import D1, D2, D3, article, event, publish, reject, statement, timex


@pytest.fixture
def output(tmp_path):
    root = tmp_path / "out"
    publish(root, "run1", [article("a", D1), article("b", D2), article("c", D3)],
            temporal_expressions=[timex("a", D1, 1), timex("b", D2, 1)],
            events=[event("a", D1, 1, ["Airbus"]), event("b", D2, 1, ["Boeing"])],
            statements=[statement("a", D1, 1, "Guillaume Faury", "We will deliver.")],
            rejects=[reject("f:1")])
    return root


def parquet_counts(root):
    return {name: read_table(root, name).num_rows for name in TABLES}


def ids_of_day(db, table, day):
    key = TABLES[table].primary_key
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(r[0] for r in con.execute(
            f"SELECT {key} FROM {table} WHERE published_date = ?", [day]).fetchall())


def test_loading_twice_gives_the_same_counts_and_touches_nothing(output, tmp_path):
    db = tmp_path / "w.duckdb"
    first = load_duckdb(output, db)
    assert first.rows == parquet_counts(output)
    assert first.partitions_loaded["articles"] == 3
    second = load_duckdb(output, db)
    assert second.rows == first.rows
    assert set(second.partitions_loaded.values()) == {0}
    assert set(second.partitions_removed.values()) == {0}


def test_a_changed_partition_is_reloaded_and_only_it(output, tmp_path):
    db = tmp_path / "w.duckdb"
    load_duckdb(output, db)
    publish(output, "run2", [article("a", D1), article("d", D1)],
            temporal_expressions=[timex("d", D1, 1)], events=[event("d", D1, 1, ["Airbus"])])
    result = load_duckdb(output, db)
    # D1 changed in three tables; its only statement belonged to "a", so that partition is now gone.
    assert result.partitions_loaded == {"articles": 1, "temporal_expressions": 1, "events": 1,
                                        "statements": 0, "rejects": 0}
    assert result.partitions_removed["statements"] == 1
    assert result.rows == parquet_counts(output)
    assert ids_of_day(db, "temporal_expressions", D1) == ["d:T1"]
    assert ids_of_day(db, "events", D1) == ["d:E1"]
    assert ids_of_day(db, "events", D2) == ["b:E1"]
    assert ids_of_day(db, "statements", D1) == []


def test_a_removed_partition_goes_away(output, tmp_path):
    db = tmp_path / "w.duckdb"
    load_duckdb(output, db)
    shutil.rmtree(output / "events" / partition_name(D2.isoformat()))
    result = load_duckdb(output, db)
    assert result.partitions_removed["events"] == 1
    assert result.partitions_loaded["events"] == 0
    assert ids_of_day(db, "events", D2) == []
    assert result.rows == parquet_counts(output)


def test_a_second_output_is_refused_and_the_first_keeps_its_rows(output, tmp_path):
    from pipelines.warehouse.duckdb_load import WarehouseMismatch

    db = tmp_path / "w.duckdb"
    load_duckdb(output, db)
    other = tmp_path / "other"
    publish(other, "run9", [article("z", D1)])
    with pytest.raises(WarehouseMismatch, match=f"holds the tables of another output \\({output}\\)"):
        load_duckdb(other, db)
    assert ids_of_day(db, "articles", D1) == ["a"]
    moved = tmp_path / "moved"
    shutil.move(output, moved)  # the id moves with the folder: still the same output
    assert load_duckdb(moved, db).rows["articles"] == 3


def test_a_warehouse_held_by_another_process_is_one_clear_error(output, tmp_path):
    import subprocess
    import sys

    from pipelines.warehouse.duckdb_load import WarehouseError

    db = tmp_path / "w.duckdb"
    load_duckdb(output, db)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseError, match=f"cannot open the DuckDB file {db}: .*lock"):
            load_duckdb(output, db)
    finally:
        holder.kill()
        holder.wait()


def warehouse_rows(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: sorted(map(str, con.execute(f"SELECT * FROM {name}").fetchall())) for name in TABLES}


def test_a_load_killed_between_its_transactions_keeps_whole_days_and_a_rerun_loads_the_rest(output, tmp_path):
    """kill -9 in the second transaction (a day at a time): the first day is loaded in every table and
    recorded as loaded, the others not at all; the next load gives what one uninterrupted load gives."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from pipelines.faults import MARKER_ENV, PAUSE_ENV
    from tests.conftest import REPO

    db, marker = tmp_path / "w.duckdb", tmp_path / "paused"
    script = ("import sys; from pathlib import Path; from pipelines.warehouse.duckdb_load import load_duckdb; "
              "load_duckdb(Path(sys.argv[1]), Path(sys.argv[2]), days_per_transaction=1)")
    loader = subprocess.Popen([sys.executable, "-c", script, str(output), str(db)], cwd=REPO,
                              env={**os.environ, PAUSE_ENV: "duckdb_load", MARKER_ENV: str(marker)})

    def wait_for_marker():
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert loader.poll() is None and time.monotonic() < deadline, "the load did not pause"
            time.sleep(0.02)

    wait_for_marker()  # in the first transaction
    marker.unlink()
    wait_for_marker()  # the first committed; in the second
    loader.send_signal(signal.SIGKILL)
    loader.wait()
    with duckdb.connect(str(db), read_only=True) as con:
        days = {name: {str(d) for (d,) in con.execute(f"SELECT DISTINCT published_date FROM {name}").fetchall()}
                for name in TABLES}
        recorded = set(con.execute("SELECT DISTINCT partition_day FROM _dateline_loaded_partitions").fetchall())
    assert set().union(*days.values()) == {"None"}, days  # the undated partition (rejects) sorts first
    assert recorded == {("",)}
    result = load_duckdb(output, db)
    assert result.partitions_loaded["articles"] == 3 and result.partitions_loaded["rejects"] == 0
    whole = tmp_path / "whole.duckdb"
    load_duckdb(output, whole)
    assert warehouse_rows(db) == warehouse_rows(whole)
