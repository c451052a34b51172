"""Print a short summary of a scoring run: accounts per grade and tier, unscored accounts per reason,
accounts a knock-out took out of the ranking per reason, and the buying committees per tier (how many accounts
have every required persona seat filled, the mean share filled, the required seat most often empty).

Reads the published marts (or those `dbt build` wrote into a warehouse), read-only, so a BI tool can keep the
file open.

    icp summary [--database data/published/icp_scores.duckdb]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

import duckdb

from icp_scoring import settings
from icp_scoring.grid.review import review_state

MARTS = (
    "account_scores",
    "account_score_breakdown",
    "account_persona_seats",
    "account_score_movers",
    "new_top_targets",
    "grid_changes",
    "scoring_run_grade_mix",
    "data_quality_summary",
    "unmapped_values",
)
# What moved in the latest run (read only when the history marts exist).
DEFAULT_TOP = 10
LATEST_MOVES = (
    "from marts.account_score_movers where scored_at = (select max(scored_at) from marts.account_scores)"
)
RUN_QUERIES = {
    "moves": f"""
        select icp_id, movement, count(*)
        {LATEST_MOVES}
        group by icp_id, movement order by icp_id, movement
    """,
    "move_reasons": f"""
        select icp_id, coalesce(move_reason, 'unknown'), count(*)
        {LATEST_MOVES}
        group by all order by icp_id, count(*) desc, 2
    """,
    # The biggest moves first: tier changes, then score changes; accounts named.
    "movers": f"""
        select
            icp_id, account_id, account_name, movement, move_reason, previous_icp_grade, icp_grade,
            previous_icp_tier, icp_tier, score_change, criteria_moved,
            row_number() over (
                partition by icp_id
                order by abs(coalesce(icp_tier, 4) - coalesce(previous_icp_tier, 4)) desc,
                    abs(score_change) desc nulls first, account_id
            ) as position
        {LATEST_MOVES}
        qualify position <= $top
        order by icp_id, position
    """,
    "new_top_targets": """
        select
            icp_id, account_id, account_name, icp_score, icp_grade, previous_icp_tier,
            count(*) over (partition by icp_id) as entered,
            row_number() over (partition by icp_id order by icp_score desc, account_id) as position
        from marts.new_top_targets
        qualify position <= $top
        order by icp_id, position
    """,
}


# Buying-committee completeness per tier (unscored accounts last), over the accounts whose ICP requires seats:
# how many have every required seat filled, how many none, the mean share filled, and the required seat most
# often left empty (counted seat by seat in the seats mart; ties go to the earlier buying role). The report
# shows the same table.
COMMITTEES_BY_TIER = """
    with committees as (
        select
            icp_id, icp_tier, count(*) as account_count,
            count(*) filter (where committee_coverage = 'complete') as complete_accounts,
            count(*) filter (where committee_coverage = 'none') as uncovered_accounts,
            avg(committee_completeness) as mean_completeness
        from marts.account_scores
        where committee_coverage not in ('no_personas', 'no_required_seats')
        group by icp_id, icp_tier
    ),
    empty_seats as (
        select icp_id, icp_tier, persona_name, count(*) as empty_seat_accounts
        from marts.account_persona_seats
        where is_required and not is_filled
        group by icp_id, icp_tier, persona_name
        qualify row_number() over (
            partition by icp_id, icp_tier order by count(*) desc, min(role_rank), persona_name
        ) = 1
    )
    select
        committees.*,
        empty_seats.persona_name as most_empty_seat,
        coalesce(empty_seats.empty_seat_accounts, 0) as most_empty_seat_accounts
    from committees
    left join empty_seats
        on committees.icp_id = empty_seats.icp_id
        and committees.icp_tier is not distinct from empty_seats.icp_tier
    order by committees.icp_id, committees.icp_tier nulls last
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp summary",
        description="Summarise the ICP scores in the warehouse: grades, tiers and unscored reasons per ICP.",
    )
    parser.add_argument(
        "--top",
        type=int,
        default=DEFAULT_TOP,
        help="How many movers and new tier-1 accounts to name per ICP (default: %(default)s).",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.published_database(),
        help="The published marts, or a warehouse dbt built (default: %(default)s, from $ICP_PUBLISHED_DIR).",
    )
    return parser.parse_args(argv)


