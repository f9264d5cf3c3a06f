"""Pick the reader for each input path, and expand folders into the files they hold."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Sequence

from pipelines.ingest.feeds import read_feed_file
from pipelines.ingest.html import read_html_file
from pipelines.ingest.inputs import InputNotFound, InputSet, scan_inputs, special_file
from pipelines.ingest.jsonl import JSON_SUFFIXES, JSONL_SUFFIXES, read_json, read_jsonl
from pipelines.ingest.records import DEFAULT_MAX_BYTES, Article, Reject
from pipelines.ingest.warc import read_warc

Reader = Callable[..., Iterator[Article | Reject]]

__all__ = ["InputNotFound", "READERS", "expand_inputs", "guarded", "read_input", "scan"]

READERS: tuple[tuple[tuple[str, ...], Reader], ...] = (
    (JSONL_SUFFIXES, read_jsonl),
    (JSON_SUFFIXES, read_json),
    ((".html", ".htm"), read_html_file),
    ((".warc", ".warc.gz"), read_warc),
    ((".rss", ".atom", ".xml"), read_feed_file),
)


def _reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    return next((reader for suffixes, reader in READERS if name.endswith(suffixes)), None)


def scan(paths: Sequence[str | Path], *, follow_symlinks: bool = False) -> InputSet:
    """The files to read under ``paths`` (absolute, each once) and those found but not read, with why."""
    return scan_inputs(paths, supported=lambda p: _reader_for(p) is not None, follow_symlinks=follow_symlinks)


def expand_inputs(paths: Sequence[str | Path], *, follow_symlinks: bool = False) -> list[str]:
    """The readable files under ``paths``, sorted within each folder; fatal if a path is unusable."""
    return scan(paths, follow_symlinks=follow_symlinks).files


def guarded(records: Iterator[Article | Reject], source: str, ref: str) -> Iterator[Article | Reject]:
    """``records``, ended by one reject naming the exception if the reader fails midway."""
    count = 0
    try:
        for record in records:
            count += 1
            yield record
    except Exception as err:  # a reader's own bug or a library's must not cost the run
        yield Reject("parse", source, f"{ref}#{count}" if count else ref,
                     f"unreadable input after {count} records, the rest is lost: {type(err).__name__}: {err}")


def read_input(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """Every record of one input file, as articles or rejects."""
    file = Path(path)
    reader = _reader_for(file)
    if reader is None:
        yield Reject("parse", file.name, str(file),
                     "unsupported input type: expected .jsonl/.ndjson[.gz], .json, .html, .warc[.gz], "
                     ".rss/.atom/.xml")
        return
    try:
        kind = special_file(file)
    except OSError:
        kind = None  # gone or unreadable: the reader reports it
    if kind:  # replaced by a FIFO or device since the inputs were listed: reading it could hang
        yield Reject("parse", file.name, str(file), f"not read: {kind}, not a regular file")
        return
    try:
        yield from guarded(reader(file, max_bytes=max_bytes), file.name, str(file))
    except OSError as err:
        yield Reject("parse", file.name, str(file), f"unreadable input: {err}")
