"""Speed of the statements stage, measured in the evaluating process on some of the gold articles."""
from __future__ import annotations

import time

from pipelines.extract.nlp import ArticleParse, parser
from pipelines.extract.statements import StatementExtractor

SAMPLE_ARTICLES = 40


def statements_words_per_second(texts: list[str], sample: int = SAMPLE_ARTICLES) -> dict:
    """Words/s of the stage as the pipeline runs it (sentence split, parse of the candidate
    sentences, extraction) over the first ``sample`` texts, the model loaded beforehand."""
    texts = texts[:sample]
    nlp = parser()
    extractor = StatementExtractor()
    started = time.perf_counter()
    for text in texts:
        extractor(ArticleParse(text, nlp))
    seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return {"articles": len(texts), "words": words, "words_per_second": round(words / seconds) if seconds else 0}
