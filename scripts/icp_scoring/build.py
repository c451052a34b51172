"""Build the scores: check and land the raw files, validate them, then `dbt build` into the working warehouse.

    icp build [--raw-dir data/raw] [--landed-dir data/landed] [--database data/warehouse/icp_scoring.duckdb]
        [--scoring-date YYYY-MM-DD] [--engine duckdb|postgres|spark]

On PostgreSQL or Spark (--engine, default ICP_DBT_TARGET), the landed files are loaded into the engine
(`icp load-landed`) before `dbt build` runs on its target (docs/engines.md).

Each stage stops the build when it fails, with what to fix: a raw file that cannot be scored (`icp land`),
a raw file that breaks an expectation (`icp validate raw`), a model or test that fails (dbt says which and
how to fix it). dbt's run results of this build are what `icp publish` trusts: the previous build's are
removed first, so a build that stops early can never be published with an older build's green results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from icp_scoring import console, settings
from icp_scoring.engines import DBT_TARGETS, add_engine_option
from icp_scoring.grid.seed_csv import seed_problems
from icp_scoring.project import WITHOUT_UNIT_TESTS, run_dbt, scoring_date_environment
from icp_scoring.quality import command as validate_command
from icp_scoring.raw import landing
from icp_scoring.warehouse import check_readable, exclusive_run, forget_build_state, save_build_state

COMMAND = "icp build"
STAGES = ("check and land the raw files", "validate the raw files", "dbt build")
LOAD_STAGE = "load the landed files into {engine}"
ENGINE_HELP = (
    "the warehouse dbt builds in: duckdb (the working DuckDB file), postgres (ICP_POSTGRES_*) or spark "
    "(ICP_SPARK_DIR); on postgres and spark the landed files are loaded into it first (icp load-landed)"
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Check and land the raw files, validate them with Great Expectations, then dbt build "
        "(seeds, models, snapshot and data tests) into the working warehouse. On PostgreSQL or Spark "
        "(--engine) the landed files are loaded into the engine before dbt builds on its target.",
    )
    add_build_paths(
        parser, "where they are landed as Parquet for dbt", "the working DuckDB warehouse dbt builds"
    )
    add_scoring_date(parser)
    parser.add_argument(
        "--unit-tests",
        action="store_true",
        help="run the models' unit tests too (after editing the SQL: they check it on rows of their own, "
        "not your data, so a scoring run leaves them out; make test runs them)",
    )
    add_engine_option(parser, ENGINE_HELP)
    return parser.parse_args(argv)


def add_build_paths(parser: argparse.ArgumentParser, landed_help: str, database_help: str) -> None:
    """The options of a build's paths: --raw-dir, --landed-dir and --database, with their defaults."""
    parser.add_argument(
        "--raw-dir", type=Path, default=settings.raw_dir(), help="the raw files (default: %(default)s)"
    )
    parser.add_argument(
        "--landed-dir", type=Path, default=settings.landed_dir(), help=f"{landed_help} (default: %(default)s)"
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.warehouse_path(),
        help=f"{database_help} (default: %(default)s)",
    )


def add_scoring_date(parser: argparse.ArgumentParser) -> None:
    """The --scoring-date option of icp build and icp run."""
    parser.add_argument(
        "--scoring-date",
        type=console.date_argument,
        help="score as of this date, YYYY-MM-DD (default: today, UTC); intent decays up to it",
    )


def seeds_refused(command: str, seeds_dir: Path = settings.SEEDS_DIR) -> bool:
    """Say, one sentence per file, each seed CSV under seeds_dir dbt would not read as meant (saved by Excel
    with `;` or decimal commas); True when there is any, and dbt must not run."""
    problems = seed_problems(seeds_dir)
    for problem in problems:
        console.error(command, problem)
    return bool(problems)


