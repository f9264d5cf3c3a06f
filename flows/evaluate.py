"""`dateline evaluate`: run the real pipeline over a gold file and score its tables."""
from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path

from flows.run_flow import dateline_run
from pipelines.evaluate.halves import HALVES, in_half
from pipelines.evaluate.speech_scores import annotated_scope, score_speech
from pipelines.evaluate.stage_speed import statements_words_per_second
from pipelines.evaluate.temporal_scores import score_dated_events, score_timexes
from pipelines.storage.partitions import read_table


def _rows_by_article(output: Path, table: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in read_table(output, table).to_pylist():
        grouped[row["article_id"]].append(row)
    return grouped


def evaluate(gold_path: Path) -> dict:
    """Scores of the pipeline's output against the gold annotations of ``gold_path``."""
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="dateline-eval-") as tmp:
        output = Path(tmp)
        summary = dateline_run(inputs=[str(gold_path)], output=str(output), load=False)
        report = {"gold": str(gold_path), "articles": len(gold), "articles_written": summary.articles_written}
        # A section is scored only where the gold file annotates it (our statements corpus has no timexes).
        if any(doc.get("timexes") for doc in gold):
            report["timex"] = score_timexes(gold, _rows_by_article(output, "temporal_expressions"))
        if any(doc.get("dated_events") for doc in gold):
            report["dated_events"] = score_dated_events(gold, _rows_by_article(output, "events"))
        if any(doc.get("speech") for doc in gold):
            statements = _rows_by_article(output, "statements")
            scope = annotated_scope(gold)
            report["speech"] = score_speech(gold, statements, scope)
            halves = {half: [doc for doc in gold if in_half(doc, half)] for half in HALVES}
            if all(halves.values()):  # outlets known: the development half and the half held apart
                report["speech_by_half"] = {half: score_speech(docs, statements, scope)
                                            for half, docs in halves.items()}
            report["statements_stage"] = statements_words_per_second([doc["text"] for doc in gold])
        return report
