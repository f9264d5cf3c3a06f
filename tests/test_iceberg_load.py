"""Iceberg load through a real SQLite SQL catalog: incremental, reruns change nothing, reloads replace."""
import shutil

import pytest
from pyiceberg.expressions import EqualTo, IsNull

from pipelines.storage.partitions import partition_name, read_table
from pipelines.warehouse.iceberg_load import SCHEMA_VERSION_PROPERTY, iceberg_schema, load_iceberg, open_catalog
from schemas.tables import SCHEMA_VERSION, TABLES
from tests.sample_tables import D1, D2, article, event, publish, reject, statement, timex


@pytest.fixture
def output(tmp_path):
    root = tmp_path / "out"
    publish(root, "run1", [article("a", D1), article("b", D1), article("c", D2)],
            temporal_expressions=[timex("a", D1, 1), timex("a", D1, 2), timex("c", D2, 1)],
            events=[event("a", D1, 1, ["Airbus"]), event("c", D2, 1, ["Boeing"], when=D1)],
            statements=[statement("b", D1, 1, "Guillaume Faury", "We will deliver.")],
            rejects=[reject("f:1"), reject("f:2", D2)])
    return root


@pytest.fixture
def catalog_uri(tmp_path):
    return f"sqlite:///{tmp_path / 'catalog' / 'iceberg.db'}"


def table(uri, name):
    return open_catalog(uri).load_table(f"dateline.{name}")


def day_count(uri, name, day):
    where = IsNull("published_date") if day is None else EqualTo("published_date", day.isoformat())
    return table(uri, name).scan(row_filter=where).count()


def test_load_matches_the_parquet_and_a_rerun_commits_nothing(output, catalog_uri):
    counts = load_iceberg(output, catalog_uri)
    assert counts == {name: read_table(output, name).num_rows for name in TABLES}
    assert counts["events"] == 2 and day_count(catalog_uri, "rejects", None) == 1
    snapshots = {name: table(catalog_uri, name).current_snapshot().snapshot_id for name in TABLES}
    assert load_iceberg(output, catalog_uri) == counts
    assert {name: table(catalog_uri, name).current_snapshot().snapshot_id for name in TABLES} == snapshots
    loaded = table(catalog_uri, "events").scan().to_arrow()
    assert sorted(loaded.column("actors").to_pylist()) == [["Airbus"], ["Boeing"]]
    assert table(catalog_uri, "events").spec().fields[0].name == "published_date"


def test_rerunning_one_day_and_reloading_leaves_its_count_unchanged(output, catalog_uri):
    load_iceberg(output, catalog_uri)
    d1 = {name: day_count(catalog_uri, name, D1) for name in TABLES}
    d2_snapshot_files = {f.file.file_path for f in table(catalog_uri, "articles").scan(
        row_filter=EqualTo("published_date", D2.isoformat())).plan_files()}
    # Re-run D1's articles (a backfill): new files for that day only.
    publish(output, "run2", [article("a", D1), article("b", D1)],
            temporal_expressions=[timex("a", D1, 1), timex("a", D1, 2)],
            events=[event("a", D1, 1, ["Airbus"])],
            statements=[statement("b", D1, 1, "Guillaume Faury", "We will deliver.")])
    load_iceberg(output, catalog_uri)
    assert {name: day_count(catalog_uri, name, D1) for name in TABLES} == d1
    assert {f.file.file_path for f in table(catalog_uri, "articles").scan(
        row_filter=EqualTo("published_date", D2.isoformat())).plan_files()} == d2_snapshot_files
    # A backfill that changes the day's rows replaces them.
    publish(output, "run3", [article("a", D1)], temporal_expressions=[timex("a", D1, 1)])
    counts = load_iceberg(output, catalog_uri)
    assert day_count(catalog_uri, "temporal_expressions", D1) == 1
    assert counts == {name: read_table(output, name).num_rows for name in TABLES}


def test_a_removed_partition_is_dropped(output, catalog_uri):
    load_iceberg(output, catalog_uri)
    shutil.rmtree(output / "events" / partition_name(D2.isoformat()))
    counts = load_iceberg(output, catalog_uri)
    assert counts["events"] == 1
    assert day_count(catalog_uri, "events", D2) == 0
    assert day_count(catalog_uri, "articles", D2) == 1


def test_non_sqlite_catalog_needs_a_warehouse_location():
    with pytest.raises(ValueError, match="warehouse location"):
        open_catalog("postgresql://localhost/catalog")


def test_a_table_of_an_older_schema_version_is_widened_to_the_contract(output, catalog_uri):
    catalog = open_catalog(catalog_uri)
    catalog.create_namespace("dateline")
    old = iceberg_schema("articles")
    catalog.create_table("dateline.articles", schema=old.remove(old.get_field_index("title")),
                         properties={SCHEMA_VERSION_PROPERTY: "0"})
    counts = load_iceberg(output, catalog_uri)
    articles = table(catalog_uri, "articles")
    assert articles.schema().find_field("title").optional
    assert articles.properties[SCHEMA_VERSION_PROPERTY] == SCHEMA_VERSION
    assert counts["articles"] == 3
