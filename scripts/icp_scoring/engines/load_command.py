"""Load the landed files into the warehouse of another engine than DuckDB, before `dbt build` there.

DuckDB reads the landed Parquet files in place; PostgreSQL gets them in its schema `landed` (COPY), Spark in
its database `landed` (Parquet tables partitioned by landed file); both load only the files that changed since
the last load, and a file no longer landed loses its rows. The load first checks that every landed file was
landed from its raw CSV as the CSV is now (what dbt's source test checks on DuckDB): a CSV changed since
`icp land` stops it, so a build never scores stale data. The connection comes from the ICP_POSTGRES_*
variables, Spark's session from profiles.yml's spark target and the ICP_SPARK_* variables (docs/engines.md).

    icp land && icp load-landed --engine postgres && ICP_DBT_TARGET=postgres dbt build
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from icp_scoring import settings
from icp_scoring.console import first_line
from icp_scoring.engines import add_engine_option, postgres, spark
from icp_scoring.engines.landed_tables import LandedFile, landed_files
from icp_scoring.raw import landing

COMMAND = "icp load-landed"
ENGINES = ("postgres", "spark")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Load the landed Parquet files into PostgreSQL's schema landed or Spark's database "
        "landed (only the files that changed), after checking they were landed from the raw CSV files as "
        "they are now. PostgreSQL's connection: ICP_POSTGRES_HOST, _PORT, _USER, _PASSWORD, _DATABASE; "
        "Spark's session: profiles.yml's spark target, ICP_SPARK_DIR (docs/engines.md).",
    )
    add_engine_option(parser, "the warehouse to load", choices=ENGINES, otherwise="postgres")
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
    load = load_into_spark if args.engine == "spark" else load_into_postgres
    loaded = load(args.landed_dir)
    if loaded is None:
        return 1
    for file_name, rows in loaded.items():
        print(f"ok: {file_name}: {rows:,} rows loaded into landed ({args.engine}).")
    print(f"ok: {len(files) - len(loaded)} landed file(s) already loaded, unchanged.")
    return 0


def load_into_postgres(landed_dir: Path) -> dict[str, int] | None:
    """The rows loaded per file, or None after saying in one sentence why the server refused."""
    import psycopg2  # installed with dbt-postgres

    try:
        return postgres.load_landed(landed_dir)
    except psycopg2.Error as error:  # the driver's own errors: say which server refused, in one sentence
        settings_used = postgres.connection_settings()
        print(
            f"error: PostgreSQL at {settings_used['host']}:{settings_used['port']} (database "
            f"{settings_used['dbname']}, user {settings_used['user']}) refused the load: {first_line(error)}",
            file=sys.stderr,
        )
        return None


def load_into_spark(landed_dir: Path) -> dict[str, int] | None:
    """The rows loaded per file, or None after saying in one sentence why Spark refused."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        return spark.load_landed(landed_dir)
    except (PySparkException, Py4JError) as error:
        print(
            f"error: Spark (warehouse and metastore in {spark.spark_dir()}) "
            f"refused the load: {first_line(error)} (is a dbt command using the same metastore running?)",
            file=sys.stderr,
        )
        return None


if __name__ == "__main__":
    sys.exit(main())
