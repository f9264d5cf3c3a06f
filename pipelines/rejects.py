"""Rows of the ``rejects`` table, built the same way at every stage."""
from __future__ import annotations

import hashlib
from datetime import date, datetime

from pipelines.ingest.records import Reject, truncate_payload, valid_unicode


def reject_row(
    *,
    run_id: str,
    stage: str,
    source: str,
    record_ref: str,
    reason: str,
    payload: str | bytes,
    rejected_at: datetime,
    published_date: date | None = None,
) -> dict:
    """A ``rejects`` row. Its id hashes the record and stage it is about (not the reason), so a
    rerun replaces it, with the current reason.
    Text fields are made valid Unicode: a lone surrogate in the input must not stop its reject."""
    source, record_ref, reason = valid_unicode(source), valid_unicode(record_ref), valid_unicode(reason)
    key = "\x1f".join((stage, source, record_ref))
    return {
        "reject_id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
        "run_id": run_id,
        "stage": stage,
        "source": source,
        "record_ref": record_ref,
        "reason": reason,
        "payload": truncate_payload(payload),
        "rejected_at": rejected_at,
        "published_date": published_date,
    }


def row_from_reject(reject: Reject, run_id: str, rejected_at: datetime) -> dict:
    """The ``rejects`` row for a reader's ``Reject``."""
    return reject_row(
        run_id=run_id,
        stage=reject.stage,
        source=reject.source,
        record_ref=reject.record_ref,
        reason=reject.reason,
        payload=reject.payload,
        rejected_at=rejected_at,
        published_date=reject.published_date,
    )
