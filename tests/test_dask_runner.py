"""The same Beam pipeline on a real Dask cluster (2 worker processes) and on the FnApiRunner."""
from datetime import date, datetime, timezone

import pytest

from pipelines import job
from pipelines.storage.partitions import read_all, read_table
from tests.conftest import news_record, write_jsonl

pytestmark = pytest.mark.slow

VOLATILE = {"run_id", "ingested_at", "rejected_at"}  # differ between any two runs


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as local:
        yield local.scheduler_address


@pytest.mark.parametrize("runner_name", ["fnapi", "dask"])
def test_counters_are_exact_on_every_runner(tmp_path, cluster, runner_name):
    """Each reader's shard and each batch leave their own counters; their sums are the run's."""
    german = {**news_record(4), "text": "Die Stadt teilte am Dienstag mit, dass die Brücke wieder öffnet."}
    records = ([news_record(n) for n in range(3)] + [news_record(0), "not json", german]
               + [news_record(5, "2022-02-01")])
    config = job.JobConfig(inputs=[str(write_jsonl(tmp_path / "a.jsonl", records))], staging_dir=tmp_path / "s",
                           run_id="r", started_at=datetime(2022, 2, 2, tzinfo=timezone.utc), runner=runner_name,
                           workers=2, dask_address=cluster if runner_name == "dask" else None, batch_size=2,
                           published_range=(date(2022, 1, 1), date(2022, 1, 31)))
    counts = job.run(config)
    assert {k: counts.get(k) for k in ("records_read", "articles_out_of_range", "articles_not_extracted",
                                       "articles_extracted", "rows.articles", "rejected.parse")} == {
        "records_read": 7, "articles_out_of_range": 1, "articles_not_extracted": 1, "articles_extracted": 4,
        "rows.articles": 4, "rejected.parse": 2}  # the duplicate and the bad line


def comparable(tables: dict) -> dict[str, list]:
    return {name: sorted((sorted((k, repr(v)) for k, v in row.items() if k not in VOLATILE)
                          for row in table.to_pylist()))
            for name, table in tables.items()}


def test_dask_run_writes_the_same_tables_as_the_fnapi_run(prefect_harness, tmp_path, cluster):
    from flows.run_flow import dateline_run

    first = write_jsonl(tmp_path / "a.jsonl", [news_record(n) for n in range(3)] + ["not json"])  # 8 readers
    second = write_jsonl(tmp_path / "b.jsonl", [news_record(n, "2022-01-20") for n in range(3, 5)]
                         + [news_record(0)])  # a duplicate of a.jsonl's first article
    inputs = [str(first), str(second)]
    fnapi = dateline_run(inputs=inputs, output=str(tmp_path / "fnapi"), load=False)
    dask = dateline_run(inputs=inputs, output=str(tmp_path / "dask"), runner="dask", dask_address=cluster,
                        load=False)
    assert fnapi.articles_written == dask.articles_written == 5
    expected = comparable(read_all(tmp_path / "fnapi"))
    assert all(expected[name] for name in ("articles", "temporal_expressions", "statements", "rejects"))
    assert comparable(read_all(tmp_path / "dask")) == expected
    assert len(read_table(tmp_path / "dask", "rejects")) == 2  # the bad line and the duplicate


def test_published_range_and_counters_on_dask_with_a_local_cluster_of_its_own(tmp_path):
    archive = write_jsonl(tmp_path / "a.jsonl", [news_record(0, "2022-01-19"), news_record(1, "2022-01-21")])
    config = job.JobConfig(inputs=[str(archive)], staging_dir=tmp_path / "staging", run_id="r",
                           started_at=datetime(2022, 1, 22, tzinfo=timezone.utc), runner="dask", workers=2,
                           published_range=(date(2022, 1, 19), date(2022, 1, 20)))
    counts = job.run(config)
    assert {k: counts.get(k) for k in ("records_read", "articles_out_of_range", "articles_extracted",
                                       "rows.articles")} == {"records_read": 2, "articles_out_of_range": 1,
                                                             "articles_extracted": 1, "rows.articles": 1}
    days = read_all(config.staging_dir)["articles"].column("published_date").to_pylist()
    assert days == [date(2022, 1, 19)]
