"""What-if: score every account with a proposed grid next to the live one, without publishing anything.

    icp whatif --grid data/proposals/<name> [--database data/warehouse/icp_scoring.duckdb]
    icp whatif --grid data/proposals/<name> --raw-dir data/raw --scoring-date YYYY-MM-DD
        [--work-dir data/whatif]

When the working warehouse's last green build is recorded (`icp build`, `icp rescore`) and the what-if asks
for its raw files and its scoring date (the defaults), the live side is that build's scores, and the proposal
is re-scored in a copy of the project with its CSVs swapped in (icp_scoring.project.copy_project): `dbt build
--defer` of what the proposal changes of what the tiered scores need (every figure of `marts.account_scores`
the comparison reads), grid tests included, into a warehouse of its own, reading every other model from the
working warehouse (attached read-only). A proposal that dbt would not read as meant (a CSV saved by Excel with
`;`) is refused first. Otherwise (other raw files or another date, no recorded build, or --full-builds) both
grids score the raw files as of the date, each in a project copy building `marts.account_scores` and what it
needs into a warehouse of its own. Both ways give the same figures (scripts/tests/grid/test_whatif.py).
Everything is under --work-dir: the working warehouse, the published marts and the live seeds are never
touched. It prints, per ICP, the grade changes (a from -> to matrix), the tier changes (tiers after capacity),
and the accounts that would enter or leave tier 1 (id, name, score and grade before and after), and writes
every account's comparison to <work-dir>/whatif_comparison.csv.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from icp_scoring import console, settings
from icp_scoring.console import UserError
from icp_scoring.grid.backtest import BacktestError, land, prepare_project, relation_rows, run_dbt_build
from icp_scoring.grid.seed_csv import seed_problems
from icp_scoring.project import DbtError, dbt_build_failure, run_dbt, scoring_date_environment
from icp_scoring.rescore import last_build_date, recorded_build_date, rescore_arguments
from icp_scoring.sql import sql_string
from icp_scoring.warehouse import exclusive_run, wal_path

progress = partial(console.progress, "icp whatif")

UNSCORED = "unscored"
ABSENT = "absent"  # the ICP is not in that grid
# The scores and what they need, with their data tests (the grid's rules among them).
SCORES_SELECTION = ("--select", "+account_scores")
# On top of the last green build: what the proposal changes of what the tiered scores and their plays need.
# They hold every figure of the scores mart that the comparison reads; the mart adds the explanations and the
# buying committees, which no comparison reads (11 s of dbt's node time at 1M accounts).
TIERED_CHANGED = "state:modified+,+int_account_plays__assigned"
# What each side's scores are read from ({catalog}: the side's warehouse): a build's scores mart, or a
# proposal's tiered scores, named from the live accounts (attached as live_grid).
MART_SCORES = "select * from {catalog}.marts.account_scores"
TIERED_SCORES = """
    select tiered.*, accounts.account_name
    from {catalog}.intermediate.int_account_plays__assigned as tiered
    inner join live_grid.intermediate.int_accounts__deduplicated as accounts
        on tiered.account_id = accounts.account_id
"""
COMPARISON_FILE = "whatif_comparison.csv"
COMPARISON_SQL = f"""
with

compared as (
    select
        coalesce(live.icp_id, proposed.icp_id) as icp_id,
        coalesce(live.account_id, proposed.account_id) as account_id,
        coalesce(live.account_name, proposed.account_name) as account_name,
        cast(live.icp_score as double) as score_live,
        cast(proposed.icp_score as double) as score_proposed,
        case when live.account_id is null then '{ABSENT}' else coalesce(live.icp_grade, '{UNSCORED}') end
            as grade_live,
        case when proposed.account_id is null then '{ABSENT}'
            else coalesce(proposed.icp_grade, '{UNSCORED}') end as grade_proposed,
        case when live.account_id is null then '{ABSENT}'
            else coalesce(cast(live.icp_tier as varchar), '{UNSCORED}') end as tier_live,
        case when proposed.account_id is null then '{ABSENT}'
            else coalesce(cast(proposed.icp_tier as varchar), '{UNSCORED}') end as tier_proposed
    from live_scores as live
    full outer join proposed_scores as proposed
        on live.account_id = proposed.account_id and live.icp_id = proposed.icp_id
)

