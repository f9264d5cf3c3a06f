"""Pick the reader for each input path, and expand folders into the files they hold."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Sequence

from pipelines.ingest.feeds import read_feed_file
from pipelines.ingest.html import read_html_file
from pipelines.ingest.jsonl import read_jsonl
from pipelines.ingest.records import DEFAULT_MAX_BYTES, Article, Reject
from pipelines.ingest.warc import read_warc

Reader = Callable[..., Iterator[Article | Reject]]


class InputNotFound(FileNotFoundError):
    """An input path given on the command line does not exist."""


READERS: tuple[tuple[tuple[str, ...], Reader], ...] = (
    ((".jsonl", ".jsonl.gz"), read_jsonl),
    ((".html", ".htm"), read_html_file),
    ((".warc", ".warc.gz"), read_warc),
    ((".rss", ".atom", ".xml"), read_feed_file),
)


def _reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    return next((reader for suffixes, reader in READERS if name.endswith(suffixes)), None)


def expand_inputs(paths: Sequence[str | Path]) -> list[str]:
    """The readable files under ``paths``, sorted within each folder; fatal if a path is missing."""
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputNotFound(f"input path does not exist: {path}")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and not p.name.startswith(".") and _reader_for(p))
            files.extend(str(p) for p in found)
        else:
            files.append(str(path))
    return files


def read_input(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """Every record of one input file, as articles or rejects."""
    file = Path(path)
    reader = _reader_for(file)
    if reader is None:
        yield Reject("parse", file.name, str(file),
                     "unsupported input type: expected .jsonl[.gz], .html, .warc[.gz], .rss/.atom/.xml")
        return
    try:
        yield from reader(file, max_bytes=max_bytes)
    except OSError as err:
        yield Reject("parse", file.name, str(file), f"unreadable input: {err}")
