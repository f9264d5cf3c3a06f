"""The `dateline` command line: parsing, pre-flight checks, exit statuses and dispatch.

A command's arguments are checked (``flows.preflight``) before Prefect, Beam,
Great Expectations or spaCy is imported, so a user error costs a fraction of a
second. Every expected error maps to one line on stderr and an exit status
through ``EXIT_STATUSES``; SIGINT and SIGTERM stop a command cleanly
(``flows.stopping``), and a watchdog ends the command's child processes
however the command ends (``flows.watchdog``).
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from flows import preflight, stopping, watchdog
from flows.temporary_server import start_in_background
from pipelines.batch_size import DEFAULT_BATCH_SIZE
from pipelines.extract.deadline import DEFAULT_ARTICLE_TIME_LIMIT
from pipelines.warehouse.examples import EXAMPLES

# No telemetry from a machine that may have no internet, and more than Prefect's default 20 s
# for its temporary server to start on a busy machine.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

DESCRIPTION = """\
Turn news articles into validated, partitioned Parquet tables of dated events and attributed
statements (articles, temporal_expressions, events, statements, rejects), and load them into
DuckDB or Iceberg. Bad records are never dropped: each becomes a row of `rejects` with its reason."""

EPILOG = """\
exit status: 0 done; 2 usage or environment error (one line on stderr); 3 a table's validation
failure rate exceeded --failure-threshold; 130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM.
Run `dateline COMMAND --help` for a command's options."""

# Expected errors -> (exit status, message prefix), first match wins; extend it for new ones.
# Classes are named by module so that the mapping imports nothing: an exception of a module that
# was never imported cannot have been raised.
EXIT_STATUSES: tuple[tuple[str, str, int, str], ...] = (
    ("flows.preflight", "UsageError", 2, "error"),
    ("pipelines.ingest.readers", "InputNotFound", 2, "error"),
    ("pipelines.storage.lock", "OutputLocked", 2, "error"),
    ("pipelines.validate", "ValidationThresholdExceeded", 3, "validation failed"),
    ("pipelines.storage.keys", "KeysNotUnique", 3, "validation failed"),
    ("pipelines.warehouse.duckdb_load", "WarehouseError", 2, "error"),
    ("builtins", "OSError", 2, "error"),  # unwritable output, disk full, unreadable file
)


def exit_status(err: BaseException) -> tuple[int, str] | None:
    """The exit status and message prefix of an expected error; None for a bug."""
    for module, name, status, prefix in EXIT_STATUSES:
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None and isinstance(err, cls):
            return status, prefix
    return None


def _drop_expected_tracebacks(record: "logging.LogRecord") -> bool:
    """Prefect logs a failed task or flow with its traceback; for an expected error the CLI's own
    line says what went wrong, so the record keeps its message and loses the traceback."""
    if record.exc_info and record.exc_info[1] is not None and exit_status(record.exc_info[1]):
        record.exc_info = record.exc_text = None
    return True


