"""Data Docs work offline: pages load only files of the site, and the index, opened from disk in
headless Chromium with no network, draws its table of validations (bootstrap-table, vendored)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pipelines.offline_docs import ASSETS, SITE_VENDOR
from pipelines.validate import validate_tables
from tests.test_validate_sample import RUN_AT, sample_tables

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Tags and CSS that make the browser fetch something (links to GE's documentation are not fetched).
_FETCHES_REMOTE = re.compile(r"<(?:script|link|img)\b[^>]*\s(?:src|href)=[\"']https?://|url\(['\"]?https?://")


def rendered_dom(page: Path) -> str:
    """``page`` after its scripts ran, in headless Chromium without network (own network namespace
    when we may make one; Chromium's own background fetches off either way)."""
    if CHROMIUM is None:
        pytest.fail("chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    isolate = ["unshare", "--net"] if os.geteuid() == 0 and shutil.which("unshare") else []
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [*isolate, CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}",
             "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def validation_rows(dom: str) -> list[str]:
    return re.findall(r'<tr class="clickable-row" data-href="(validations/[^"]+)" data-index=', dom)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("docs") / "_validation"
    validate_tables(sample_tables(), run_id="run-1", rejected_at=RUN_AT, docs_dir=docs)
    return docs


def test_every_page_loads_only_files_of_the_site(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 11  # index, 5 suites, 5 validations
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not _FETCHES_REMOTE.search(html), page
        for local in set(re.findall(r"(?:src|href)=\"([^\"]*static/vendor/[^\"]+)\"", html)):
            assert (page.parent / local).resolve().is_file(), (page, local)
    assert all((site / SITE_VENDOR / asset.local).is_file() for asset in ASSETS)


def test_the_index_shows_its_table_of_validations_offline(site):
    rows = validation_rows(rendered_dom(site / "index.html"))
    assert sorted(Path(r).parts[2] for r in rows) == sorted(sample_tables())
    assert all((site / row).is_file() for row in rows)


def test_without_the_vendored_table_script_the_index_is_blank(site):
    """The check above can fail: the same index without bootstrap-table draws no row."""
    html = (site / "index.html").read_text(encoding="utf-8")
    broken = site / "index-without-table-script.html"
    broken.write_text(html.replace("static/vendor/bootstrap-table/bootstrap-table.min.js", "missing.js"),
                      encoding="utf-8")
    assert validation_rows(rendered_dom(broken)) == []
