"""Progress of the Beam job while it runs: a live line on a terminal, plain log lines otherwise, and a
Prefect progress artifact.

The figures come from the job's side channel (``pipelines.job_progress``: records read, queued into
batches, processed) and from the batch manifests (articles validated and staged). A thread polls
them; the flow's only call is ``with job_progress(staging, title, artifact_key):`` around the job.
"""
from __future__ import annotations

import contextvars
import json
import logging
import os
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol

from pipelines.job_progress import read_stage
from pipelines.transforms import BATCHES_DIR

POLL_SECONDS = 0.5
LOG_EVERY = float(os.environ.get("DATELINE_PROGRESS_SECONDS", "10"))  # seconds between plain progress lines
ARTIFACT_EVERY = 5.0   # seconds between updates of the Prefect artifact
ARTIFACT_WAIT = 3.0    # seconds a finished job waits for the artifact's last update
POLL_WAIT = 5.0        # seconds the job's end waits for the poll thread's last sample


@dataclass
class Figures:
    """How far the job is: records read and queued into batches, processed, articles validated and
    written (staged), and the processing rate and remaining seconds once they can be estimated."""

    read: int = 0
    queued: int = 0
    processed: int = 0
    validated: int = 0
    written: int = 0
    rate: float | None = None
    eta: float | None = None

    @property
    def percent(self) -> float:
        return 100.0 * self.processed / self.queued if self.queued else 0.0

    def line(self) -> str:
        """One plain line of the figures."""
        done = f"{self.processed}/{self.queued} records processed ({self.percent:.0f}%)" if self.queued \
            else "reading"
        rate = f"; {self.rate:.1f} records/s" if self.rate else ""
        eta = f", ETA {_duration(self.eta)}" if self.eta is not None else ""
        return (f"{done}; read {self.read}, extracted {self.processed}, validated {self.validated}, "
                f"written {self.written}{rate}{eta}")


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


@dataclass
class _Sampler:
    """Reads the figures from a staging folder; batch manifests are read once each."""

    staging: Path
    manifests: dict[str, tuple[int, int]] = field(default_factory=dict)
    first: tuple[float, int] | None = None  # (time, processed) when processing was first seen

    def sample(self) -> Figures:
        for path in (self.staging / BATCHES_DIR).glob("*.json"):
            if path.name not in self.manifests:
                try:
                    counters = json.loads(path.read_text(encoding="utf-8"))["counters"]
                except (OSError, ValueError, KeyError):
                    continue
                self.manifests[path.name] = (counters.get("articles_extracted", 0), counters.get("rows.articles", 0))
        figures = Figures(read=read_stage(self.staging, "read"), queued=read_stage(self.staging, "queued"),
                          processed=read_stage(self.staging, "processed"),
                          validated=sum(v for v, _ in self.manifests.values()),
                          written=sum(w for _, w in self.manifests.values()))
        now = time.monotonic()
        if figures.processed and self.first is None:
            self.first = (now, figures.processed)
        if self.first and now - self.first[0] >= 1 and figures.processed > self.first[1]:
            figures.rate = (figures.processed - self.first[1]) / (now - self.first[0])
            figures.eta = max(0.0, figures.queued - figures.processed) / figures.rate
        return figures


class _Display(Protocol):
    def show(self, figures: Figures) -> None: ...
    def close(self, figures: Figures, finished: bool) -> None: ...


def _console():
    """The rich console Prefect's log handler prints to, so that its lines go above the live line
    instead of through it; a console on stderr if there is none."""
    from prefect.logging.handlers import PrefectConsoleHandler
    from rich.console import Console

    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    handlers = (h for logger in loggers for h in getattr(logger, "handlers", ()))
    return next((h.console for h in handlers if isinstance(h, PrefectConsoleHandler)), None) or Console(file=sys.stderr)


class _LiveLine:
    """A rich progress bar on the terminal, redrawn in place: percent of records processed, the
    figures, records per second and the time remaining."""

    def __init__(self, title: str):
        from rich.default_styles import DEFAULT_STYLES
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
        from rich.theme import Theme

        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(bar_width=16), TaskProgressColumn(),
            TextColumn("{task.fields[figures]}"), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            console=_console(), transient=False, redirect_stdout=False, redirect_stderr=False)
        self.console = self.progress.console
        self.console.push_theme(Theme(DEFAULT_STYLES))  # Prefect's console theme lacks rich's progress styles
        self.task = self.progress.add_task(title, total=None, figures="reading", rate="")
        self.progress.start()

    def show(self, figures: Figures) -> None:
        self.progress.update(
            self.task, total=figures.queued or None, completed=figures.processed,
            figures=f"read {figures.read} extracted {figures.processed} validated {figures.validated} "
                    f"written {figures.written}",
            rate=f"{figures.rate:.1f}/s" if figures.rate else "")

    def close(self, figures: Figures, finished: bool) -> None:
        self.show(figures)
        self.progress.stop()
        self.console.pop_theme()