select
    *,
    grade_live != grade_proposed as is_grade_changed,
    tier_live != tier_proposed as is_tier_changed,
    case
        when tier_proposed = '1' and tier_live != '1' then 'enters'
        when tier_live = '1' and tier_proposed != '1' then 'leaves'
    end as tier_1_change
from compared
"""
# What the report reads of the comparison: accounts per (live, proposed) grade and tier, per ICP...
CHANGE_COUNTS_SQL = """
select icp_id, 'grade' as label, grade_live as live, grade_proposed as proposed, count(*) as accounts
from comparison
group by all
union all
select icp_id, 'tier' as label, tier_live as live, tier_proposed as proposed, count(*) as accounts
from comparison
group by all
"""
# ...and the accounts that enter or leave tier 1.
TIER_1_CHANGES_SQL = "select * from comparison where tier_1_change is not null"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp whatif",
        description="Score all accounts with a proposed grid and with the live one, without publishing, "
        "and report the grade and tier changes and the accounts entering or leaving tier 1.",
        epilog="How to read it: docs/backtest-and-learning.md, section 'What-if'.",
    )
    parser.add_argument(
        "--grid",
        type=Path,
        required=True,
        help="Folder of the proposed grid's seed CSVs (e.g. data/proposals/x).",
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        help=f"Raw files to score (default: $ICP_RAW_DIR or {settings.raw_dir()}).",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.warehouse_path(),
        help="The working warehouse whose last green build is the live side, when the what-if asks for its "
        "raw files and scoring date (default: %(default)s).",
    )
    parser.add_argument(
        "--full-builds",
        action="store_true",
        help="Score both grids from the raw files in two builds even when the last green build could serve.",
    )
    parser.add_argument(
        "--scoring-date",
        type=console.date_argument,
        help="Score as of this date, YYYY-MM-DD (default: the last green build's, else today, UTC).",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=settings.WHATIF_DIR,
        help="Where the project copies, their warehouses and the comparison go (default: %(default)s).",
    )
    return parser.parse_args(argv)


def why_two_builds(args: argparse.Namespace, recorded: dt.date | None) -> str:
    """Why the what-if cannot re-score the proposal on top of the last green build (the fast way), in one
    sentence."""
    if args.full_builds:
        reason = "--full-builds asks for two builds"
    elif recorded is None:
        reason = f"no green build of {args.database} is recorded"
    elif args.raw_dir not in (None, settings.raw_dir()):
        reason = (
            f"--raw-dir {args.raw_dir} is not the raw files of the last green build ({settings.raw_dir()})"
        )
    else:
        reason = f"--scoring-date {args.scoring_date} is not the last green build's ({recorded})"
    return (
        f"{reason}: both grids are scored from the raw files, in two builds (minutes at a million accounts; "
        "after `icp build`, a what-if without --raw-dir and --scoring-date re-scores only what the proposal "
        "changes on top of its warehouse instead, about 20 s)"
    )


def rescore_deferred(grid: Path, database: Path, work_dir: Path) -> dict[str, tuple[Path, str]]:
    """The live side is the warehouse's last green build. The proposal re-scores, into a warehouse of its
    own, only what it changes of what the tiered scores need (with their tests); `dbt build --defer` reads
    every other model from the working warehouse, attached read-only (profiles.yml, ICP_DUCKDB_DEFER_TO).
    Nothing is copied, so the wait does not grow with the history. Run it under the warehouse's
    exclusive_run: no build writes it while it is read."""
    # Read again under the lock: a build that finished since the caller looked may have moved the state.
    scoring_date = last_build_date(database)
    project_dir = prepare_project(work_dir / "proposed", grid)
    # Named after the live one, never the same name: the live one is attached under its own.
    proposed = (work_dir / "proposed" / f"{database.stem}_proposed.duckdb").resolve()
    for stale in (proposed, wal_path(proposed)):
        stale.unlink(missing_ok=True)
    progress(f"re-scoring what {grid} changes, reading the rest from {database} (its last green build) ...")
    finished = run_dbt(
        [
            *rescore_arguments(database, TIERED_CHANGED),
            "--defer",
            # A test that also reads what is not rebuilt (the scores mart, the history) is left out.
            *("--indirect-selection", "cautious"),
        ],
        project=project_dir,
        ICP_RAW_DIR=settings.raw_dir(),
        ICP_LANDED_DIR=settings.landed_dir(),
        ICP_DUCKDB_PATH=proposed,
        ICP_DUCKDB_DEFER_TO=database.resolve(),
        **scoring_date_environment(scoring_date),
    )
    if finished.returncode != 0:
        raise DbtError(dbt_build_failure(finished))
    live = (database, MART_SCORES)
    if not has_tiered_scores(proposed):  # it changes nothing the scores read: they are the live ones
        return {"live": live, "proposed": live}
    return {"live": live, "proposed": (proposed, TIERED_SCORES)}


def has_tiered_scores(warehouse: Path) -> bool:
    """Whether the warehouse exists and holds the tiered scores with their plays."""
    if not warehouse.is_file():
        return False
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        (tables,) = connection.execute(
            "select count(*) from duckdb_tables() "
            "where schema_name = 'intermediate' and table_name = 'int_account_plays__assigned'"
        ).fetchone()
    return tables > 0


def build_both(
    grid: Path, raw_dir: Path, scoring_date: dt.date, work_dir: Path
) -> dict[str, tuple[Path, str]]:
    """dbt build of the scores with the live grid and with the proposed one, side by side (two threads)."""
    projects = {
        "live": prepare_project(work_dir / "live", None),
        "proposed": prepare_project(work_dir / "proposed", grid),
    }
    warehouses = {name: (work_dir / name / "warehouse.duckdb").resolve() for name in projects}
    for warehouse in warehouses.values():
        warehouse.unlink(missing_ok=True)
    landed_dir = land(raw_dir, work_dir / "landed")
    progress(f"scoring {raw_dir} as of {scoring_date} with the live grid and with {grid} ...")
    with ThreadPoolExecutor(max_workers=2) as pool:
        builds = [
            pool.submit(
                run_dbt_build,
                projects[name],
                raw_dir,
                landed_dir,
                warehouses[name],
                scoring_date,
                SCORES_SELECTION,
            )
            for name in projects
        ]
        for build in builds:
            build.result()
    return {side: (warehouse, MART_SCORES) for side, warehouse in warehouses.items()}


# A row of a query's result, by column name.
Row = dict[str, Any]


@dataclass(frozen=True)
class Comparison:
    """What the report reads of the comparison written to the CSV (a few rows, whatever the accounts)."""

    change_counts: list[Row]  # icp_id, label ('grade' or 'tier'), live, proposed, accounts
    tier_1_changes: list[Row]  # the comparison's rows of the accounts entering or leaving tier 1


def compare(scores: dict[str, tuple[Path, str]], output: Path) -> Comparison:
    """Every account and ICP's score, grade and tier with each grid, written by DuckDB to output (CSV);
    returns what the report reads of it. scores: per side (live first, then proposed), its warehouse and the
    query of its scores (MART_SCORES or TIERED_SCORES). At 1M accounts, pandas took 6.3 s to read, write
    and count what DuckDB does in about 1 s (and importing pandas took 0.8 s of every what-if)."""
    with duckdb.connect() as connection:
        # The same file twice (a proposal that changes nothing the scores read) is attached once.
        catalogs: dict[Path, str] = {}
        for side, (warehouse, query) in scores.items():
            if warehouse not in catalogs:
                catalogs[warehouse] = f"{side}_grid"
                connection.execute(f"attach {sql_string(str(warehouse))} as {side}_grid (read_only)")
            connection.execute(f"create view {side}_scores as {query.format(catalog=catalogs[warehouse])}")
        connection.execute(f"create table comparison as {COMPARISON_SQL}")
        ordered = "select * from comparison order by icp_id, account_id"
        connection.execute(f"copy ({ordered}) to {sql_string(str(output))} (header)")
        return Comparison(
            relation_rows(connection.sql(CHANGE_COUNTS_SQL)),
            relation_rows(connection.sql(TIER_1_CHANGES_SQL)),
        )


def label_order(labels: set[str]) -> list[str]:
    """Grades or tiers best first, then unscored, then absent."""
    specials = [UNSCORED, ABSENT]
    return sorted(labels - set(specials)) + [label for label in specials if label in labels]


def format_matrix(counts: list[Row], name: str) -> list[str]:
    """Accounts per (live -> proposed) pair of one ICP and label: rows the live grid's, columns the
    proposed one's."""
    order = label_order({row["live"] for row in counts} | {row["proposed"] for row in counts})
    cells: Counter[tuple[str, str]] = Counter()
    for row in counts:
        cells[row["live"], row["proposed"]] += int(row["accounts"])
    width = max(9, *(len(str(label)) + 1 for label in order))
    corner = f"{name}: live \\ proposed"
    lines = [f"  {corner:<22}" + "".join(f"{label:>{width}}" for label in order)]
    for live in order:
        lines.append(f"  {live:<22}" + "".join(f"{cells[live, proposed]:>{width},}" for proposed in order))
    return lines


