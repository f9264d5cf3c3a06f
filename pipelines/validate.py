"""The validation step: Great Expectations suites over every table, bad rows moved to rejects.

Pure (no Beam, no Prefect). ``validate_batch`` takes the tables of a batch of
articles with all their rows, in the partitioned schema (contract columns +
``published_date``), runs each table's suite from ``schemas.expectations``
through an in-memory GE context on pandas frames augmented with the helper
columns the cross-table rules read, and returns the rows that passed, one
``rejects`` row per row that failed (naming every failed expectation), a
per-table summary and each suite's result. Every cross-table rule is local to
one article, so a run is validated batch by batch where its job runs;
``RunValidation`` sums the batches' figures and results, writes the run's Data
Docs (counts per expectation over the whole run) and applies the failure
threshold. ``validate_tables`` is the one-batch run.

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
from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResultSchema
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)
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
from schemas.tables import EXTRACTION_TABLES, PARTITION_COLUMN, STAGE_VALIDATE, TABLES

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
    results: dict[str, dict] = field(default_factory=dict)  # table -> its suite's result, see ``_trimmed``


class ValidationThresholdExceeded(Exception):
    """A table's failure rate over the run passed the threshold; nothing of the run is published."""

    def __init__(self, table: str, rate: float, threshold: float, docs_index: Path | None) -> None:
        self.table, self.rate, self.threshold, self.docs_index = table, rate, threshold, docs_index
        docs = f"; Data Docs: {docs_index}" if docs_index else ""
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


class Suites:
    """An in-memory GE context running the table suites, one validation definition per table.

    Made once per worker and reused for every batch; progress bars and usage analytics are off.
    Data Docs, when ``docs_dir`` is given, are built from the results stored with ``store``.
    """

    def __init__(self, run: RunIdentifier, docs_dir: Path | None = None) -> None:
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
        self.docs_dir, self.run_id = docs_dir, run
        self.definitions: dict[str, gx.ValidationDefinition] = {}

    def _definition(self, name: str) -> gx.ValidationDefinition:
        if name not in self.definitions:
            self.definitions[name] = self.context.validation_definitions.add(gx.ValidationDefinition(
                name=f"dateline.{name}",
                data=self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("run"),
                suite=self.context.suites.add(build_suite(name)),
            ))
        return self.definitions[name]

    def run(self, name: str, frame: pd.DataFrame,
            parameters: dict[str, Any]) -> tuple[dict[int, list[str]], dict[str, int], dict]:
        """Validate ``frame`` with the suite of table ``name``: see ``_failures``, plus the trimmed result."""
        result = self._definition(name).run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters,
            result_format={"result_format": "COMPLETE"},
            run_id=self.run_id,
        )
        return (*_failures(result, len(frame)), _trimmed(result.to_json_dict()))

    def build_docs(self, results: dict[str, dict]) -> Path | None:
        """Store the run's result of each table and write the Data Docs site; its index.html, or None
        without a docs directory."""
        if self.docs_dir is None:
            return None
        store = self.context.validation_results_store
        for name, result in results.items():
            suite = ExpectationSuiteIdentifier(name=self._definition(name).suite.name)
            store.store_validation_results(
                suite_validation_result=ExpectationSuiteValidationResultSchema().load(result),
                suite_validation_result_identifier=ValidationResultIdentifier(suite, self.run_id, "run"),
                expectation_suite_identifier=suite)
        self.context.build_data_docs(site_names=[DOCS_SITE])
        make_offline(Path(self.docs_dir))
        return Path(self.docs_dir) / "index.html"


# Per-row lists of a COMPLETE result: a batch keeps only the partial ones, and at most this many values.
_PER_ROW = ("unexpected_list", "unexpected_index_list", "unexpected_index_query", "partial_unexpected_index_list")
PARTIAL_VALUES = 20
VALUE_CHARS = 200


def _short(value: Any) -> Any:
    return value[:VALUE_CHARS] if isinstance(value, str) else value


