"""The validation step: Great Expectations suites over every table, bad rows moved to rejects.

Pure (no Beam, no Prefect). ``validate_tables`` takes the run's tables in the
partitioned schema (contract columns + ``published_date``), runs each table's
suite from ``schemas.expectations`` through an in-memory GE context on pandas
frames augmented with the helper columns the cross-table rules read, and
returns the rows that passed, one ``rejects`` row per row that failed (naming
every failed expectation), a per-table summary and the Data Docs index.

Rows of an article that fails take their extraction rows with them, and a
failed temporal expression takes the events it dates: nothing points at a
row that was not written. The ``rejects`` table is validated too, but its rows
are never rejected again.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import great_expectations as gx
import pandas as pd
import pyarrow as pa
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from pipelines.offline_docs import make_offline
from pipelines.rejects import reject_row
from schemas.arrow import partitioned_schema, to_arrow
from schemas.expectations import (
    ARTICLE_DATE_HELPER,
    COUNT_ONLY,
    EVENT_OFFSET_HELPER,
    FOREIGN_KEYS,
    TEXT_LENGTH_HELPER,
    build_suite,
    describe,
    span_helper,
    to_frame,
)
from schemas.tables import EXTRACTION_TABLES, PARTITION_COLUMN, TABLES

# Parents first: a failed parent row cascades to its children.
PARENTS_FIRST = ("articles", *EXTRACTION_TABLES)
DOCS_SITE = "dateline"


@dataclass(frozen=True)
class ValidationConfig:
    """Thresholds and plausibility windows of the validation step."""

    failure_threshold: float = 0.05
    published_min: datetime = datetime(1990, 1, 1, tzinfo=timezone.utc)
    published_max_ahead: timedelta = timedelta(days=2)  # past the run time
    event_window_years: int = 30  # event dates further back than this are counted
    event_future_days: int = 3653  # event dates further ahead than this are counted


@dataclass
class ValidationOutcome:
    """What passed, what was rejected and why, per-table figures, and the Data Docs index.

    ``valid["rejects"]`` is the input rejects table, unchanged (empty if none was
    given); ``rejects`` are the rows this step rejected, to be appended to it.
    ``summary["rejects"]`` covers both.
    """

    valid: dict[str, pa.Table]
    rejects: list[dict]
    summary: dict[str, dict]
    docs_index: Path | None = None


class ValidationThresholdExceeded(Exception):
    """A table's failure rate passed the threshold; ``outcome`` holds everything validated."""

    def __init__(self, table: str, rate: float, threshold: float, outcome: ValidationOutcome) -> None:
        self.table, self.rate, self.threshold, self.outcome = table, rate, threshold, outcome
        docs = f"; Data Docs: {outcome.docs_index}" if outcome.docs_index else ""
        super().__init__(
            f"validation failed {rate:.1%} of the rows of table {table!r}, "
            f"over the {threshold:.1%} threshold{docs}"
        )


@dataclass
class _Articles:
    """What child tables need to know about the articles: text, date, source, by id."""

    text: dict[str, str] = field(default_factory=dict)
    published: dict[str, date | None] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, table: pa.Table | None) -> _Articles:
        known = cls()
        if table is None:
            return known
        for row in table.select(["article_id", "text", "published_at", "source"]).to_pylist():
            if row["article_id"] is None or row["article_id"] in known.text:
                continue
            known.text[row["article_id"]] = row["text"] or ""
            known.published[row["article_id"]] = row["published_at"].date() if row["published_at"] else None
            known.source[row["article_id"]] = row["source"]
        return known

    def source_of(self, table: str, row: dict) -> str:
        """The source of a row's article if known, else the table name."""
        if table == "articles":
            return row["source"] or table
        return self.source.get(row.get("article_id")) or table


