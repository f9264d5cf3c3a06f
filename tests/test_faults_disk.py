"""The real CLI when the disk fails it: full during staging, turned read-only mid-run. A real tmpfs
(mounting needs root; without it these tests cannot make a real full or read-only disk and skip)."""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from pipelines.storage.partitions import read_table
from tests.conftest import SAMPLE, news_record, write_jsonl
from tests.test_faults import finish, paused_at, run

pytestmark = pytest.mark.slow


def _mount(point: Path, *options: str) -> None:
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(point)],
                            capture_output=True, text=True)
    if result.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")


@pytest.fixture
def disk(tmp_path) -> Iterator[Path]:
    """The mount point, used as the output itself: the runs' logs go beside it, off the small disk."""
    point = tmp_path / "disk"
    point.mkdir()
    yield point
    subprocess.run(["umount", str(point)], check=False)


def error_line(stderr: str) -> str:
    [line] = [line for line in stderr.splitlines() if line.startswith("dateline: error:")]
    return line


def test_a_disk_full_during_staging_is_one_line_and_exit_2(disk, env):
    _mount(disk, "size=600k")
    result = run([SAMPLE / "meantime_dev.jsonl"], disk, env)
    assert result.returncode == 2, result.stderr[-3000:]
    line = error_line(result.stderr)
    assert "could not write its staging area" in line and "No space left on device" in line
    assert read_table(disk, "articles").num_rows == 0


def test_an_output_turned_read_only_mid_run_is_one_line_and_a_rerun_heals(disk, tmp_path, env):
    _mount(disk, "size=50m")
    source = write_jsonl(tmp_path / "in.jsonl", [news_record(n) for n in range(3)])
    out = disk
    proc, marker = paused_at("validation_start", [source], out, env, tmp_path)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    marker.unlink()
    stopped = finish(proc)
    assert stopped.returncode == 2 and "Read-only file system" in error_line(stopped.stderr)
    subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    rerun = run([source], out, env)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert sorted(read_table(out, "articles").column("article_id").to_pylist()) == ["wire-0", "wire-1", "wire-2"]
