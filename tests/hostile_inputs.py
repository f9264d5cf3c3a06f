"""A folder of hostile inputs, and what a run over it must end with: each record in exactly one table.

Each case sits between good records, so a case that costs its neighbours shows.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import news_record


@dataclass
class Corpus:
    """The folder, the article ids a run must write, the record refs it must reject, and the files it
    must list as not read; ``secret`` must appear nowhere in the output."""

    folder: Path
    articles: set[str] = field(default_factory=set)
    rejects: set[str] = field(default_factory=set)
    not_read: set[str] = field(default_factory=set)
    secret: str = ""


def _line(record: dict | str) -> bytes:
    return (record if isinstance(record, str) else json.dumps(record)).encode("utf-8", "surrogatepass") + b"\n"


def _good(corpus: Corpus, n: int) -> dict:
    corpus.articles.add(f"wire-{n}")
    return news_record(n)


def _warc(path: Path, captured: str, body: bytes) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/edge", "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": captured}))


def build(folder: Path, *, outside: Path) -> Corpus:
    """Write the corpus into ``folder``; ``outside`` is a folder beside it holding a secret file."""
    folder.mkdir(parents=True)
    corpus = Corpus(folder, secret="s3cret-outside-the-input-tree")
    bad = {  # line -> what makes it bad
        "surrogate text": '{"id": "x1", "published": "2022-01-19", "text": "bad \\ud800 text"}',
        "surrogate id": '{"id": "x\\udc00", "published": "2022-01-19", "text": "some text"}',
        "surrogate source": '{"id": "x3", "source": "w\\ud800", "published": "2022-01-19", "text": "t"}',
        "late calendar edge": {"id": "x4", "published": "9999-12-31T23:59:59-14:00", "text": "some text"},
        "early calendar edge": {"id": "x5", "published": "0001-01-01T00:00:00+01:00", "text": "some text"},
        "long integer": '{"id": 1' + "1" * 5000 + ', "published": "2022-01-19", "text": "t"}',
        "deep nesting": '{"id": "x7", "published": "2022-01-19", "x": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "zero-width text": {"id": "x8", "published": "2022-01-19", "text": "\u200b\u200c\u200d\u2060\ufeff"},
        "text over the parser's limit": {"id": "x9", "published": "2022-01-19", "text": "w " * 600_000},
    }
    hostile = folder / "hostile.jsonl"
    with open(hostile, "wb") as out:
        lineno = 0
        for case in bad.values():
            out.write(_line(_good(corpus, lineno)))
            out.write(_line(case))
            lineno += 2
            corpus.rejects.add(f"{hostile}:{lineno}")
        out.write(_line({**_good(corpus, 100), "language": "en-US"}))  # normalised, not rejected
    bom = folder / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + _line(_good(corpus, 101)))
    (folder / "more.ndjson").write_bytes(_line(_good(corpus, 102)))
    (folder / "one.json").write_text(json.dumps(_good(corpus, 103)))
    array = folder / "many.json"
    array.write_text(json.dumps([_good(corpus, 104), _good(corpus, 105), 7]))
    corpus.rejects.add(f"{array}[2]")
    gzipped = gzip.compress(b"".join(_line(_good(corpus, n)) for n in (106, 107)))
    (folder / "zipped.jsonl.gzip").write_bytes(gzipped)
    _truncated(corpus, folder / "cut.jsonl.gz")
    bomb = folder / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b"\n" * 50_000_000))
    corpus.rejects.add(f"{bomb}:1")
    for captured, name in (("9999-12-31T23:59:59-14:00", "late.warc.gz"), ("0001-01-01T00:00:00+01:00", "early.warc.gz")):
        warc = folder / name
        _warc(warc, captured, b"<html><body><article><p>" + b"The council met and approved the plan. " * 8
              + b"</p></article></body></html>")
        corpus.rejects.add(f"{warc}#0 https://news.example/edge")
    _unread(corpus, folder, outside)
    return corpus


def _truncated(corpus: Corpus, path: Path) -> None:
    """A gzip file cut inside its third record: the first two are read, the rest is one reject."""
    lines = [_line(_good(corpus, n)) for n in (110, 111)] + [_line(news_record(n)) for n in (112, 113)]
    whole = gzip.compress(b"".join(lines), mtime=0)
    for cut in range(len(whole) // 4, len(whole)):
        inflated = zlib.decompressobj(wbits=31).decompress(whole[:cut])
        if inflated.count(b"\n") == 2 and len(inflated) > len(lines[0]) + len(lines[1]):
            break
    path.write_bytes(whole[:cut])
    corpus.rejects.add(f"{path}:3")


def _unread(corpus: Corpus, folder: Path, outside: Path) -> None:
    """Files found in the folder but not read: a FIFO, a link out of the tree, a text file."""
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.jsonl"
    secret.write_text(f"{corpus.secret}\n")
    os.symlink(secret, folder / "link-out.jsonl")
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "notes.txt").write_text("not an input")
    corpus.not_read = {str(folder / n) for n in ("link-out.jsonl", "pipe.jsonl", "notes.txt")}
