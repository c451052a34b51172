"""What dbt computed, read from a warehouse it built: the features of the accounts (cleaned attributes,
matched technologies, used intent events) as of its scoring date, and its scores to compare the Python ones
with."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from icp_scoring.grid.files import GridError
from icp_scoring.grid.scoring import UNSCORED, Features


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    if not warehouse.is_file():
        raise GridError(f"{warehouse}: missing. Run `icp backtest` first (it leaves this file).")
    return duckdb.connect(str(warehouse), read_only=True)


def query(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None) -> pd.DataFrame:
    return connection.execute(sql, parameters or []).df()


def read_features(warehouse: Path) -> Features:
    """Accounts, technologies and used intent events of a warehouse, with each event's age in days."""
    with connect(warehouse) as connection:
        scoring_dates = connection.sql("select distinct scoring_date from marts.account_scores").fetchall()
        if len(scoring_dates) != 1:
            raise GridError(
                f"{warehouse}: expected one scoring date in marts.account_scores, got {scoring_dates}."
            )
        scoring_date = scoring_dates[0][0]
        accounts = query(
            connection,
            "select account_id, account_name, website_status, industry, country_code, employee_count, "
            "cast(annual_revenue as double) as annual_revenue "
            "from intermediate.int_accounts__deduplicated order by account_id",
        ).set_index("account_id")
        technologies = query(
            connection, "select account_id, technology from intermediate.int_account_technologies__matched"
        )
        intent_events = query(
            connection,
            "select account_id, signal_type, "
            f"date_diff('day', cast(occurred_at as date), date '{scoring_date}') as age_days "
            "from intermediate.int_intent_signals__matched_to_accounts where is_used",
        )
    return Features(scoring_date, accounts, technologies, intent_events)


def compare_with_mart(scores: pd.DataFrame, warehouse: Path, icp_id: str) -> int:
    """How many accounts the Python scores disagree with marts.account_scores on (scored, score, grade)."""
    with connect(warehouse) as connection:
        mart = query(
            connection,
            "select account_id, is_scored, cast(icp_score as double) as icp_score, "
            f"coalesce(icp_grade, '{UNSCORED}') as icp_grade "
            f"from marts.account_scores where icp_id = '{icp_id}'",
        ).set_index("account_id")
    joined = scores[["is_scored", "icp_score", "icp_grade"]].join(mart, how="outer", rsuffix="_mart")
    same_score = np.isclose(joined["icp_score"], joined["icp_score_mart"], atol=0.001) | (
        joined["icp_score"].isna() & joined["icp_score_mart"].isna()
    )
    agree = (
        (joined["is_scored"] == joined["is_scored_mart"])
        & same_score
        & (joined["icp_grade"] == joined["icp_grade_mart"])
    )
    return int((~agree).sum())
