"""Property tests of the JSONL reader: any bytes in, every non-blank line out as exactly one Article or Reject."""
import json
from datetime import timezone
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract.deadline import time_limit
from pipelines.ingest.jsonl import read_jsonl
from pipelines.ingest.records import PAYLOAD_LIMIT, Article, Reject

FIELDS = ["id", "doc_id", "url", "title", "published", "published_at", "text", "html", "source", "language"]
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
DATES = st.sampled_from(["2022-01-19", "2022-01-19T10:00:00Z", "2022-13-40", "19/01/2022", "", "2022-01-19T25:00"])
RECORDS = st.dictionaries(
    st.sampled_from(FIELDS) | st.text(max_size=8),
    SCALARS | DATES | st.lists(SCALARS, max_size=3) | st.dictionaries(st.text(max_size=4), SCALARS, max_size=2),
    max_size=8,
)
# One line, no newline inside: raw bytes, JSON of near-valid records, or JSON of any value.
LINES = st.one_of(
    st.binary(max_size=200).map(lambda b: b.replace(b"\n", b" ")),
    RECORDS.map(lambda r: json.dumps(r).encode()),
    st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3), max_leaves=5).map(
        lambda v: json.dumps(v).encode()),
)
MAX_BYTES = 300
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(LINES, max_size=12), st.sampled_from([b"\n", b"\r\n"]), st.booleans())
def test_every_line_ends_as_exactly_one_article_or_reject(lines, newline, final_newline):
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_bytes(newline.join(lines) + (newline if final_newline else b""))
        with time_limit(10):
            out = list(read_jsonl(path, max_bytes=MAX_BYTES))
    expected = []
    for n, line in enumerate(lines, start=1):
        last = n == len(lines) and not final_newline
        body = line if last else line + newline[:-1]  # what precedes the b"\n"
        if line.strip() or len(body) > MAX_BYTES:
            expected.append(f"{path}:{n}")
    assert [r.record_ref for r in out] == expected
    for record in out:
        assert isinstance(record, (Article, Reject))
        if isinstance(record, Reject):
            assert record.stage == "parse" and record.reason
            assert len(record.payload.encode("utf-8")) <= PAYLOAD_LIMIT
        else:
            assert record.text and record.text == record.text.strip()
            assert record.published_at.tzinfo is not None
            assert record.published_at.utcoffset() == timezone.utc.utcoffset(None)
            assert len(record.content_sha256) == 64 and record.article_id


@SETTINGS
@given(st.integers(min_value=MAX_BYTES + 1, max_value=5 * MAX_BYTES), st.binary(max_size=50))
def test_an_oversized_line_is_one_reject_and_the_next_line_still_reads(size, filler):
    big = (filler.replace(b"\n", b" ") or b"x") * (size // max(len(filler), 1) + 1)
    good = json.dumps({"id": "ok", "published": "2022-01-19", "text": "Fine."}).encode()
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        path.write_bytes(big[:size] + b"\n" + good + b"\n")
        out = list(read_jsonl(path, max_bytes=MAX_BYTES))
    assert isinstance(out[0], Reject) and "too large" in out[0].reason
    assert isinstance(out[1], Article) and out[1].article_id == "ok"
    assert len(out) == 2
