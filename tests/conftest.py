"""Shared fixtures: a Prefect test harness and a Prefect server for the whole session, and article files."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

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


@pytest.fixture(scope="session")
def env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Environment of the ``dateline`` subprocesses of the fault tests: one Prefect server for the
    session (as in production, instead of a temporary server per run), in a private Prefect home."""
    base = {**os.environ, "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
            "GX_ANALYTICS_ENABLED": "false", "PYTHONPATH": str(REPO)}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1", "--port",
         str(port), "--no-ui", "--no-services", "--analytics-off"],
        env=base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 600
    while not prefect_healthy(api) and server.poll() is None:
        assert time.monotonic() < deadline, "timed out waiting for the Prefect server"
        time.sleep(0.2)
    assert server.poll() is None, "the Prefect server did not start"
    yield {**base, "PREFECT_API_URL": api}
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(60)


@pytest.fixture(scope="session")
def sample_html_run(prefect_harness, tmp_path_factory) -> tuple:
    """One ``dateline run`` over the sample HTML pages (some with no date or no text), no load:
    (output folder, run summary), read by several tests."""
    from flows.run_flow import dateline_run

    out = tmp_path_factory.mktemp("sample-html") / "out"
    return out, dateline_run(inputs=[str(SAMPLE / "html")], output=str(out), load=False)


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
