"""The `dateline` command line: argument parsing and dispatch, nothing more."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import date
from pathlib import Path

from flows.temporary_server import start_in_background
from pipelines.extract.deadline import DEFAULT_ARTICLE_TIME_LIMIT

# No telemetry from a machine that may have no internet, and more than Prefect's default 20 s
# for its temporary server to start on a busy machine.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def quiet_third_party_logs() -> None:
    """Keep Prefect's own logs; drop import-time warnings of Beam's optional GCP clients and
    trafilatura's per-page chatter (its rejects are reported as rows)."""
    from prefect import flow  # noqa: F401  (configures logging; what follows must come after it)

    logging.getLogger().setLevel(logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)


class CliError(Exception):
    """A fatal, expected error: printed as one line, exit status 2."""


def _cmd_run(args: argparse.Namespace) -> int:
    from flows.run_flow import dateline_run
    from pipelines.ingest.readers import expand_inputs
    from pipelines.storage.lock import OutputLock

    # Fail fast, before any server starts, on a missing path or a busy output directory;
    # the flow takes the lock again for the run itself.
    expand_inputs(args.input)
    with OutputLock(Path(args.output), "pre-flight check"):
        pass
    dateline_run(inputs=args.input, output=args.output, duckdb=args.duckdb, runner=args.runner,
                 workers=args.workers, dask_address=args.dask_address, max_bytes=args.max_bytes,
                 article_time_limit=args.article_time_limit,
                 failure_threshold=args.failure_threshold)
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

    output = Path(args.output)
    db = Path(args.duckdb) if args.duckdb else output / "warehouse.duckdb"
    result = load_duckdb(output, db)
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
                      duckdb=args.duckdb, runner=args.runner)
    return 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from flows.watch import watch

    watch(input_dir=args.input, output=args.output, interval=args.interval, once=args.once,
          duckdb=args.duckdb)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve

    serve()
    return 0


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


