"""Fast development loop for the statements extractor: parse once, extract and score many times.

Runs the pure ``StatementExtractor`` (no Beam, no Prefect) over the articles of
a gold JSONL file, or one half of it, and scores the rows with the same scorer
``dateline evaluate`` uses. Every sentence of every article is parsed once and
kept in a cache outside the repository (``--cache``, default
``~/.cache/dateline/parses``; it holds article text, so it must never be
committed); later runs read the parse from there and hand it out as the
pipeline has it (``ArticleExtractor.prepare``: the candidate and timex
sentences first without named entities, entities only where asked), so the
extractor sees what it would see in the pipeline.

Usage: ``.venv/bin/python benchmarks/score_statements.py --gold GOLD [--half dev|held|all] [--json]``
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

from spacy.tokens import Doc, DocBin, Span

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.evaluate.halves import HALVES, in_half  # noqa: E402
from pipelines.evaluate.report import render  # noqa: E402
from pipelines.evaluate.speech_scores import annotated_scope, score_speech  # noqa: E402
from pipelines.extract.article import ArticleExtractor  # noqa: E402
from pipelines.extract.nlp import ArticleParse, SentenceParser, parser  # noqa: E402
from pipelines.extract.statements import StatementExtractor  # noqa: E402


class CachedSentences:
    """Stands in for the ``SentenceParser``: sentences parsed earlier (with entities), handed out as the
    pipeline has them, without entities until they are asked for."""

    def __init__(self) -> None:
        self._docs: dict[str, Doc] = {}

    def add(self, docs: Iterable[Doc]) -> None:
        self._docs.update((doc.text, doc) for doc in docs)

    def __call__(self, texts: Iterable[str], entities: bool = True) -> Iterator[Doc]:
        for text in texts:
            doc = self._docs[text].copy()
            if not entities:
                doc.set_ents([], default="missing")
            yield doc

    def add_entities(self, docs: Iterable[Doc]) -> None:
        for doc in docs:
            doc.set_ents([Span(doc, e.start, e.end, e.label_) for e in self._docs[doc.text].ents])


def cached_parses(texts: list[str], nlp: SentenceParser, cache: Path) -> list[ArticleParse]:
    """The texts' parses as ``ArticleExtractor.prepare`` makes them in the pipeline, from the cache."""
    sentences = CachedSentences()
    for text in texts:
        sentences.add(cached_docs(text, nlp, cache))
    return ArticleExtractor().prepare(texts, sentences)


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
    parses = cached_parses([d["text"] for d in docs], nlp, opts.cache)
    extractor = StatementExtractor()
    started = time.perf_counter()
    predicted = {d["doc_id"]: [vars(s) for s in extractor(p)] for d, p in zip(docs, parses)}
    seconds = time.perf_counter() - started
    report = {"articles": len(docs), "speech": score_speech(docs, predicted, annotated_scope(docs)),
              "extraction_seconds_without_parsing": round(seconds, 2)}
    print(json.dumps(report, indent=2) if opts.json else render(report))


if __name__ == "__main__":
    main()
