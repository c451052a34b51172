"""Load the landed files into the warehouse of another engine than DuckDB, before `dbt build` there.

DuckDB reads the landed Parquet files in place; PostgreSQL gets them in its schema `landed` (COPY, only the
files that changed since the last load; a file no longer landed loses its rows). The load first checks that
every landed file was landed from its raw CSV as the CSV is now (what dbt's source test checks on DuckDB):
a CSV changed since `icp land` stops it, so a build never scores stale data. The connection comes from the
ICP_POSTGRES_* variables (docs/engines.md).

    icp land && icp load-landed && ICP_DBT_TARGET=postgres dbt build
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from icp_scoring import settings
from icp_scoring.engines import postgres
from icp_scoring.engines.landed_tables import LandedFile, landed_files
from icp_scoring.raw import landing

COMMAND = "icp load-landed"
ENGINES = ("postgres",)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Load the landed Parquet files into PostgreSQL's schema landed (only the files that "
        "changed), after checking they were landed from the raw CSV files as they are now. The connection: "
        "ICP_POSTGRES_HOST, _PORT, _USER, _PASSWORD, _DATABASE (docs/engines.md).",
    )
    parser.add_argument(
        "--engine", choices=ENGINES, default="postgres", help="the warehouse to load (default: %(default)s)"
    )
    parser.add_argument(
        "--raw-dir", type=Path, default=settings.raw_dir(), help="the raw CSV files (default: %(default)s)"
    )
    parser.add_argument(
        "--landed-dir",
        type=Path,
        default=settings.landed_dir(),
        help="the landed Parquet files, written by icp land (default: %(default)s)",
    )
    return parser.parse_args(argv)


def stale_landed_files(raw_dir: Path, files: list[LandedFile]) -> list[str]:
    """One sentence per landed file that was not landed from its raw CSV as the CSV is now."""
    connection = duckdb.connect()
    problems = []
    for file in files:
        raw_path = raw_dir / f"{file.path.stem}.csv"
        if not raw_path.is_file():
            problems.append(f"{file.path} is landed, but {raw_path} is gone: run icp land again.")
        elif not landing.is_landed(connection, raw_path, file.path):
            problems.append(f"{raw_path} changed after it was landed in {file.path}: run icp land again.")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    files = landed_files(args.landed_dir)
    if not files:
        print(f"error: nothing is landed in {args.landed_dir}: run icp land first.", file=sys.stderr)
        return 2
    problems = stale_landed_files(args.raw_dir, files)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    import psycopg2  # installed with dbt-postgres

    try:
        loaded = postgres.load_landed(args.landed_dir)
    except psycopg2.Error as error:  # the driver's own errors: say which server refused, in one sentence
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        settings_used = postgres.connection_settings()
        print(
            f"error: PostgreSQL at {settings_used['host']}:{settings_used['port']} (database "
            f"{settings_used['dbname']}, user {settings_used['user']}) refused the load: {first_line}",
            file=sys.stderr,
        )
        return 1
    for file_name, rows in loaded.items():
        print(f"ok: {file_name}: {rows:,} rows loaded into landed.")
    print(f"ok: {len(files) - len(loaded)} landed file(s) already loaded, unchanged.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
