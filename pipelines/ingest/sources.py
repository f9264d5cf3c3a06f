"""The sources config (``infra/sources.toml``): named inputs the scheduled ingest reads.

Feed URLs come only from here, never from article content. Relative paths
and globs resolve against the config file's folder, so the config means the
same thing from any working directory. Example::

    [[source]]
    name = "estuary-courier"
    kind = "feed"                  # a format's kind (pipelines/ingest/formats.py): jsonl, json, html, warc, feed
    location = "https://estuary-courier.example/rss.xml"
    allow_summary = false          # feeds only: accept summary-only entries
    enabled = true
"""
from __future__ import annotations

import glob
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pipelines.ingest.feeds import is_url, read_feed
from pipelines.ingest.formats import ReadOptions, SourceKind, format_of_kind
from pipelines.ingest.readers import guarded
from pipelines.ingest.records import DEFAULT_MAX_BYTES, Article, Reject

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_KEYS = {"name", "kind", "location", "allow_summary", "enabled"}


class SourcesConfigError(ValueError):
    """The sources config is missing, unreadable or invalid; the message says where and why."""


@dataclass(frozen=True)
class Source:
    """One configured input: a feed (file or http(s) URL), or files matched by a path or glob."""

    name: str
    kind: SourceKind
    location: str
    allow_summary: bool = False
    enabled: bool = True

    @property
    def is_url(self) -> bool:
        return is_url(self.location)

    def paths(self) -> list[Path]:
        """The files the location names now, sorted; empty for a URL or a glob matching nothing."""
        if self.is_url:
            return []
        return sorted(Path(p) for p in glob.glob(self.location, recursive=True) if Path(p).is_file())


def load_sources(path: Path) -> list[Source]:
    """The sources listed in a TOML config file, relative locations resolved against its folder."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise SourcesConfigError(f"{path}: cannot read the sources config: {err.strerror or err}") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise SourcesConfigError(f"{path}: not valid TOML: {err}") from err
    return parse_sources(data, origin=str(path), base_dir=path.parent)


def parse_sources(data: dict[str, Any], *, origin: str, base_dir: Path) -> list[Source]:
    """Validate a parsed config: ``[[source]]`` tables with known keys, unique safe names."""
    unknown = set(data) - {"source"}
    if unknown:
        raise SourcesConfigError(f"{origin}: unknown top-level keys {sorted(unknown)}; expected [[source]] tables")
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SourcesConfigError(f"{origin}: 'source' must be an array of tables ([[source]])")
    sources = [_source(entry, f"{origin}: source #{n}", base_dir) for n, entry in enumerate(entries, 1)]
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise SourcesConfigError(f"{origin}: duplicate source name {source.name!r}")
        seen.add(source.name)
    return sources


def _source(entry: dict[str, Any], where: str, base_dir: Path) -> Source:
    unknown = set(entry) - _KEYS
    if unknown:
        raise SourcesConfigError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    for key in ("name", "kind", "location"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise SourcesConfigError(f"{where}: '{key}' is required and must be a non-empty string")
    for key in ("allow_summary", "enabled"):
        if not isinstance(entry.get(key, False), bool):
            raise SourcesConfigError(f"{where}: '{key}' must be true or false")
    name = entry["name"].strip()
    where = f"{where} ({name!r})"
    if not _NAME.match(name):
        raise SourcesConfigError(f"{where}: a name is letters, digits, '.', '_' or '-' "
                                 "(no path separators), starting with a letter or digit")
    try:
        kind = SourceKind(entry["kind"].strip())
    except ValueError:
        raise SourcesConfigError(f"{where}: kind {entry['kind']!r} is not one of "
                                 f"{[k.value for k in SourceKind]}") from None
    location = entry["location"].strip()
    input_format = format_of_kind(kind)
    if "://" in location:
        if not input_format.reads_urls or not is_url(location):
            raise SourcesConfigError(f"{where}: only feeds may have a URL location, and only http(s)")
    else:
        location = os.path.abspath(base_dir / Path(location).expanduser())
    if entry.get("allow_summary") and not input_format.has_summaries:
        raise SourcesConfigError(f"{where}: 'allow_summary' applies only to feeds")
    return Source(name, kind, location, entry.get("allow_summary", False), entry.get("enabled", True))


def read_source(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """Every record of a configured source, named after it (JSONL records keep their own source)."""
    if source.is_url:
        yield from read_feed(source.location, source=source.name,
                             allow_summary=source.allow_summary, max_bytes=max_bytes)
        return
    options = ReadOptions(max_bytes=max_bytes, allow_summary=source.allow_summary, source=source.name)
    for path in source.paths():
        yield from guarded(format_of_kind(source.kind).read(path, options), source.name, str(path))
