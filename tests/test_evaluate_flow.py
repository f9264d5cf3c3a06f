"""`dateline evaluate` runs the real flow over a gold file and scores only what the gold annotates."""
from flows.evaluate import evaluate
from tests.conftest import REPO


def test_own_statements_corpus_meets_its_targets(prefect_harness):
    report = evaluate(REPO / "tests" / "data" / "statements_corpus.jsonl")
    assert report["articles_written"] == report["articles"]
    assert "timex" not in report and "dated_events" not in report
    speech = report["speech"]
    assert speech["gold"] >= 40
    assert speech["precision"] >= 0.90 and speech["recall"] >= 0.90
