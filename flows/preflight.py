"""Checks of a command's arguments against the file system, run before any heavy import or server start.

Each check raises ``UsageError`` with a one-line message naming the option at
fault, so a mistyped path or an impossible range costs the user well under a
second instead of the start-up of Prefect, Beam and spaCy. They are cheap
``os``/``pathlib`` calls only; what can be known only by reading the data (a
malformed record, an unreadable page) is reported later, as a ``rejects`` row.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Iterable

from pipelines.ingest.inputs import special_file


class UsageError(Exception):
    """An argument that cannot work: printed as one line, exit status 2."""


def inputs_exist(paths: Iterable[str], option: str = "--input") -> None:
    """Every input path is given and exists as a file or a folder, not a FIFO, device or socket
    (reading one could hang); URLs are left to the readers."""
    for given in paths:
        if not given.strip():
            raise UsageError(f"{option}: an input path is empty (an unset variable?)")
        if "://" in given:
            continue
        if not Path(given).exists():
            raise UsageError(f"{option}: input path does not exist: {given}")
        kind = special_file(given)
        if kind:
            raise UsageError(f"{option}: input path is {kind}, not a regular file or folder: {given}")


def folder_exists(path: str, option: str) -> None:
    """``path`` is an existing folder."""
    if not Path(path).is_dir():
        raise UsageError(f"{option}: not a folder: {path}")


def file_exists(path: str, option: str) -> None:
    """``path`` is an existing file."""
    if not Path(path).is_file():
        raise UsageError(f"{option}: file does not exist: {path}")


def writable_output(path: str, option: str = "--output") -> None:
    """``path`` is a writable folder, or can be created as one (its nearest existing parent is a
    writable folder)."""
    target = Path(path).absolute()
    existing = next(p for p in (target, *target.parents) if p.exists())
    if not existing.is_dir():
        raise UsageError(f"{option}: {existing} exists and is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{option}: {existing} is not writable")


def database_exists(path: Path, option: str = "--duckdb") -> None:
    """The DuckDB file to query exists."""
    if not path.is_file():
        raise UsageError(f"{option}: no DuckDB database at {path} (run `dateline run` or "
                         "`dateline load duckdb` first)")


def dates_ordered(start: date, end: date) -> None:
    """A date range runs forwards."""
    if end < start:
        raise UsageError(f"--end {end} is before --start {start}")


def at_least_one(value: int, option: str) -> None:
    """A count that must be positive."""
    if value < 1:
        raise UsageError(f"{option} must be at least 1, not {value}")