def quiet_third_party_logs() -> None:
    """Keep Prefect's own logs, without tracebacks of expected errors; drop import-time warnings
    of Beam's optional GCP clients and trafilatura's per-page chatter (its rejects are rows)."""
    import logging

    from prefect import flow  # noqa: F401  (configures logging; what follows must come after it)

    logging.getLogger().setLevel(logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logging.getLogger(name).addFilter(_drop_expected_tracebacks)


# --- commands: each imports its heavy modules itself ----------------------------------------------

def _cmd_run(args: argparse.Namespace) -> int:
    from flows.run_flow import dateline_run

    dateline_run(inputs=args.input, output=args.output, duckdb=args.duckdb, runner=args.runner,
                 workers=args.workers, dask_address=args.dask_address, max_bytes=args.max_bytes,
                 article_time_limit=args.article_time_limit,
                 failure_threshold=args.failure_threshold, follow_symlinks=args.follow_symlinks,
                 allow_summaries=args.allow_summaries, batch_size=args.batch_size)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from flows.evaluate import evaluate
    from pipelines.evaluate.report import render

    report = evaluate(Path(args.gold))
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


def _cmd_schema_ddl(args: argparse.Namespace) -> int:
    from schemas.ddl import ddl

    print(ddl(args.dialect, **({"location": args.location} if args.location else {})))
    return 0


def _cmd_load_duckdb(args: argparse.Namespace) -> int:
    from pipelines.warehouse.duckdb_load import load_duckdb

    result = load_duckdb(Path(args.output), _database(args))
    for name, rows in result.rows.items():
        print(f"{name:<22} {rows:>8} rows  ({result.partitions_loaded[name]} partitions loaded, "
              f"{result.partitions_removed[name]} removed)")
    return 0


def _cmd_load_iceberg(args: argparse.Namespace) -> int:
    from pipelines.warehouse.iceberg_load import load_iceberg

    result = load_iceberg(Path(args.output), args.catalog, namespace=args.namespace)
    for name, rows in result.items():
        print(f"{name:<22} {rows:>8} rows in iceberg table {args.namespace}.{name}")
    return 0


def _cmd_compact(args: argparse.Namespace) -> int:
    from pipelines.storage.compact import compact

    for line in compact(Path(args.output), partitions=args.partition, target_bytes=args.target_bytes):
        print(line)
    return 0


def _cmd_backfill(args: argparse.Namespace) -> int:
    from flows.backfill import dateline_backfill

    dateline_backfill(inputs=args.input, output=args.output, start=args.start, end=args.end,
                      concurrency=args.concurrency, force=args.force, chunk_days=args.chunk_days,
                      duckdb=args.duckdb, runner=args.runner, dask_address=args.dask_address,
                      batch_size=args.batch_size)
    return 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from flows.watch import watch

    watch(input_dir=args.input, output=args.output, interval=args.interval, once=args.once,
          duckdb=args.duckdb, allow_summaries=args.allow_summaries)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve

    serve()
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from pipelines.warehouse.examples import run_example

    for name in [args.name] if args.name else list(EXAMPLES):
        print(f"-- {name}: {EXAMPLES[name].description}")
        print(run_example(_database(args), name, **({"keyword": args.keyword} if args.keyword else {})))
        print()
    return 0


# --- pre-flight checks: file-system facts only, no heavy imports ----------------------------------

def _database(args: argparse.Namespace) -> Path:
    return Path(args.duckdb) if args.duckdb else Path(args.output) / "warehouse.duckdb"


def _check_output(args: argparse.Namespace) -> None:
    from pipelines.storage.lock import OutputLock

    preflight.writable_output(args.output)
    with OutputLock(Path(args.output), "pre-flight check"):  # busy output: fail now, not after start-up
        pass


def _check_run(args: argparse.Namespace) -> None:
    preflight.inputs_exist(args.input)
    preflight.at_least_one(args.workers, "--workers")
    preflight.at_least_one(args.batch_size, "--batch-size")
    _check_output(args)


def _check_backfill(args: argparse.Namespace) -> None:
    preflight.inputs_exist(args.input)
    preflight.dates_ordered(args.start, args.end)
    preflight.at_least_one(args.concurrency, "--concurrency")
    preflight.at_least_one(args.chunk_days, "--chunk-days")
    preflight.at_least_one(args.batch_size, "--batch-size")
    _check_output(args)


def _check_watch(args: argparse.Namespace) -> None:
    preflight.folder_exists(args.input, "--input")
    _check_output(args)


def _check_evaluate(args: argparse.Namespace) -> None:
    preflight.file_exists(args.gold, "--gold")


def _check_tables(args: argparse.Namespace) -> None:
    preflight.folder_exists(args.output, "--output")


def _check_load_duckdb(args: argparse.Namespace) -> None:
    preflight.folder_exists(args.output, "--output")
    preflight.writable_output(str(_database(args).parent), "--duckdb")


def _check_compact(args: argparse.Namespace) -> None:
    preflight.folder_exists(args.output, "--output")
    preflight.at_least_one(args.target_bytes, "--target-bytes")


def _check_query(args: argparse.Namespace) -> None:
    preflight.database_exists(_database(args))


def _no_check(args: argparse.Namespace) -> None:
    """Nothing to check before the command runs."""


# --- parsing ---------------------------------------------------------------------------------------

def _duration(text: str) -> float:
    """Seconds from '30', '30s', '5m' or '1h'."""
    units = {"s": 1, "m": 60, "h": 3600}
    try:
        if text[-1] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text)
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use 30s, 5m, 1h)") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions as written; each option's default appended to its help, unless it has none."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if (action.option_strings and "%(default)" not in text and action.default not in (None, False)
                and action.default is not argparse.SUPPRESS):
            text += " (default: %(default)s)"
        return text


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line usage error (the full usage is one ``--help`` away)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _add_command(sub, name: str, help: str, func, check, description: str | None = None) -> _Parser:
    parser = sub.add_parser(name, help=help, description=description or help[0].upper() + help[1:] + ".")
    parser.set_defaults(func=func, check=check)
    return parser


