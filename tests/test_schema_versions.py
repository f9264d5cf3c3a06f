"""Files of two schema versions read together; unreadable versions fail clearly."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas.arrow import SCHEMA_VERSION_KEY, arrow_schema, to_arrow
from schemas.tables import SCHEMA_VERSION
from schemas.versions import (
    Migration,
    SchemaVersionError,
    check_file,
    file_schema_version,
    migration_chain,
    read_table,
)

NEXT = str(int(SCHEMA_VERSION) + 1)
ADDS_SENTIMENT = (Migration(SCHEMA_VERSION, NEXT, {"articles": ("sentiment",)}, "adds sentiment"),)


def _article(article_id: str, day: date) -> dict:
    return {
        "article_id": article_id, "source": "test", "url": None, "title": None,
        "published_at": datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc),
        "text": "Body text.", "language": "en", "content_sha256": "0" * 64,
        "ingested_at": datetime(2024, 1, 1, tzinfo=timezone.utc), "run_id": "r1",
        "published_date": day,
    }


def _next_schema() -> pa.Schema:
    """The current file schema plus a nullable column, stamped with the next version."""
    return arrow_schema("articles").append(pa.field("sentiment", pa.string())).with_metadata(
        {SCHEMA_VERSION_KEY: NEXT.encode()}
    )


def _write(root: Path, table: pa.Table, day: date, schema: pa.Schema) -> Path:
    part = root / f"published_date={day.isoformat()}"
    part.mkdir(parents=True)
    path = part / "part-0.parquet"
    pq.write_table(table.drop_columns(["published_date"]).cast(schema), path, compression="zstd")
    return path


def test_old_and_new_partitions_read_together_with_added_column_null(tmp_path: Path) -> None:
    old_day, new_day = date(2024, 3, 1), date(2024, 3, 2)
    old = _write(tmp_path, to_arrow("articles", [_article("a1", old_day)]), old_day, arrow_schema("articles"))
    new_rows = to_arrow("articles", [_article("a2", new_day)]).append_column(
        "sentiment", pa.array(["positive"])
    )
    new = _write(tmp_path, new_rows, new_day, _next_schema())
    assert (file_schema_version(old), file_schema_version(new)) == (SCHEMA_VERSION, NEXT)

    table = read_table(tmp_path, "articles", schema=_next_schema(), migrations=ADDS_SENTIMENT)

    rows = {r["article_id"]: r for r in table.to_pylist()}
    assert rows["a1"]["sentiment"] is None and rows["a2"]["sentiment"] == "positive"
    assert rows["a1"]["published_date"] == old_day and rows["a2"]["published_date"] == new_day
    assert pq.read_schema(old).names == arrow_schema("articles").names  # old file untouched


def test_current_files_read_with_default_schema(tmp_path: Path) -> None:
    day = date(2024, 3, 1)
    _write(tmp_path, to_arrow("articles", [_article("a1", day)]), day, arrow_schema("articles"))
    table = read_table(tmp_path, "articles")
    assert table.column("article_id").to_pylist() == ["a1"]


def test_older_version_without_migration_names_file_and_versions(tmp_path: Path) -> None:
    day = date(2024, 3, 1)
    path = _write(tmp_path, to_arrow("articles", [_article("a1", day)]), day, arrow_schema("articles"))
    with pytest.raises(SchemaVersionError) as err:
        read_table(tmp_path, "articles", schema=_next_schema(), migrations=())
    message = str(err.value)
    assert str(path) in message and f"version {SCHEMA_VERSION} " in message and f"supports version {NEXT}" in message


def test_newer_and_missing_versions_are_refused(tmp_path: Path) -> None:
    day = date(2024, 3, 1)
    newer = _write(tmp_path / "n", to_arrow("articles", [_article("a1", day)]), day, _next_schema().remove(
        _next_schema().get_field_index("sentiment")))
    with pytest.raises(SchemaVersionError, match="newer than this reader"):
        check_file(newer, SCHEMA_VERSION)
    bare = _write(tmp_path / "b", to_arrow("articles", [_article("a1", day)]), day,
                  arrow_schema("articles").remove_metadata())
    with pytest.raises(SchemaVersionError, match="missing"):
        check_file(bare, SCHEMA_VERSION)


def test_migration_must_add_nullable_columns(tmp_path: Path) -> None:
    strict = _next_schema().set(
        _next_schema().get_field_index("sentiment"), pa.field("sentiment", pa.string(), nullable=False)
    )
    with pytest.raises(ValueError, match="nullable"):
        read_table(tmp_path, "articles", schema=strict, migrations=ADDS_SENTIMENT)


def test_migration_chain_follows_steps() -> None:
    steps = (Migration("1", "2"), Migration("2", "3"))
    assert [m.to_version for m in migration_chain("1", "3", steps)] == ["2", "3"]
    assert migration_chain("0", "3", steps) is None
