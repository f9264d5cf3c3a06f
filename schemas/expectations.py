"""Great Expectations suites for the contract tables, generated from ``schemas.tables``.

One ``ExpectationSuite`` per table holds two kinds of expectation:

- per-column rules straight from the contract: presence, pandas type,
  not-null, allowed sets, regexes (TIMEX3 values, ISO 639-1 via the allowed set),
  minimum values, non-empty text, a unique primary key;
- cross-table rules, run on the table's frame augmented with helper columns
  the validation step computes (named by the ``*_HELPER`` constants and
  ``span_helper``): offsets inside ``articles.text``, span text equal to
  ``text[start:end]``, ``article_id`` / ``timex_id`` present in their parent
  table, ordered ranges, the partition date equal to the article's
  publication date, ``published_at`` within a plausible range.

Run-time values come in as suite parameters (``$PARAMETER``), so a suite is
static and its Data Docs page shows the rule, not thousands of ids:
``published_min``, ``published_max`` (datetimes), ``article_ids``,
``timex_ids`` (lists of ids) and ``event_min_days``, ``event_max_days``.

Expectations whose ``meta`` has ``COUNT_ONLY`` never reject a row: their
unexpected rows are only counted, under the label ``meta[COUNT_ONLY]``
(``far_dated_events``: event dates far from the publication date).
"""
from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
import pyarrow as pa
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
from great_expectations.expectations.row_conditions import Column as Col

from schemas.arrow import NULL_PARTITION_TABLES
from schemas.tables import CALENDAR_VALUE_REGEX, EXTRACTION_TABLES, PARTITION_COLUMN, TABLES, Table

# How each logical type looks in the pandas frame ``to_frame`` builds, as
# ``ExpectColumnValuesToBeOfType`` names it.
PANDAS_TYPES = {
    "string": "str",
    "int32": "int32",
    "date": "date",
    "timestamp": "Timestamp",
    "list<string>": "list",
}

TEXT_LENGTH_HELPER = "_article_text_length"
ARTICLE_DATE_HELPER = "_article_published_date"
EVENT_OFFSET_HELPER = "_event_days_from_publication"

# Foreign keys: (table, column) -> (parent table, suite parameter holding the parent's ids).
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    **{(t, "article_id"): ("articles", "article_ids") for t in EXTRACTION_TABLES},
    ("events", "timex_id"): ("temporal_expressions", "timex_ids"),
    ("events", "duration_timex_id"): ("temporal_expressions", "timex_ids"),
}

COUNT_ONLY = "dateline_count_only"


def span_helper(text_column: str) -> str:
    """The helper column holding ``articles.text[start:end]`` for a stored span text."""
    return f"_article_span_{text_column}"


def to_frame(table: pa.Table) -> pd.DataFrame:
    """The pandas frame the suites expect: nullable ``Int32`` ints, Python lists, date objects."""
    frame = table.to_pandas(types_mapper={pa.int32(): pd.Int32Dtype()}.get)
    for name in table.column_names:
        if pa.types.is_list(table.schema.field(name).type):
            frame[name] = pd.Series(table.column(name).to_pylist(), index=frame.index, dtype=object)
    return frame


def _param(name: str) -> dict[str, str]:
    return {"$PARAMETER": name}


def _column_expectations(table: Table) -> list[gxe.Expectation]:
    partition_nullable = table.name in NULL_PARTITION_TABLES
    out: list[gxe.Expectation] = [
        gxe.ExpectTableColumnsToMatchSet(
            column_set=[*table.column_names, PARTITION_COLUMN], exact_match=False,
            description="every contract column is present",
        ),
        gxe.ExpectColumnValuesToBeUnique(column=table.primary_key, description="primary key is unique"),
    ]
    if not partition_nullable:
        out.append(gxe.ExpectColumnValuesToNotBeNull(column=PARTITION_COLUMN))
    for c in table.columns:
        out.append(gxe.ExpectColumnValuesToBeOfType(column=c.name, type_=PANDAS_TYPES[c.type]))
        if not c.nullable:
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=c.name))
        if c.allowed is not None:
            out.append(gxe.ExpectColumnValuesToBeInSet(column=c.name, value_set=list(c.allowed)))
        if c.regex is not None:
            out.append(gxe.ExpectColumnValuesToMatchRegex(column=c.name, regex=c.regex))
        if c.min_value is not None:
            out.append(gxe.ExpectColumnValuesToBeBetween(column=c.name, min_value=c.min_value))
        if c.non_empty:
            out.append(gxe.ExpectColumnValuesToMatchRegex(
                column=c.name, regex=r"\S", description=f"{c.name} is not empty or blank"))
    return out


