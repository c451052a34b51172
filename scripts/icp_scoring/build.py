"""Build the scores: check and land the raw files, validate them, then `dbt build` into the working warehouse.

    icp build [--raw-dir data/raw] [--landed-dir data/landed] [--database data/warehouse/icp_scoring.duckdb]
        [--scoring-date YYYY-MM-DD]

Each stage stops the build when it fails, with what to fix: a raw file that cannot be scored (`icp land`),
a raw file that breaks an expectation (`icp validate raw`), a model or test that fails (dbt says which and
how to fix it). dbt's run results of this build are what `icp publish` trusts: the previous build's are
removed first, so a build that stops early can never be published with an older build's green results.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from icp_scoring import console, settings
from icp_scoring.project import dbt_vars, run_dbt
from icp_scoring.quality import validate
from icp_scoring.raw import landing

COMMAND = "icp build"
STAGES = ("check and land the raw files", "validate the raw files", "dbt build")
RUN_RESULTS = settings.PROJECT_DIR / "target" / "run_results.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Check and land the raw files, validate them with Great Expectations, then dbt build "
        "(seeds, models, snapshot, unit and data tests) into the working warehouse.",
    )
    parser.add_argument(
        "--raw-dir", type=Path, default=settings.raw_dir(), help="the raw files (default: %(default)s)"
    )
    parser.add_argument(
        "--landed-dir",
        type=Path,
        default=settings.landed_dir(),
        help="where they are landed as Parquet for dbt (default: %(default)s)",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.warehouse_path(),
        help="the working DuckDB warehouse dbt builds (default: %(default)s)",
    )
    parser.add_argument(
        "--scoring-date",
        type=console.date_argument,
        help="score as of this date, YYYY-MM-DD (default: today, UTC); intent decays up to it",
    )
    return parser.parse_args(argv)


def dbt_build(args: argparse.Namespace) -> int:
    """dbt build with this build's paths; its output goes to the terminal."""
    args.database.parent.mkdir(parents=True, exist_ok=True)
    RUN_RESULTS.unlink(missing_ok=True)
    scoring_date = args.scoring_date or dt.datetime.now(dt.UTC).date()
    finished = run_dbt(
        ["build", "--vars", dbt_vars(scoring_date)],
        capture=False,
        ICP_RAW_DIR=args.raw_dir,
        ICP_LANDED_DIR=args.landed_dir,
        ICP_DUCKDB_PATH=args.database,
    )
    return finished.returncode


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    paths = ["--raw-dir", str(args.raw_dir), "--landed-dir", str(args.landed_dir)]
    steps = (
        lambda: landing.main(paths),
        lambda: validate.main(["raw", *paths]),
        lambda: dbt_build(args),
    )
    for step, (name, run) in enumerate(zip(STAGES, steps, strict=True), start=1):
        with console.stage(COMMAND, name, step, len(STAGES)):
            status = run()
        if status != 0:
            console.error(COMMAND, f"stopped at step {step} ({name}): see the messages above.")
            return status
    return 0
