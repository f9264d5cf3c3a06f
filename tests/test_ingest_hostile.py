"""Every reader over the hostile corpus: each record exactly once, as an article or a reject."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from pipelines.extract.nlp import parser, splitter
from pipelines.ingest.readers import InputNotFound, read_input, scan
from pipelines.ingest.records import MAX_TEXT_CHARS, Article
from tests.hostile_inputs import build


def test_each_hostile_record_is_one_reject_and_its_neighbours_are_articles(tmp_path):
    corpus = build(tmp_path / "in", outside=tmp_path / "outside")
    found = scan([corpus.folder])
    articles, rejects = Counter(), Counter()
    for file in found.files:
        for record in read_input(file):
            if isinstance(record, Article):
                articles[record.article_id] += 1
                assert record.language == "en"
            else:
                rejects[record.record_ref] += 1
                assert corpus.secret not in record.payload
    assert set(articles) == corpus.articles and set(rejects) == corpus.rejects
    assert set(articles.values()) == {1} and set(rejects.values()) == {1}
    assert {path for path, _ in found.skipped} == corpus.not_read


def test_a_link_out_of_the_tree_is_read_only_when_asked(tmp_path):
    corpus = build(tmp_path / "in", outside=tmp_path / "outside")
    assert str(corpus.folder / "link-out.jsonl") in scan([corpus.folder], follow_symlinks=True).files


@pytest.mark.parametrize("given, message", [
    ("", "an input path is empty"),
    ("/nonexistent/x.jsonl", "input path does not exist"),
])
def test_an_unusable_input_path_is_fatal(given, message):
    with pytest.raises(InputNotFound, match=message):
        scan([given])


def test_a_fifo_named_directly_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(InputNotFound, match="a FIFO, not a regular file"):
        scan([fifo])


def test_a_file_named_twice_or_relatively_is_read_once_by_its_absolute_path(tmp_path, monkeypatch):
    path = tmp_path / "a.jsonl"
    path.write_text("{}\n")
    monkeypatch.chdir(tmp_path)
    assert scan(["a.jsonl", path, tmp_path]).files == [str(path)]


def test_the_text_limit_is_the_parsers():
    assert MAX_TEXT_CHARS == splitter().max_length == parser().nlp.max_length