def _span_expectations(table: Table) -> list[gxe.Expectation]:
    out: list[gxe.Expectation] = []
    for start, end in table.spans:
        out.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=end, column_B=start, ignore_row_if="either_value_is_missing",
            description=f"{start} < {end}"))
        out.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=TEXT_LENGTH_HELPER, column_B=end, or_equal=True,
            ignore_row_if="either_value_is_missing",
            description=f"{end} inside articles.text"))
        if table.column(start).nullable:
            for this, other in ((start, end), (end, start)):
                out.append(gxe.ExpectColumnValuesToNotBeNull(
                    column=this, row_condition=Col(name=other).is_not_null(),
                    description=f"{this} is set when {other} is"))
    for start, end, text in table.span_texts:
        out.append(gxe.ExpectColumnPairValuesToBeEqual(
            column_A=text, column_B=span_helper(text), ignore_row_if="either_value_is_missing",
            description=f"{text} equals articles.text[{start}:{end}]"))
    return out


def _integrity_expectations(table: Table) -> list[gxe.Expectation]:
    out = _span_expectations(table)
    for start, end in table.ranges:
        out.append(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=end, column_B=start, or_equal=True, ignore_row_if="either_value_is_missing",
            description=f"{start} <= {end}"))
    for (name, column), (parent, parameter) in FOREIGN_KEYS.items():
        if name == table.name:
            out.append(gxe.ExpectColumnValuesToBeInSet(
                column=column, value_set=_param(parameter),
                description=f"{column} exists in {parent}"))
    if table.name not in NULL_PARTITION_TABLES:
        out.append(gxe.ExpectColumnPairValuesToBeEqual(
            column_A=PARTITION_COLUMN, column_B=ARTICLE_DATE_HELPER,
            ignore_row_if="either_value_is_missing",
            description=f"{PARTITION_COLUMN} is the article's publication date"))
    if table.name == "articles":
        out.append(gxe.ExpectColumnValuesToBeBetween(
            column="published_at", min_value=_param("published_min"),
            max_value=_param("published_max"), description="published_at within a plausible range"))
    if table.name == "events":
        out.append(gxe.ExpectColumnValuesToMatchRegex(
            column="date_value", regex=CALENDAR_VALUE_REGEX, row_condition=Col(name="date_source") == "explicit",
            description="an explicitly dated event has a calendar date, not a duration, set or reference"))
        out.append(gxe.ExpectColumnValuesToBeBetween(
            column=EVENT_OFFSET_HELPER, min_value=_param("event_min_days"),
            max_value=_param("event_max_days"), mostly=0.0, meta={COUNT_ONLY: "far_dated_events"},
            description="event date within a plausible window of the publication date; "
                        "rows outside it are counted, not rejected"))
    return out


def build_suite(table_name: str) -> gx.ExpectationSuite:
    """The expectation suite of one contract table, named ``dateline.<table>``."""
    table = TABLES[table_name]
    return gx.ExpectationSuite(
        name=f"dateline.{table_name}",
        expectations=[*_column_expectations(table), *_integrity_expectations(table)],
    )


def helper_columns(table_name: str) -> list[str]:
    """The helper columns the suite of ``table_name`` reads besides the contract columns."""
    table = TABLES[table_name]
    helpers = [span_helper(text) for _, _, text in table.span_texts]
    if table.spans:
        helpers.append(TEXT_LENGTH_HELPER)
    if table_name not in NULL_PARTITION_TABLES:
        helpers.append(ARTICLE_DATE_HELPER)
    if table_name == "events":
        helpers.append(EVENT_OFFSET_HELPER)
    return helpers


def describe(config: ExpectationConfiguration) -> str:
    """How a reason names an expectation: its type, its column(s) and what it checks."""
    columns = [config.kwargs[k] for k in ("column", "column_A", "column_B") if config.kwargs.get(k)]
    name = f"{config.type}({', '.join(columns)})"
    return f"{name}: {config.description}" if config.description else name
