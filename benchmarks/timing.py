"""What the stage benchmarks share: where the dev set is, a wall-clock timer, and fresh imports of
another revision's code for comparing the two in one process."""
import importlib
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Callable, Sequence

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "meantime" / "dev.jsonl"


def seconds(run: Callable[[], object]) -> float:
    """Wall-clock seconds one call of ``run`` takes."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def fresh_modules(root: Path | None, names: Sequence[str]) -> list[ModuleType]:
    """The modules ``names`` imported afresh from the ``pipelines`` package under ``root`` (this code's for
    None): every ``pipelines`` module imported before is dropped first, so two revisions can be loaded
    one after the other; each keeps the code it was loaded with (nothing in ``pipelines.extract``
    imports inside a function)."""
    for name in [n for n in sys.modules if n == "pipelines" or n.startswith("pipelines.")]:
        del sys.modules[name]
    if root is not None:
        sys.path.insert(0, str(root))
    try:
        return [importlib.import_module(name) for name in names]
    finally:
        if root is not None:
            sys.path.remove(str(root))