class _Suites:
    """An in-memory GE context running the table suites, with Data Docs under ``docs_dir``.

    Progress bars and usage analytics are off: this runs on every pipeline run.
    """

    def __init__(self, docs_dir: Path | None, parameters: dict[str, Any], run: RunIdentifier) -> None:
        sites = {} if docs_dir is None else {DOCS_SITE: {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(Path(docs_dir).resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }}
        self.context = gx.get_context(mode="ephemeral", project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
            data_docs_sites=sites,
        ))
        self.source = self.context.data_sources.add_pandas("dateline")
        self.docs_dir, self.parameters, self.run_id = docs_dir, parameters, run

    def run(self, name: str, frame: pd.DataFrame) -> tuple[dict[int, list[str]], dict[str, int]]:
        """Validate ``frame`` with the suite of table ``name``; see ``_failures``."""
        definition = self.context.validation_definitions.add(gx.ValidationDefinition(
            name=f"dateline.{name}",
            data=self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("run"),
            suite=self.context.suites.add(build_suite(name)),
        ))
        result = definition.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=self.parameters,
            result_format={"result_format": "COMPLETE"},
            run_id=self.run_id,
        )
        return _failures(result, len(frame))

    def build_docs(self) -> Path | None:
        """Write the Data Docs site; its index.html, or None without a docs directory."""
        if self.docs_dir is None:
            return None
        self.context.build_data_docs(site_names=[DOCS_SITE])
        make_offline(Path(self.docs_dir))
        return Path(self.docs_dir) / "index.html"


def _augment(name: str, table: pa.Table, articles: _Articles) -> pd.DataFrame:
    """The table's frame plus the helper columns its suite reads."""
    frame = to_frame(table)
    spec = TABLES[name]
    ids = frame["article_id"] if "article_id" in frame else pd.Series(dtype=object)
    if name == "articles":
        frame[ARTICLE_DATE_HELPER] = [ts.date() if pd.notna(ts) else None for ts in frame["published_at"]]
    elif name != "rejects":
        frame[ARTICLE_DATE_HELPER] = [articles.published.get(i) for i in ids]
    if spec.spans:
        frame[TEXT_LENGTH_HELPER] = pd.array(
            [len(articles.text[i]) if i in articles.text else None for i in ids], dtype="Int64")
    for start, end, text in spec.span_texts:
        frame[span_helper(text)] = [
            articles.text[i][int(s):int(e)] if i in articles.text and pd.notna(s) and pd.notna(e) else None
            for i, s, e in zip(ids, frame[start], frame[end])
        ]
    if name == "events":
        frame[EVENT_OFFSET_HELPER] = pd.array([
            (d - p).days if d is not None and p is not None else None
            for d, p in zip(frame["date_start"], frame[PARTITION_COLUMN])
        ], dtype="Int64")
    return frame


def _parameters(tables: dict[str, pa.Table], rejected_at: datetime, config: ValidationConfig) -> dict[str, Any]:
    def ids(name: str, column: str) -> list[str]:
        table = tables.get(name)
        return [] if table is None else sorted(set(table.column(column).drop_null().to_pylist()))

    return {
        "published_min": config.published_min,
        "published_max": rejected_at + config.published_max_ahead,
        "article_ids": ids("articles", "article_id"),
        "timex_ids": ids("temporal_expressions", "timex_id"),
        "event_min_days": -round(config.event_window_years * 365.25),
        "event_max_days": config.event_future_days,
    }


def _failures(result: Any, rows: int) -> tuple[dict[int, list[str]], dict[str, int]]:
    """Row index -> failed expectation names, and label -> rows of the count-only expectations."""
    failed: dict[int, list[str]] = defaultdict(list)
    counted: dict[str, int] = {}
    for r in result.results:
        config = r.expectation_config
        label = (config.meta or {}).get(COUNT_ONLY)
        if label:
            counted[label] = int(r.result.get("unexpected_count") or 0)
            continue
        name = describe(config)
        if r.success:
            continue
        error = _error_message(r.exception_info or {})
        if error:
            name = f"{name} raised {error}"
        indices = r.result.get("unexpected_index_list")
        # A failure without row indices (a table-level rule, an error) fails every row.
        for index in (indices if indices else range(rows)):
            failed[int(index)].append(name)
    return failed, counted


