"""Recall probe of the temporal tagger on unlabelled news: what it misses and what it misreads.

Runs the tagger over the texts of a JSONL file (``text`` and ``published``) and prints
1. words that usually signal a date (month and weekday names, year-like numbers, "ago",
   week/month/year/quarter/decade/century, season) that no expression covers, by word;
2. expressions whose value lies more than 50 years from the publication date, by family;
both with counts per 1,000 words. It prints words, families and counts only, never the
corpus text, so its output can be quoted (but is not committed).
Usage: ``.venv/bin/python benchmarks/probe_recall.py [--data FILE] [--top N] [--limit N]``.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from pipelines.extract.temporal import TemporalTagger, find_candidates

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "train.jsonl"
# Month and weekday names count capitalised only ("may" is mostly the modal).
SIGNALS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|(?:1[89]|20)[0-9]{2}|(?i:ago|weeks?|months?|years?|quarters?|decades?|century|centuries|seasons?))(?![\w])")
FAR_YEARS = 50


def year_of(value: str) -> int | None:
    """The first year a TIMEX3 value names (a decade "199" counts from 1990, a century "19" from 1900)."""
    m = re.match(r"(?:FY)?([0-9]{2,4})", value)
    if m is None:
        return None
    digits = m.group(1)
    return int(digits) * 10 ** (4 - len(digits))


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--data", type=Path, default=POLNEAR)
    args.add_argument("--top", type=int, default=25)
    args.add_argument("--limit", type=int, default=0, help="only the first N records (0: all)")
    opts = args.parse_args()
    if not opts.data.is_file():
        raise SystemExit(f"probe_recall: no such file: {opts.data} (give one with --data)")
    records = [json.loads(line) for line in opts.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = records[:opts.limit] if opts.limit else records
    tagger = TemporalTagger()
    words = 0
    uncovered: Counter[str] = Counter()
    signals = 0
    far: Counter[str] = Counter()
    for r in records:
        text, published = r["text"], datetime.fromisoformat(r["published"]).replace(tzinfo=timezone.utc)
        words += len(text.split())
        timexes = tagger(text, published)
        kinds = {c.start: c.kind for c in find_candidates(text)}
        spans = [(t.start_char, t.end_char) for t in timexes]
        for m in SIGNALS.finditer(text):
            signals += 1
            if not any(s <= m.start() < e for s, e in spans):
                word = m.group().lower()
                uncovered["<year>" if word[0].isdigit() else word] += 1
        for t in timexes:
            year = year_of(t.value)
            if year is not None and t.timex_type in ("DATE", "TIME") and abs(year - published.year) > FAR_YEARS:
                far[kinds.get(t.start_char, "range")] += 1
    per_k = lambda n: 1000 * n / words
    print(f"records: {len(records)}  words: {words}  date-signalling words: {signals} ({per_k(signals):.2f}/1k)")
    total = sum(uncovered.values())
    print(f"uncovered signalling words: {total} ({per_k(total):.2f}/1k words, {total / max(signals, 1):.1%} of signals)")
    for word, n in uncovered.most_common(opts.top):
        print(f"  {word:>12} {n:6d} {per_k(n):6.2f}/1k")
    total_far = sum(far.values())
    print(f"expressions more than {FAR_YEARS} years from publication: {total_far} ({per_k(total_far):.2f}/1k words)")
    for family, n in far.most_common():
        print(f"  {family:>12} {n:6d} {per_k(n):6.2f}/1k")


if __name__ == "__main__":
    main()
