"""RSS/Atom feeds from files and from a real local HTTP server; every entry ends as one record."""
from __future__ import annotations

import functools
import http.server
import re
import socket
import threading
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest.feeds import FETCH_ATTEMPTS, read_feed, read_feed_file
from pipelines.ingest.html import article_from_html
from pipelines.ingest.records import Article, Reject

CONTENT = ('<p>The river authority said on Monday that the <a href="http://{host}/elsewhere">'
           "weir</a> would close for repairs next week.</p><p>\"It is overdue,\" said Ana Ruiz.</p>")


def rss_item(title: str, *, link: str | None = None, date: str | None = None,
             summary: str | None = None, content: str | None = None) -> str:
    parts = [f"<title>{escape(title)}</title>"]
    if link:
        parts.append(f"<link>{escape(link)}</link>")
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    if summary:
        parts.append(f"<description>{escape(summary)}</description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


def rss(*items: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>River News</title>'
            + "".join(items) + "</channel></rss>")


MIXED_FEED = rss(
    rss_item("Weir to close", link="https://river.example/weir", date="Tue, 09 Mar 2021 08:30:00 +0100",
             summary="Short summary.", content=CONTENT.format(host="127.0.0.1")),
    rss_item("Summary only", link="https://river.example/summary", date="Wed, 10 Mar 2021 09:00:00 GMT",
             summary="The ferry timetable changes in April."),
    rss_item("No date", summary="Undated.", content="<p>Body without a date.</p>"),
    rss_item("Bad date", date="sometime soon", content="<p>Body with a bad date.</p>"),
    rss_item("Nothing", link="https://river.example/empty", date="Wed, 10 Mar 2021 09:00:00 GMT"),
)


@pytest.fixture
def feed_file(tmp_path: Path) -> Path:
    path = tmp_path / "river.rss"
    path.write_text(MIXED_FEED, encoding="utf-8")
    return path


def by_ref(results):
    return {r.record_ref: r for r in results}


def test_rss_entries_become_articles_or_specific_rejects(feed_file):
    results = list(read_feed(str(feed_file), source="river"))
    assert len(results) == 5  # one record per entry, nothing dropped
    got = by_ref(results)
    art = got["https://river.example/weir"]
    assert isinstance(art, Article)
    assert art.published_at == datetime(2021, 3, 9, 7, 30, tzinfo=timezone.utc)
    assert art.title == "Weir to close" and art.source == "river"
    assert "weir would close for repairs next week" in art.text and "<p>" not in art.text
    assert "Short summary" not in art.text  # the full content wins over the summary
    assert got["https://river.example/summary"].reason.startswith("summary only")
    assert "missing publication date" in got[f"{feed_file}#entry-3"].reason
    assert "unparseable publication date 'sometime soon'" in got[f"{feed_file}#entry-4"].reason
    assert got["https://river.example/empty"].reason.startswith("empty text")


def test_summaries_are_accepted_when_the_source_allows_them(feed_file):
    got = by_ref(read_feed(str(feed_file), source="river", allow_summary=True))
    art = got["https://river.example/summary"]
    assert isinstance(art, Article) and art.text == "The ferry timetable changes in April."


def test_atom_updated_date_is_used_when_there_is_no_published_date(tmp_path):
    atom = tmp_path / "river.atom"
    atom.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>R</title>'
        '<entry><title>Lock reopens</title><link href="https://river.example/lock"/>'
        "<updated>2021-04-01T12:00:00-04:00</updated>"
        '<content type="html">&lt;p&gt;The lock reopened after three weeks.&lt;/p&gt;</content></entry></feed>')
    [art] = read_feed_file(atom)
    assert art.published_at == datetime(2021, 4, 1, 16, 0, tzinfo=timezone.utc)
    assert art.text == "The lock reopened after three weeks." and art.source == "river"


def test_a_feed_entry_and_the_page_it_links_to_get_the_same_id(feed_file):
    art = by_ref(read_feed(str(feed_file), source="river"))["https://river.example/weir"]
    page = ('<html><head><link rel="canonical" href="https://river.example/weir">'
            '<meta property="article:published_time" content="2021-03-09"></head><body><article>'
            + CONTENT.format(host="x") * 3 + "</article></body></html>")
    assert article_from_html(page, source="web", record_ref="p").article_id == art.article_id


@pytest.mark.parametrize("data", [b"<rss><channel><title>unclosed", b"\x00\x01 not xml at all"])
def test_a_malformed_feed_without_entries_is_one_reject(tmp_path, data):
    path = tmp_path / "broken.xml"
    path.write_bytes(data)
    [rej] = read_feed(str(path), source="broken")
    assert isinstance(rej, Reject) and rej.reason.startswith("malformed feed")
    assert rej.record_ref == str(path)


def test_an_oversized_feed_is_rejected(feed_file):
    [rej] = read_feed(str(feed_file), source="river", max_bytes=100)
    assert "over the 100-byte limit" in rej.reason


