"""Backtest a scoring grid against won deals: grades in force at the start of a window versus what happened.

    icp backtest --raw-dir data/raw --as-of 2026-11-23 [--window-days 180]
        [--grid proposals/<name>] [--work-dir data/backtest]

A fair backtest grades each account with the score it had *before* its opportunities opened, never today's.
This command builds that history in a warehouse of its own (never the production one), from the same raw
files: `dbt build` as of the window start (intent counted up to that day only), then as of --as-of; the
snapshot then holds both, and `marts.backtest_by_grade` compares the grades in force at the window start with
the opportunities opened during the window (coverage, win rate, deal size, sales cycle, lift, and the share of
accounts and of won deals of the best grades). The default window, 180 days, is the outcome window of the
sample generator (OUTCOME_WINDOW_DAYS in icp_scoring.sample): its opportunities open during those days,
drawn from its planted truth as of their start, so a backtest of the sample with the default window is fair.
With --grid, the seed CSVs found in that folder replace the live ones in a copy of the project, so a proposed
grid is backtested exactly as the current one.

It prints the backtest and the method's targets (the best grades hold at most 35% of the accounts and at least
60% of the won deals; grade A's win rate at least 10x grade F's), and leaves in --work-dir:
`warehouse.duckdb` (both runs; the marts of today), `warehouse_at_window_start.duckdb` (everything as of the
window start, e.g. to learn a grid from), and `backtest_by_grade.csv`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from icp_scoring import console
from icp_scoring.console import UserError
from icp_scoring.project import (
    GRID_DIR,
    WITHOUT_UNIT_TESTS,
    copy_project,
    dbt_build_failure,
    run_dbt,
    scoring_date_environment,
)
from icp_scoring.raw.landing import land_raw_files
from icp_scoring.settings import BACKTEST_DIR
from icp_scoring.settings import raw_dir as default_raw_dir

progress = partial(console.progress, "icp backtest")

# The sample generator's OUTCOME_WINDOW_DAYS (a test keeps them equal): the sample's deals open in these days.
DEFAULT_WINDOW_DAYS = 180
MAX_TOP_GRADES_ACCOUNT_SHARE = 0.35
MIN_TOP_GRADES_WON_SHARE = 0.60
MIN_A_OVER_F_WIN_RATE = 10.0


class BacktestError(UserError):
    """The backtest cannot run; the message says why and what to do."""


@dataclass(frozen=True)
class TargetCheck:
    """One of the method's targets, measured."""

    name: str
    measured: float | None
    target: str
    met: bool
    note: str = ""  # what an unbounded ratio rests on (the worst grade won none of its N closed deals)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp backtest",
        description="Backtest the scoring grid (or a proposed one) against the won deals of a window, "
        "with the grades in force at the window's start.",
        epilog="The metrics: docs/backtest-and-learning.md.",
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=default_raw_dir(),
        help="Raw files, opportunities and activities included (default: $ICP_RAW_DIR or %(default)s).",
    )
    parser.add_argument(
        "--as-of", type=console.date_argument, required=True, help="End of the window (YYYY-MM-DD)."
    )
    parser.add_argument(
        "--window-days",
        type=int,
        default=DEFAULT_WINDOW_DAYS,
        help="Length of the window in days; its start is as-of minus this (default: %(default)s, the "
        "sample generator's outcome window).",
    )
    parser.add_argument(
        "--grid",
        type=Path,
        help="A folder of scoring-grid seed CSVs (e.g. a proposal) to use instead of seeds/scoring_grid/.",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=BACKTEST_DIR,
        help="Where the project copy and the backtest warehouses go (default: %(default)s).",
    )
    args = parser.parse_args(argv)
    if args.window_days < 1:
        parser.error("--window-days must be at least 1")
    return args


def prepare_project(work_dir: Path, grid: Path | None) -> Path:
    """A fresh copy of the dbt project in work_dir/project, with the grid's seed CSVs swapped in if given."""
    return copy_project((work_dir / "project").resolve(), grid)