def _error_message(info: dict) -> str | None:
    """The message of an expectation that raised, flat or nested per metric as GE reports it."""
    entries = [info, *(v for v in info.values() if isinstance(v, dict))]
    return next((e.get("exception_message") for e in entries if e.get("raised_exception")), None)


def validate_tables(
    tables: dict[str, pa.Table],
    *,
    run_id: str,
    rejected_at: datetime,
    docs_dir: Path | None,
    config: ValidationConfig = ValidationConfig(),
) -> ValidationOutcome:
    """Validate the run's tables; move failing rows to rejects; raise past the failure threshold.

    ``rejected_at`` is also the run time: ``published_at`` may lie at most
    ``config.published_max_ahead`` past it. Data Docs go under ``docs_dir`` (none if None).
    """
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise ValueError(f"not contract tables: {', '.join(sorted(unknown))}")
    tables = {n: t.select(partitioned_schema(n).names).cast(partitioned_schema(n)) for n, t in tables.items()}
    articles = _Articles.of(tables.get("articles"))
    suites = _Suites(docs_dir, _parameters(tables, rejected_at, config), RunIdentifier(run_id, rejected_at))

    valid: dict[str, pa.Table] = {}
    rejects: list[dict] = []
    summary: dict[str, dict] = {}
    failed_keys: dict[str, set[str]] = defaultdict(set)  # table -> primary keys that failed
    for name in [n for n in PARENTS_FIRST if n in tables]:
        table, key = tables[name], TABLES[name].primary_key
        failed, counted = suites.run(name, _augment(name, table, articles))
        _cascade(name, table, failed, failed_keys)
        summary[name] = _figures(table.num_rows, failed, counted)
        valid[name] = table.filter(pa.array([i not in failed for i in range(table.num_rows)], pa.bool_()))
        bad = sorted(failed)
        for index, row in zip(bad, table.take(pa.array(bad, pa.int64())).to_pylist()):
            failed_keys[name].add(row[key])
            rejects.append(reject_row(
                run_id=run_id, stage="validate", source=articles.source_of(name, row),
                record_ref=f"{name}:{row[key]}",
                reason="failed " + "; ".join(dict.fromkeys(failed[index])),
                payload=json.dumps(row, default=str, ensure_ascii=False),
                rejected_at=rejected_at, published_date=row[PARTITION_COLUMN],
            ))

    # The rejects table, old rows and new, is validated and reported, never rejected again.
    rejects = list({r["reject_id"]: r for r in rejects}.values())
    valid["rejects"] = tables.get("rejects", to_arrow("rejects", []))
    every_reject = pa.concat_tables([valid["rejects"], to_arrow("rejects", rejects)])
    failed, counted = suites.run("rejects", _augment("rejects", every_reject, articles))
    summary["rejects"] = _figures(every_reject.num_rows, failed, counted)

    outcome = ValidationOutcome(valid, rejects, summary, suites.build_docs())
    _check_threshold(outcome, config.failure_threshold)
    return outcome


def _figures(rows: int, failed: dict[int, list[str]], counted: dict[str, int]) -> dict:
    return {
        "rows": rows,
        "passed": rows - len(failed),
        "failed": len(failed),
        "failed_by_expectation": dict(Counter(r for reasons in failed.values() for r in reasons)),
        "counted": counted,
    }


def _cascade(name: str, table: pa.Table, failed: dict[int, list[str]], failed_keys: dict[str, set[str]]) -> None:
    """Fail the rows whose parent row failed validation (orphans), saying which parent."""
    for (child, column), (parent, _) in FOREIGN_KEYS.items():
        if child != name or not failed_keys[parent]:
            continue
        for index, value in enumerate(table.column(column).to_pylist()):
            if value in failed_keys[parent]:
                failed[index].append(f"orphaned: {parent} row {value!r} failed validation")


def _check_threshold(outcome: ValidationOutcome, threshold: float) -> None:
    for name, figures in outcome.summary.items():
        if name == "rejects" or not figures["rows"]:
            continue
        rate = figures["failed"] / figures["rows"]
        if rate > threshold:
            raise ValidationThresholdExceeded(name, rate, threshold, outcome)
