"""User errors of the real `dateline` CLI: one line on stderr, exit 2, no traceback, nothing heavy loaded."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE

HEAVY = ("prefect", "apache_beam", "great_expectations", "spacy", "duckdb")

# Runs main() in a fresh interpreter, then reports the exit status and which heavy libraries it loaded.
PROBE = """
import json, sys
from flows.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "loaded": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def dateline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=REPO,
                          timeout=120)


@pytest.fixture
def out_with_tables(tmp_path) -> Path:
    out = tmp_path / "out"
    (out / "articles").mkdir(parents=True)
    return out


CASES = {
    "missing input": (["run", "--input", "{tmp}/nope.jsonl", "--output", "{tmp}/out"],
                      "--input: input path does not exist"),
    "backfill end before start": (["backfill", "--input", str(SAMPLE), "--output", "{tmp}/out",
                                   "--start", "2020-02-01", "--end", "2020-01-01"],
                                  "--end 2020-01-01 is before --start 2020-02-01"),
    "query of a missing database": (["query", "--output", "{tmp}/out"], "no DuckDB database at"),
    "load into a missing output": (["load", "duckdb", "--output", "{tmp}/nowhere"], "--output: not a folder"),
    "watch of a missing folder": (["watch", "--input", "{tmp}/inbox", "--output", "{tmp}/out"],
                                  "--input: not a folder"),
    "evaluate a missing gold file": (["evaluate", "--gold", "{tmp}/gold.jsonl"], "--gold: file does not exist"),
    "output under a file": (["run", "--input", str(SAMPLE), "--output", "{tmp}/file/out"],
                            "exists and is not a folder"),
    "zero workers": (["run", "--input", str(SAMPLE), "--output", "{tmp}/out", "--workers", "0"],
                     "--workers must be at least 1"),
}


@pytest.mark.parametrize("case", CASES)
def test_user_error_is_one_line_exit_2_before_any_heavy_import(case, tmp_path):
    args, expected = CASES[case]
    (tmp_path / "file").write_text("")
    result = dateline(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    report = json.loads(result.stdout)
    assert report["status"] == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("dateline: error: "), result.stderr
    assert expected in result.stderr
    assert report["loaded"] == [], f"loaded {report['loaded']} before reporting a user error"
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("args, expected", [
    (["query", "--output", ".", "--name", "nosuch"], "invalid choice: 'nosuch'"),
    (["backfill", "--input", ".", "--output", ".", "--start", "2020-13-01", "--end", "2020-01-01"],
     "not a date: '2020-13-01'"),
    (["watch", "--input", ".", "--output", ".", "--interval", "soon"], "not a duration"),
    (["run", "--output", "."], "the following arguments are required: --input"),
])
def test_bad_argument_is_one_line_exit_2(args, expected):
    result = subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_query_of_an_unknown_name_loads_nothing(tmp_path):
    result = dateline("query", "--output", str(tmp_path), "--name", "nosuch")
    assert result.returncode == 2 and result.stdout == ""  # argparse exits before main returns
    assert "choose from 'events_per_day'" in result.stderr


def test_prefect_failure_logs_of_an_expected_error_carry_no_traceback():
    import logging

    from flows.cli import _drop_expected_tracebacks

    def record(err: BaseException) -> logging.LogRecord:
        try:
            raise err
        except BaseException:
            return logging.LogRecord("prefect.task_runs", logging.ERROR, __file__, 1, "failed", None,
                                     sys.exc_info())

    expected, bug = record(OSError("No space left on device")), record(RuntimeError("a bug"))
    assert _drop_expected_tracebacks(expected) and expected.exc_info is None
    assert _drop_expected_tracebacks(bug) and bug.exc_info is not None  # a bug keeps its traceback
