"""The run summary says why rows were rejected: the top reasons with their counts."""
from __future__ import annotations

from flows.run_flow import RunSummary, top_reasons
from pipelines.storage.partitions import read_table


def test_top_reasons_are_counted_most_frequent_first_and_cut_to_width():
    reasons = ["malformed JSON"] * 3 + ["no article text"] * 2 + ["x" * 300]
    assert top_reasons(reasons, limit=2) == [("malformed JSON", 3), ("no article text", 2)]
    assert top_reasons(reasons, width=20)[-1] == ("x" * 19 + "…", 1)
    rendered = RunSummary("r", rejected={"parse": 5}, top_reasons=[("malformed JSON", 3)]).render()
    assert "rejected          5 (parse 5)\n         3 x malformed JSON" in rendered


def test_a_real_run_summary_lists_its_reject_reasons(sample_html_run):
    out, summary = sample_html_run
    reasons = read_table(out, "rejects").column("reason").to_pylist()
    assert summary.top_reasons and sum(count for _, count in summary.top_reasons) == len(reasons)
    assert all(reason in reasons for reason, _ in summary.top_reasons)
    assert f"{summary.top_reasons[0][1]:>6} x {summary.top_reasons[0][0]}" in summary.render()
