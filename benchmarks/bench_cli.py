"""Start-up of the real CLI: time to a user-error message, and the wall clock of a 3-article run.

    .venv/bin/python benchmarks/bench_cli.py [--repeats 3] [--before [LABEL=]DIR ...]

``--before DIR`` times a checkout of another commit (``git worktree add DIR COMMIT``) with this
venv, alternating with this code in the same run, so they are compared under the same load; give
it more than once (``--before 07f50be=DIR1 --before c4dc8c8=DIR2``) to compare several.
Figures are medians of ``--repeats`` runs, each a fresh process with its own temporary Prefect server.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import SAMPLE, read_records, write_jsonl  # noqa: E402

ENTRY = "import sys; sys.path.insert(0, {code!r}); from flows.cli import main; sys.exit(main())"


def timed_cli(code: Path, args: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and exit status of one CLI process running ``code``'s modules."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", ENTRY.format(code=str(code)), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=code)
    return time.perf_counter() - started, result.returncode


def measure(codes: dict[str, Path], repeats: int) -> dict[str, dict[str, list[float]]]:
    figures = {label: {"user error (missing --input)": [], "run, 3 articles": []} for label in codes}
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        work = Path(tmp)
        three = work / "three.jsonl"
        write_jsonl(read_records(SAMPLE)[:3], three)
        for i in range(repeats):
            for label, code in codes.items():
                env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "PREFECT_HOME": str(work / f"home-{label}-{i}")}
                env.pop("PREFECT_API_URL", None)
                seconds, status = timed_cli(code, ["run", "--input", str(work / "missing.jsonl"),
                                                   "--output", str(work / "err")], env)
                assert status == 2, f"{label}: the user error exited {status}"
                figures[label]["user error (missing --input)"].append(seconds)
                seconds, status = timed_cli(code, ["run", "--input", str(three), "--output",
                                                   str(work / f"out-{label}-{i}")], env)
                assert status == 0, f"{label}: the 3-article run exited {status}"
                figures[label]["run, 3 articles"].append(seconds)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", action="append", default=[], metavar="[LABEL=]DIR",
                        help="checkout of the code to compare with (repeatable)")
    args = parser.parse_args()
    befores = [spec.split("=", 1) if "=" in spec else ["before", spec] for spec in args.before]
    codes = {**{label: Path(path).resolve() for label, path in befores}, "now": REPO}
    figures = measure(codes, args.repeats)
    print(f"| figure | {' | '.join(codes)} |")
    print("| --- |" + " --- |" * len(codes))
    for name in figures["now"]:
        cells = [f"{statistics.median(figures[label][name]):.2f} s ({min(figures[label][name]):.2f}–"
                 f"{max(figures[label][name]):.2f})" for label in codes]
        print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