def _trimmed(result: dict) -> dict:
    """A suite result small enough to travel from a worker: no per-row lists, short partial lists."""
    for entry in result["results"]:
        figures = entry.get("result") or {}
        for key in _PER_ROW:
            figures.pop(key, None)
        if "partial_unexpected_list" in figures:
            figures["partial_unexpected_list"] = [_short(v) for v in figures["partial_unexpected_list"][:PARTIAL_VALUES]]
        if "partial_unexpected_counts" in figures:
            figures["partial_unexpected_counts"] = [
                {**c, "value": _short(c["value"])} for c in figures["partial_unexpected_counts"][:PARTIAL_VALUES]]
    return result


_SUMMED = ("element_count", "unexpected_count", "missing_count")


def _merge_result(total: dict, batch: dict) -> dict:
    """Two batches' results of one suite as one: counts summed, percentages recomputed, the first
    batches' partial lists kept, success only if every batch succeeded."""
    for entry, more in zip(total["results"], batch["results"]):
        entry["success"] = entry["success"] and more["success"]
        figures, extra = entry.setdefault("result", {}), more.get("result") or {}
        for key in _SUMMED:
            if key in figures or key in extra:
                figures[key] = (figures.get(key) or 0) + (extra.get(key) or 0)
        for key in ("partial_unexpected_list", "partial_unexpected_counts"):
            if key in extra:
                figures[key] = (figures.get(key, []) + extra[key])[:PARTIAL_VALUES]
        if "observed_value" in extra:
            figures["observed_value"] = extra["observed_value"]
        if not entry["exception_info"].get("raised_exception"):
            entry["exception_info"] = more["exception_info"]
        _percentages(figures)
    stats = total["statistics"]
    stats["successful_expectations"] = sum(bool(e["success"]) for e in total["results"])
    stats["unsuccessful_expectations"] = stats["evaluated_expectations"] - stats["successful_expectations"]
    stats["success_percent"] = 100.0 * stats["successful_expectations"] / max(1, stats["evaluated_expectations"])
    total["success"] = total["success"] and batch["success"]
    return total


def _percentages(figures: dict) -> None:
    if "unexpected_count" not in figures or "element_count" not in figures:
        return
    rows, missing, bad = figures["element_count"], figures.get("missing_count") or 0, figures["unexpected_count"]
    figures["unexpected_percent_total"] = 100.0 * bad / rows if rows else 0.0
    figures["unexpected_percent_nonmissing"] = 100.0 * bad / (rows - missing) if rows > missing else 0.0
    figures["unexpected_percent"] = figures["unexpected_percent_nonmissing"]
    if "missing_percent" in figures:
        figures["missing_percent"] = 100.0 * missing / rows if rows else 0.0


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


def validate_batch(
    tables: dict[str, pa.Table],
    *,
    run_id: str,
    rejected_at: datetime,
    suites: Suites,
    config: ValidationConfig = ValidationConfig(),
) -> ValidationOutcome:
    """Validate the tables of a batch of articles (with all their rows); move failing rows to rejects.

    ``rejected_at`` is also the run time: ``published_at`` may lie at most
    ``config.published_max_ahead`` past it. No Data Docs and no threshold: see ``RunValidation``.
    """
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise ValueError(f"not contract tables: {', '.join(sorted(unknown))}")
    tables = {n: t.select(partitioned_schema(n).names).cast(partitioned_schema(n)) for n, t in tables.items()}
    articles = _Articles.of(tables.get("articles"))
    parameters = _parameters(tables, rejected_at, config)

    valid: dict[str, pa.Table] = {}
    rejects: list[dict] = []
    summary: dict[str, dict] = {}
    results: dict[str, dict] = {}
    failed_keys: dict[str, set[str]] = defaultdict(set)  # table -> primary keys that failed
    for name in [n for n in PARENTS_FIRST if n in tables]:
        table, key = tables[name], TABLES[name].primary_key
        failed, counted, results[name] = suites.run(name, _augment(name, table, articles), parameters)
        _cascade(name, table, failed, failed_keys)
        summary[name] = _figures(table.num_rows, failed, counted)
        valid[name] = table.filter(pa.array([i not in failed for i in range(table.num_rows)], pa.bool_()))
        bad = sorted(failed)
        for index, row in zip(bad, table.take(pa.array(bad, pa.int64())).to_pylist()):
            failed_keys[name].add(row[key])
            rejects.append(reject_row(
                run_id=run_id, stage=STAGE_VALIDATE, source=articles.source_of(name, row),
                record_ref=f"{name}:{row[key]}",
                reason="failed " + "; ".join(dict.fromkeys(failed[index])),
                payload=json.dumps(row, default=str, ensure_ascii=False),
                rejected_at=rejected_at, published_date=row[PARTITION_COLUMN],
            ))

    # The rejects table, old rows and new, is validated and reported, never rejected again.
    rejects = list({r["reject_id"]: r for r in rejects}.values())
    valid["rejects"] = tables.get("rejects", to_arrow("rejects", []))
    every_reject = pa.concat_tables([valid["rejects"], to_arrow("rejects", rejects)])
    failed, counted, results["rejects"] = suites.run("rejects", _augment("rejects", every_reject, articles),
                                                     parameters)
    summary["rejects"] = _figures(every_reject.num_rows, failed, counted)
    return ValidationOutcome(valid, rejects, summary, results=results)


