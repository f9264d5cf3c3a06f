from pipelines.evaluate.report import flatten, render


def test_flatten_and_targets():
    report = {"timex": {"value": {"f1": 0.9, "precision": 0.8}}, "speech": {"recall": 0.5}, "articles": 3}
    assert dict(flatten(report)) == {"timex.value.f1": 0.9, "timex.value.precision": 0.8,
                                     "speech.recall": 0.5, "articles": 3}
    text = render(report)
    assert "timex.value.f1" in text and "0.900   (target >= 0.90: met)" in text
    assert "speech.recall" in text and "(target >= 0.90: MISSED)" in text
    assert "timex.value.precision                        0.800" in text
