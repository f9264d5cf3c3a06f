"""The own page corpus (tests/data/pages): every expected field of every page, through the real
HTML reader (decoding, trafilatura, htmldate, the metadata and text rules)."""
from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from pipelines.evaluate.page_scores import expected_instant, load_expected, word_f1
from pipelines.ingest.html import article_from_html
from pipelines.ingest.records import Reject

CORPUS = Path(__file__).parent / "data" / "pages"
EXPECTED = load_expected(CORPUS)
KEPT = [name for name, want in EXPECTED.items() if "reject" not in want]


def _read(name: str):
    return article_from_html((CORPUS / name).read_bytes(), source="pages", record_ref=name,
                             url=EXPECTED[name].get("url"))


@pytest.fixture(scope="module")
def results() -> dict:
    return {name: _read(name) for name in EXPECTED}


def test_corpus_covers_the_page_shapes():
    shapes = {"day": 0, "second": 0, "reject": 0, "non_english": 0, "dateline": 0}
    for want in EXPECTED.values():
        shapes[expected_instant(want["published"])[1]] += 1
        shapes["reject"] += "reject" in want
        shapes["non_english"] += want["language"] != "en"
        shapes["dateline"] += "dateline_place" in want
    assert all(count >= 2 or shape == "reject" for shape, count in shapes.items()), shapes
    assert len(EXPECTED) == len(list(CORPUS.glob("*.html")))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_publication_instant_and_precision(results, name):
    want, got = EXPECTED[name], results[name]
    if "reject" in want:
        assert isinstance(got, Reject) and want["reject"] in got.reason
        return
    instant, precision = expected_instant(want["published"])
    assert got.published_precision == precision
    assert got.published_at.astimezone(timezone.utc) == instant


@pytest.mark.parametrize("name", KEPT)
def test_headline_authors_site_name_dateline(results, name):
    want, got = EXPECTED[name], results[name]
    assert got.title == want["title"]
    assert list(got.authors) == want["authors"]
    assert got.site_name == want["site_name"]
    assert got.dateline_place == want.get("dateline_place")
    assert got.dateline_agency == want.get("dateline_agency")


@pytest.mark.parametrize("name", KEPT)
def test_body_is_the_articles_own_paragraphs(results, name):
    want, got = EXPECTED[name], results[name]
    assert [line for line in want["forbidden"] if line in got.text] == []
    assert got.text.split("\n\n") == want["body"]
    assert word_f1(got.text, "\n\n".join(want["body"])) == 1.0


@pytest.mark.parametrize("name", KEPT)
def test_language_is_the_texts_not_the_sites(results, name):
    assert results[name].language == EXPECTED[name]["language"]
