"""The command line of `icp benchmark`: its options and checks, and main, which benchmarks each size, prints
its report and (with --markdown) writes it into BENCHMARKS.md."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from icp_scoring.benchmark import progress
from icp_scoring.benchmark.engine_runs import REFERENCE_ENGINE
from icp_scoring.benchmark.markdown import update_markdown
from icp_scoring.benchmark.measure import BenchmarkError
from icp_scoring.benchmark.report import engine_report, size_report
from icp_scoring.benchmark.runs import benchmark_size
from icp_scoring.console import UserError
from icp_scoring.engines import ENGINES, postgres
from icp_scoring.project import dbt_executable
from icp_scoring.sample import account_count, iso_date, seed_value
from icp_scoring.settings import BENCHMARK_DIR

DEFAULT_ACCOUNTS = (100_000,)
DEFAULT_RUNS = 3
DEFAULT_ENGINE_RUNS = 1
DEFAULT_SEED = 42
DEFAULT_SCORING_DATE = dt.date(2026, 6, 30)
MIN_MARKDOWN_RUNS = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="icp benchmark",
        description=(
            "Time the full scoring build (raw-file check, Great Expectations, dbt build, publication) stage "
            "by stage on generated data, next to a hand-written reference DuckDB query whose scores must "
            "equal the project's. Prints per size the medians of wall time, peak memory of the process tree "
            "and input rows per second, where dbt build's time went, and project / reference ratios; with "
            "--engines, the load and dbt build on PostgreSQL and Spark next to DuckDB's."
        ),
        epilog=(
            "Exit status: 0 done, 1 a stage failed, the reference disagrees with the project or another "
            "engine's marts differ from DuckDB's (the run's files are kept for inspection), 2 bad arguments. "
            "Progress goes to stderr, results to stdout. Examples: icp benchmark --accounts 100000 1000000 "
            "--runs 3 --markdown BENCHMARKS.md; icp benchmark --accounts 100000 --runs 3 --engines duckdb "
            "postgres spark --markdown BENCHMARKS.md"
        ),
    )
    parser.add_argument(
        "--accounts",
        type=account_count,
        nargs="+",
        default=list(DEFAULT_ACCOUNTS),
        metavar="N",
        help="sizes to benchmark, in accounts, e.g. 100000 1000000 (default: 100000)",
    )
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help="runs per size, 1 or more (default: %(default)s)"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=BENCHMARK_DIR,
        metavar="DIR",
        help="where raw files, warehouses and logs go, one folder per size (default: %(default)s)",
    )
    parser.add_argument(
        "--scoring-date",
        type=iso_date,
        default=DEFAULT_SCORING_DATE,
        metavar="YYYY-MM-DD",
        help="as-of date of the generated data and of the scoring (default: %(default)s)",
    )
    parser.add_argument(
        "--seed", type=seed_value, default=DEFAULT_SEED, help="generator seed (default: %(default)s)"
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="keep each size's raw files after the runs; a later benchmark with the same size, seed and "
        "date reuses them instead of generating again",
    )
    parser.add_argument(
        "--no-daily-refresh",
        dest="daily_refresh",
        action="store_false",
        help="skip the daily-refresh stage (two more builds per run), e.g. at 5M accounts, where the target "
        "is a full build that completes under 8 GiB",
    )
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=ENGINES,
        default=[REFERENCE_ENGINE],
        metavar="ENGINE",
        help=f"engines to build each size on, among {', '.join(ENGINES)} (default: duckdb). After DuckDB's "
        "runs, each other engine loads the same landed files and runs the whole dbt build (PostgreSQL on a "
        "local server of its own, `make postgres`; Spark in a local session, `make java`); its marts must "
        "equal DuckDB's. List duckdb too: it is the reference",
    )
    parser.add_argument(
        "--engine-runs",
        type=int,
        default=DEFAULT_ENGINE_RUNS,
        metavar="N",
        help="runs of each engine other than DuckDB per size, 1 or more (default: %(default)s: at 100,000 "
        "accounts a PostgreSQL build takes about 7 minutes, a Spark build about 5)",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        metavar="FILE",
        help="write the results into FILE (e.g. BENCHMARKS.md), replacing the sections of the sizes "
        f"measured and keeping the others; needs --runs {MIN_MARKDOWN_RUNS} or more",
    )
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs {args.runs}: use at least 1 run")
    if args.markdown is not None and args.runs < MIN_MARKDOWN_RUNS:
        parser.error(
            f"--markdown reports medians of at least {MIN_MARKDOWN_RUNS} runs; use --runs {MIN_MARKDOWN_RUNS}"
        )
    if args.work_dir.exists() and not args.work_dir.is_dir():
        parser.error(f"--work-dir {args.work_dir} exists and is not a folder; pass a folder path")
    if len(set(args.accounts)) != len(args.accounts):
        parser.error(
            f"--accounts lists a size twice ({' '.join(map(str, args.accounts))}); list each size once"
        )
    if args.engine_runs < 1:
        parser.error(f"--engine-runs {args.engine_runs}: use at least 1 run")
    if REFERENCE_ENGINE not in args.engines:
        parser.error(
            f"--engines {' '.join(args.engines)}: the other engines' marts are compared with DuckDB's; list "
            "duckdb too"
        )
    if len(set(args.engines)) != len(args.engines):
        parser.error(f"--engines lists an engine twice ({' '.join(args.engines)}); list each engine once")
    if "postgres" in args.engines:
        try:
            postgres.server_binaries()
        except UserError as error:
            parser.error(str(error))
    if "spark" in args.engines and shutil.which("java") is None:
        parser.error(
            "Spark needs a Java runtime and none is on the PATH: run `make java` (Debian's OpenJDK 17)"
        )
    if not dbt_executable().is_file():
        parser.error(f"no dbt next to {sys.executable}; run `make install` and use .venv/bin/python")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "icp benchmark " + " ".join(sys.argv[1:] if argv is None else argv)
    work_dir = args.work_dir.resolve()
    results = []
    try:
        for accounts in args.accounts:
            result = benchmark_size(
                accounts,
                args.runs,
                work_dir,
                args.seed,
                args.scoring_date,
                args.keep_data,
                args.daily_refresh,
                [engine for engine in args.engines if engine != REFERENCE_ENGINE],
                args.engine_runs,
            )
            print(size_report(result) + "\n", flush=True)
            if result.engines:
                print(engine_report(result) + "\n", flush=True)
            if result.engine_differences:
                raise BenchmarkError(
                    f"at {accounts:,} accounts, another engine's marts differ from DuckDB's "
                    f"({'; '.join(result.engine_differences)}); the size's files are kept in "
                    f"{work_dir / f'{accounts}-accounts'}"
                )
            results.append(result)
            if args.markdown is not None:
                update_markdown(args.markdown, results, command)
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    if args.markdown is not None:
        progress(f"results written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
