"""Example analyst queries over the DuckDB warehouse (used by `dateline query` and the README)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a query runs: `dateline query` checks a name before loading DuckDB
    import pandas as pd


@dataclass(frozen=True)
class Example:
    description: str
    sql: str
    default: str | None = None  # the value of the query's one parameter, if it has one


EXAMPLES: dict[str, Example] = {
    "events_per_day": Example(
        "events dated to a day, per day, for an actor",
        """
        SELECT date_start AS day, count(*) AS events, string_agg(DISTINCT lemma, ', ' ORDER BY lemma) AS what
        FROM events
        WHERE date_source = 'explicit' AND date_start IS NOT NULL AND date_start = date_end
          AND EXISTS (SELECT 1 FROM unnest(actors) AS a(actor) WHERE actor ILIKE '%' || ? || '%')
        GROUP BY day ORDER BY day LIMIT 15
        """,
        default="Airbus",
    ),
    "top_speakers": Example(
        "who is quoted most",
        """
        SELECT speaker, speaker_type, count(*) AS statements, count(DISTINCT article_id) AS articles
        FROM statements GROUP BY speaker, speaker_type ORDER BY statements DESC, speaker LIMIT 10
        """,
    ),
    "statements_mentioning": Example(
        "statements mentioning a keyword",
        """
        SELECT statement_date, speaker, quote_type, left(quote_text, 70) AS quote
        FROM statements WHERE quote_text ILIKE '%' || ? || '%'
        ORDER BY statement_date, speaker LIMIT 10
        """,
        default="order",
    ),
}


def fetch_example(db_path: Path, name: str, keyword: str | None = None) -> pd.DataFrame:
    """Run one example query read-only; ``keyword`` replaces the example's default parameter."""
    import duckdb

    example = EXAMPLES[name]
    params = [keyword or example.default] if example.default is not None else []
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(example.sql, params).fetchdf()


def run_example(db_path: Path, name: str, keyword: str | None = None) -> str:
    """Run one example query and return its result as a text table."""
    frame = fetch_example(db_path, name, keyword)
    return frame.to_string(index=False) if len(frame) else "(no rows)"
