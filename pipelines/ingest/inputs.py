"""The input paths of a run, checked and expanded into the files to read before anything starts.

- An empty path (an unset shell variable), a missing one, or a special file named directly (a FIFO,
  device or socket, which would hang the reader or never end) is fatal: ``InputNotFound``, exit 2.
- A folder is walked in name order. Hidden files and folders are not inputs. What is not read is listed
  with the reason, for the run's summary: files of a type no reader takes, special files, and symbolic
  links leading out of the folder (their target is not part of the input tree; ``follow_symlinks``
  reads them).
- Every file is read once, however often it is named (directly, through a folder, through a link), and
  is named by its absolute path, so record references and reject keys do not depend on the working
  directory.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence


class InputNotFound(FileNotFoundError):
    """An input path given on the command line is empty, missing, or not a file or folder."""


@dataclass
class InputSet:
    """The files to read, and what was found in the input folders but not read, with why."""

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _special(mode: int) -> str | None:
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return what
    return None


def special_file(path: str | Path) -> str | None:
    """What kind of special file ``path`` is (following links), or None for a file or folder."""
    return _special(os.stat(path).st_mode)


def scan_inputs(paths: Sequence[str | Path], *, supported: Callable[[Path], bool],
                follow_symlinks: bool = False) -> InputSet:
    """Check ``paths`` and expand folders; ``supported`` says whether a reader takes a file."""
    found = InputSet()
    seen: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            found.files.append(os.path.abspath(path))

    for given in paths:
        if not str(given).strip():
            raise InputNotFound("an input path is empty (an unset variable?); name the files or folders to read")
        path = Path(given)
        if not path.exists():
            raise InputNotFound(f"input path does not exist: {path}")
        if path.is_dir():
            for file, why in _walk(path, supported, follow_symlinks):
                if why:
                    found.skipped.append((os.path.abspath(file), why))
                else:
                    add(file)
            continue
        kind = special_file(path)
        if kind:
            raise InputNotFound(f"input path is {kind}, not a regular file or folder: {path}")
        add(path)
    return found


def _walk(root: Path, supported: Callable[[Path], bool], follow: bool):
    """(file, None) for each file to read under ``root``, (path, reason) for each one not read."""
    real_root = Path(os.path.realpath(root))
    visited: set[str] = set()
    for folder, dirs, names in os.walk(root, followlinks=follow):
        visited.add(os.path.realpath(folder))
        for name in sorted(dirs):
            sub = Path(folder) / name
            if name.startswith(".") or os.path.realpath(sub) in visited:
                dirs.remove(name)
            elif sub.is_symlink() and not follow and not _inside(sub, real_root):
                yield sub, "symbolic link to a folder outside the input folder (--follow-symlinks reads it)"
        dirs.sort()
        for name in sorted(names):
            if not name.startswith("."):
                path = Path(folder) / name
                yield path, _not_read(path, real_root, supported, follow)


def _inside(path: Path, real_root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(real_root)


def _not_read(path: Path, real_root: Path, supported: Callable[[Path], bool], follow: bool) -> str | None:
    """Why a file found in a folder is not read, or None."""
    try:
        return _reason(path, real_root, supported, follow)
    except OSError as err:  # removed or made unreadable while the folder was walked
        return f"unreadable: {err.strerror or err}"


def _reason(path: Path, real_root: Path, supported: Callable[[Path], bool], follow: bool) -> str | None:
    if path.is_symlink():
        if not path.exists():
            return "broken symbolic link"
        if not follow and not _inside(path, real_root):
            return "symbolic link to a file outside the input folder (--follow-symlinks reads it)"
    kind = special_file(path)
    if kind:
        return f"{kind}, not a regular file"
    if not supported(path):
        return "not an input type dateline reads"
    return None
