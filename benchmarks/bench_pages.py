"""Page extraction quality on the own page corpus (``tests/data/pages``): date, title, metadata, text.

    .venv/bin/python benchmarks/bench_pages.py

Prints, per measure, the pages right out of the pages it applies to, the mean
body word F1, and each page's misses.
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.evaluate.page_scores import check_page, load_expected, summarise  # noqa: E402
from pipelines.ingest.html import article_from_html  # noqa: E402

CORPUS = REPO / "tests" / "data" / "pages"


def main() -> None:
    expected = load_expected(CORPUS)
    checks = []
    for name, want in expected.items():
        result = article_from_html((CORPUS / name).read_bytes(), source="pages", record_ref=name,
                                   url=want.get("url"))
        check = check_page(name, want, result)
        checks.append(check)
        misses = [k for k, v in vars(check).items() if v is False and k != "rejected"] + (
            [f"boilerplate {list(check.boilerplate_lines)}"] if check.boilerplate_lines else [])
        if check.body_f1 is not None and check.body_f1 < 0.98:
            misses.append(f"body F1 {check.body_f1:.2f}")
        print(f"{name:34} {'; '.join(misses) or 'ok'}")
    print()
    for measure, (right, total) in summarise(checks).items():
        print(f"{measure:44} {right}/{total}")
    f1s = [c.body_f1 for c in checks if c.body_f1 is not None]
    print(f"{'body word F1 (mean, min)':44} {statistics.mean(f1s):.3f}, {min(f1s):.3f}")


if __name__ == "__main__":
    main()
