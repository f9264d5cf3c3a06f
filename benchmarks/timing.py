"""What the stage benchmarks share: where the dev set is, and a wall-clock timer."""
import time
from pathlib import Path
from typing import Callable

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "meantime" / "dev.jsonl"


def seconds(run: Callable[[], object]) -> float:
    """Wall-clock seconds one call of ``run`` takes."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start