class _Server:
    """A real HTTP server on loopback serving a folder, recording the paths requested."""

    def __init__(self, root: Path):
        self.requested: list[str] = []
        requested = self.requested

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                requested.append(self.path)
                if self.path == "/fail-500":
                    self.send_error(500)
                    return
                if self.path in ("/to-file", "/to-ftp"):
                    self.send_response(302)
                    target = "file:///etc/passwd" if self.path == "/to-file" else "ftp://127.0.0.1/feed"
                    self.send_header("Location", target)
                    self.end_headers()
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_feed_over_http_is_read_and_links_in_content_are_not_followed(feed_file):
    with _Server(feed_file.parent) as server:
        results = list(read_feed(f"{server.base}/river.rss", source="river", timeout=5))
    assert server.requested == ["/river.rss"]
    from_file = list(read_feed(str(feed_file), source="river"))
    assert [type(r) for r in results] == [type(r) for r in from_file]
    assert [r.article_id for r in results if isinstance(r, Article)] == \
        [r.article_id for r in from_file if isinstance(r, Article)]


def test_http_size_limit_errors_and_redirects(feed_file):
    with _Server(feed_file.parent) as server:
        [rej] = read_feed(f"{server.base}/river.rss", source="river", max_bytes=200, timeout=5)
        assert "over the 200-byte limit" in rej.reason
        [missing] = read_feed(f"{server.base}/missing.rss", source="river", timeout=5)
        assert isinstance(missing, Reject) and "feed unreachable: HTTP Error 404" in missing.reason
        for path in ("/to-file", "/to-ftp"):
            [rej] = read_feed(f"{server.base}{path}", source="river", timeout=5)
            assert re.search("302.*not allowed|302: redirect to a non-http", rej.reason), rej.reason
        assert server.requested.count("/missing.rss") == 1  # a client error is not retried


def test_an_unreachable_or_failing_feed_is_retried_then_one_reject_and_the_next_feed_is_read(feed_file):
    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/feed.rss"
    with _Server(feed_file.parent) as server:
        [down] = read_feed(closed, source="down", timeout=2, backoff=0.01)
        [failing] = read_feed(f"{server.base}/fail-500", source="failing", timeout=5, backoff=0.01)
        good = list(read_feed(f"{server.base}/river.rss", source="river", timeout=5))
    assert down.source == "down" and down.reason.startswith("feed unreachable:") and "refused" in down.reason
    assert failing.source == "failing" and "HTTP Error 500" in failing.reason
    assert server.requested.count("/fail-500") == FETCH_ATTEMPTS
    assert any(isinstance(r, Article) for r in good)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
_item = st.builds(
    rss_item, _text,
    link=st.one_of(st.none(), st.from_regex(r"https://news\.example/[a-z0-9]{1,10}", fullmatch=True)),
    date=st.one_of(st.none(), _text, st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(timezone.utc)
    ).map(format_datetime)),
    summary=st.one_of(st.none(), _text),
    content=st.one_of(st.none(), _text.map(lambda t: f"<p>{t.replace(']]>', '')}</p>")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(_item, max_size=6), allow_summary=st.booleans())
def test_every_generated_entry_ends_as_exactly_one_record(tmp_path_factory, items, allow_summary):
    path = tmp_path_factory.mktemp("feed") / "gen.rss"
    path.write_text(rss(*items), encoding="utf-8")
    results = list(read_feed(str(path), source="gen", allow_summary=allow_summary))
    assert len(results) == len(items)
    assert all(isinstance(r, (Article, Reject)) for r in results)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=2000),
                      st.lists(_item, max_size=4).map(lambda items: rss(*items).encode()[:-7])))
def test_any_bytes_never_crash_and_entries_map_one_to_one(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("feed") / "any.xml"
    path.write_bytes(data)
    results = list(read_feed(str(path), source="any"))
    entries = len(feedparser.parse(data).entries)
    assert len(results) == (entries or (1 if feedparser.parse(data).bozo else 0))
    assert all(isinstance(r, (Article, Reject)) for r in results)


def test_entries_dated_in_another_language_are_read_with_their_time_and_language(tmp_path):
    path = tmp_path / "mundo.rss"
    path.write_text(rss(
        rss_item("Chuva", link="https://mundo.example/chuva", date="Seg, 24 Set 2018 19:42:40 -0300",
                 content="<p>A prefeitura anunciou nesta segunda-feira que as aulas nas escolas "
                         "municipais foram suspensas por causa da chuva forte.</p>"),
        rss_item("Bahn", link="https://welt.example/bahn", date="Mi, 12 Okt 2022 11:47:00 +0200",
                 content="<p>Die Bahn will mit dem Fahrplanwechsel im Dezember mehr Fernzüge "
                         "zwischen den großen Städten fahren lassen.</p>"),
        rss_item("Day only", link="https://river.example/day", date="Wed, 10 Mar 2021",
                 content=CONTENT.format(host="127.0.0.1")),
    ), encoding="utf-8")
    got = by_ref(read_feed(str(path), source="mundo"))
    chuva, bahn, day = got["https://mundo.example/chuva"], got["https://welt.example/bahn"], \
        got["https://river.example/day"]
    assert (chuva.published_at, chuva.published_precision, chuva.language) == (
        datetime(2018, 9, 24, 22, 42, 40, tzinfo=timezone.utc), "second", "pt")
    assert (bahn.published_at, bahn.language) == (datetime(2022, 10, 12, 9, 47, tzinfo=timezone.utc), "de")
    assert (day.published_at, day.published_precision, day.language) == (
        datetime(2021, 3, 10, tzinfo=timezone.utc), "day", "en")
