"""Arrow schemas, GE suites and DDL all follow schemas/tables.py, including a change to it."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone

import pyarrow as pa
import pytest

import schemas.tables as tables_module
from schemas import arrow
from schemas.arrow import SCHEMA_VERSION_KEY, arrow_schema, partitioned_schema, to_arrow
from schemas.ddl import ddl
from schemas.expectations import build_suite
from schemas.tables import PARTITION_COLUMN, SCHEMA_VERSION, TABLES, TIMEX3_VALUE_REGEX, Column


def test_file_schema_types_nullability_and_version() -> None:
    schema = arrow_schema("events")
    assert schema.metadata[SCHEMA_VERSION_KEY] == SCHEMA_VERSION.encode()
    assert schema.field("start_char").type == pa.int32() and not schema.field("start_char").nullable
    assert schema.field("date_start").type == pa.date32() and schema.field("date_start").nullable
    assert schema.field("actors").type == pa.list_(pa.string())
    assert arrow_schema("articles").field("published_at").type == pa.timestamp("us", tz="UTC")
    assert PARTITION_COLUMN not in schema.names
    for name, table in TABLES.items():
        assert arrow_schema(name).names == table.column_names


def test_partitioned_schema_adds_published_date() -> None:
    assert partitioned_schema("articles").names[-1] == PARTITION_COLUMN
    assert partitioned_schema("articles").field(PARTITION_COLUMN).type == pa.date32()
    assert not partitioned_schema("articles").field(PARTITION_COLUMN).nullable
    assert partitioned_schema("rejects").field(PARTITION_COLUMN).nullable


def test_to_arrow_builds_partitioned_rows() -> None:
    table = to_arrow("rejects", [{
        "reject_id": "r", "run_id": "x", "stage": "parse", "source": "s", "record_ref": "f:1",
        "reason": "bad", "payload": "", "rejected_at": datetime(2024, 1, 1, tzinfo=timezone.utc),
        "published_date": date(2024, 1, 1),
    }])
    assert table.schema.equals(partitioned_schema("rejects"), check_metadata=True)
    assert table.to_pylist()[0]["published_date"] == date(2024, 1, 1)


def _rules(name: str) -> list[tuple[str, dict]]:
    return [(e.configuration.type, e.configuration.kwargs) for e in build_suite(name).expectations]


def test_suites_carry_every_contract_rule() -> None:
    for name, table in TABLES.items():
        rules = _rules(name)
        for column in table.columns:
            assert ("expect_column_values_to_be_of_type", column.name) in {(t, r.get("column")) for t, r in rules}
            if not column.nullable:
                assert any(t == "expect_column_values_to_not_be_null" and r["column"] == column.name
                           and not r.get("row_condition") for t, r in rules), (name, column.name)
            if column.allowed:
                assert any(r.get("column") == column.name and r.get("value_set") == list(column.allowed)
                           for _, r in rules), (name, column.name)
            if column.regex:
                assert any(r.get("column") == column.name and r.get("regex") == column.regex
                           for _, r in rules), (name, column.name)
        assert any(t == "expect_column_values_to_be_unique" and r["column"] == table.primary_key
                   for t, r in rules)
    assert any(r.get("regex") == TIMEX3_VALUE_REGEX for _, r in _rules("temporal_expressions"))
    assert any(r.get("column") == "language" and "en" in r.get("value_set", []) for _, r in _rules("articles"))


def test_a_new_column_reaches_every_generated_artefact(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = TABLES["articles"]
    changed = dataclasses.replace(
        articles, columns=(*articles.columns, Column("sentiment", "string", nullable=True, allowed=("pos", "neg"))))
    monkeypatch.setitem(tables_module.TABLES, "articles", changed)
    for cached in (arrow.arrow_schema, arrow.partitioned_schema):
        cached.cache_clear()
    try:
        assert arrow_schema("articles").field("sentiment").nullable
        assert any(r.get("column") == "sentiment" and r.get("value_set") == ["pos", "neg"]
                   for _, r in _rules("articles"))
        for dialect in ("duckdb", "bigquery", "snowflake"):
            assert "sentiment" in ddl(dialect), dialect
    finally:
        monkeypatch.undo()
        for cached in (arrow.arrow_schema, arrow.partitioned_schema):
            cached.cache_clear()
