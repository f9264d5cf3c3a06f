"""The JSONL reader: every line ends as exactly one article or one reject with a line reference."""
import gzip
import json
from pathlib import Path

from pipelines.ingest.jsonl import read_jsonl
from pipelines.ingest.records import Article, Reject

GOOD = {"id": "a1", "url": "https://Example.com/news/1/", "title": "T", "published": "2022-01-19",
        "text": "Russia annexed Crimea in 2014.", "source": "wire"}


def write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_good_record_becomes_article(tmp_path):
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(GOOD).encode()])
    [article] = read_jsonl(path)
    assert isinstance(article, Article)
    assert article.article_id == "a1"
    assert article.source == "wire"
    assert article.url == "https://example.com/news/1"
    assert article.published_at.isoformat() == "2022-01-19T00:00:00+00:00"
    assert article.record_ref == f"{path}:1"
    assert len(article.content_sha256) == 64


def test_each_bad_case_is_a_reject_with_line_reference(tmp_path):
    lines = [
        json.dumps(GOOD).encode(),
        b'{"id": "x", "published": ',                                   # malformed JSON
        json.dumps({**GOOD, "id": "a3", "published": None}).encode(),    # missing date
        json.dumps({**GOOD, "id": "a4", "published": "19/01/2022"}).encode(),  # unparseable date
        json.dumps({**GOOD, "id": "a5", "text": "   "}).encode(),        # empty text
        b'{"id": "a6", "text": "caf\xe9", "published": "2022-01-19"}',   # undecodable bytes
        json.dumps([1, 2]).encode(),                                     # not an object
        json.dumps({**GOOD, "id": "a8", "text": "x" * 500}).encode(),    # too large for the limit below
    ]
    path = write_lines(tmp_path / "in.jsonl", lines)
    out = list(read_jsonl(path, max_bytes=400))
    assert len(out) == len(lines)
    assert isinstance(out[0], Article)
    rejects = out[1:]
    assert all(isinstance(r, Reject) for r in rejects)
    assert [r.record_ref for r in rejects] == [f"{path}:{n}" for n in range(2, 9)]
    reasons = [r.reason for r in rejects]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1].startswith("missing publication date")
    assert reasons[2].startswith("unparseable publication date")
    assert reasons[3].startswith("empty text")
    assert reasons[4].startswith("undecodable bytes")
    assert reasons[5].startswith("malformed record")
    assert reasons[6].startswith("record too large")


def test_gzip_and_ids_without_record_id_are_stable(tmp_path):
    no_id = {k: v for k, v in GOOD.items() if k != "id"}
    no_url = {k: v for k, v in no_id.items() if k != "url"}
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write((json.dumps(no_id) + "\n" + json.dumps(no_url) + "\n").encode())
    first = list(read_jsonl(path))
    second = list(read_jsonl(path))
    assert [a.article_id for a in first] == [a.article_id for a in second]
    assert first[0].article_id.startswith("u") and first[1].article_id.startswith("c")


def test_oversized_line_does_not_swallow_the_next(tmp_path):
    big = json.dumps({**GOOD, "id": "big", "text": "y" * 5000}).encode()
    path = write_lines(tmp_path / "in.jsonl", [big, json.dumps(GOOD).encode()])
    out = list(read_jsonl(path, max_bytes=1000))
    assert isinstance(out[0], Reject) and out[0].reason.startswith("record too large")
    assert isinstance(out[1], Article) and out[1].record_ref.endswith(":2")


def test_record_text_is_kept_exactly_as_given(tmp_path):
    """The contract: offsets index the user's own copy, so leading space and inner runs stay."""
    text = "  \n Russia annexed  Crimea in 2014.\r\n\nTalks  resumed. "
    plain = dict(GOOD, id="a2", text=" ".join(text.split()))
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(dict(GOOD, text=text)).encode(), json.dumps(plain).encode()])
    article, copy = read_jsonl(path)
    assert article.text == text
    assert article.text.index("2014") == text.index("2014")
    assert article.content_sha256 == copy.content_sha256  # the same body, however spaced


def test_record_text_of_only_whitespace_is_a_reject(tmp_path):
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(dict(GOOD, text=" \n\t ")).encode()])
    [reject] = read_jsonl(path)
    assert isinstance(reject, Reject)