def fetch_summary(connection: duckdb.DuckDBPyConnection, top: int = DEFAULT_TOP) -> dict[str, list[tuple]]:
    """Counts per ICP: by grade and tier, by unscored reason, by knock-out (excluded) reason, plus the scoring
    date and grid version."""
    queries = {
        "runs": """
            select
                icp_id, any_value(scoring_date), any_value(grid_version), count(*),
                any_value(grid_reviewed_on), any_value(grid_review_due_on)
            from marts.account_scores group by icp_id order by icp_id
        """,
        "grades": """
            select icp_id, icp_grade, count(*)
            from marts.account_scores where is_scored
            group by icp_id, icp_grade order by icp_id, icp_grade
        """,
        "tiers": """
            select icp_id, icp_tier, count(*)
            from marts.account_scores where is_scored
            group by icp_id, icp_tier order by icp_id, icp_tier
        """,
        "unscored": """
            select icp_id, unscored_reason, count(*)
            from marts.account_scores where not is_scored
            group by icp_id, unscored_reason order by icp_id, count(*) desc, unscored_reason
        """,
        "excluded": """
            select icp_id, excluded_reason, count(*)
            from marts.account_scores where is_excluded
            group by icp_id, excluded_reason order by icp_id, count(*) desc, excluded_reason
        """,
        "committees": COMMITTEES_BY_TIER,
    }
    tables = {
        row[0]
        for row in connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'"
        ).fetchall()
    }
    if {"account_score_movers", "new_top_targets"} <= tables:
        queries.update(RUN_QUERIES)
    return {
        name: connection.execute(sql, {"top": top} if "$top" in sql else None).fetchall()
        for name, sql in queries.items()
    }


def format_summary(summary: dict[str, list[tuple]], database: Path) -> str:
    """The summary as plain text, one block per ICP."""
    lines: list[str] = []
    for icp_id, scoring_date, grid_version, accounts, reviewed_on, review_due_on in summary["runs"]:
        lines.append(
            f"ICP '{icp_id}': {accounts:,} accounts, scored as of {scoring_date}, grid {grid_version} "
            f"({review_status(scoring_date, reviewed_on, review_due_on)})"
        )
        lines.append(
            "  by grade:  "
            + _join(f"{grade} {count:,}" for i, grade, count in summary["grades"] if i == icp_id)
        )
        lines.append(
            "  by tier:   "
            + _join(f"tier {tier} {count:,}" for i, tier, count in summary["tiers"] if i == icp_id)
        )
        lines.append(
            "  unscored:  "
            + _join(f"{reason} {count:,}" for i, reason, count in summary["unscored"] if i == icp_id)
        )
        lines.append(
            "  excluded:  "
            + _join(f"{reason} {count:,}" for i, reason, count in summary["excluded"] if i == icp_id)
        )
        lines.extend(committee_lines(summary, icp_id))
        if "moves" in summary:
            lines.extend(run_lines(summary, icp_id))
    lines.append(f"Marts: {', '.join('marts.' + name for name in MARTS)} in {database}")
    parquet = database.parent / "parquet"
    if parquet.is_dir():
        lines.append(f"Parquet copies (for any BI tool): {parquet}/")
    return "\n".join(lines)


def committee_lines(summary: dict[str, list[tuple]], icp_id: str) -> list[str]:
    """An ICP's buying committees, one line per tier: accounts, those with every required seat filled, the
    mean share of required seats filled, and the required seat most often empty."""
    rows = [row for row in summary["committees"] if row[0] == icp_id]
    if not rows:
        return ["  committee: none (the ICP requires no buyer persona)"]
    lines = ["  committee (required buyer personas with a recent, reachable contact):"]
    for _, tier, accounts, complete, _, completeness, seat, seat_accounts in rows:
        empty = f", most often empty: {seat} ({seat_accounts:,})" if seat else ""
        lines.append(
            f"    {_tier(tier) if tier is not None else 'unscored'}: "
            f"{complete:,} of {accounts:,} complete ({complete / accounts:.0%}), "
            f"{completeness:.0%} of required seats filled on average{empty}"
        )
    return lines


