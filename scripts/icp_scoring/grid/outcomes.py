"""What sales did with the accounts in a backtest window, and a backtest of grades against it in Python.

The outcomes are read from the warehouse `icp backtest` leaves (its used opportunities and activities matched
to accounts by dbt). backtest_rows is what `backtest_by_grade` counts per grade, for any set of graded
accounts: `icp learn-grid` backtests the current and the proposed grid on its held-out accounts with it (tiers
after capacity are not reproduced, grades are); scripts/tests/grid/test_learn.py proves it equal to the mart
on every account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from icp_scoring.grid.features import connect, query
from icp_scoring.grid.files import GridError, IcpGrid
from icp_scoring.grid.scoring import UNSCORED


@dataclass(frozen=True)
class Outcomes:
    """What sales did with each account in the backtest window (index account_id)."""

    window_start: dt.date
    window_end: dt.date
    per_account: pd.DataFrame  # is_worked, opportunities, closed_opportunities, won_opportunities


def read_outcomes(warehouse: Path) -> Outcomes:
    """Per account: worked in the window (an activity or an opportunity), and its window's opportunities."""
    with connect(warehouse) as connection:
        window = connection.sql(
            "select distinct window_start, window_end from marts.backtest_by_grade"
        ).fetchall()
        if len(window) != 1:
            raise GridError(f"{warehouse}: marts.backtest_by_grade has no single window ({window}).")
        window_start, window_end = window[0]
        per_account = query(
            connection,
            f"""
            with window_opportunities as (
                select account_id, is_closed, is_won
                from intermediate.int_crm_opportunities__matched_to_accounts
                where is_used and created_date > date '{window_start}' and created_date <= date '{window_end}'
            ),
            worked as (
                select account_id
                from intermediate.int_crm_activities__matched_to_accounts
                where
                    is_used
                    and activity_date > date '{window_start}'
                    and activity_date <= date '{window_end}'
                union
                select account_id from window_opportunities
            ),
            opportunity_counts as (
                select
                    account_id,
                    count(*) as opportunities,
                    count(case when is_closed then 1 end) as closed_opportunities,
                    count(case when is_won then 1 end) as won_opportunities
                from window_opportunities
                group by account_id
            )
            select
                worked.account_id,
                true as is_worked,
                coalesce(opportunity_counts.opportunities, 0) as opportunities,
                coalesce(opportunity_counts.closed_opportunities, 0) as closed_opportunities,
                coalesce(opportunity_counts.won_opportunities, 0) as won_opportunities
            from worked
            left join opportunity_counts on worked.account_id = opportunity_counts.account_id
            """,
        ).set_index("account_id")
    return Outcomes(window_start, window_end, per_account)


def outcomes_of(outcomes: Outcomes, account_ids: pd.Index) -> pd.DataFrame:
    """The outcomes of the given accounts, zero (not worked) for those sales did not touch."""
    table = outcomes.per_account.reindex(account_ids)
    table["is_worked"] = table["is_worked"].fillna(False).astype(bool)
    for column in ("opportunities", "closed_opportunities", "won_opportunities"):
        table[column] = table[column].fillna(0).astype(np.int64)
    return table


def backtest_rows(icp_id: str, graded: pd.DataFrame, outcomes: pd.DataFrame, grid: IcpGrid) -> list[dict]:
    """backtest_by_grade's grade and top-grades rows for the accounts of `graded` (icp_grade, grade_tier)."""
    joined = graded[["icp_grade", "grade_tier"]].join(outcomes)
    total_accounts = len(joined)
    total_won = int(joined["won_opportunities"].sum())
    ranks = {band.icp_grade: rank for rank, band in enumerate(grid.grade_bands, start=1)}
    top_grades = [band.icp_grade for band in grid.grade_bands if band.icp_tier <= 2]
    segments: list[tuple[str, str, int, pd.DataFrame]] = [
        ("grade", grade, ranks.get(grade, 99), joined[joined["icp_grade"] == grade])
        for grade in [*ranks, UNSCORED]
    ]
    segments.append(("top_grades", "+".join(top_grades), 0, joined[joined["icp_grade"].isin(top_grades)]))
    rows = []
    for segment_type, segment, rank, members in segments:
        closed, won = int(members["closed_opportunities"].sum()), int(members["won_opportunities"].sum())
        rows.append(
            {
                "icp_id": icp_id,
                "segment_type": segment_type,
                "segment": segment,
                "segment_rank": rank,
                "account_count": len(members),
                "share_of_accounts": len(members) / total_accounts if total_accounts else None,
                "worked_accounts": int(members["is_worked"].sum()),
                "opportunities": int(members["opportunities"].sum()),
                "closed_opportunities": closed,
                "won_opportunities": won,
                "win_rate": won / closed if closed else None,
                "share_of_won_deals": won / total_won if total_won else None,
            }
        )
    return rows
