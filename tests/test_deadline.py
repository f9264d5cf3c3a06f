"""The per-article time limit: interrupts in the main thread and in worker threads, leaves nothing armed."""
import re
import signal
import threading
import time

import pytest

from pipelines.extract.deadline import ExtractionTimeout, TimeLimited, time_limit

LIMIT = 0.2


def spin() -> None:
    while True:
        sum(range(100))


def backtrack() -> None:
    re.match(r"(a+)+$", "a" * 60 + "b")  # exponential: never finishes on its own


def in_thread(func):
    """Run ``func`` in a worker thread; what it returned or raised."""
    box: dict = {}

    def target():
        try:
            box["value"] = func()
        except BaseException as err:  # noqa: BLE001 - handed back to the test
            box["error"] = err

    worker = threading.Thread(target=target)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "the guarded work was not interrupted"
    return box


def timed(func) -> tuple[float, BaseException | None]:
    started = time.monotonic()
    try:
        func()
    except ExtractionTimeout as err:
        return time.monotonic() - started, err
    return time.monotonic() - started, None


@pytest.mark.timeout(60, method="thread")  # leaves SIGALRM free, so the main thread uses the alarm
@pytest.mark.parametrize("work", [spin, backtrack])
def test_main_thread_is_interrupted_even_inside_a_regex(work):
    elapsed, err = timed(TimeLimited(work, LIMIT))
    assert err is not None and "limit 0.2 s" in str(err)
    assert LIMIT <= elapsed < LIMIT + 1
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_worker_thread_is_interrupted():
    box = in_thread(lambda: timed(TimeLimited(spin, LIMIT)))
    elapsed, err = box["value"]
    assert isinstance(err, ExtractionTimeout)
    assert LIMIT <= elapsed < LIMIT + 1


def test_an_outer_interval_timer_is_left_alone():
    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        _, err = timed(TimeLimited(spin, LIMIT))
        assert isinstance(err, ExtractionTimeout)
        assert 25 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.timeout(60, method="thread")
def test_no_interrupt_escapes_after_blocks_near_their_limit():
    """Blocks that end just around their limit: any timeout surfaces inside the guard, never later."""
    def many() -> int:
        late = 0
        for _ in range(300):
            try:
                with time_limit(0.0003):
                    sum(range(2000))
            except ExtractionTimeout:
                pass
            try:
                for _ in range(10):
                    time.sleep(0.0001)
            except ExtractionTimeout:
                late += 1
        return late

    assert many() == 0  # main thread: alarm
    assert in_thread(many)["value"] == 0  # worker thread: watchdog


def test_results_pass_through_and_timeouts_are_ordinary_exceptions():
    assert TimeLimited(lambda a, b=0: a + b, 5)(2, b=3) == 5
    assert TimeLimited(max, None)([1, 3]) == 3
    assert issubclass(ExtractionTimeout, Exception)
    with pytest.raises(ValueError):
        with time_limit(5):
            raise ValueError("not ours")