def land(raw_dir: Path, landed_dir: Path) -> Path:
    """Check the raw files and land them as Parquet for dbt (nothing to do for files already landed)."""
    try:
        land_raw_files(raw_dir, landed_dir)
    except ValueError as error:
        raise BacktestError(str(error)) from error
    return landed_dir


def run_dbt_build(
    project: Path,
    raw_dir: Path,
    landed_dir: Path,
    warehouse: Path,
    scoring_date: dt.date,
    selection: Sequence[str] = ("--select", "+backtest_by_grade"),
    window_start: dt.date | None = None,
) -> None:
    """dbt build of the selection (the backtest's models by default), what they need and their tests, on the
    raw files of raw_dir as landed in landed_dir (see land), as of scoring_date (and with the backtest window
    starting on window_start when given)."""
    window = ("--vars", f"{{backtest_window_start: '{window_start}'}}") if window_start else ()
    finished = run_dbt(
        ["build", *selection, *WITHOUT_UNIT_TESTS, "--indirect-selection", "cautious", *window],
        project=project,
        ICP_RAW_DIR=raw_dir,
        ICP_LANDED_DIR=landed_dir,
        ICP_DUCKDB_PATH=warehouse,
        **scoring_date_environment(scoring_date),
    )
    if finished.returncode != 0:
        raise BacktestError(dbt_build_failure(finished, f"as of {scoring_date}"))


def build_history(
    project: Path, raw_dir: Path, work_dir: Path, window_start: dt.date, as_of: dt.date
) -> Path:
    """Two runs into a fresh warehouse: as of the window start (kept as a copy), then as of --as-of."""
    warehouse = work_dir / "warehouse.duckdb"
    warehouse.unlink(missing_ok=True)
    landed_dir = land(raw_dir, work_dir / "landed")
    progress(f"scoring as of the window start {window_start} ...")
    run_dbt_build(project, raw_dir, landed_dir, warehouse, window_start)
    shutil.copy2(warehouse, work_dir / "warehouse_at_window_start.duckdb")
    progress(f"scoring as of {as_of} and backtesting ...")
    run_dbt_build(
        project,
        raw_dir,
        landed_dir,
        warehouse,
        as_of,
        window_start=window_start,
    )
    return warehouse