def dbt_build(args: argparse.Namespace) -> int:
    """dbt build with this build's paths; its output goes to the terminal. Seed CSVs dbt would not read as
    meant (saved by Excel with `;` or decimal commas) stop it first, one sentence per file."""
    if seeds_refused(COMMAND):
        return 1
    if args.engine == "duckdb":
        args.database.parent.mkdir(parents=True, exist_ok=True)
        check_readable(args.database)
        forget_build_state(args.database)
    (settings.dbt_target_dir() / "run_results.json").unlink(missing_ok=True)
    scoring_date = args.scoring_date or console.today_utc()
    finished = run_dbt(
        ["build", *(() if args.unit_tests else WITHOUT_UNIT_TESTS)],
        capture=False,
        **scoring_date_environment(scoring_date),
        ICP_RAW_DIR=args.raw_dir,
        ICP_LANDED_DIR=args.landed_dir,
        ICP_DUCKDB_PATH=args.database,
        ICP_DBT_TARGET=DBT_TARGETS[args.engine],
    )
    if finished.returncode == 0 and args.engine == "duckdb":
        save_build_state(settings.PROJECT_DIR, args.database, scoring_date)  # what `icp rescore` starts from
    return finished.returncode


def load_landed(engine: str, raw_dir: Path, landed_dir: Path) -> int:
    """icp load-landed into the engine, in a process of its own: Spark's metastore admits one process at a
    time, and the load's Spark session must be gone before dbt's opens it."""
    command = [sys.executable, "-m", "icp_scoring.engines.load_command", "--engine", engine]
    paths = ["--raw-dir", str(raw_dir), "--landed-dir", str(landed_dir)]
    return subprocess.run([*command, *paths], check=False).returncode


Stage = tuple[str, Callable[[], int]]


def build_stages(
    raw_dir: Path,
    landed_dir: Path,
    database: Path,
    scoring_date: dt.date | None,
    engine: str = "duckdb",
    unit_tests: bool = False,
) -> list[Stage]:
    """The stages of a build, each returning its exit status (0: go on); on another engine than DuckDB the
    landed files are loaded into it before dbt builds there. With unit_tests, dbt runs the models' unit tests
    too."""
    paths = ["--raw-dir", str(raw_dir), "--landed-dir", str(landed_dir)]
    args = argparse.Namespace(
        raw_dir=raw_dir,
        landed_dir=landed_dir,
        database=database,
        scoring_date=scoring_date,
        engine=engine,
        unit_tests=unit_tests,
    )
    stages: list[Stage] = [
        (STAGES[0], lambda: landing.main(paths)),
        (STAGES[1], lambda: validate_command.main(["raw", *paths])),
    ]
    if engine != "duckdb":
        stages.append((LOAD_STAGE.format(engine=engine), lambda: load_landed(engine, raw_dir, landed_dir)))
    return [*stages, (STAGES[2], lambda: dbt_build(args))]


def stage_times_path(database: Path) -> Path:
    """Where a warehouse's runs keep how long each stage took (`<warehouse>.stages.json`): the estimates
    the next run prints."""
    return database.with_name(database.name + ".stages.json")


def read_stage_times(path: Path) -> dict[str, float]:
    """The last duration of each stage (empty when none is recorded or the file is unreadable)."""
    try:
        times = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(name): float(seconds) for name, seconds in times.items()} if isinstance(times, dict) else {}


def run_stages(command: str, stages: list[Stage], database: Path) -> int:
    """Run the stages in order, each saying its step, its time and (from the warehouse's last run) an
    estimate; stop at the first that fails. The durations of the stages that pass are kept for next time."""
    times_file = stage_times_path(database)
    times = read_stage_times(times_file)
    for step, (name, run) in enumerate(stages, start=1):
        with console.stage(command, name, step, len(stages), times.get(name)) as timing:
            status = run()
        if status != 0:
            console.error(
                command, f"stopped at step {step} of {len(stages)} ({name}): see the messages above."
            )
            return status
        times[name] = round(timing["seconds"], 1)
        with suppress(OSError):  # an estimate is a nicety: a read-only folder must not fail the run
            times_file.write_text(json.dumps(times, indent=2) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with exclusive_run(args.database):
        return run_stages(
            COMMAND,
            build_stages(
                args.raw_dir, args.landed_dir, args.database, args.scoring_date, args.engine, args.unit_tests
            ),
            args.database,
        )
