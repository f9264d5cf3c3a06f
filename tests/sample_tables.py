"""Small contract-table rows and a helper publishing them with ``commit``, for storage and warehouse tests."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from pipelines.rejects import reject_row
from pipelines.storage.commit import CommitResult, commit
from schemas.arrow import to_arrow

NOW = datetime(2022, 1, 20, tzinfo=timezone.utc)
D1, D2, D3 = date(2022, 1, 19), date(2022, 1, 18), date(2022, 1, 17)


def article(aid: str, day: date, text: str = "Airbus said it will deliver jets.") -> dict:
    return {"article_id": aid, "source": "wire", "url": None, "title": None,
            "published_at": datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc),
            "text": text, "language": "en", "content_sha256": "0" * 64, "ingested_at": NOW,
            "run_id": "r", "published_date": day}


def timex(aid: str, day: date, n: int) -> dict:
    return {"timex_id": f"{aid}:T{n}", "article_id": aid, "start_char": 0, "end_char": 6, "text": "Airbus",
            "timex_type": "DATE", "value": "2022", "range_start": date(2022, 1, 1),
            "range_end": date(2022, 12, 31), "granularity": "year", "published_date": day}


def event(aid: str, day: date, n: int, actors: list[str], lemma: str = "deliver",
          when: date | None = None) -> dict:
    explicit = when is not None
    return {"event_id": f"{aid}:E{n}", "article_id": aid, "start_char": 0, "end_char": 7, "trigger": lemma,
            "lemma": lemma, "sentence": f"{' and '.join(actors)} {lemma}.", "actors": actors, "targets": [],
            "location": None, "timex_id": f"{aid}:T1" if explicit else None,
            "date_value": (when or day).isoformat(), "date_start": when or day, "date_end": when or day,
            "date_source": "explicit" if explicit else "publication", "tense": "past", "published_date": day}


def statement(aid: str, day: date, n: int, speaker: str, quote: str, speaker_type: str = "person",
              quote_type: str = "direct") -> dict:
    return {"statement_id": f"{aid}:S{n}", "article_id": aid, "quote_start_char": 0,
            "quote_end_char": len(quote), "quote_text": quote, "quote_type": quote_type, "speaker": speaker,
            "speaker_start_char": None, "speaker_end_char": None, "speaker_type": speaker_type,
            "speaker_title": None, "cue_start_char": None, "cue_end_char": None, "cue": "said", "cue_class": "speech",
            "statement_date": day.isoformat(), "published_date": day}


def reject(ref: str, day: date | None = None) -> dict:
    return reject_row(run_id="r", stage="parse", source="f", record_ref=ref, reason="malformed JSON",
                      payload="{", rejected_at=NOW, published_date=day)


def publish(root: Path, run_id: str, articles: list[dict], **rows: list[dict]) -> CommitResult:
    """Commit these articles and extraction/reject rows (keyword per table) as run ``run_id``."""
    tables = {"articles": to_arrow("articles", articles)}
    tables.update({name: to_arrow(name, table_rows) for name, table_rows in rows.items()})
    return commit(root, tables, {a["article_id"]: a["published_date"] for a in articles}, run_id)