def relation_rows(relation: duckdb.DuckDBPyRelation) -> list[dict[str, Any]]:
    """A query's result as rows, each by column name (for the few rows a report reads)."""
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def read_backtest(warehouse: Path) -> list[dict[str, Any]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return relation_rows(
            connection.sql(
                "select * from marts.backtest_by_grade order by icp_id, segment_type, segment_rank, segment"
            )
        )


def check_targets(rows: list[dict], icp_id: str) -> list[TargetCheck]:
    """The method's targets for one ICP, from its backtest rows (grades ordered by segment_rank)."""
    rows = [row for row in rows if row["icp_id"] == icp_id]
    top = next((row for row in rows if row["segment_type"] == "top_grades"), None)
    grades = sorted(
        (row for row in rows if row["segment_type"] == "grade" and row["segment"] != "unscored"),
        key=lambda row: row["segment_rank"],
    )
    best, worst = (grades[0], grades[-1]) if grades else (None, None)
    account_share = float(top["share_of_accounts"]) if top else None
    won_share = float(top["share_of_won_deals"]) if top and top["share_of_won_deals"] is not None else None
    # The target compares win rates: best >= 10 x worst. A worst grade that closed deals and won none meets it
    # whatever the best grade's rate (the ratio is unbounded: shown with the deals it rests on); a grade that
    # closed no deal has no win rate, so nothing can be claimed.
    ratio, note, ratio_met = None, "", False
    if best and worst and best["win_rate"] is not None and worst["win_rate"] is not None:
        best_rate, worst_rate = float(best["win_rate"]), float(worst["win_rate"])
        ratio_met = best_rate >= MIN_A_OVER_F_WIN_RATE * worst_rate and best_rate > 0
        if worst_rate:
            ratio = best_rate / worst_rate
        else:
            ratio = math.inf
            note = f"{worst['segment']} won none of its {int(worst['closed_opportunities'])} closed deals"
    top_name = top["segment"] if top else "top grades"
    best_name, worst_name = (best["segment"], worst["segment"]) if best and worst else ("best", "worst")
    return [
        TargetCheck(
            f"{top_name} share of accounts",
            account_share,
            f"<= {MAX_TOP_GRADES_ACCOUNT_SHARE:.0%}",
            account_share is not None and account_share <= MAX_TOP_GRADES_ACCOUNT_SHARE,
        ),
        TargetCheck(
            f"{top_name} share of won deals",
            won_share,
            f">= {MIN_TOP_GRADES_WON_SHARE:.0%}",
            won_share is not None and won_share >= MIN_TOP_GRADES_WON_SHARE,
        ),
        TargetCheck(
            f"{best_name} win rate / {worst_name} win rate",
            ratio,
            f">= {MIN_A_OVER_F_WIN_RATE:.0f}x",
            ratio_met,
            note,
        ),
    ]


def format_check(check: TargetCheck) -> str:
    """A target in a line: "A+B share of won deals: 13.5% (target >= 60%) MISSED"."""
    if check.measured is None:
        measured = "-"
    elif math.isinf(check.measured):
        measured = "unbounded"
    else:
        measured = f"{check.measured:.1f}x" if "win rate /" in check.name else f"{check.measured:.1%}"
    note = f", {check.note}" if check.note else ""
    return f"{check.name}: {measured}{note} (target {check.target}) {'met' if check.met else 'MISSED'}"


def format_number(value: object, percent: bool = False) -> str:
    if value is None:
        return "-"
    if percent:
        return f"{float(value):.1%}"
    if isinstance(value, float) or hasattr(value, "as_integer_ratio"):
        number = float(value)
        return f"{number:,.0f}" if number >= 100 else f"{number:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def format_backtest(rows: list[dict]) -> str:
    header = (
        f"{'ICP':<10} {'segment':<12} {'accounts':>9} {'share':>7} {'worked':>7} {'opps':>6} {'won':>5} "
        f"{'win rate':>8} {'won share':>9} {'avg deal':>9} {'cycle d':>7} {'lift':>5}"
    )
    lines = [header]
    for row in rows:
        lines.append(
            f"{row['icp_id']:<10} {row['segment']:<12} {row['account_count']:>9,} "
            f"{format_number(row['share_of_accounts'], True):>7} "
            f"{format_number(row['worked_share'], True):>7} "
            f"{row['opportunities']:>6,} {row['won_opportunities']:>5,} "
            f"{format_number(row['win_rate'], True):>8} {format_number(row['share_of_won_deals'], True):>9} "
            f"{format_number(row['average_won_deal_size']):>9} "
            f"{format_number(row['median_sales_cycle_days']):>7} "
            f"{format_number(row['win_rate_lift']):>5}"
        )
    return "\n".join(lines)


def write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["icp_id"])
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    window_start = args.as_of - dt.timedelta(days=args.window_days)
    try:
        if not (args.raw_dir / "crm_opportunities.csv").is_file():
            raise BacktestError(
                f"no crm_opportunities.csv in {args.raw_dir}: a backtest needs the outcomes files "
                "(docs/raw-data.md). `make sample` generates them."
            )
        args.work_dir.mkdir(parents=True, exist_ok=True)
        project = prepare_project(args.work_dir, args.grid)
        warehouse = build_history(project, args.raw_dir, args.work_dir, window_start, args.as_of)
        rows = read_backtest(warehouse)
    except BacktestError as error:
        print(f"run_backtest: {error}", file=sys.stderr)
        return 1
    write_csv(rows, args.work_dir / "backtest_by_grade.csv")
    grid = args.grid or GRID_DIR
    print(f"Backtest of {grid}: grades in force on {window_start}, opportunities opened until {args.as_of}")
    print(format_backtest(rows))
    for icp_id in sorted({row["icp_id"] for row in rows}):
        for check in check_targets(rows, icp_id):
            print(f"  {icp_id}: {format_check(check)}")
    print(f"done in {time.perf_counter() - started:.0f} s; {args.work_dir / 'backtest_by_grade.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
