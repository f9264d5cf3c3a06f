"""A small, fully consistent set of contract tables; clean data passes validation untouched."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa

from pipelines.ingest.records import content_sha256
from pipelines.validate import validate_tables
from schemas.arrow import to_arrow

RUN_AT = datetime(2024, 6, 1, 12, tzinfo=timezone.utc)
TEXT = (
    'On Tuesday, Antony Blinken said "we will meet in Geneva next week". '
    "Russia annexed Crimea in 2014."
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _one_article(n: int, day: date) -> dict[str, list[dict]]:
    """One article and its extraction rows, every offset and id consistent."""
    aid, published = f"a{n}", datetime(day.year, day.month, day.day, 8, tzinfo=timezone.utc)
    article = {
        "article_id": aid, "source": "sample", "url": f"https://example.org/{n}", "title": f"Story {n}",
        "published_at": published, "text": TEXT, "language": "en", "content_sha256": content_sha256(TEXT),
        "ingested_at": RUN_AT, "run_id": "run-1", "published_date": day,
    }
    week = day + timedelta(days=7 - day.weekday())
    timexes = [
        ("Tuesday", "DATE", (day - timedelta(days=1)).isoformat(), day - timedelta(days=1), day - timedelta(days=1), "day"),
        ("next week", "DATE", f"{week.isocalendar().year}-W{week.isocalendar().week:02d}", week, week + timedelta(days=6), "week"),
        ("2014", "DATE", "2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
    ]
    temporal = []
    for k, (text, type_, value, start, end, granularity) in enumerate(timexes):
        s, e = _span(TEXT, text)
        temporal.append({
            "timex_id": f"{aid}-t{k}", "article_id": aid, "start_char": s, "end_char": e, "text": text,
            "timex_type": type_, "value": value, "range_start": start, "range_end": end,
            "granularity": granularity, "published_date": day,
        })
    sentence_one, sentence_two = TEXT.split(". ", 1)
    events = []
    for k, (trigger, lemma, sentence, actors, targets, location, t, tense) in enumerate([
        ("meet", "meet", sentence_one + ".", ["we"], [], "Geneva", temporal[1], "future"),
        ("annexed", "annex", sentence_two, ["Russia"], ["Crimea"], None, temporal[2], "past"),
    ]):
        s, e = _span(TEXT, trigger)
        events.append({
            "event_id": f"{aid}-e{k}", "article_id": aid, "start_char": s, "end_char": e, "trigger": trigger,
            "lemma": lemma, "sentence": sentence, "actors": actors, "targets": targets, "location": location,
            "timex_id": t["timex_id"], "date_value": t["value"], "date_start": t["range_start"],
            "date_end": t["range_end"], "date_source": "explicit", "tense": tense, "published_date": day,
        })
    quote, speaker, cue = (_span(TEXT, p) for p in ("we will meet in Geneva next week", "Antony Blinken", "said"))
    statements = [{
        "statement_id": f"{aid}-s0", "article_id": aid, "quote_start_char": quote[0], "quote_end_char": quote[1],
        "quote_text": TEXT[quote[0]:quote[1]], "quote_type": "direct", "speaker": "Antony Blinken",
        "speaker_start_char": speaker[0], "speaker_end_char": speaker[1], "speaker_type": "person",
        "speaker_title": "Secretary of State", "cue_start_char": cue[0], "cue_end_char": cue[1], "cue": "said", "cue_class": "speech",
        "statement_date": temporal[0]["value"], "published_date": day,
    }]
    return {"articles": [article], "temporal_expressions": temporal, "events": events, "statements": statements}


def sample_rows(articles: int = 4) -> dict[str, list[dict]]:
    """Rows of every contract table for ``articles`` articles over consecutive days, plus one reject."""
    rows: dict[str, list[dict]] = {"articles": [], "temporal_expressions": [], "events": [], "statements": []}
    for n in range(articles):
        for name, more in _one_article(n, date(2023, 6, 1) + timedelta(days=n)).items():
            rows[name].extend(more)
    rows["rejects"] = [{
        "reject_id": "0" * 32, "run_id": "run-1", "stage": "parse", "source": "in.jsonl",
        "record_ref": "in.jsonl:3", "reason": "malformed JSON", "payload": "{", "rejected_at": RUN_AT,
        "published_date": None,
    }]
    return rows


def sample_tables(articles: int = 4) -> dict[str, pa.Table]:
    return {name: to_arrow(name, rows) for name, rows in sample_rows(articles).items()}


def test_clean_tables_pass_untouched_and_docs_are_written(tmp_path: Path) -> None:
    tables = sample_tables()
    outcome = validate_tables(tables, run_id="run-1", rejected_at=RUN_AT, docs_dir=tmp_path / "_validation")

    assert outcome.rejects == []
    for name, table in tables.items():
        assert outcome.valid[name].equals(table), name
        assert outcome.summary[name]["failed"] == 0 and outcome.summary[name]["rows"] == table.num_rows
    assert outcome.summary["events"]["counted"] == {"far_dated_events": 0}
    assert outcome.docs_index == tmp_path / "_validation" / "index.html" and outcome.docs_index.is_file()
    for name in tables:
        assert list((tmp_path / "_validation" / "validations" / "dateline" / name / "run-1").rglob("*.html")), name
        assert (tmp_path / "_validation" / "expectations" / "dateline" / f"{name}.html").is_file(), name
