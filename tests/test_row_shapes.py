"""The rows the code makes have exactly their table's columns, and ``to_arrow`` refuses any that do not."""
from dataclasses import fields
from datetime import datetime, timezone

import pytest

from pipelines.extract.events import Event
from pipelines.extract.statements import Statement
from pipelines.extract.temporal import Timex
from pipelines.ingest.records import make_article
from pipelines.rejects import reject_row
from pipelines.transforms import article_row
from schemas.arrow import RowShapeError, to_arrow
from schemas.tables import PARTITION_COLUMN, TABLES

NOW = datetime(2022, 1, 20, tzinfo=timezone.utc)
ARTICLE = make_article(source="s", record_ref="f:1", text="Text.", published_at=NOW, record_id="a1")


def columns(table: str) -> set[str]:
    return set(TABLES[table].column_names)


def test_each_row_type_has_its_tables_columns():
    """Extraction dataclasses plus the ids and derived columns ``ArticleExtractor`` adds."""
    assert {f.name for f in fields(Timex)} | {"timex_id", "article_id"} == columns("temporal_expressions")
    indices, ids = {"timex_index", "duration_timex_index"}, {"event_id", "article_id", "timex_id", "duration_timex_id"}
    assert {f.name for f in fields(Event)} - indices | ids == columns("events")
    assert {f.name for f in fields(Statement)} | {"statement_id", "article_id", "statement_date"} == \
        columns("statements")
    assert set(article_row(ARTICLE, "r", NOW)) == columns("articles") | {PARTITION_COLUMN}
    reject = reject_row(run_id="r", stage="parse", source="s", record_ref="f:1", reason="x", payload="{",
                        rejected_at=NOW)
    assert set(reject) == columns("rejects") | {PARTITION_COLUMN}


def test_to_arrow_refuses_unknown_and_missing_required_keys():
    reject = reject_row(run_id="r", stage="parse", source="s", record_ref="f:1", reason="x", payload="{",
                        rejected_at=NOW)
    assert to_arrow("rejects", [reject]).num_rows == 1
    with pytest.raises(RowShapeError, match=r"unknown keys \['reasn'\]"):
        to_arrow("rejects", [{**reject, "reasn": "typo"}])
    without_id = {k: v for k, v in reject.items() if k != "reject_id"}
    with pytest.raises(RowShapeError, match=r"missing \['reject_id'\]"):
        to_arrow("rejects", [without_id])
    undated = {k: v for k, v in reject.items() if k != "published_date"}  # nullable for rejects
    assert to_arrow("rejects", [undated]).column("published_date").null_count == 1
    with pytest.raises(RowShapeError, match=r"missing \['published_date'\]"):  # not for articles
        to_arrow("articles", [{k: v for k, v in article_row(ARTICLE, "r", NOW).items() if k != "published_date"}])
