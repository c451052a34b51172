"""The dbt project from Python: copy it (with another grid swapped in) and run dbt in it.

The backtest, the what-if and the tests build in copies of the project so that the live warehouse, the
published marts and the live seeds are never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from icp_scoring.console import UserError
from icp_scoring.engines import DBT_TARGETS
from icp_scoring.grid.seed_csv import seed_column_types, seed_problem
from icp_scoring.settings import PROJECT_DIR

# What dbt needs of the project.
PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "snapshots", "tests")
GRID_DIR = Path("seeds") / "scoring_grid"
# What the commands that score data leave out of `dbt build`: the unit tests. They check the models' SQL on
# rows of their own, never the team's raw files or grid, so they answer the same on every run; they run where
# the SQL is tested (make test, `icp build --unit-tests`, a hand-run `dbt build`), as dbt's documentation
# advises for production runs. Every data test (the grid's rules, every account scored or given its reason)
# still runs.
WITHOUT_UNIT_TESTS = ("--exclude-resource-type", "unit_test")


class DbtError(UserError):
    """dbt failed; the message holds the end of its output (dbt says what failed and how to fix it)."""


# How much of a failed dbt run's captured output a message keeps: its end, where dbt says what failed and how
# to fix it.
DBT_OUTPUT_TAIL_CHARS = 3000


def dbt_build_failure(finished: subprocess.CompletedProcess[str], detail: str = "") -> str:
    """The message of a failed, captured `dbt build` (detail: what it built, in brackets after the verdict):
    the end of its output (stdout, then stderr), where dbt says what failed and how to fix it."""
    return (
        f"dbt build failed{f' ({detail})' if detail else ''}:\n"
        + (finished.stdout + finished.stderr)[-DBT_OUTPUT_TAIL_CHARS:]
    )


def dbt_executable() -> Path:
    """The dbt of the environment this package runs in."""
    return Path(sys.executable).parent / "dbt"


def scoring_date_environment(scoring_date: dt.date | str) -> dict[str, str]:
    """The setting of a dbt process that scores as of scoring_date, for its environment (run_dbt,
    dbt_environment): ICP_SCORING_DATE, read by macro scoring_date. Not --vars: dbt parses the whole project
    again whenever --vars change, so on every new date (8.1-8.9 s), where a changed environment variable
    re-parses only the files that read it (4.4-4.6 s; measured on this project, 2026-12-07)."""
    return {"ICP_SCORING_DATE": str(scoring_date)}


def dbt_environment(project: Path = PROJECT_DIR, **paths: Path | str) -> dict[str, str]:
    """The environment of a dbt process in `project`: this process's, the project's profiles.yml, and the
    given ICP_* settings (e.g. ICP_LANDED_DIR=..., ICP_DUCKDB_PATH=...), paths made absolute. The target is
    DuckDB's unless ICP_DBT_TARGET is given: the backtest, the what-if and the benchmark build DuckDB files of
    their own, also in a shell whose ICP_DBT_TARGET builds the scores on PostgreSQL or Spark."""
    environment = {**os.environ, "DBT_PROFILES_DIR": str(project), "ICP_DBT_TARGET": DBT_TARGETS["duckdb"]}
    for name, value in paths.items():
        environment[name] = str(Path(value).resolve()) if isinstance(value, Path) else value
    return environment


def run_dbt(
    arguments: Sequence[str],
    *,
    project: Path = PROJECT_DIR,
    capture: bool = True,
    **paths: Path | str,
) -> subprocess.CompletedProcess[str]:
    """Run `dbt <arguments>` in project with the given ICP_* settings; returns the finished process (its
    output captured unless capture=False, when it goes to this process's terminal)."""
    return subprocess.run(
        [str(dbt_executable()), *arguments],
        cwd=project,
        env=dbt_environment(project, **paths),
        capture_output=capture,
        text=True,
        check=False,
    )


def copy_project(destination: Path, grid: Path | None = None) -> Path:
    """A fresh copy of what dbt needs of the project in destination, with the seed CSVs of the folder
    `grid` (e.g. a proposal) swapped in for the live grid's when given."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.rmtree(destination / part, ignore_errors=True)
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    if grid is not None:
        swap_grid(destination, grid)
    return destination


def swap_grid(project: Path, grid: Path) -> None:
    """Copy the seed CSVs of the folder grid over the project's grid files, refusing unknown names."""
    replaced = sorted(grid.glob("*.csv"))
    live = {path.name for path in (PROJECT_DIR / GRID_DIR).glob("*.csv")}
    unknown = [path.name for path in replaced if path.name not in live]
    if not replaced or unknown:
        raise UserError(
            f"--grid {grid}: expected seed CSVs named like those of {GRID_DIR} "
            f"({', '.join(sorted(live))}); "
            + (f"unknown: {', '.join(unknown)}." if unknown else "found none.")
        )
    types = seed_column_types()
    problems = [problem for path in replaced if (problem := seed_problem(path, types.get(path.stem, {})))]
    if problems:
        raise UserError(f"--grid {grid}: " + " ".join(problems))
    for path in replaced:
        shutil.copy2(path, project / GRID_DIR / path.name)
