"""WARC files the tests write with warcio: HTML responses only, bounded decompression, damage."""
from __future__ import annotations

import gzip
import io
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.ingest.records import Article, Reject
from pipelines.ingest.warc import read_warc

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "html"
DATED = (SAMPLE / "harbour-ferry-timetable.html").read_bytes()
UNDATED = (SAMPLE / "museum-night-no-date.html").read_bytes()
CAPTURED = "2021-03-10T12:00:00Z"


def response(writer: WARCWriter, uri: str, body: bytes, *, ctype: str = "text/html; charset=utf-8",
             status: str = "200 OK", headers: tuple = ()) -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype), *headers], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=http,
        warc_headers_dict={"WARC-Date": CAPTURED}))


def crawl(writer: WARCWriter) -> None:
    """A small crawl: warcinfo, a request, two articles, an image, a 404 page and a redirect."""
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    http = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example/a", "request", http_headers=http))
    response(writer, "https://news.example/a", DATED)
    response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n....", ctype="image/png")
    response(writer, "https://news.example/gone", b"<html><body>Not found</body></html>", status="404 Not Found")
    response(writer, "https://news.example/old", b"", status="301 Moved Permanently",
             headers=(("Location", "https://news.example/a"),))
    response(writer, "https://news.example/museum", UNDATED, ctype="application/xhtml+xml")


def write_warc(path: Path, *builders, gz: bool = True) -> Path:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for build in builders:
            build(writer)
    return path


@pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
def crawl_file(request, tmp_path) -> Path:
    name = "crawl.warc.gz" if request.param else "crawl.warc"
    return write_warc(tmp_path / name, crawl, gz=request.param)


def test_only_successful_html_responses_become_articles(crawl_file):
    results = list(read_warc(crawl_file))
    assert all(isinstance(r, Article) for r in results)
    dated, undated = results
    assert dated.record_ref.startswith(f"{crawl_file}#") and dated.record_ref.endswith(" https://news.example/a")
    assert dated.published_at == datetime(2021, 3, 9, 7, 30, tzinfo=timezone.utc)  # htmldate wins
    assert dated.url == "https://estuary-courier.example/news/2021/harbour-ferry-late-sailings"
    assert undated.published_at == datetime(2021, 3, 10, 12, 0, tzinfo=timezone.utc)  # the WARC-Date
    assert undated.url == "https://news.example/museum"
    assert dated.source == "crawl"


def test_record_offsets_in_refs_point_at_the_records(crawl_file):
    from warcio.archiveiterator import ArchiveIterator

    for art in read_warc(crawl_file):
        offset = int(art.record_ref.split("#")[1].split()[0])
        with open(crawl_file, "rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == art.record_ref.split()[-1]


def test_http_charset_and_content_encoding_are_honoured(tmp_path):
    page = DATED.decode().replace("Dora Quill", "Zoë Quillé").replace('<meta charset="utf-8">', "")
    body = gzip.compress(page.encode("cp1252"))
    path = write_warc(tmp_path / "enc.warc.gz", lambda w: response(
        w, "https://news.example/enc", body, ctype="text/html; charset=windows-1252",
        headers=(("Content-Encoding", "gzip"),)))
    [art] = read_warc(path)
    assert "Zoë Quillé" in art.text


def test_oversized_html_response_is_rejected(tmp_path):
    path = write_warc(tmp_path / "big.warc.gz", lambda w: response(w, "https://news.example/big", DATED))
    [rej] = read_warc(path, max_bytes=500)
    assert isinstance(rej, Reject) and "over the 500-byte limit" in rej.reason
    assert rej.record_ref.endswith("https://news.example/big")


def test_gzip_bomb_is_rejected_and_what_came_before_is_kept(tmp_path):
    def bomb(writer):
        response(writer, "https://news.example/bomb", b"\0" * (8 << 20))
    path = write_warc(tmp_path / "bomb.warc.gz", crawl, bomb)
    assert path.stat().st_size < 100_000
    results = list(read_warc(path, max_decompressed_bytes=1 << 20))
    assert [type(r) for r in results] == [Article, Article, Reject]
    assert "decompression limit" in results[-1].reason and "rest of the file skipped" in results[-1].reason


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_file_keeps_earlier_records_and_rejects_the_rest(tmp_path, gz):
    whole = write_warc(tmp_path / "whole.warc", crawl, gz=gz).read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(whole[:-200])
    results = list(read_warc(cut))
    assert [type(r) for r in results] == [Article, Reject]
    assert "truncated WARC" in results[-1].reason
    assert results[-1].record_ref.endswith("https://news.example/museum")


def test_corrupt_record_rejects_the_rest_of_the_file(tmp_path):
    whole = write_warc(tmp_path / "whole.warc", crawl, gz=False).read_bytes()
    at = whole.index(b"WARC/1.", whole.index(b"image/png"))  # the record after the image
    bad = tmp_path / "bad.warc"
    bad.write_bytes(whole[:at] + b"NOT A WARC HEADER\r\n\r\n" + whole[at:])
    results = list(read_warc(bad))
    assert [type(r) for r in results] == [Article, Reject]
    assert results[-1].reason.startswith("corrupt WARC from offset")


@pytest.mark.parametrize("data", [b"", b"hello, not a warc\n", gzip.compress(b"plain text"),
                                  b"\x1f\x8b\x08\x00garbage-after-magic"])
def test_a_file_that_is_not_a_warc(tmp_path, data):
    path = tmp_path / "odd.warc.gz"
    path.write_bytes(data)
    results = list(read_warc(path))
    assert len(results) <= 1 and all(isinstance(r, Reject) for r in results)
    if data:
        assert results and results[0].record_ref == f"{path}#0"


_bodies = st.one_of(st.binary(max_size=400), st.text(max_size=300).map(
    lambda t: f"<html><body><article><p>{t}</p></article></body></html>".encode()))
_records = st.lists(st.tuples(_bodies, st.sampled_from(["text/html", "image/gif", "application/xhtml+xml"]),
                              st.sampled_from(["200 OK", "404 Not Found"])), max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=_records, gz=st.booleans(), cut=st.integers(min_value=0, max_value=3000))
def test_each_html_response_ends_as_exactly_one_record(tmp_path_factory, records, gz, cut):
    folder = tmp_path_factory.mktemp("warc")

    def build(writer):
        for n, (body, ctype, status) in enumerate(records):
            response(writer, f"https://news.example/{n}", body, ctype=ctype, status=status)
    path = write_warc(folder / "gen.warc", build, gz=gz)
    candidates = sum(1 for _, ctype, status in records if "html" in ctype and status.startswith("200"))
    results = list(read_warc(path))
    assert len(results) == candidates and all(isinstance(r, (Article, Reject)) for r in results)
    # the same file cut anywhere: no crash, and at most one reject for the damaged rest
    damaged = folder / "cut.warc"
    damaged.write_bytes(path.read_bytes()[:cut])
    results = list(read_warc(damaged))
    assert all(isinstance(r, (Article, Reject)) for r in results)
    assert len(results) <= candidates + 1


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000), gz=st.booleans())
def test_arbitrary_bytes_never_crash(tmp_path_factory, data, gz):
    path = tmp_path_factory.mktemp("warc") / "any.warc"
    path.write_bytes(zlib.compress(data) if gz else data)
    assert all(isinstance(r, (Article, Reject)) for r in read_warc(path))
