"""Benchmark corpora: scale a JSONL sample to N articles, or write very long articles or very many lines.

    python benchmarks/corpus.py --articles 2000 --out bench-out/corpus.jsonl
    python benchmarks/corpus.py --long-mb 50 --out bench-out/long.jsonl
    python benchmarks/corpus.py --lines 1000000 --out bench-out/lines.jsonl

Scaled copies get new ids (``<id>-c<copy>``) and publication dates shifted by
whole days (``copy`` days, so the copies spread over many partitions and relative
dates still resolve), and a copy-numbered first sentence so that the content
hashes differ: the pipeline's duplicate-text rule would otherwise reject them.
"""
from __future__ import annotations

import argparse
import itertools
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterable, Iterator

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "meantime_dev.jsonl"


def read_records(path: Path) -> list[dict]:
    """The JSON objects of a JSONL file (blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _shift(published: str, days: int) -> str:
    if len(published) == 10:
        return (date.fromisoformat(published) + timedelta(days=days)).isoformat()
    return (datetime.fromisoformat(published.replace("Z", "+00:00")) + timedelta(days=days)).isoformat()


def scaled(records: list[dict], count: int) -> Iterator[dict]:
    """``count`` articles cycling through ``records``; copy k is shifted k days and re-identified."""
    for n in range(count):
        record, copy = records[n % len(records)], n // len(records)
        out = {k: v for k, v in record.items() if k in ("url", "title", "source", "language", "text")}
        rid = record.get("id", record.get("doc_id", n))
        out["id"] = f"{rid}-c{copy}"
        out["published"] = _shift(record.get("published_at", record["published"]), copy)
        if "url" in out:
            out["url"] = f"{out['url']}?copy={copy}"
        out["text"] = f"Copy {copy} of the report. {record['text']}"
        yield out


def long_article(text: str, megabytes: float, published: str = "2022-01-19") -> dict:
    """One article whose text repeats ``text`` up to about ``megabytes`` MB."""
    size = int(megabytes * 1024 * 1024)
    body = (text + " ") * (size // (len(text) + 1) + 1)
    return {"id": f"long-{megabytes:g}mb", "published": published, "source": "bench", "text": body[:size]}


def tiny_lines(count: int) -> Iterator[dict]:
    """``count`` minimal records: a few words each, distinct ids and texts, dates over a year."""
    start = date(2022, 1, 1)
    for n in range(count):
        yield {"id": f"t{n}", "published": (start + timedelta(days=n % 365)).isoformat(),
               "text": f"Item {n} was filed on Monday."}


def write_jsonl(records: Iterable[dict], path: Path) -> int:
    """Write records one per line; returns the number written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=SAMPLE, help="JSONL to scale (default: the sample)")
    parser.add_argument("--out", type=Path, required=True)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--articles", type=int, help="scale the source to this many articles")
    what.add_argument("--long-mb", type=float, help="one article of about this many MB (plus the source's)")
    what.add_argument("--lines", type=int, help="this many one-sentence records")
    args = parser.parse_args(argv)
    if args.articles is not None:
        records: Iterable[dict] = scaled(read_records(args.source), args.articles)
    elif args.long_mb is not None:
        source = read_records(args.source)
        records = itertools.chain([long_article(source[0]["text"], args.long_mb)], source)
    else:
        records = tiny_lines(args.lines)
    print(f"{write_jsonl(records, args.out)} records -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