def format_score(value: Decimal | float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def account_lines(rows: list[Row]) -> list[str]:
    lines = []
    for row in rows:
        lines.append(
            f"    {row['account_id']:<18} {str(row['account_name'])[:34]:<34} "
            f"score {format_score(row['score_live']):>6} -> "
            f"{format_score(row['score_proposed']):>6}  grade {row['grade_live']} -> {row['grade_proposed']}"
        )
    return lines or ["    (none)"]


def by_score(rows: list[Row], score: str) -> list[Row]:
    """Highest score first (none last), then account id."""
    return sorted(rows, key=lambda row: (row[score] is None, -(row[score] or 0), row["account_id"]))


def report(comparison: Comparison) -> list[str]:
    lines = []
    for icp_id in sorted({row["icp_id"] for row in comparison.change_counts}):
        counts = [row for row in comparison.change_counts if row["icp_id"] == icp_id]
        grades, tiers = ([row for row in counts if row["label"] == label] for label in ("grade", "tier"))
        moved = {
            label: sum(int(row["accounts"]) for row in rows if row["live"] != row["proposed"])
            for label, rows in (("grade", grades), ("tier", tiers))
        }
        lines += [
            f"ICP {icp_id}: {sum(int(row['accounts']) for row in grades):,} accounts; "
            f"grade changed for {moved['grade']:,}, tier changed for {moved['tier']:,}",
            "Grades (accounts):",
            *format_matrix(grades, "grade"),
            "Tiers after capacity (accounts):",
            *format_matrix(tiers, "tier"),
        ]
        rows = [row for row in comparison.tier_1_changes if row["icp_id"] == icp_id]
        entering = by_score([row for row in rows if row["tier_1_change"] == "enters"], "score_proposed")
        leaving = by_score([row for row in rows if row["tier_1_change"] == "leaves"], "score_live")
        lines += [f"  Entering tier 1 ({len(entering)}):", *account_lines(entering)]
        lines += [f"  Leaving tier 1 ({len(leaving)}):", *account_lines(leaving), ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        if not args.grid.is_dir():
            raise BacktestError(f"--grid {args.grid}: not a folder. Give a folder of scoring-grid seed CSVs.")
        if problems := seed_problems(args.grid):
            raise BacktestError("the proposal's CSVs cannot be read as meant:\n" + "\n".join(problems))
        recorded = None if args.full_builds else recorded_build_date(args.database)
        from_last_build = (
            recorded is not None
            and args.raw_dir in (None, settings.raw_dir())
            and args.scoring_date in (None, recorded)
        )
        raw_dir = args.raw_dir or settings.raw_dir()
        scoring_date = recorded if from_last_build else args.scoring_date or console.today_utc()
        if not from_last_build and not (raw_dir / "crm_accounts.csv").is_file():
            raise BacktestError(
                f"no crm_accounts.csv in {raw_dir}: give --raw-dir (or $ICP_RAW_DIR) the raw files to "
                "score (`make sample` generates them)."
            )
        args.work_dir.mkdir(parents=True, exist_ok=True)
        output = args.work_dir / COMPARISON_FILE
        if from_last_build:
            with exclusive_run(args.database):
                comparison = compare(rescore_deferred(args.grid, args.database, args.work_dir), output)
            live = f"the live grid's last green build ({args.database})"
        else:
            progress(why_two_builds(args, recorded))
            comparison = compare(build_both(args.grid, raw_dir, scoring_date, args.work_dir), output)
            live = "the live grid"
    except UserError as error:  # BacktestError among them
        print(f"whatif_grid: {error}", file=sys.stderr)
        return 1
    print(f"What-if of {args.grid} against {live}, as of {scoring_date} (nothing published)")
    print("\n".join(report(comparison)))
    print(f"done in {time.perf_counter() - started:.0f} s; every account: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
