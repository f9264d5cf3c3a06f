"""Progress of the Beam job on real runs: plain log lines and a Prefect progress artifact when stderr
is not a terminal, a live line redrawn in place on a pseudo-terminal."""
from __future__ import annotations

import os
import pty
import re
import select
import socket
import subprocess
import sys
import time

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.sorting import ArtifactSort
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows import progress
from flows.run_flow import dateline_run
from tests.conftest import REPO, news_record, write_jsonl

MALFORMED = ["not json at all", '{"id": "x", ']
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def twelve_and_two(tmp_path):
    return write_jsonl(tmp_path / "in.jsonl", [news_record(n) for n in range(12)] + MALFORMED)


def test_a_run_logs_its_progress_and_keeps_a_prefect_progress_artifact(prefect_harness, tmp_path,
                                                                        twelve_and_two, caplog, monkeypatch):
    monkeypatch.setattr(progress, "LOG_EVERY", 0.5)
    state = dateline_run(inputs=[str(twelve_and_two)], output=str(tmp_path / "out"), load=False, return_state=True)
    summary = state.result()

    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("run: ")]
    assert len(lines) >= 2, lines  # periodic lines while the job runs, and the last one
    assert lines[-1] == ("run: job done: 14/14 records processed (100%); read 14, extracted 14, "
                         "validated 12, written 12" + lines[-1].split("written 12", 1)[1])
    assert summary.articles_written == 12
    deadline = time.monotonic() + 30  # its last update is sent on a thread of its own
    with get_client(sync_client=True) as client:
        while True:
            [artifact] = client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["dateline-run-progress"])),
                sort=ArtifactSort.CREATED_DESC, limit=1)
            if float(artifact.data) == 100.0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert artifact.type == "progress" and float(artifact.data) == 100.0
    assert artifact.flow_run_id == state.state_details.flow_run_id  # shown with the run in Prefect's UI


@pytest.mark.filterwarnings("ignore:Artifact creation outside of a flow")
def test_a_prefect_api_that_never_answers_delays_the_job_at_most_the_artifact_wait(tmp_path, caplog):
    with socket.socket() as silent:  # accepts connections (the kernel's backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        with temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{silent.getsockname()[1]}/api"}):
            started = time.monotonic()
            with progress.job_progress(tmp_path, "run", "dateline-test-progress"):
                time.sleep(2 * progress.POLL_SECONDS)
            spent = time.monotonic() - started
    assert spent < 2 * progress.POLL_SECONDS + progress.ARTIFACT_WAIT + 1.0, spent
    assert "the Prefect API did not answer" in caplog.text


def run_on_a_terminal(args: list[str], cwd, timeout: float = 600) -> tuple[int, str]:
    """Exit status and everything printed by ``dateline args`` run on a pseudo-terminal."""
    main, replica = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm-256color", "GX_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", *args], stdin=replica, stdout=replica,
                            stderr=replica, cwd=cwd, env=env, close_fds=True)
    os.close(replica)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if ready:
                try:
                    data = os.read(main, 65536)
                except OSError:  # the terminal closed: the process ended
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)


def test_on_a_terminal_the_progress_is_one_line_redrawn_in_place(tmp_path, twelve_and_two):
    status, output = run_on_a_terminal(["run", "--input", str(twelve_and_two), "--output",
                                        str(tmp_path / "out")], cwd=REPO)
    assert status == 0, output[-3000:]
    text = ANSI.sub("", output)
    frames = [f for f in re.split(r"[\r\n]", text) if f.startswith("run ") and "extracted" in f]
    assert len(frames) >= 2, text[-3000:]  # redrawn with \r, not printed line after line
    assert "100% read 14 extracted 14 validated 12 written 12" in frames[-1]
    assert not any("records processed" in line for line in text.splitlines())  # no plain lines on a terminal