def review_status(scoring_date: dt.date, reviewed_on: dt.date | None, due_on: dt.date | None) -> str:
    """When the grid was reviewed and whether its review is overdue at the scoring date."""
    state = review_state(scoring_date, reviewed_on, due_on)
    if state == "never_reviewed":
        return "never reviewed: review it with sales and marketing (icp_profiles.csv, last_reviewed_on)"
    if state == "review_overdue":
        return f"reviewed {reviewed_on}, review OVERDUE since {due_on}: review it with sales and marketing"
    return f"reviewed {reviewed_on}, next review due {due_on}"


def run_lines(summary: dict[str, list[tuple]], icp_id: str) -> list[str]:
    """What the latest run changed for an ICP: counts, then the accounts that moved and entered tier 1."""
    moves = _join(f"{movement} {count:,}" for i, movement, count in summary["moves"] if i == icp_id)
    reasons = _join(f"{reason} {count:,}" for i, reason, count in summary["move_reasons"] if i == icp_id)
    targets = [row for row in summary["new_top_targets"] if row[0] == icp_id]
    entered = targets[0][6] if targets else 0
    lines = [f"  this run:  moved grade or tier: {moves} (why: {reasons}); new in tier 1: {entered:,}"]
    movers = [row for row in summary["movers"] if row[0] == icp_id]
    if movers:
        lines.append(f"  movers (the {len(movers)} biggest):")
        for (
            _,
            account_id,
            name,
            movement,
            reason,
            old_grade,
            grade,
            old_tier,
            tier,
            change,
            criteria,
            _,
        ) in movers:
            grades = f"{old_grade or 'unscored'}/{_tier(old_tier)} -> {grade or 'unscored'}/{_tier(tier)}"
            why = criteria or reason or ""
            score = f" {change:+.2f}" if change is not None else ""
            lines.append(f"    {account_id}  {name or '?'}: {movement}, {grades}{score} ({why})")
    if targets:
        lines.append(f"  new in tier 1 (the {len(targets)} best of {entered:,}):")
        for _, account_id, name, score, grade, old_tier, *_ in targets:
            came_from = f"from tier {old_tier}" if old_tier is not None else "new"
            lines.append(f"    {account_id}  {name or '?'}: {grade} {score}, {came_from}")
    return lines


def _tier(tier: int | None) -> str:
    return "-" if tier is None else f"tier {tier}"


def _join(parts: Iterable[str]) -> str:
    return ", ".join(parts) or "none"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.database.is_file():
        print(
            f"error: no warehouse at {args.database}. Run the scoring first (make run), "
            "or point --database at the DuckDB file dbt wrote.",
            file=sys.stderr,
        )
        return 2
    try:
        with duckdb.connect(str(args.database), read_only=True) as connection:
            summary = fetch_summary(connection, args.top)
    except duckdb.CatalogException as error:
        missing = str(error).splitlines()[0]
        print(
            f"error: {args.database} lacks a mart this summary reads ({missing}). Run `dbt build` (make run) "
            "first.",
            file=sys.stderr,
        )
        return 2
    except duckdb.BinderException as error:
        print(
            f"error: the marts in {args.database} lack a column this summary reads "
            f"({str(error).splitlines()[0]}): they were built by an older version; run the scoring again "
            "(make run, or make score).",
            file=sys.stderr,
        )
        return 2
    except duckdb.IOException as error:
        print(
            f"error: {args.database} cannot be opened ({str(error).splitlines()[0]}): a build may be writing "
            "it; wait for it to finish, or read the published marts (the default --database).",
            file=sys.stderr,
        )
        return 2
    print(format_summary(summary, args.database))
    return 0


if __name__ == "__main__":
    sys.exit(main())
