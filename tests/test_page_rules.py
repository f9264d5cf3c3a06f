"""The page rules one by one: datelines, site-name suffixes, instants and precision, decoding,
teaser and modified dates, implausibly short text."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from trafilatura.utils import load_html

from pipelines.ingest.html import decode_html
from pipelines.ingest.page_metadata import DAY, SECOND, page_metadata, parse_instant, strip_site_name
from pipelines.ingest.page_text import implausibly_short, split_dateline


@pytest.mark.parametrize("paragraph, place, agency, rest", [
    ("WASHINGTON — The Senate voted on Tuesday.", "WASHINGTON", None, "The Senate voted on Tuesday."),
    ("PORT-AU-PRINCE, Haiti (AP) — Gangs blocked roads.", "PORT-AU-PRINCE, Haiti", "AP", "Gangs blocked roads."),
    ("Berlin (dpa) - Die Bahn fährt.", "Berlin", "dpa", "Die Bahn fährt."),
    ("Officials said - without giving details - that talks went on.", None, None, None),
    ("Mr Smith - a former mayor - said so.", None, None, None),
])
def test_dateline_is_split_off_only_when_it_is_one(paragraph, place, agency, rest):
    text, got_place, got_agency = split_dateline(paragraph)
    assert (got_place, got_agency) == (place, agency)
    assert text == (rest if place else paragraph)


@pytest.mark.parametrize("title, expected", [
    ("Rates rise again | The Outlet", "Rates rise again"),
    ("The Outlet - Rates rise again", "Rates rise again"),
    ("Rates rise - and so do rents", "Rates rise - and so do rents"),
])
def test_site_name_suffix_or_prefix_is_removed(title, expected):
    assert strip_site_name(title, {"the outlet"}, None) == expected


def test_any_suffix_is_removed_when_the_rest_is_the_h1():
    assert strip_site_name("Rates rise again - Times of Anywhere", set(), "Rates rise again") == "Rates rise again"


@pytest.mark.parametrize("value, instant, precision", [
    ("2023-04-26T14:20:55-04:00", datetime(2023, 4, 26, 18, 20, 55, tzinfo=timezone.utc), SECOND),
    ("2020-06-30T21:12:44.000Z", datetime(2020, 6, 30, 21, 12, 44, tzinfo=timezone.utc), SECOND),
    ("2021-03-05", datetime(2021, 3, 5, tzinfo=timezone.utc), DAY),
    ("Tue, 14 Sep 2021 06:05:00 GMT", datetime(2021, 9, 14, 6, 5, tzinfo=timezone.utc), SECOND),
    ("September 14, 2021", datetime(2021, 9, 14, tzinfo=timezone.utc), DAY),
])
def test_instant_keeps_time_and_offset_and_says_when_only_a_day_is_known(value, instant, precision):
    found = parse_instant(value)
    assert (found.at, found.precision) == (instant, precision)


def test_modified_and_teaser_dates_are_never_the_publication_date():
    page = load_html("""<html><head>
      <meta property="article:modified_time" content="2024-05-02T10:00:00Z">
      </head><body><article><h1>Harbour works finish early</h1>
      <time itemprop="datePublished" datetime="2024-05-01T08:30:00+01:00">1 May</time><p>Text.</p></article>
      <aside class="related"><time itemprop="datePublished" datetime="2018-01-01T00:00:00Z">old</time></aside>
      </body></html>""")
    found = page_metadata(page).published
    assert (found.at, found.precision) == (datetime(2024, 5, 1, 7, 30, tzinfo=timezone.utc), SECOND)


def test_teaser_dates_are_ignored_by_the_markup_fallback_too():
    page = load_html("""<html><body><div class="story"><h1>Ferry back</h1><p>Text.</p></div>
      <div class="related-stories"><time datetime="2015-06-01">1 June 2015</time></div></body></html>""")
    assert page_metadata(page, url="https://x.example/news/2020/07/14/ferry/").published.at.date().isoformat() \
        == "2020-07-14"


def test_utf8_bytes_declared_as_latin1_decode_as_utf8():
    data = '<meta charset="iso-8859-1"><p>Caf\u00e9 \u2014 na\u00efve</p>'.encode("utf-8")
    assert "Caf\u00e9 \u2014 na\u00efve" in decode_html(data)


def test_latin1_bytes_still_decode_by_their_declaration():
    data = '<meta charset="iso-8859-1"><p>Caf\u00e9</p>'.encode("latin-1")
    assert "Caf\u00e9" in decode_html(data)


@pytest.mark.parametrize("words, paragraphs, free, short", [
    (12, 12, True, True),          # a caption or a one-line page
    (60, 60, False, True),         # a paywall stub
    (60, 900, True, True),         # most of the page's paragraphs lost
    (300, 320, False, False),      # a subscriber's full page
    (60, 70, True, False),         # a short brief
])
def test_implausibly_short_text(words, paragraphs, free, short):
    reason = implausibly_short(words, paragraphs, free)
    assert (reason is not None) == short
    assert reason is None or reason.startswith("implausibly short text")


@pytest.mark.parametrize("text, stated, declared, expected", [
    ("The council voted on Tuesday to delay the new bus lanes until the spring.", None, "de", "en"),
    ("Der Stadtrat hat am Montag beschlossen, die Gebühren nicht zu erhöhen.", None, None, "de"),
    ("The council voted on Tuesday to delay the new bus lanes until the spring.", "fr", None, "fr"),
    ("Short note.", None, "pt", "pt"),   # too short to detect: the page's declaration
    ("Short note.", None, None, "en"),
])
def test_article_language_policy(text, stated, declared, expected):
    from pipelines.ingest.language import article_language

    assert article_language(text, stated=stated, declared=declared) == expected
