"""Property tests of every reader through ``read_input``: random bytes and random JSON values of any
type, depth and size up to the limit. No exception escapes, and every record is accounted for:
each JSON line, each array element, each page is exactly one article or one reject."""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest.readers import read_input
from pipelines.ingest.records import PAYLOAD_LIMIT, Article, Reject
from tests.test_fuzz_jsonl import RECORDS

MAX_BYTES = 200_000  # above the deepest nesting and the longest integer below
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Any text, lone surrogates included (JSON writes them as \ud800 escapes).
TEXT = st.text(st.characters(blacklist_categories=()), max_size=30)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                      max_leaves=12)
DEEP = st.integers(min_value=1, max_value=60_000).map(lambda depth: "[" * depth + "]" * depth)
LONG_INT = st.integers(min_value=4300, max_value=MAX_BYTES - 20).map(lambda digits: '{"id": ' + "7" * digits + "}")
LINE_VALUES = st.one_of(VALUES.map(json.dumps), RECORDS.map(json.dumps), DEEP, LONG_INT,
                        st.dates().map(lambda d: json.dumps({"id": "d", "published": f"{d}T00:00:00-14:00",
                                                              "text": "A council met."})))


def read(tmp: str, name: str, data: bytes) -> list[Article | Reject]:
    path = Path(tmp) / name
    path.write_bytes(data)
    out = list(read_input(str(path), max_bytes=MAX_BYTES))
    for record in out:
        assert isinstance(record, (Article, Reject))
        if isinstance(record, Reject):
            assert record.reason and len(record.payload.encode("utf-8")) <= PAYLOAD_LIMIT
            record.payload.encode("utf-8")  # valid Unicode: storable in Parquet
    return out


@SETTINGS
@given(st.lists(LINE_VALUES, max_size=6), st.sampled_from(["a.jsonl", "a.ndjson", "a.jsonl.gz"]), st.booleans())
def test_json_lines_are_one_record_each(lines, name, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + "".join(f"{line}\n" for line in lines).encode()
    with TemporaryDirectory() as tmp:
        out = read(tmp, name, gzip.compress(data) if name.endswith(".gz") else data)
    assert [r.record_ref.rsplit(":", 1)[1] for r in out] == [str(n) for n in range(1, len(lines) + 1)]


@SETTINGS
@given(st.lists(VALUES | RECORDS, max_size=6) | VALUES | RECORDS)
def test_a_json_file_is_one_record_per_element_or_one_object(value):
    with TemporaryDirectory() as tmp:
        out = read(tmp, "a.json", json.dumps(value).encode())
    assert len(out) == (len(value) if isinstance(value, list) else 1)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["a.jsonl", "a.jsonl.gz", "a.json", "a.html", "a.xml",
                                                  "a.warc", "a.warc.gz"]))
def test_random_bytes_never_raise(data, name):
    with TemporaryDirectory() as tmp:
        out = read(tmp, name, data)
    if name == "a.html":
        assert len(out) == 1  # a page is one record
