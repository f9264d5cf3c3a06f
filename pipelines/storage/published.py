"""Where an output's articles and rejects are published now, read once per run from their key columns.

A commit needs it to move an article whose corrected date puts it in another partition, to replace
a reject found again under another day, and to find the earlier rejects that a run's own replace
(``RejectScope``). A backfill reads it once and reuses it for every chunk it commits: each article
and each reject belongs to one chunk, so an earlier chunk's commit never changes what a later
chunk looks up, and chunk commits stay cheap however many partitions the output has.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.storage.partitions import published_columns

_REJECT_COLUMNS = ["reject_id", "stage", "record_ref"]


@dataclass(frozen=True)
class Published:
    """The published article ids and rejects (id, stage, record_ref), each with its partition's day."""

    articles: pa.Table  # article_id, day
    rejects: pa.Table  # reject_id, stage, record_ref, day

    @classmethod
    def read(cls, output_dir: Path) -> Published:
        return cls(published_columns(output_dir, "articles", ["article_id"]),
                   published_columns(output_dir, "rejects", _REJECT_COLUMNS))

    def days_holding(self, table: str, keys: pa.Array) -> set[str | None]:
        """The partitions of ``articles`` or ``rejects`` holding any of ``keys``."""
        rows = self.articles if table == "articles" else self.rejects
        if not len(keys) or not rows.num_rows:
            return set()
        mask = pc.is_in(rows.column(0), value_set=pc.unique(keys))
        return set(pc.unique(rows.column("day").filter(mask)).to_pylist())

    def rejects_in(self, days: set[str | None] | None) -> list[dict]:
        """The published rejects of those partitions (every one for None)."""
        rows = self.rejects
        if days is not None:
            dated = pa.array(sorted(d for d in days if d is not None), pa.string())
            mask = pc.is_in(rows.column("day"), value_set=dated, skip_nulls=True)
            if None in days:
                mask = pc.or_(pc.fill_null(mask, False), pc.is_null(rows.column("day")))
            rows = rows.filter(mask)
        return rows.to_pylist()


@dataclass(frozen=True)
class RejectScope:
    """The earlier rejects a run's rejects replace: those of the input ``files`` it read (their parse
    and extract rejects, by ``record_ref``) and the validate rejects of the articles it processed,
    only of days within ``days`` (inclusive; None: every day). Undated rejects are always in scope."""

    files: tuple[str, ...] = ()
    days: tuple[date, date] | None = None

    def stale_rejects(self, published: Published, processed: dict[str, date | None],
                      partitions: set[str | None] | None = None) -> tuple[set[str], set[str | None]]:
        """The ids of the published rejects in scope (in ``partitions`` only, if given), and the
        partitions holding them."""
        files = set(self.files)
        ids: set[str] = set()
        days: set[str | None] = set()
        low, high = (d.isoformat() for d in self.days) if self.days else (None, None)
        for row in published.rejects_in(partitions):
            day = row["day"]
            if day is not None and low and not low <= day <= high:
                continue
            ref = row["record_ref"]
            if _input_file(ref) in files or (row["stage"] == "validate" and _validated_article(ref) in processed):
                ids.add(row["reject_id"])
                days.add(day)
        return ids, days


# The file part of a record reference: ``file:line`` (JSON Lines), ``file[index]`` (a .json array),
# ``file#offset url`` (WARC); any other reference (a saved page) is the file itself.
_REF_FILE = re.compile(r"^(?P<file>.+?)(?::\d+|\[\d+\]|#\d+(?: .*)?)$", re.S)


def _input_file(record_ref: str) -> str:
    match = _REF_FILE.match(record_ref)
    return match.group("file") if match else record_ref


def _validated_article(record_ref: str) -> str | None:
    """The article a validate reject is about: ``articles:<id>``, or ``<table>:<id>:<T|E|S>...``
    (the extraction ids start with their article's id)."""
    table, _, key = record_ref.partition(":")
    if table == "articles":
        return key
    article, sep, _ = key.rpartition(":")
    return article if sep else None
