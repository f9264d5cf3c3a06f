"""Data Docs that work with no network: the scripts, styles and images Great Expectations' pages load
from CDNs are shipped in ``docs_assets/`` and the built pages are rewritten to load them from the site.

``ASSETS`` is the one list of what is vendored: the address GE's templates use, the npm package and
file it comes from (``python -m pipelines.offline_docs --vendor`` fetches them again with ``npm pack``),
and where it lies under the site's ``static/vendor/``.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ASSET_DIR = Path(__file__).with_name("docs_assets")
SITE_VENDOR = Path("static") / "vendor"


@dataclass(frozen=True)
class Asset:
    """One file a page loads: ``url`` (a prefix: GE adds cache-busting queries to some) served
    from ``local`` under ``static/vendor``, vendored from ``file`` of the npm package ``package``."""

    url: str
    package: str
    file: str
    local: str


ASSETS: tuple[Asset, ...] = (
    Asset("https://code.jquery.com/jquery-3.7.1.min.js", "jquery@3.7.1", "dist/jquery.min.js",
          "jquery/jquery.min.js"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js", "popper.js@1.12.9",
          "dist/umd/popper.min.js", "popper/popper.min.js"),
    Asset("https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css", "bootstrap@4.3.1",
          "dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"),
    Asset("https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js", "bootstrap@4.3.1",
          "dist/js/bootstrap.min.js", "bootstrap/bootstrap.min.js"),
    Asset("https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css",
          "@forevolve/bootstrap-dark@1.1.0", "dist/css/bootstrap-prefers-dark.min.css",
          "bootstrap-dark/bootstrap-prefers-dark.min.css"),
    Asset("https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css", "bootstrap-table@1.19.1",
          "dist/bootstrap-table.min.css", "bootstrap-table/bootstrap-table.min.css"),
    Asset("https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js", "bootstrap-table@1.19.1",
          "dist/bootstrap-table.min.js", "bootstrap-table/bootstrap-table.min.js"),
    Asset("https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/"
          "bootstrap-table-filter-control.min.js", "bootstrap-table@1.19.1",
          "dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
          "bootstrap-table/bootstrap-table-filter-control.min.js"),
    # GE's pages name 1.19.0 for the filter-control styles (two spellings); 1.19.1's are served for both.
    Asset("https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
          "bootstrap-table-filter-control.min.css", "bootstrap-table@1.19.1",
          "dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
          "bootstrap-table/bootstrap-table-filter-control.min.css"),
    Asset("https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
          "bootstrap-table-filter-control.css", "bootstrap-table@1.19.1",
          "dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
          "bootstrap-table/bootstrap-table-filter-control.min.css"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css",
          "bootstrap-datepicker@1.9.0", "dist/css/bootstrap-datepicker.min.css",
          "bootstrap-datepicker/bootstrap-datepicker.min.css"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js",
          "bootstrap-datepicker@1.9.0", "dist/js/bootstrap-datepicker.min.js",
          "bootstrap-datepicker/bootstrap-datepicker.min.js"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css",
          "@fortawesome/fontawesome-free@6.6.0", "css/all.min.css", "fontawesome/css/all.min.css"),
    # The major versions GE names resolve to these releases (npm's newest 5.x / 6.x when vendored).
    Asset("https://cdn.jsdelivr.net/npm/vega@5", "vega@5.33.1", "build/vega.min.js", "vega/vega.min.js"),
    Asset("https://cdn.jsdelivr.net/npm/vega-lite@5", "vega-lite@5.23.0", "build/vega-lite.min.js",
          "vega/vega-lite.min.js"),
    Asset("https://cdn.jsdelivr.net/npm/vega-embed@6", "vega-embed@6.29.0", "build/vega-embed.min.js",
          "vega/vega-embed.min.js"),
)
# Files an asset loads in turn (Font Awesome's CSS loads ../webfonts/*; woff2 only, every current
# browser takes it), and licence files: vendored, not referenced by GE.
EXTRA_FILES: tuple[tuple[str, str, str], ...] = tuple(
    ("@fortawesome/fontawesome-free@6.6.0", f"webfonts/{font}.woff2", f"fontawesome/webfonts/{font}.woff2")
    for font in ("fa-brands-400", "fa-regular-400", "fa-solid-900", "fa-v4compatibility")
) + (
    ("@fortawesome/fontawesome-free@6.6.0", "LICENSE.txt", "fontawesome/LICENSE.txt"),
    ("jquery@3.7.1", "LICENSE.txt", "jquery/LICENSE.txt"),
    ("bootstrap@4.3.1", "LICENSE", "bootstrap/LICENSE"),
    ("@forevolve/bootstrap-dark@1.1.0", "LICENSE", "bootstrap-dark/LICENSE"),
    ("bootstrap-table@1.19.1", "LICENSE", "bootstrap-table/LICENSE"),
    ("bootstrap-datepicker@1.9.0", "LICENSE", "bootstrap-datepicker/LICENSE"),
    ("vega-lite@5.23.0", "LICENSE", "vega/LICENSE"),
)
# GE's logo is an image on its web-assets bucket, loaded with a timestamp query on every page view;
# the same logo ships in GE's own static/images.
IMAGES: tuple[tuple[str, str], ...] = (
    ("https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png", "static/images/logo-long.png"),
    ("https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png",
     "static/images/logo-long.png"),
)

_TAG = re.compile(r"<(?:script|link|img)\b[^>]*>", re.IGNORECASE)
_CSS_URL = re.compile(r"url\((['\"]?)(https?://[^'\")]+)\1\)")
_REMOTE_ONLY = re.compile(r"\s(?:integrity|crossorigin)=(?:\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)
_ADDRESS = re.compile(r"(?P<attr>\s(?:src|href)=)(?P<q>[\"'])(?P<url>https?://[^\"']+)(?P=q)", re.IGNORECASE)


def _local_path(url: str) -> str | None:
    """The site-relative path serving ``url``, or None for an address not vendored."""
    for asset in ASSETS:
        if url == asset.url:
            return (SITE_VENDOR / asset.local).as_posix()
    return next((path for prefix, path in IMAGES if url.split("?", 1)[0] == prefix), None)


def _rewrite(html: str, to_site: str) -> str:
    """``html`` with every vendored address replaced by a path relative to its page (``to_site``:
    the page's way up to the site root), and the integrity/crossorigin attributes of those tags
    dropped (a file:// page cannot make CORS requests)."""
    def tag(match: re.Match) -> str:
        text = match.group(0)
        address = _ADDRESS.search(text)
        local = _local_path(address.group("url")) if address else None
        if local is None:
            return text
        text = text.replace(address.group(0), f"{address.group('attr')}{address.group('q')}{to_site}{local}"
                                              f"{address.group('q')}")
        return _REMOTE_ONLY.sub("", text)

    def css(match: re.Match) -> str:
        local = _local_path(match.group(2))
        return match.group(0) if local is None else f"url({match.group(1)}{to_site}{local}{match.group(1)})"

    return _CSS_URL.sub(css, _TAG.sub(tag, html))


def make_offline(site: Path) -> int:
    """Copy the vendored assets into the Data Docs ``site`` and point its pages at them; returns the
    number of pages rewritten. Idempotent: a page already rewritten is left as it is."""
    shutil.copytree(ASSET_DIR, site / SITE_VENDOR, dirs_exist_ok=True)
    rewritten = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        up = os.path.relpath(site, page.parent).replace(os.sep, "/")
        new = _rewrite(html, "" if up == "." else f"{up}/")
        if new != html:
            page.write_text(new, encoding="utf-8")
            rewritten += 1
    return rewritten


def vendor(target: Path = ASSET_DIR) -> None:
    """Fetch every vendored file again from the npm registry (``npm pack``) into ``target``."""
    wanted = [(a.package, a.file, a.local) for a in ASSETS] + list(EXTRA_FILES)
    with tempfile.TemporaryDirectory() as tmp:
        for package in sorted({p for p, _, _ in wanted}):
            out = subprocess.run(["npm", "pack", package, "--silent"], cwd=tmp, check=True,
                                 capture_output=True, text=True).stdout.split()[-1]
            with tarfile.open(Path(tmp) / out) as archive:
                archive.extractall(Path(tmp) / package.replace("/", "_"), filter="data")
        for package, file, local in wanted:
            (target / local).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(tmp) / package.replace("/", "_") / "package" / file, target / local)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Vendor or apply the offline Data Docs assets.")
    parser.add_argument("--vendor", action="store_true", help=f"fetch the assets again into {ASSET_DIR}")
    parser.add_argument("--site", type=Path, help="make this Data Docs folder viewable offline")
    args = parser.parse_args()
    if args.vendor:
        vendor()
    if args.site:
        print(f"{make_offline(args.site)} pages rewritten")
