"""Fast development loop for the statements extractor: parse once, extract and score many times.

Runs the pure ``StatementExtractor`` (no Beam, no Prefect) over the articles of
a gold JSONL file, or one half of it, and scores the rows with the same scorer
``dateline evaluate`` uses. Every sentence of every article is parsed once and
kept in a cache outside the repository (``--cache``, default
``~/.cache/dateline/parses``; it holds article text, so it must never be
committed); later runs read the parse from there, still sentence by sentence on
demand, so the extractor sees what it would see in the pipeline.

Usage: ``.venv/bin/python benchmarks/score_statements.py --gold GOLD [--half dev|held|all] [--json]``
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Iterable

from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.evaluate.halves import HALVES, in_half  # noqa: E402
from pipelines.evaluate.report import render  # noqa: E402
from pipelines.evaluate.speech_scores import annotated_scope, score_speech  # noqa: E402
from pipelines.extract.nlp import ArticleParse, ParsedSentence, SentenceParser, parser  # noqa: E402
from pipelines.extract.statements import StatementExtractor  # noqa: E402


class CachedParse(ArticleParse):
    """An ``ArticleParse`` whose sentences come from a parse made earlier (all sentences, with entities)."""

    def __init__(self, text: str, docs: list):
        super().__init__(text)
        self._docs = docs

    def parse(self, indices: Iterable[int], entities: bool = True) -> None:
        for i in indices:
            if i not in self._parsed:
                self._parsed[i] = ParsedSentence(self._docs[i], self.sentences[i][0])


def cached_docs(text: str, nlp: SentenceParser, cache: Path) -> list:
    key = hashlib.sha256(text.encode()).hexdigest()[:32]
    path = cache / f"{key}.spacy"
    spans = ArticleParse(text).sentences
    if path.exists():
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.nlp.vocab))
        if len(docs) == len(spans):
            return docs
    docs = list(nlp(text[a:b] for a, b in spans))
    path.write_bytes(DocBin(store_user_data=False, docs=docs).to_bytes())
    return docs


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--gold", type=Path, required=True)
    args.add_argument("--half", choices=[*HALVES, "all"], default="all")
    args.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "dateline" / "parses")
    args.add_argument("--json", action="store_true")
    opts = args.parse_args()
    opts.cache.mkdir(parents=True, exist_ok=True)
    docs = [json.loads(line) for line in opts.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [d for d in docs if opts.half == "all" or in_half(d, opts.half)]
    nlp = parser()
    parses = [CachedParse(d["text"], cached_docs(d["text"], nlp, opts.cache)) for d in docs]
    extractor = StatementExtractor()
    started = time.perf_counter()
    predicted = {d["doc_id"]: [vars(s) for s in extractor(p)] for d, p in zip(docs, parses)}
    seconds = time.perf_counter() - started
    report = {"articles": len(docs), "speech": score_speech(docs, predicted, annotated_scope(docs)),
              "extraction_seconds_without_parsing": round(seconds, 2)}
    print(json.dumps(report, indent=2) if opts.json else render(report))


if __name__ == "__main__":
    main()