class _LogLines:
    """A plain log line every ``LOG_EVERY`` seconds, and one at the end."""

    def __init__(self, logger, title: str):
        self.logger, self.title, self.last = logger, title, time.monotonic()

    def show(self, figures: Figures) -> None:
        if time.monotonic() - self.last >= LOG_EVERY:
            self.logger.info("%s: %s", self.title, figures.line())
            self.last = time.monotonic()

    def close(self, figures: Figures, finished: bool) -> None:
        figures.eta = None
        self.logger.info("%s: job %s: %s", self.title, "done" if finished else "stopped", figures.line())


class _Artifact:
    """A Prefect progress artifact (percent of records processed), kept up to date by a thread of its
    own at most every ``ARTIFACT_EVERY`` seconds: a slow or failing API delays only that thread, and
    a finished job waits for its last update at most ``ARTIFACT_WAIT`` seconds. A failing call logs one
    warning and ends the artifact's updates."""

    def __init__(self, key: str, description: str, logger):
        self.key, self.description, self.logger = key, description, logger
        self.wanted: float = 0.0  # the percent to show next
        self.final = False
        self.changed = threading.Condition()
        context = contextvars.copy_context()  # the flow run's context: the artifact belongs to the run
        self.thread = threading.Thread(target=context.run, args=(self._keep_up,), name="dateline-progress-artifact",
                                       daemon=True)
        self.thread.start()

    def show(self, figures: Figures) -> None:
        with self.changed:
            self.wanted = figures.percent
            self.changed.notify()

    def close(self, figures: Figures, finished: bool) -> None:
        with self.changed:
            self.wanted, self.final = 100.0 if finished else figures.percent, True
            self.changed.notify()
        self.thread.join(ARTIFACT_WAIT if finished else 0)  # a failed or stopped job does not wait
        if finished and self.thread.is_alive():
            self.logger.warning("progress artifact %s: the Prefect API did not answer within %gs; left as it was",
                                self.key, ARTIFACT_WAIT)

    def _keep_up(self) -> None:
        from prefect.artifacts import create_progress_artifact, update_progress_artifact

        try:
            artifact = create_progress_artifact(0.0, key=self.key, description=self.description)
            shown, final = 0.0, False
            while not final:
                with self.changed:
                    self.changed.wait_for(lambda: self.final or self.wanted != shown)
                    wanted, final = self.wanted, self.final
                if wanted != shown:
                    update_progress_artifact(artifact, wanted)
                    shown = wanted
                if not final:
                    with self.changed:
                        self.changed.wait_for(lambda: self.final, timeout=ARTIFACT_EVERY)
        except Exception as err:  # progress must never cost the run
            self.logger.warning("progress artifact %s not updated: %s", self.key, err)


def _logger():
    """The flow run's logger (its lines reach the Prefect API too), else this module's."""
    from prefect import get_run_logger
    from prefect.exceptions import MissingContextError

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


@contextmanager
def job_progress(staging: Path, title: str, artifact_key: str) -> Iterator[None]:
    """Show the progress of the Beam job writing into ``staging`` while the block runs: a live line
    when stderr is a terminal, else a log line every ``LOG_EVERY`` seconds; and a Prefect progress
    artifact ``artifact_key`` (100% when the block ends without an exception).

    Nothing here can stop or slow the block: the displays run on threads, a display that fails is
    logged and dropped, and the block's end waits for them a bounded time."""
    logger = _logger()
    sampler = _Sampler(Path(staging))
    displays: list[_Display] = []

    def each_display(call) -> None:
        for display in list(displays):
            try:
                call(display)
            except Exception as err:  # progress must never cost the run
                logger.warning("progress display %s failed: %s", type(display).__name__, err)
                displays.remove(display)

    for make in (lambda: _LiveLine(title) if sys.stderr.isatty() else _LogLines(logger, title),
                 lambda: _Artifact(artifact_key, f"{title}: records processed by the Beam job", logger)):
        try:
            displays.append(make())
        except Exception as err:
            logger.warning("no progress display: %s", err)
    stop = threading.Event()

    def sample() -> Figures | None:
        try:
            return sampler.sample()
        except Exception as err:  # progress must never cost the run
            logger.warning("progress not read from %s: %s", staging, err)
            return None

    def poll() -> None:
        while not stop.wait(POLL_SECONDS) and (figures := sample()) is not None:
            each_display(lambda display: display.show(figures))

    thread = threading.Thread(target=poll, name="dateline-progress", daemon=True)
    thread.start()
    finished = False
    try:
        yield
        finished = True
    finally:
        stop.set()
        thread.join(POLL_WAIT)
        if not thread.is_alive() and (figures := sample()) is not None:  # else leave a stuck display be
            each_display(lambda display: display.close(figures, finished))
