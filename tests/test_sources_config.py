"""The sources config: loading, validation messages, path resolution and reading a source."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest.records import Article, Reject
from pipelines.ingest.sources import SourceKind, SourcesConfigError, load_sources, read_source

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def source_toml(**fields) -> str:
    body = "\n".join(f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {str(v).lower()}"
                     for k, v in fields.items())
    return f"[[source]]\n{body}\n"


def test_the_shipped_config_loads_and_its_enabled_sources_exist():
    sources = load_sources(REPO / "infra" / "sources.toml")
    assert len({s.name for s in sources}) == len(sources)
    enabled = [s for s in sources if s.enabled]
    assert enabled and all(s.paths() for s in enabled if not s.is_url)


def test_relative_locations_resolve_against_the_config_folder(tmp_path, monkeypatch):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text("<html></html>")
    config = write(tmp_path, source_toml(name="pages", kind="html", location="pages/*.html"))
    monkeypatch.chdir(REPO)
    [source] = load_sources(config)
    assert source.kind is SourceKind.HTML and source.enabled and not source.allow_summary
    assert source.paths() == [tmp_path / "pages" / "a.html"]


def test_a_feed_may_be_an_http_url(tmp_path):
    [source] = load_sources(write(tmp_path, source_toml(
        name="river", kind="feed", location="https://river.example/rss.xml", allow_summary=True)))
    assert source.is_url and source.allow_summary and source.paths() == []


@pytest.mark.parametrize(("text", "message"), [
    (source_toml(name="a", kind="podcast", location="x"), "kind 'podcast' is not one of"),
    (source_toml(name="a", kind="feed", location="x", alow_summary=True), "unknown keys ['alow_summary']"),
    (source_toml(name="../etc", kind="html", location="x"), "no path separators"),
    (source_toml(name="a/b", kind="html", location="x"), "no path separators"),
    (source_toml(name="a", kind="html"), "'location' is required"),
    (source_toml(name="a", kind="jsonl", location="https://x.example/a.jsonl"), "only feeds may have a URL"),
    (source_toml(name="a", kind="feed", location="file:///etc/passwd"), "only http(s)"),
    (source_toml(name="a", kind="jsonl", location="x", allow_summary=True), "applies only to feeds"),
    ('[[source]]\nname = "a"\nkind = "html"\nlocation = "x"\nenabled = "yes"\n', "'enabled' must be true or false"),
    (source_toml(name="a", kind="html", location="x") * 2, "duplicate source name 'a'"),
    ("[[source]\nname = ", "not valid TOML"),
    ('sources = []\n', "unknown top-level keys ['sources']"),
    ('source = "x"\n', "array of tables"),
])
def test_a_bad_config_is_refused_with_a_message_that_says_where(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SourcesConfigError) as info:
        load_sources(path)
    assert message in str(info.value) and str(path) in str(info.value)


def test_a_missing_config_file_is_a_config_error(tmp_path):
    with pytest.raises(SourcesConfigError, match="cannot read the sources config"):
        load_sources(tmp_path / "absent.toml")


def test_read_source_names_records_after_the_source(tmp_path):
    for name in ("harbour-ferry-timetable.html", "museum-night-no-date.html"):
        (tmp_path / name).write_bytes((REPO / "data" / "sample" / "html" / name).read_bytes())
    [source] = load_sources(write(tmp_path, source_toml(name="harbour", kind="html", location="*.html")))
    results = list(read_source(source))
    assert sorted(type(r).__name__ for r in results) == ["Article", "Reject"]
    assert {r.source for r in results} == {"harbour"}


def test_read_source_passes_allow_summary_to_the_feed_reader(tmp_path):
    (tmp_path / "f.rss").write_text(
        '<rss version="2.0"><channel><title>t</title><item><title>s</title><link>https://f.example/1</link>'
        "<pubDate>Tue, 09 Mar 2021 08:30:00 GMT</pubDate><description>Only a summary.</description>"
        "</item></channel></rss>")
    strict = source_toml(name="f", kind="feed", location="f.rss")
    lenient = source_toml(name="f", kind="feed", location="f.rss", allow_summary=True)
    [rejected] = read_source(load_sources(write(tmp_path, strict))[0])
    [accepted] = read_source(load_sources(write(tmp_path, lenient))[0])
    assert isinstance(rejected, Reject) and isinstance(accepted, Article)