def _cmd_query(args: argparse.Namespace) -> int:
    from pipelines.warehouse.examples import EXAMPLES, run_example

    output = Path(args.output)
    db = Path(args.duckdb) if args.duckdb else output / "warehouse.duckdb"
    names = [args.name] if args.name else list(EXAMPLES)
    for name in names:
        print(f"-- {name}: {EXAMPLES[name].description}")
        print(run_example(db, name, **({"keyword": args.keyword} if args.keyword else {})))
        print()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dateline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest articles, validate, write Parquet, load DuckDB")
    run.add_argument("--input", nargs="+", required=True, help="JSONL files, HTML folders, feeds, WARC files")
    run.add_argument("--output", required=True, help="output root of the Parquet tables")
    run.add_argument("--duckdb", help="DuckDB file (default OUTPUT/warehouse.duckdb)")
    run.add_argument("--runner", choices=["fnapi", "dask"], default="fnapi")
    run.add_argument("--workers", type=int, default=1, help="worker processes (FnApiRunner) or local Dask workers")
    run.add_argument("--dask-address", help="tcp://HOST:PORT of an existing Dask scheduler")
    run.add_argument("--max-bytes", type=int, help="size limit of one article record (default 5 MB)")
    run.add_argument("--article-time-limit", type=float, default=DEFAULT_ARTICLE_TIME_LIMIT,
                     help="seconds of extraction per article before it is rejected (0: no limit)")
    run.add_argument("--failure-threshold", type=float, default=0.05,
                     help="fail the run when a table's validation failure rate exceeds this")
    run.set_defaults(func=_cmd_run)

    evaluate = sub.add_parser("evaluate", help="score extraction against a gold JSONL file")
    evaluate.add_argument("--gold", required=True)
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(func=_cmd_evaluate)

    schema = sub.add_parser("schema", help="schema artefacts").add_subparsers(dest="schema_command", required=True)
    ddl = schema.add_parser("ddl", help="print warehouse DDL")
    ddl.add_argument("--dialect", choices=["duckdb", "bigquery", "snowflake"], required=True)
    ddl.add_argument("--location", help="where the Parquet tables live (bucket URL or stage)")
    ddl.set_defaults(func=_cmd_schema_ddl)

    load = sub.add_parser("load", help="load the tables into a warehouse").add_subparsers(
        dest="load_command", required=True)
    load_duck = load.add_parser("duckdb", help="incremental load into a DuckDB file")
    load_duck.add_argument("--output", required=True)
    load_duck.add_argument("--duckdb")
    load_duck.set_defaults(func=_cmd_load_duckdb)

    load_ice = load.add_parser("iceberg", help="load into Apache Iceberg tables through a SQL catalog")
    load_ice.add_argument("--output", required=True)
    load_ice.add_argument("--catalog", required=True, help="SQL catalog URI, e.g. sqlite:///PATH")
    load_ice.add_argument("--namespace", default="dateline")
    load_ice.set_defaults(func=_cmd_load_iceberg)

    compact = sub.add_parser("compact", help="rewrite partitions into files of a target size")
    compact.add_argument("--output", required=True)
    compact.add_argument("--partition", nargs="*", help="YYYY-MM-DD days (default: all)")
    compact.add_argument("--target-bytes", type=int, default=128 * 1024 * 1024)
    compact.set_defaults(func=_cmd_compact)

    backfill = sub.add_parser("backfill", help="process archives day by day over a date range, resumably")
    backfill.add_argument("--input", nargs="+", required=True)
    backfill.add_argument("--output", required=True)
    backfill.add_argument("--start", type=_day, required=True)
    backfill.add_argument("--end", type=_day, required=True)
    backfill.add_argument("--concurrency", type=int, default=1)
    backfill.add_argument("--chunk-days", type=int, default=1, help="days per chunk")
    backfill.add_argument("--force", action="store_true", help="redo days already completed")
    backfill.add_argument("--duckdb")
    backfill.add_argument("--runner", choices=["fnapi", "dask"], default="fnapi")
    backfill.set_defaults(func=_cmd_backfill)

    watch = sub.add_parser("watch", help="process files as they arrive in a folder (micro-batches)")
    watch.add_argument("--input", required=True, help="folder to watch")
    watch.add_argument("--output", required=True)
    watch.add_argument("--interval", type=_duration, default=30.0, help="poll interval: 30s, 5m")
    watch.add_argument("--once", action="store_true", help="process what is there, then exit")
    watch.add_argument("--duckdb")
    watch.set_defaults(func=_cmd_watch)

    serve = sub.add_parser("serve", help="serve the scheduled deployments against a Prefect server")
    serve.set_defaults(func=_cmd_serve)

    query = sub.add_parser("query", help="run the example queries against the DuckDB file")
    query.add_argument("--output", required=True)
    query.add_argument("--duckdb")
    query.add_argument("--name", help="one example query by name")
    query.add_argument("--keyword", help="keyword for the statements-mentioning query")
    query.set_defaults(func=_cmd_query)
    return parser


# Commands that run a Prefect flow: their temporary server starts while the imports above run.
_FLOW_COMMANDS = {_cmd_run, _cmd_evaluate, _cmd_backfill, _cmd_watch}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    server = start_in_background() if args.func in _FLOW_COMMANDS else None
    quiet_third_party_logs()
    from pipelines.ingest.readers import InputNotFound
    from pipelines.storage.lock import OutputLocked
    from pipelines.validate import ValidationThresholdExceeded

    if server is not None:
        server.join()

    try:
        return args.func(args)
    except (InputNotFound, OutputLocked, CliError) as err:
        print(f"dateline: error: {err}", file=sys.stderr)
        return 2
    except ValidationThresholdExceeded as err:
        print(f"dateline: validation failed: {err}", file=sys.stderr)
        return 3
    except OSError as err:  # unwritable output, disk full, unreadable file
        print(f"dateline: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
