"""`dateline --help` is written for users, and the README's command reference is that help, verbatim."""
from __future__ import annotations

import argparse
import subprocess
import sys

from flows.cli import build_parser
from flows.reference import _commands, command_reference, readme_block
from pipelines.warehouse.examples import EXAMPLES
from tests.conftest import REPO


def _parsers() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    parser, found = build_parser(), {}
    for path in _commands(parser):
        sub = parser
        for name in path:
            sub = next(a for a in sub._actions if isinstance(a, argparse._SubParsersAction)).choices[name]
        found[path] = sub
    return found


def test_every_command_and_option_is_described():
    for path, parser in _parsers().items():
        assert parser.description, f"dateline {' '.join(path)} has no description"
        for action in parser._actions:
            assert action.help, f"dateline {' '.join(path)} {action.option_strings or action.dest} has no help"


def test_help_shows_defaults_and_no_developer_text():
    top = subprocess.run([sys.executable, "-m", "flows.cli", "--help"], capture_output=True, text=True, cwd=REPO)
    assert top.returncode == 0 and "dispatch" not in top.stdout and "exit status" in top.stdout
    run = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--help"], capture_output=True, text=True,
                         cwd=REPO, env={"COLUMNS": "200", "PATH": ""})
    assert "exit 3 when the share of a table's rows failing validation exceeds this (default: 0.05)" \
        in " ".join(run.stdout.split())


def test_query_help_lists_the_queries():
    query = _parsers()[("query",)].format_help()
    for name, example in EXAMPLES.items():
        assert name in query and example.description in query


def test_readme_command_reference_is_the_current_help():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme_block(readme) == command_reference(), \
        "README command reference is stale: run .venv/bin/python -m flows.reference --write README.md"