class RunValidation:
    """The validation of a whole run, summed over its batches: per-table figures (as in
    ``ValidationOutcome.summary``) and each suite's result, with counts per expectation."""

    def __init__(self) -> None:
        self.summary: dict[str, dict] = {}
        self.results: dict[str, dict] = {}

    def add(self, summary: dict[str, dict], results: dict[str, dict]) -> None:
        """Fold in one batch's figures and results."""
        for name, figures in summary.items():
            self.summary[name] = _sum_figures(self.summary[name], figures) if name in self.summary else figures
        for name, result in results.items():
            self.results[name] = _merge_result(self.results[name], result) if name in self.results else result

    def build_docs(self, docs_dir: Path | None, run_id: str, run_time: datetime) -> Path | None:
        """Write the run's Data Docs under ``docs_dir``; the index, or None without a directory."""
        if docs_dir is None or not self.results:
            return None
        return Suites(RunIdentifier(run_id, run_time), docs_dir).build_docs(self.results)

    def check_threshold(self, threshold: float, docs_index: Path | None) -> None:
        """Raise ``ValidationThresholdExceeded`` for the first table whose failure rate is over ``threshold``."""
        for name, figures in self.summary.items():
            if name == "rejects" or not figures["rows"]:
                continue
            rate = figures["failed"] / figures["rows"]
            if rate > threshold:
                raise ValidationThresholdExceeded(name, rate, threshold, docs_index)


def validate_tables(
    tables: dict[str, pa.Table],
    *,
    run_id: str,
    rejected_at: datetime,
    docs_dir: Path | None,
    config: ValidationConfig = ValidationConfig(),
) -> ValidationOutcome:
    """Validate tables as one batch, write their Data Docs under ``docs_dir`` (none if None) and
    raise past the failure threshold."""
    run = RunIdentifier(run_id, rejected_at)
    outcome = validate_batch(tables, run_id=run_id, rejected_at=rejected_at, suites=Suites(run), config=config)
    whole = RunValidation()
    whole.add(outcome.summary, outcome.results)
    outcome.docs_index = whole.build_docs(docs_dir, run_id, rejected_at)
    whole.check_threshold(config.failure_threshold, outcome.docs_index)
    return outcome


def _sum_figures(total: dict, more: dict) -> dict:
    return {
        "rows": total["rows"] + more["rows"],
        "passed": total["passed"] + more["passed"],
        "failed": total["failed"] + more["failed"],
        "failed_by_expectation": dict(Counter(total["failed_by_expectation"]) + Counter(more["failed_by_expectation"])),
        "counted": {k: total["counted"].get(k, 0) + more["counted"].get(k, 0)
                    for k in {*total["counted"], *more["counted"]}},
    }


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