def _add_run(sub) -> None:
    run = _add_command(sub, "run", "ingest articles, validate, write Parquet, load DuckDB", _cmd_run, _check_run,
                       "Ingest articles once: read, extract events and statements, validate with Great\n"
                       "Expectations, upsert into the Parquet tables under --output, load DuckDB.")
    run.add_argument("--input", nargs="+", required=True, metavar="PATH",
                     help="JSONL(.gz) files, folders of HTML pages, RSS/Atom files, WARC(.gz) files, or folders "
                          "of them (required)")
    run.add_argument("--output", required=True, help="root folder of the Parquet tables (required)")
    run.add_argument("--duckdb", metavar="FILE", help="DuckDB file to load (default: OUTPUT/warehouse.duckdb)")
    run.add_argument("--runner", choices=["fnapi", "dask"], default="fnapi",
                     help="Beam runner: fnapi runs on this machine, dask on a Dask cluster")
    run.add_argument("--workers", type=int, default=1,
                     help="worker processes: FnApiRunner processes, or workers of the local Dask cluster")
    run.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                     help="scheduler of an existing Dask cluster (with --runner dask; default: start a "
                          "local one)")
    run.add_argument("--max-bytes", type=int, metavar="N",
                     help="size limit of one article record in bytes; larger ones are rejected "
                          "(default: 5242880, 5 MB)")
    run.add_argument("--article-time-limit", type=float, default=DEFAULT_ARTICLE_TIME_LIMIT, metavar="SECONDS",
                     help="seconds of extraction per article before it is rejected; 0: no limit")
    run.add_argument("--failure-threshold", type=float, default=0.05, metavar="RATE",
                     help="exit 3 when the share of a table's rows failing validation exceeds this")
    run.add_argument("--follow-symlinks", action="store_true",
                     help="read symbolic links in input folders that lead out of them (default: list them "
                          "in the summary, unread)")
    _add_allow_summaries(run)
    run.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
                     help="articles extracted, validated and staged together: memory per worker grows "
                          "with it, Great Expectations' fixed cost per batch shrinks")


