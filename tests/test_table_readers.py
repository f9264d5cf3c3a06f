"""The published tables open in every reader, with published_date a date, also when all rows are undated."""
from __future__ import annotations

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from schemas.arrow import hive_partitioning
from tests.sample_tables import D1, article, publish, reject

DUCKDB_SQL = ("SELECT record_ref, published_date FROM read_parquet(?, hive_partitioning = true, "
              "hive_types = {'published_date': DATE}) ORDER BY record_ref")


@pytest.fixture(params=["all undated", "dated and undated"])
def rejects_dir(request, tmp_path):
    rows = [reject("r1"), reject("r2")] + ([reject("r3", D1)] if request.param != "all undated" else [])
    publish(tmp_path, "run-1", [article("a1", D1)], rejects=rows)
    return tmp_path / "rejects", {"r1": None, "r2": None, **({"r3": D1} if len(rows) == 3 else {})}


def test_pyarrow_dataset_and_parquet(rejects_dir):
    path, expected = rejects_dir
    for table in (ds.dataset(path, partitioning=hive_partitioning()).to_table(),
                  pq.read_table(path, partitioning=hive_partitioning())):
        assert table.schema.field("published_date").type == pa.date32()
        assert dict(zip(table.column("record_ref").to_pylist(), table.column("published_date").to_pylist())) \
            == expected


def test_pandas(rejects_dir):
    path, expected = rejects_dir
    frame = pd.read_parquet(path, partitioning=hive_partitioning(), dtype_backend="pyarrow")
    assert str(frame["published_date"].dtype) == "date32[day][pyarrow]"
    days = {ref: (None if pd.isna(day) else day) for ref, day in zip(frame["record_ref"], frame["published_date"])}
    assert days == expected


def test_duckdb(rejects_dir):
    path, expected = rejects_dir
    with duckdb.connect() as con:
        rows = con.execute(DUCKDB_SQL, [f"{path}/*/*.parquet"]).fetchall()
        kind = con.execute("SELECT typeof(published_date) FROM read_parquet(?, hive_partitioning = true, "
                           "hive_types = {'published_date': DATE}) LIMIT 1", [f"{path}/*/*.parquet"]).fetchone()
    assert kind == ("DATE",)
    assert dict(rows) == expected


def test_polars(rejects_dir):
    path, expected = rejects_dir
    frame = pl.read_parquet(path, hive_partitioning=True, hive_schema={"published_date": pl.Date})
    assert frame.schema["published_date"] == pl.Date
    assert dict(zip(frame["record_ref"].to_list(), frame["published_date"].to_list())) == expected


def test_without_the_partition_type_pandas_fails_on_undated_rejects_as_the_readme_says(rejects_dir):
    """pyarrow 25 types Hive partitions from folder names: none for a column whose folders are all the
    null partition, and its dictionaries of partition values do not unify when one holds the null.
    When a new pyarrow reads these, the README's "Reading the files directly" is out of date."""
    path, expected = rejects_dir
    all_undated = set(expected.values()) == {None}
    with pytest.raises(pa.ArrowInvalid, match="No non-null segments" if all_undated else "unify dictionaries with nulls"):
        pd.read_parquet(path)
    if all_undated:
        with pytest.raises(pa.ArrowInvalid, match="No non-null segments"):
            ds.dataset(path, partitioning="hive")


def test_readme_iceberg_read_back_example_runs(tmp_path, monkeypatch, capsys):
    from pipelines.warehouse.iceberg_load import load_iceberg
    from tests.conftest import REPO
    from tests.sample_tables import event

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("<!-- iceberg read-back example -->\n```python\n", 1)[1].split("```", 1)[0]
    publish(tmp_path / "out", "run-1", [article("a1", D1)], events=[event("a1", D1, 1, ["Airbus"])])
    monkeypatch.chdir(tmp_path)
    load_iceberg(tmp_path / "out", "sqlite:///catalog.db")
    exec(compile(example, "README.md", "exec"), {})
    assert capsys.readouterr().out.split() == ["1", "date32[day]"]
