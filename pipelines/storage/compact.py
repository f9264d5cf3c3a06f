"""Compaction: rewrite a partition's many small Parquet files into files of about a target size.

The rows are streamed (``pyarrow.dataset``) into new files in the staging
area, then published with the commit protocol of ``pipelines.storage.commit``:
one journal renames the new files into their partitions and deletes the old
ones, so readers see either the old files or the new ones, never a mix, and a
crash is rolled forward (or the staged files discarded) by ``recover``. Rows
are kept as they are, in file order; files of an older schema version come
out in the current one, as a commit would write them.
"""
from __future__ import annotations

import math
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.dataset as ds

from pipelines.storage.atomic import fsync_file
from pipelines.storage.commit import STAGING_DIR, publish_files, recover
from pipelines.storage.lock import OutputLock
from pipelines.storage.partitions import COMPRESSION, partition_day, partition_files, partition_name
from schemas.arrow import arrow_schema
from schemas.tables import PARTITION_COLUMN, TABLES

DEFAULT_TARGET_BYTES = 128 * 1024 * 1024
MAX_ROWS_PER_GROUP = 1 << 20


def target_file_count(sizes: list[int], target_bytes: int) -> int:
    """How many files of about ``target_bytes`` hold data of these file sizes (at least one)."""
    return max(1, math.ceil(sum(sizes) / target_bytes))


def _day_key(partition: str) -> str | None:
    """A ``--partition`` value (``2022-01-19``, ``published_date=2022-01-19`` or the null partition) as a day."""
    return partition_day(partition if "=" in partition else f"{PARTITION_COLUMN}={partition}")


def rewrite_files(table_name: str, files: list[Path], out_dir: Path, basename: str, file_count: int) -> list[Path]:
    """Stream the rows of ``files`` into ``file_count`` files of equal row counts under ``out_dir``, fsynced."""
    source = ds.dataset([str(f) for f in files], schema=arrow_schema(table_name), format="parquet")
    rows_per_file = max(1, math.ceil(source.count_rows() / file_count))
    written: list[Path] = []
    ds.write_dataset(
        source, out_dir, format="parquet", basename_template=f"{basename}-{{i}}.parquet",
        file_options=ds.ParquetFileFormat().make_write_options(compression=COMPRESSION),
        max_rows_per_file=rows_per_file, max_rows_per_group=min(rows_per_file, MAX_ROWS_PER_GROUP),
        use_threads=False, preserve_order=True, existing_data_behavior="error",
        file_visitor=lambda written_file: written.append(Path(written_file.path)))
    for path in written:
        fsync_file(path)
    return sorted(written)


def compact(output_dir: Path, partitions: list[str] | None = None,
            target_bytes: int = DEFAULT_TARGET_BYTES) -> list[str]:
    """Rewrite the chosen partitions (``YYYY-MM-DD`` days, default all) of every table; lines saying what was done."""
    if target_bytes <= 0:
        raise ValueError(f"target_bytes must be positive, got {target_bytes}")
    wanted = None if partitions is None else {_day_key(p) for p in partitions}
    compaction_id = f"compact-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    staging = output_dir / STAGING_DIR / compaction_id
    with OutputLock(output_dir, compaction_id):
        lines = recover(output_dir)
        chosen = [(name, day, files) for name in TABLES
                  for day, files in partition_files(output_dir, name).items() if wanted is None or day in wanted]
        moves: list[tuple[str, str]] = []
        deletes: list[str] = []
        rewritten = 0
        for name, day, files in chosen:
            sizes = [f.stat().st_size for f in files]
            count = target_file_count(sizes, target_bytes)
            if count >= len(files):
                continue
            new = rewrite_files(name, files, staging / name / partition_name(day), f"part-{compaction_id}", count)
            moves.extend((str(path), str(files[0].parent / path.name)) for path in new)
            deletes.extend(str(f) for f in files)
            rewritten += 1
            lines.append(f"{name}/{partition_name(day)}: {len(files)} files, {sum(sizes)} bytes -> "
                         f"{len(new)} file(s), {sum(p.stat().st_size for p in new)} bytes")
        if moves:
            publish_files(output_dir, compaction_id, moves, deletes)
        shutil.rmtree(staging, ignore_errors=True)
    if left_alone := len(chosen) - rewritten:
        lines.append(f"{left_alone} partition(s) already at one file or near the target size: left alone")
    missing = sorted((wanted or set()) - {day for _, day, _ in chosen}, key=lambda d: d or "")
    lines.extend(f"no partition {partition_name(day)} in any table" for day in missing)
    return lines or ["no partitions to compact"]
