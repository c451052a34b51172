"""The warehouse engines the dbt project runs on, next to the embedded default (DuckDB).

Each engine is a dbt target in profiles.yml (`ICP_DBT_TARGET=postgres` or `spark`); its connection comes from
the environment, never from the repository. DuckDB reads the landed Parquet files in place; `icp load-landed`
loads them first into PostgreSQL's schema `landed` (COPY) or Spark's database `landed` (Parquet tables
partitioned by file), only the files that changed. The guide: docs/engines.md.
"""

from __future__ import annotations

import argparse
import os

# Every engine the project builds on, and its dbt target in profiles.yml.
DBT_TARGETS = {"duckdb": "dev", "postgres": "postgres", "spark": "spark"}
ENGINES = tuple(DBT_TARGETS)


def default_engine(choices: tuple[str, ...], otherwise: str) -> str:
    """What an --engine option defaults to: the engine ICP_DBT_TARGET names when it is one of choices, else
    otherwise (so a shell that builds on PostgreSQL loads, validates and publishes there too)."""
    target = os.environ.get("ICP_DBT_TARGET")
    return target if target in choices else otherwise


def add_engine_option(
    parser: argparse.ArgumentParser,
    help_text: str,
    choices: tuple[str, ...] = ENGINES,
    otherwise: str = "duckdb",
) -> None:
    """The --engine option of a command (build, run, load-landed, validate, publish): its choices, its default
    (default_engine) and the sentence that says where the default comes from, written once."""
    parser.add_argument(
        "--engine",
        choices=choices,
        default=default_engine(choices, otherwise),
        help=f"{help_text} (default: ICP_DBT_TARGET when it names one of them, else {otherwise}; "
        "docs/engines.md)",
    )
