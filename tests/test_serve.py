"""`dateline serve` against a real `prefect server start` on loopback: one deployment run completes."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.storage.partitions import read_table
from tests.conftest import REPO, news_record, prefect_healthy, write_jsonl

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_deployment_definitions_schedule_the_daily_ingest_and_the_watch_loop(tmp_path, monkeypatch):
    from flows.serve import load_deployments

    monkeypatch.setenv("DATELINE_OUTPUT", str(tmp_path / "out"))
    monkeypatch.setenv("DATELINE_DAILY_CRON", "15 4 * * *")
    daily, watcher = load_deployments()
    assert (daily.name, watcher.name) == ("daily-ingest", "watch")
    assert daily.schedules[0].schedule.cron == "15 4 * * *"
    assert daily.parameters["output"] == watcher.parameters["output"] == str(tmp_path / "out")
    assert Path(daily.parameters["sources"]) == REPO / "infra" / "sources.toml"
    assert watcher.schedules == []  # started once, runs until cancelled


@pytest.fixture
def processes():
    """Processes started in their own groups; each group is killed at the end."""
    started: list[subprocess.Popen] = []

    def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
        handle = open(log, "w")
        process = subprocess.Popen(command, env=env, cwd=REPO, start_new_session=True, stdout=handle,
                                   stderr=subprocess.STDOUT)
        started.append(process)
        return process

    yield start
    for process in reversed(started):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_until(condition, what: str, process: subprocess.Popen, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"process exited while waiting for {what}:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{log.read_text()[-3000:]}"
        time.sleep(0.5)



@pytest.mark.slow
def test_served_daily_ingest_deployment_runs_to_completion(processes, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    home = tmp_path / "prefect-home"
    api = f"http://127.0.0.1:{free_port()}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_API_URL": api,
           "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PYTHONPATH": str(REPO)}
    port = api.rsplit(":", 1)[1].split("/")[0]
    server_log = tmp_path / "server.log"
    server = processes([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", port],
                       env, server_log)
    wait_until(lambda: prefect_healthy(api), "the Prefect server", server, server_log)

    articles = write_jsonl(tmp_path / "tiny.jsonl", [news_record(0), news_record(1)])
    (tmp_path / "sources.toml").write_text(
        f'[[source]]\nname = "tiny"\nkind = "jsonl"\nlocation = "{articles.name}"\n')
    out = tmp_path / "out"
    serve_env = {**env, "DATELINE_OUTPUT": str(out), "DATELINE_SOURCES": str(tmp_path / "sources.toml"),
                 "DATELINE_WATCH_INPUT": str(tmp_path / "inbox")}
    serve_log = tmp_path / "serve.log"
    served = processes([sys.executable, "-m", "flows.cli", "serve"], serve_env, serve_log)

    with temporary_settings({PREFECT_API_URL: api}), get_client(sync_client=True) as client:
        def registered() -> bool:
            try:
                client.read_deployment_by_name("dateline-run/daily-ingest")
                return True
            except Exception:  # not registered yet
                return False

        wait_until(registered, "the deployments to be served", served, serve_log)
        deployment = client.read_deployment_by_name("dateline-run/daily-ingest")
        assert deployment.schedules and deployment.schedules[0].schedule.cron == "30 5 * * *"
        run = client.create_flow_run_from_deployment(deployment.id)
        wait_until(lambda: client.read_flow_run(run.id).state.is_final(), "the flow run", served, serve_log,
                   timeout=600)
        state = client.read_flow_run(run.id).state
    assert state.is_completed(), f"{state}\n{serve_log.read_text()[-3000:]}"
    assert read_table(out, "articles").num_rows == 2
    assert set(read_table(out, "articles").column("source").to_pylist()) == {"example-wire"}
    assert (out / "warehouse.duckdb").exists()
