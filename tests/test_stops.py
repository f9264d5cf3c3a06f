"""Clean stops of the real CLI with its own temporary Prefect server: SIGTERM, SIGINT and kill -9.

Each stopped command must exit 130/143 with one line (or, killed, leave nothing
behind within 10 s: no Prefect server, no worker), and a rerun must complete
the interrupted work without duplicating a row.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.watchdog import SESSION_ENV
from pipelines.faults import MARKER_ENV, PAUSE_ENV
from pipelines.storage.commit import STAGING_DIR
from pipelines.storage.partitions import read_table
from tests.conftest import REPO, news_record, write_jsonl

pytestmark = pytest.mark.slow

TIMEOUT = 600
LEFTOVER_SECONDS = 10


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """No PREFECT_API_URL: every command starts its own temporary server, as a new user's would."""
    base = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", SESSION_ENV)}
    return {**base, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PYTHONPATH": str(REPO)}


def start(env: dict, *args: str, **extra_env: str) -> subprocess.Popen:
    log = Path(env["PREFECT_HOME"]).parent / f"cli-{time.monotonic_ns()}"
    with open(f"{log}.out", "w") as out, open(f"{log}.err", "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "flows.cli", *args], env={**env, **extra_env}, cwd=REPO,
                                stdout=out, stderr=err, start_new_session=True)
    proc.log = log
    return proc


def stderr(proc: subprocess.Popen) -> str:
    return Path(f"{proc.log}.err").read_text()


def processes_of(proc: subprocess.Popen) -> list[int]:
    """Live processes started by the command (its session token is ``<pid>-...``), zombies aside."""
    needle = f"{SESSION_ENV}={proc.pid}-".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and any(v.startswith(needle) for v in (entry / "environ").read_bytes()
                                            .split(b"\0")) and " Z " not in (entry / "stat").read_text():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_for(condition, what: str, proc: subprocess.Popen, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the command ended while waiting for {what}: {stderr(proc)[-2000:]}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def assert_nothing_left(proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + LEFTOVER_SECONDS
    while processes_of(proc) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = processes_of(proc)
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes left {LEFTOVER_SECONDS} s after the command ended: {left}"


def assert_stopped(proc: subprocess.Popen, signum: int) -> None:
    assert proc.wait(60) == 128 + signum
    text = stderr(proc)
    assert "Traceback" not in text and "Crash detected" not in text, text[-3000:]
    assert text.rstrip("\n").splitlines()[-1].startswith(f"dateline: stopped by {signal.Signals(signum).name}")
    assert_nothing_left(proc)


def assert_healed(out: Path, expected_articles: int) -> None:
    ids = read_table(out, "articles").column("article_id").to_pylist()
    assert len(ids) == len(set(ids)) == expected_articles
    statements = read_table(out, "statements").column("statement_id").to_pylist()
    assert len(statements) == len(set(statements)) > 0
    assert not any((out / STAGING_DIR).iterdir()) if (out / STAGING_DIR).exists() else True


def test_sigterm_mid_commit_of_run_exits_143_and_a_rerun_heals(env, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [news_record(n, f"2022-01-{10 + n}") for n in range(4)])
    out, marker = tmp_path / "out", tmp_path / "paused"
    proc = start(env, "run", "--input", str(source), "--output", str(out),
                 **{PAUSE_ENV: "commit_write", MARKER_ENV: str(marker)})
    wait_for(marker.exists, "the commit to write its first file", proc)
    proc.send_signal(signal.SIGTERM)
    assert_stopped(proc, signal.SIGTERM)

    rerun = start(env, "run", "--input", str(source), "--output", str(out))
    assert rerun.wait(TIMEOUT) == 0, stderr(rerun)[-2000:]
    assert_healed(out, 4)
    assert_nothing_left(rerun)


def test_sigint_during_the_beam_job_exits_130(env, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [news_record(n) for n in range(3)])
    out = tmp_path / "out"
    proc = start(env, "run", "--input", str(source), "--output", str(out))
    wait_for(lambda: (out / STAGING_DIR).is_dir() and any((out / STAGING_DIR).iterdir()), "the Beam job", proc)
    proc.send_signal(signal.SIGINT)
    assert_stopped(proc, signal.SIGINT)
    assert not (out / "articles").exists()  # nothing of the abandoned run was published


def test_sigterm_to_watch_mid_batch_then_rerun_commits_once(env, tmp_path):
    inbox, out, marker = tmp_path / "inbox", tmp_path / "out", tmp_path / "paused"
    inbox.mkdir()
    write_jsonl(inbox / "a.jsonl", [news_record(n) for n in range(3)])
    proc = start(env, "watch", "--input", str(inbox), "--output", str(out), "--interval", "0.3s",
                 **{PAUSE_ENV: "validation_start", MARKER_ENV: str(marker)})
    wait_for(marker.exists, "the batch to reach validation", proc)
    proc.send_signal(signal.SIGTERM)
    assert_stopped(proc, signal.SIGTERM)
    assert not (out / "_watch" / "committed.json").exists()

    rerun = start(env, "watch", "--input", str(inbox), "--output", str(out), "--interval", "0.3s", "--once")
    assert rerun.wait(TIMEOUT) == 0, stderr(rerun)[-2000:]
    assert_healed(out, 3)
    assert_nothing_left(rerun)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_kill_9_of_the_cli_mid_job_leaves_no_server_or_worker(env, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [news_record(n) for n in range(40)])
    out = tmp_path / "out"
    proc = start(env, "run", "--input", str(source), "--output", str(out), "--workers", "2")
    wait_for(lambda: any("sdk_worker_main" in _cmdline(pid) for pid in processes_of(proc)),
             "Beam's worker processes", proc)
    assert any("uvicorn" in _cmdline(pid) for pid in processes_of(proc)), "expected the Prefect server"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(60) == -signal.SIGKILL
    assert_nothing_left(proc)
