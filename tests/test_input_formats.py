"""The one registry of input formats: every format is found by its suffixes, read through
``read_input`` and configurable as a source kind; the unsupported-input message lists them all."""
from __future__ import annotations

from datetime import datetime, timezone

from flows.cli import build_parser
from pipelines import job
from pipelines.ingest.formats import FORMATS, SUPPORTED, SourceKind, format_for
from pipelines.ingest.readers import expand_inputs, read_input
from pipelines.storage.partitions import read_all

SUMMARY_FEED = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
                "<item><title>Ferry</title><link>https://isle.example/ferry</link>"
                "<pubDate>Tue, 14 Jul 2020 08:00:00 GMT</pubDate><description>The ferry between the "
                "harbour and the mainland resumed its normal timetable on Monday, the operator said."
                "</description></item></channel></rss>")


def test_every_format_is_one_entry_found_by_each_of_its_suffixes(tmp_path):
    for input_format in FORMATS:
        for suffix in input_format.suffixes:
            path = tmp_path / f"input{suffix.upper()}"
            path.write_bytes(b"")
            assert format_for(path) is input_format
            assert input_format.listed_as in SUPPORTED
        assert SourceKind(input_format.kind).value == input_format.kind
    assert len(expand_inputs([tmp_path])) == sum(len(f.suffixes) for f in FORMATS)
    for name in ("a.ndjson", "a.jsonl.gzip", "a.ndjson.gz", "a.json", "a.htm", "a.warc.gz", "a.atom"):
        assert format_for(tmp_path / name) is not None, name


def test_an_unsupported_file_is_a_reject_listing_what_is_supported(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"x")
    [reject] = read_input(str(path))
    assert reject.reason == f"unsupported input type: {SUPPORTED}"
    assert all(f.listed_as in reject.reason for f in FORMATS)
    assert expand_inputs([tmp_path]) == []


def test_allow_summaries_reaches_the_feed_reader_through_the_job(tmp_path):
    feed = tmp_path / "isle.rss"
    feed.write_text(SUMMARY_FEED, encoding="utf-8")
    started = datetime(2020, 7, 15, tzinfo=timezone.utc)
    for allow, expected in ((False, "rejects"), (True, "articles")):
        config = job.JobConfig(inputs=[str(feed)], staging_dir=tmp_path / f"stage-{allow}", run_id="r",
                               started_at=started, allow_summaries=allow)
        job.run(config)
        tables = read_all(config.staging_dir)
        assert tables[expected].num_rows == 1
        assert tables["rejects" if allow else "articles"].num_rows == 0


def test_allow_summaries_is_an_option_of_run_and_watch():
    parser = build_parser()
    assert parser.parse_args(["run", "--input", "f.rss", "--output", "o", "--allow-summaries"]).allow_summaries
    assert not parser.parse_args(["run", "--input", "f.rss", "--output", "o"]).allow_summaries
    assert parser.parse_args(["watch", "--input", "in", "--output", "o", "--allow-summaries"]).allow_summaries
