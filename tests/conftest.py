"""Shared fixtures: a Prefect test harness for the whole session, and article files."""
import json
import os
import urllib.request
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect database and API for flows run in tests."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def prefect_healthy(api_url: str) -> bool:
    """Whether the Prefect server at ``api_url`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def write_jsonl(path: Path, records: list) -> Path:
    """Write records (dicts, or raw strings for malformed lines) one per line."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def news_record(n: int, day: str = "2022-01-19") -> dict:
    """A small, distinct wire-style article."""
    return {
        "id": f"wire-{n}",
        "url": f"https://news.example.org/2022/01/story-{n}",
        "title": f"Story {n}",
        "published": day,
        "source": "example-wire",
        "text": (f"Officials in city {n} said on Tuesday that the bridge will reopen next month. "
                 f"\"We are confident,\" Mayor Ana Ruiz said. The council approved the plan in 2014."),
    }