def _add_backfill(sub) -> None:
    backfill = _add_command(sub, "backfill", "process archives over a date range, reading them once, resumably",
                            _cmd_backfill, _check_backfill,
                            "Process the articles of --input published from --start to --end: the archives\n"
                            "are read once, then committed in chunks of --chunk-days days; days already\n"
                            "done are skipped (see --force), so an interrupted backfill resumes where it\n"
                            "stopped.")
    backfill.add_argument("--input", nargs="+", required=True, metavar="PATH",
                          help="archive files or folders, as for `run` (required)")
    backfill.add_argument("--output", required=True, help="root folder of the Parquet tables (required)")
    backfill.add_argument("--start", type=_day, required=True, metavar="YYYY-MM-DD",
                          help="first publication day, inclusive (required)")
    backfill.add_argument("--end", type=_day, required=True, metavar="YYYY-MM-DD",
                          help="last publication day, inclusive; not before --start (required)")
    backfill.add_argument("--concurrency", type=int, default=1, metavar="N",
                          help="worker processes of the Beam job (or workers of the local Dask cluster)")
    backfill.add_argument("--chunk-days", type=int, default=1, metavar="N",
                          help="days per chunk (one commit and ledger entry each)")
    backfill.add_argument("--force", action="store_true", help="redo days already completed")
    backfill.add_argument("--duckdb", metavar="FILE", help="DuckDB file to load at the end "
                                                           "(default: OUTPUT/warehouse.duckdb)")
    backfill.add_argument("--runner", choices=["fnapi", "dask"], default="fnapi",
                          help="Beam runner (dask: a local cluster of --concurrency workers, or --dask-address)")
    backfill.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                          help="scheduler of an existing Dask cluster (with --runner dask)")
    backfill.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
                          help="articles extracted, validated and staged together, as for `run`")


def _add_watch(sub) -> None:
    watch = _add_command(sub, "watch", "process files as they arrive in a folder (micro-batches)",
                         _cmd_watch, _check_watch,
                         "Poll a folder and ingest each new or changed file once its size and mtime are\n"
                         "stable for one interval; committed files are remembered in OUTPUT/_watch.")
    watch.add_argument("--input", required=True, metavar="FOLDER", help="folder to watch (required)")
    watch.add_argument("--output", required=True, help="root folder of the Parquet tables (required)")
    watch.add_argument("--interval", type=_duration, default="30s", metavar="DURATION",
                       help="time between polls: 30, 30s, 5m, 1h")
    watch.add_argument("--once", action="store_true", help="poll twice one interval apart, commit, exit")
    watch.add_argument("--duckdb", metavar="FILE", help="DuckDB file to load after each batch "
                                                        "(default: OUTPUT/warehouse.duckdb)")
    _add_allow_summaries(watch)


def _add_allow_summaries(parser) -> None:
    parser.add_argument("--allow-summaries", action="store_true",
                        help="keep feed entries that have only a summary as articles (default: reject them)")


