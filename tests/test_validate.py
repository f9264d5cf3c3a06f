"""Corrupted rows land in rejects with the failed expectation named; the rest passes."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from pipelines.validate import ValidationConfig, ValidationThresholdExceeded, validate_tables
from schemas.arrow import to_arrow
from schemas.tables import TABLES
from tests.test_validate_sample import RUN_AT, TEXT, sample_rows

ARTICLES = 30  # enough rows that one bad row per table stays under the 5% threshold


def _row(rows: list[dict], key: str, value: str) -> dict:
    return next(r for r in rows if r[key] == value)


def _validate(rows: dict[str, list[dict]], tmp_path: Path | None = None, **config):
    tables = {name: to_arrow(name, r) for name, r in rows.items()}
    return tables, validate_tables(
        tables, run_id="run-2", rejected_at=RUN_AT,
        docs_dir=tmp_path / "_validation" if tmp_path else None, config=ValidationConfig(**config),
    )


def _reasons(outcome) -> dict[str, str]:
    return {r["record_ref"]: r["reason"] for r in outcome.rejects}


def test_one_corrupt_row_per_extraction_table_is_rejected_by_name() -> None:
    rows = sample_rows(ARTICLES)
    _row(rows["temporal_expressions"], "timex_id", "a1-t0")["value"] = "next Tuesday"
    reversed_range = _row(rows["temporal_expressions"], "timex_id", "a2-t2")
    reversed_range["range_start"], reversed_range["range_end"] = reversed_range["range_end"], reversed_range["range_start"]
    _row(rows["events"], "event_id", "a3-e0")["end_char"] = len(TEXT) + 5
    _row(rows["statements"], "statement_id", "a4-s0")["article_id"] = "no-such-article"

    tables, outcome = _validate(rows)
    reasons = _reasons(outcome)

    assert "expect_column_values_to_match_regex(value)" in reasons["temporal_expressions:a1-t0"]
    assert "range_start <= range_end" in reasons["temporal_expressions:a2-t2"]
    assert "expect_column_pair_values_a_to_be_greater_than_b(_article_text_length, end_char)" in reasons["events:a3-e0"]
    assert "end_char inside articles.text" in reasons["events:a3-e0"]
    assert "trigger equals articles.text[start_char:end_char]" in reasons["events:a3-e0"]
    assert "expect_column_values_to_be_in_set(article_id): article_id exists in articles" in reasons["statements:a4-s0"]
    # The event dated by the rejected temporal expression goes with it.
    assert "orphaned: temporal_expressions row 'a2-t2'" in reasons["events:a2-e1"]
    assert set(reasons) == {"temporal_expressions:a1-t0", "temporal_expressions:a2-t2", "events:a3-e0",
                            "events:a2-e1", "statements:a4-s0"}

    expected_valid = {"articles": 0, "temporal_expressions": 2, "events": 2, "statements": 1}
    for name, dropped in expected_valid.items():
        assert outcome.valid[name].num_rows == tables[name].num_rows - dropped, name
        assert outcome.summary[name]["failed"] == dropped, name
    valid_ids = set(outcome.valid["events"].column("event_id").to_pylist())
    assert {"a3-e0", "a2-e1"}.isdisjoint(valid_ids) and "a3-e1" in valid_ids
    assert outcome.valid["rejects"].equals(tables["rejects"])  # the new rows are in outcome.rejects
    # The new reject rows pass the rejects suite themselves.
    assert outcome.summary["rejects"]["rows"] == tables["rejects"].num_rows + 5
    assert outcome.summary["rejects"]["failed"] == 0


def test_reject_rows_carry_source_ref_payload_and_partition() -> None:
    rows = sample_rows(ARTICLES)
    _row(rows["events"], "event_id", "a3-e0")["tense"] = "pluperfect"
    _, outcome = _validate(rows)

    (reject,) = outcome.rejects
    assert reject["stage"] == "validate" and reject["run_id"] == "run-2"
    assert reject["source"] == "sample" and reject["record_ref"] == "events:a3-e0"
    assert reject["reason"].startswith("failed expect_column_values_to_be_in_set(tense)")
    assert reject["published_date"] == _row(rows["events"], "event_id", "a3-e0")["published_date"]
    assert json.loads(reject["payload"])["tense"] == "pluperfect"
    assert outcome.summary["events"]["failed_by_expectation"] == {"expect_column_values_to_be_in_set(tense)": 1}


def test_failed_article_takes_its_extraction_rows_with_it() -> None:
    rows = sample_rows(ARTICLES)
    _row(rows["articles"], "article_id", "a5")["published_at"] = datetime(1980, 1, 1, tzinfo=timezone.utc)
    _, outcome = _validate(rows, failure_threshold=0.5)
    reasons = _reasons(outcome)

    assert "published_at within a plausible range" in reasons["articles:a5"]
    assert "published_date is the article's publication date" in reasons["articles:a5"]
    children = [ref for ref in reasons if ref != "articles:a5"]
    assert len(children) == 3 + 2 + 1  # its temporal expressions, events and statement
    assert all("orphaned: articles row 'a5' failed validation" in reasons[ref] for ref in children)
    assert "a5" not in outcome.valid["statements"].column("article_id").to_pylist()


def test_duplicate_primary_keys_and_half_set_spans_are_rejected() -> None:
    rows = sample_rows(ARTICLES)
    rows["statements"].append(dict(_row(rows["statements"], "statement_id", "a6-s0")))
    _row(rows["statements"], "statement_id", "a7-s0")["cue_end_char"] = None
    _, outcome = _validate(rows, failure_threshold=0.5)
    reasons = [r["reason"] for r in outcome.rejects if r["record_ref"] == "statements:a6-s0"]
    assert len(reasons) == 1 and "expect_column_values_to_be_unique(statement_id)" in reasons[0]
    assert outcome.summary["statements"]["failed"] == 3  # both copies, and the half-set span
    assert "cue_end_char is set when cue_start_char is" in _reasons(outcome)["statements:a7-s0"]


def test_far_dated_events_are_counted_not_rejected() -> None:
    rows = sample_rows(ARTICLES)
    event = _row(rows["events"], "event_id", "a8-e1")
    event.update(timex_id=None, date_value="1945", date_start=date(1945, 1, 1), date_end=date(1945, 12, 31))
    _, outcome = _validate(rows)
    assert outcome.rejects == []
    assert outcome.summary["events"]["counted"] == {"far_dated_events": 1}
    _, narrower = _validate(rows, event_window_years=5)  # the other articles' 2014 events are now far too
    assert narrower.summary["events"]["counted"] == {"far_dated_events": ARTICLES}


def test_rejects_table_is_validated_but_never_rejected_again() -> None:
    rows = sample_rows(ARTICLES)
    rows["rejects"][0]["stage"] = "bogus"
    tables, outcome = _validate(rows)
    assert outcome.summary["rejects"]["failed"] == 1 and outcome.rejects == []
    assert outcome.valid["rejects"].equals(tables["rejects"])


def test_failure_rate_over_threshold_raises_after_writing_docs(tmp_path: Path) -> None:
    rows = sample_rows(ARTICLES)
    for statement in rows["statements"][:3]:
        statement["quote_type"] = "shouted"
    with pytest.raises(ValidationThresholdExceeded) as err:
        _validate(rows, tmp_path)
    assert "'statements'" in str(err.value) and "10.0%" in str(err.value) and "5.0%" in str(err.value)
    assert err.value.table == "statements" and err.value.rate == pytest.approx(0.1)
    assert err.value.docs_index.is_file() and str(err.value.docs_index) in str(err.value)


def test_every_contract_table_is_checked() -> None:
    _, outcome = _validate(sample_rows(2))
    assert set(outcome.summary) == set(TABLES)


def test_an_expectation_that_errors_fails_every_row_and_says_why() -> None:
    from great_expectations.core.run_identifier import RunIdentifier

    from pipelines.validate import Suites
    from schemas.expectations import to_frame

    frame = to_frame(to_arrow("rejects", sample_rows(1)["rejects"] * 2)).drop(columns=["reason"])
    failed, _, _ = Suites(RunIdentifier("t", RUN_AT)).run("rejects", frame, {})
    assert sorted(failed) == [0, 1]
    assert any("expect_table_columns_to_match_set" in reason for reason in failed[0])
    assert any("expect_column_values_to_not_be_null(reason) raised" in reason for reason in failed[0])


@pytest.mark.parametrize("value", ["P3D", "PRESENT_REF", "XXXX-WXX-1", "XXXX-XX-XX"])
def test_an_explicitly_dated_event_has_a_calendar_date(value: str) -> None:
    rows = sample_rows(ARTICLES)
    _row(rows["events"], "event_id", "a5-e1").update(date_value=value, date_start=None, date_end=None)
    measured = _row(rows["events"], "event_id", "a6-e1")
    measured.update(date_source="publication", timex_id=None, duration_value="P3D")
    _, outcome = _validate(rows)
    reasons = _reasons(outcome)
    assert set(reasons) == {"events:a5-e1"}
    assert "an explicitly dated event has a calendar date" in reasons["events:a5-e1"]


def test_a_run_validated_batch_by_batch_sums_to_the_whole_run_and_writes_one_docs_site(tmp_path: Path) -> None:
    from great_expectations.core.run_identifier import RunIdentifier

    from pipelines.validate import RunValidation, Suites, validate_batch

    rows = sample_rows(ARTICLES)
    _row(rows["events"], "event_id", "a3-e0")["tense"] = "pluperfect"
    _row(rows["statements"], "statement_id", "a20-s0")["quote_type"] = "shouted"
    _, whole = _validate(rows)

    suites, run = Suites(RunIdentifier("run-2", RUN_AT)), RunValidation()
    first = {f"a{n}" for n in range(ARTICLES // 2)}
    for half in (True, False):
        part = {name: [r for r in table if (r.get("article_id", "a0") in first) == half]  # rejects go first
                for name, table in rows.items()}
        outcome = validate_batch({n: to_arrow(n, r) for n, r in part.items()}, run_id="run-2", rejected_at=RUN_AT,
                                 suites=suites)
        run.add(outcome.summary, outcome.results)
    assert run.summary == whole.summary
    tense = next(r for r in run.results["events"]["results"]
                 if r["expectation_config"]["type"] == "expect_column_values_to_be_in_set"
                 and r["expectation_config"]["kwargs"]["column"] == "tense")
    assert tense["result"]["unexpected_count"] == 1 and not tense["success"]
    assert tense["result"]["element_count"] == len(rows["events"])
    docs = run.build_docs(tmp_path / "docs", "run-2", RUN_AT)
    assert docs.is_file() and len(list((tmp_path / "docs" / "validations").rglob("*.html"))) == len(TABLES)
