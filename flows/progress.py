"""Progress of the Beam job while it runs: a live line on a terminal, plain log lines otherwise, and a
Prefect progress artifact.

The figures come from the job's side channel (``pipelines.job_progress``: records read, queued into
batches, processed) and from the batch manifests (articles validated and staged). A thread polls
them; the flow's only call is ``with job_progress(staging, logger, ...):`` around the job.
"""
from __future__ import annotations

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
    """A Prefect progress artifact (percent of records processed), updated every ``ARTIFACT_EVERY`` s."""

    def __init__(self, key: str, description: str, logger):
        from prefect.artifacts import create_progress_artifact

        self.logger, self.last, self.id = logger, time.monotonic(), None
        try:
            self.id = create_progress_artifact(0.0, key=key, description=description)
        except Exception as err:  # progress must never cost the run
            logger.warning("no progress artifact: %s", err)

    def show(self, figures: Figures, percent: float | None = None) -> None:
        if self.id is None or not (percent is not None or time.monotonic() - self.last >= ARTIFACT_EVERY):
            return
        from prefect.artifacts import update_progress_artifact

        try:
            update_progress_artifact(self.id, figures.percent if percent is None else percent)
        except Exception as err:
            self.logger.warning("progress artifact not updated: %s", err)
            self.id = None
        self.last = time.monotonic()

    def close(self, figures: Figures, finished: bool) -> None:
        self.show(figures, percent=100.0 if finished else figures.percent)


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
    artifact ``artifact_key`` (100% when the block ends without an exception)."""
    logger = _logger()
    sampler = _Sampler(Path(staging))
    displays: list[_Display] = [_LiveLine(title) if sys.stderr.isatty() else _LogLines(logger, title),
                                _Artifact(artifact_key, f"{title}: records processed by the Beam job", logger)]
    stop = threading.Event()

    def each_display(call) -> None:
        for display in list(displays):
            try:
                call(display)
            except Exception as err:  # progress must never cost the run
                logger.warning("progress display %s failed: %s", type(display).__name__, err)
                displays.remove(display)

    def poll() -> None:
        while not stop.wait(POLL_SECONDS):
            figures = sampler.sample()
            each_display(lambda display: display.show(figures))

    thread = threading.Thread(target=poll, name="dateline-progress", daemon=True)
    thread.start()
    finished = False
    try:
        yield
        finished = True
    finally:
        stop.set()
        thread.join()
        figures = sampler.sample()
        each_display(lambda display: display.close(figures, finished))
