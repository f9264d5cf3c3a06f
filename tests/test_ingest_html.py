"""HTML pages: main text, original publication date, charsets, and every page ending as one record."""
from __future__ import annotations

import codecs
import socket
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines.ingest.html import article_from_html, decode_html, read_html_file
from pipelines.ingest.records import Article, Reject

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "html"
BODY = "".join(f"<p>The harbour board met for the {n}th time to discuss the new pier and its cost.</p>"
               for n in range(4, 10))


def page(head: str = "", body: str = BODY, lang: str = "en") -> str:
    return f"<!DOCTYPE html><html lang='{lang}'><head>{head}</head><body><article>{body}</article></body></html>"


def parse(html: bytes | str, **kw) -> Article | Reject:
    return article_from_html(html, source="test", record_ref="ref", **kw)


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything opens a network connection."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def read_one(path: Path, **kw) -> Article | Reject:
    results = list(read_html_file(path, **kw))
    assert len(results) == 1
    return results[0]


def test_sample_page_gives_body_title_canonical_url_and_original_date():
    art = read_one(SAMPLE / "harbour-ferry-timetable.html")
    assert isinstance(art, Article)
    # article:published_time, not the later article:modified_time
    assert art.published_at == datetime(2021, 3, 9, 7, 30, tzinfo=timezone.utc)
    assert art.title == "Harbour ferry adds late sailings after commuter petition"
    assert art.url == "https://estuary-courier.example/news/2021/harbour-ferry-late-sailings"
    assert art.text.startswith("The Kestrel Bay ferry service")  # the headline is the title, not the body
    assert '"We heard the riders loud and clear," said Dora Quill' in art.text
    assert "Sport" not in art.text and "Copyright" not in art.text  # navigation and footer dropped
    assert art.source == "html" and art.record_ref == str(SAMPLE / "harbour-ferry-timetable.html")


def test_broken_markup_in_a_declared_legacy_charset_is_still_read():
    art = read_one(SAMPLE / "orchard-frost-broken.html")
    assert isinstance(art, Article)
    assert "Renée Falk" in art.text  # windows-1252 byte 0xE9, declared in <meta http-equiv>
    assert art.published_at == datetime(2019, 4, 14, tzinfo=timezone.utc)  # from the visible dateline
    assert art.title == "Late frost damages orchards across the valley"


def test_page_without_a_date_is_rejected_not_guessed():
    rej = read_one(SAMPLE / "museum-night-no-date.html")
    assert isinstance(rej, Reject)
    assert rej.stage == "parse" and "no publication date found" in rej.reason
    assert "Hollin Street" in rej.payload


def test_page_with_only_boilerplate_is_rejected():
    rej = read_one(SAMPLE / "council-agenda-no-text.html")
    assert isinstance(rej, Reject) and rej.reason.startswith("no article text")


@pytest.mark.parametrize("extra", ["<footer>© 2020 The Courier</footer>",
                                   "<p>The pier was first opened in 1998.</p>"])
def test_years_in_free_text_are_not_taken_for_the_publication_date(extra):
    assert "no publication date" in parse(page(body=BODY + extra)).reason


@pytest.mark.parametrize("marker", [
    '<meta property="article:published_time" content="2020-05-04T10:00:00+02:00">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-05-04T08:00:00Z"}</script>',
])
def test_date_from_metadata_is_converted_to_utc(marker):
    art = parse(page(head=marker))
    assert art.published_at == datetime(2020, 5, 4, 8, 0, tzinfo=timezone.utc)


def test_fallback_date_only_when_the_page_has_none():
    fallback = datetime(2022, 1, 2, 3, 4, tzinfo=timezone.utc)
    assert parse(page(), fallback_published=fallback).published_at == fallback
    dated = page(head='<meta property="article:published_time" content="2020-05-04">')
    assert parse(dated, fallback_published=fallback).published_at == datetime(2020, 5, 4, tzinfo=timezone.utc)


def test_og_url_from_the_page_and_language_from_its_text_not_its_lang_attribute():
    art = parse(page(head='<meta property="og:url" content="https://Paper.example/a/1/">'
                          '<meta property="article:published_time" content="2020-05-04">', lang="fr-CA"))
    assert art.url == "https://paper.example/a/1" and art.language == "en"


def test_same_page_twice_gives_the_same_id():
    html = (SAMPLE / "harbour-ferry-timetable.html").read_bytes()
    assert parse(html).article_id == parse(html.decode()).article_id


def test_http_charset_is_tried_before_the_page_declaration():
    html = page(head='<meta property="article:published_time" content="2020-05-04">',
                body=BODY + "<p>Łódź and Gdańsk sent delegations.</p>").encode("iso-8859-2")
    assert "Łódź" in parse(html, charset="iso-8859-2").text


def test_undecodable_bytes_are_rejected_with_the_reason():
    junk = b"<html><body><p>" + bytes(range(128, 256)) * 8 + b"</p></body></html>"
    rej = parse(junk)
    assert isinstance(rej, Reject) and rej.reason.startswith("undecodable bytes")


def test_decode_prefers_a_valid_declaration_and_falls_back_when_it_is_wrong():
    assert decode_html("<meta charset='utf-8'>é".encode("utf-8")) == "<meta charset='utf-8'>é"
    assert decode_html(codecs.BOM_UTF16_LE + "<p>é</p>".encode("utf-16-le")) == "<p>é</p>"
    assert decode_html(b"<meta charset='utf-16'><p>ok</p>") == "<meta charset='utf-16'><p>ok</p>"
    # declared UTF-8 but actually windows-1252: detection recovers instead of failing
    french = ("Le marché de la fête a été très animé: les élèves ont préparé des crêpes "
              "et du café pour les visiteurs de l'école. ")
    text = decode_html(("<meta charset='utf-8'><p>" + french * 3).encode("cp1252"))
    assert french in text


def test_a_url_string_is_parsed_as_text_and_never_fetched(no_network):
    rej = parse("https://127.0.0.1:9/news/2020/05/04/story.html")
    assert isinstance(rej, Reject)


def test_oversized_file_is_rejected_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.html"
    big.write_bytes(page().encode() + b" " * 5000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    rej = read_one(big, max_bytes=1000)
    assert isinstance(rej, Reject) and "over the 1000-byte limit" in rej.reason
    assert rej.record_ref == str(big) and rej.source == tmp_path.name


_html_pieces = st.lists(st.one_of(
    st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<article>", "<html>", "<body>", "<script>",
                     "<title>", "<meta charset='latin-1'>", "<!--", "<![CDATA[", "<time datetime='2021-02-03'>",
                     '<meta property="article:published_time" content="2019-07-08">', "&amp;", "&#0;"]),
    st.text(max_size=80),
), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=3000), _html_pieces, _html_pieces.map(str.encode)))
@example("<body><body><html><html><script>")  # a script with no parent once the page is rebuilt
def test_any_input_ends_as_exactly_one_article_or_reject(data):
    result = parse(data)
    assert isinstance(result, (Article, Reject))
    if isinstance(result, Article):
        assert result.text.strip() and result.published_at.tzinfo is not None
    else:
        assert result.reason and result.stage == "parse"
