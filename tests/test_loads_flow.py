"""The warehouse-load tasks in a flow: both loads run, and a transient failure is retried."""
import duckdb
from prefect import flow

import flows.loads as loads
from tests.sample_tables import D1, article, event, publish


def test_loads_run_in_a_flow_and_retry_a_transient_failure(prefect_harness, tmp_path, monkeypatch):
    output = tmp_path / "out"
    publish(output, "run1", [article("a", D1)], events=[event("a", D1, 1, ["Airbus"])])
    db = tmp_path / "w.duckdb"
    real_load, attempts = loads.load_duckdb, []

    def flaky_load(out, path):
        attempts.append(path)
        if len(attempts) == 1:
            raise duckdb.IOException("Could not set lock on file: held by another process")
        return real_load(out, path)

    monkeypatch.setattr(loads, "load_duckdb", flaky_load)

    @flow
    def load_both():
        duck = loads.load_duckdb_task.with_options(retry_delay_seconds=0)(output, db)
        ice = loads.load_iceberg_task(output, f"sqlite:///{tmp_path / 'iceberg.db'}")
        return duck, ice

    duck, ice = load_both()
    assert len(attempts) == 2
    assert duck.rows["events"] == ice["events"] == 1
    assert ice["articles"] == 1