def _add_warehouse(sub) -> None:
    schema = _add_command(sub, "schema", "schema artefacts", _no_check, _no_check)
    ddl = schema.add_subparsers(dest="schema_command", required=True, metavar="SUBCOMMAND",
                                                       help="what to print").add_parser(
        "ddl", help="print the warehouse DDL of the tables", description="Print the warehouse DDL of the tables.")
    ddl.set_defaults(func=_cmd_schema_ddl, check=_no_check)
    ddl.add_argument("--dialect", choices=["duckdb", "bigquery", "snowflake"], required=True,
                     help="SQL dialect (required)")
    ddl.add_argument("--location", help="where the Parquet tables live: bucket URL or stage (external tables)")

    load = _add_command(sub, "load", "load the tables into a warehouse", _no_check, _no_check).add_subparsers(
        dest="load_command", required=True, metavar="SUBCOMMAND", help="the warehouse to load")
    duck = load.add_parser("duckdb", help="incremental load into a DuckDB file",
                           description="Bring a DuckDB file up to date with the Parquet tables (changed "
                                       "partitions only).")
    duck.set_defaults(func=_cmd_load_duckdb, check=_check_load_duckdb)
    duck.add_argument("--output", required=True, help="root folder of the Parquet tables; must exist (required)")
    duck.add_argument("--duckdb", metavar="FILE", help="DuckDB file, created if missing "
                                                       "(default: OUTPUT/warehouse.duckdb)")
    ice = load.add_parser("iceberg", help="load into Apache Iceberg tables through a SQL catalog",
                          description="Bring Iceberg tables NAMESPACE.TABLE up to date with the Parquet tables, "
                                      "through a SQL catalog named 'dateline'.")
    ice.set_defaults(func=_cmd_load_iceberg, check=_check_tables)
    ice.add_argument("--output", required=True, help="root folder of the Parquet tables; must exist (required)")
    ice.add_argument("--catalog", required=True, metavar="URI",
                     help="SQL catalog URI, e.g. sqlite:///PATH/catalog.db (required)")
    ice.add_argument("--namespace", default="dateline", help="Iceberg namespace of the tables")

    compact = _add_command(sub, "compact", "rewrite partitions into files of a target size",
                           _cmd_compact, _check_compact)
    compact.add_argument("--output", required=True, help="root folder of the Parquet tables; must exist (required)")
    compact.add_argument("--partition", nargs="*", metavar="YYYY-MM-DD", help="days to compact (default: all)")
    compact.add_argument("--target-bytes", type=int, default=128 * 1024 * 1024, metavar="N",
                         help="target size of a compacted file in bytes")

    query = _add_command(sub, "query", "run the example queries against the DuckDB file", _cmd_query,
                         _check_query,
                         "Run example analyst queries, read-only, against the DuckDB file. Queries:\n"
                         + "\n".join(f"  {name:<22} {example.description}" + (
                             f" (parameter: --keyword, default {example.default!r})" if example.default else "")
                             for name, example in EXAMPLES.items()))
    query.add_argument("--output", required=True, help="root folder of the tables (required)")
    query.add_argument("--duckdb", metavar="FILE", help="DuckDB file (default: OUTPUT/warehouse.duckdb)")
    query.add_argument("--name", choices=list(EXAMPLES), metavar="QUERY",
                       help=f"run only this query, one of: {', '.join(EXAMPLES)} (default: all)")
    query.add_argument("--keyword", help="the parameter of the queries that take one (see above)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dateline", description=DESCRIPTION, epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", help="one of:")
    _add_run(sub)
    evaluate = _add_command(sub, "evaluate", "score extraction against a gold JSONL file", _cmd_evaluate,
                            _check_evaluate,
                            "Run the pipeline over a gold JSONL file (MEANTIME or PolNeAR conversions) and\n"
                            "print precision, recall and F1 of time expressions, dated events and statements.")
    evaluate.add_argument("--gold", required=True, metavar="FILE", help="gold JSONL file (required)")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    _add_backfill(sub)
    _add_watch(sub)
    _add_command(sub, "serve", "serve the scheduled deployments against a Prefect server", _cmd_serve, _no_check,
                 "Serve the deployments of infra/deployments.py (daily ingest, watch loop) against the\n"
                 "Prefect server at PREFECT_API_URL until stopped.")
    _add_warehouse(sub)
    return parser


# Commands that run a Prefect flow -> the module to import while their temporary server starts.
_FLOW_MODULES = {_cmd_run: "flows.run_flow", _cmd_evaluate: "flows.evaluate", _cmd_backfill: "flows.backfill",
                 _cmd_watch: "flows.watch"}
_LONG_COMMANDS = {*_FLOW_MODULES, _cmd_serve}


def _start(args: argparse.Namespace) -> None:
    """Prefect's temporary server (on a thread) while the command's libraries load."""
    if args.func not in _LONG_COMMANDS:
        return
    stopping.install()
    watchdog.start()
    module = _FLOW_MODULES.get(args.func)
    server = start_in_background() if module else None
    quiet_third_party_logs()
    stopping.silence_prefect_sigterm_bridge()
    if module:
        importlib.import_module(module)
    if server is not None:
        server.join()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.check(args)
        _start(args)
        code = args.func(args)
    except stopping.Stopped as stop:
        stopping.exit_now(stop.exit_code, stopping.stop_line(stop.signum))
    except Exception as err:
        stopping.exit_if_stopped()
        status = exit_status(err)
        if status is None:
            raise
        print(f"dateline: {status[1]}: {err}", file=sys.stderr)
        return status[0]
    stopping.exit_if_stopped()
    return code


if __name__ == "__main__":
    sys.exit(main())
