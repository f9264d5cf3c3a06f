"""Read each input path with its format's reader (``formats``), and expand folders into the files they hold."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from pipelines.ingest.formats import SUPPORTED, ReadOptions, format_for
from pipelines.ingest.inputs import InputNotFound, InputSet, scan_inputs, special_file
from pipelines.ingest.records import DEFAULT_MAX_BYTES, Article, Reject
from pipelines.ingest.shards import WHOLE, Shard

__all__ = ["InputNotFound", "expand_inputs", "guarded", "read_input", "scan", "splittable"]


def scan(paths: Sequence[str | Path], *, follow_symlinks: bool = False) -> InputSet:
    """The files to read under ``paths`` (absolute, each once) and those found but not read, with why."""
    return scan_inputs(paths, supported=lambda p: format_for(p) is not None, follow_symlinks=follow_symlinks)


def expand_inputs(paths: Sequence[str | Path], *, follow_symlinks: bool = False) -> list[str]:
    """The readable files under ``paths``, sorted within each folder; fatal if a path is unusable."""
    return scan(paths, follow_symlinks=follow_symlinks).files


def splittable(path: str | Path) -> bool:
    """Whether several readers can share the file, each reading one ``Shard`` of its records."""
    input_format = format_for(Path(path))
    return input_format is not None and input_format.splittable


def guarded(records: Iterator[Article | Reject | None], source: str,
            ref: str) -> Iterator[Article | Reject | None]:
    """``records``, ended by one reject naming the exception if the reader fails midway (numbered
    ``#count`` of all records, those another shard reads included)."""
    count = 0
    try:
        for record in records:
            count += 1
            yield record
    except Exception as err:  # a reader's own bug or a library's must not cost the run
        yield Reject("parse", source, f"{ref}#{count}" if count else ref,
                     f"unreadable input after {count} records, the rest is lost: {type(err).__name__}: {err}")


def read_input(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_summary: bool = False,
               shard: Shard = WHOLE) -> Iterator[Article | Reject | None]:
    """Every record of one input file, as articles or rejects; ``allow_summary`` keeps feed entries
    that have only a summary. With a ``shard`` of a ``splittable`` file, the records of the other
    shards are ``SKIPPED`` unread; the rejects about the file as a whole come in every shard, and
    ``Shard.owns`` of their record number keeps one."""
    file = Path(path)
    input_format = format_for(file)
    if input_format is None:
        yield Reject("parse", file.name, str(file), f"unsupported input type: {SUPPORTED}")
        return
    try:
        kind = special_file(file)
    except OSError:
        kind = None  # gone or unreadable: the reader reports it
    if kind:  # replaced by a FIFO or device since the inputs were listed: reading it could hang
        yield Reject("parse", file.name, str(file), f"not read: {kind}, not a regular file")
        return
    options = ReadOptions(max_bytes=max_bytes, allow_summary=allow_summary, shard=shard)
    try:
        yield from guarded(input_format.read(file, options), file.name, str(file))
    except OSError as err:
        yield Reject("parse", file.name, str(file), f"unreadable input: {err}")
