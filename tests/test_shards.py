"""Several readers sharing one JSONL file: each parses only its own lines, and together they read
every record once, exactly as one reader of the whole file does (rejects and line refs included)."""
import gzip
import json
from datetime import datetime, timezone

import apache_beam as beam
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to

from pipelines import job
from pipelines.ingest.jsonl import read_jsonl
from pipelines.ingest.records import Article, Reject
from pipelines.ingest.shards import SKIPPED, Shard
from pipelines.transforms import ReadRecords, read_counts
from tests.conftest import news_record

STARTED = datetime(2022, 1, 20, tzinfo=timezone.utc)


def mixed_lines(count: int) -> list[bytes]:
    """Articles among a malformed line, a blank line, an oversized one and one that is not UTF-8."""
    lines = [json.dumps(news_record(n)).encode() for n in range(count)]
    lines[2] = b'{"id": "broken", "published": '
    lines[4] = b"   "
    lines[5] = json.dumps({**news_record(5), "text": "z" * 3000}).encode()
    lines[7] = b'{"id": "latin", "text": "caf\xe9", "published": "2022-01-19"}'
    return lines


def shards_of(path, count: int, **options) -> list[list]:
    return [list(read_jsonl(path, shard=Shard(index, count), **options)) for index in range(count)]


def test_the_shards_of_a_file_together_give_each_record_of_the_whole_file_once(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(mixed_lines(11)) + b"\n")
    whole = list(read_jsonl(path, max_bytes=2000))
    assert len(whole) == 10 and sum(isinstance(r, Reject) for r in whole) == 3
    for count in (2, 3, 4):
        shards = shards_of(path, count, max_bytes=2000)
        assert all(len(records) == len(whole) for records in shards)
        for number, expected in enumerate(whole):
            read = [records[number] for records in shards if records[number] is not SKIPPED]
            assert read == [expected] and shards[number % count][number] == expected


def test_a_shard_leaves_the_lines_of_the_others_unparsed(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(json.dumps(news_record(n)).encode() if n % 2 == 0 else b"{not json"
                                for n in range(6)) + b"\n")
    even, odd = shards_of(path, 2)
    assert [type(r) for r in even] == [Article, type(None)] * 3  # the malformed lines were never parsed
    assert [r.reason.split(":")[0] for r in odd if r is not SKIPPED] == ["malformed JSON"] * 3


def test_the_damage_reject_of_a_truncated_gzip_file_comes_in_one_shard_with_its_whole_file_number(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    whole_bytes = gzip.compress(b"".join(json.dumps(news_record(n)).encode() + b"\n" for n in range(40)))
    path.write_bytes(whole_bytes[:len(whole_bytes) * 2 // 3])
    whole = list(read_jsonl(path))
    damage = whole[-1]
    assert isinstance(damage, Reject) and damage.reason.startswith("corrupt or truncated compressed file")
    shards = shards_of(path, 3)
    assert [records[-1] for records in shards if records[-1] is not SKIPPED] == [damage]
    assert [len(records) for records in shards] == [len(whole)] * 3


def read_all_shards(tasks: list, staging) -> list:
    """The records of every shard (through Beam), checked against each input read whole; the
    shards' counters in ``staging`` sum to the whole inputs' records."""
    reader = ReadRecords(str(staging / "sharded"), "r1", STARTED, max_bytes=2000)
    with beam.Pipeline(runner=FnApiRunner()) as pipeline:
        read = pipeline | beam.Create(tasks) | beam.ParDo(reader)
        unsharded = ReadRecords(str(staging / "whole"), "r1", STARTED, max_bytes=2000)
        whole = [item for task in {(index, given, 0, 1) for index, given, _, _ in tasks}
                 for item in unsharded.process(task)]
        assert_that(read, equal_to(whole))
    assert read_counts(staging / "sharded") == read_counts(staging / "whole") == {"records_read": len(whole)}
    return whole


def test_read_records_over_the_shards_of_each_input_gives_the_unsharded_records_and_rejects(tmp_path):
    path = tmp_path / "in.ndjson"
    path.write_bytes(b"\n".join(mixed_lines(9)) + b"\n")
    gone = tmp_path / "listed-then-removed.jsonl"  # its one reject must come once, not once per shard
    config = job.JobConfig(inputs=[str(path), str(gone), str(tmp_path / "one.json")], staging_dir=tmp_path,
                           run_id="r1", started_at=STARTED, runner="dask", workers=1)
    tasks = job.read_tasks(config)
    shards = job.SHARDS_PER_WORKER
    assert [(index, count) for index, _, _, count in tasks] == [(0, shards)] * shards + [(1, shards)] * shards + [(2, 1)]
    (tmp_path / "one.json").write_text(json.dumps(news_record(20)), encoding="utf-8")
    whole = read_all_shards(tasks, tmp_path)
    assert [ordinal for ordinal, _ in whole if ordinal[0] == 0] == [(0, n) for n in range(8)]
    [(_, unreadable)] = [item for item in whole if item[0][0] == 1]
    assert isinstance(unreadable, dict) and "unreadable input after 0 records" in unreadable["reason"]
