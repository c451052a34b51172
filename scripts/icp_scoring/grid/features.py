"""What dbt computed, read from a warehouse it built: the features of one ICP's accounts and dbt's own scores.

Nothing here applies a scoring rule. The features (icp_scoring.grid.scoring.Features) are what a candidate
grid does not change, as the models left them:

* the grid dbt scored with, from the warehouse's seed tables (schema `grid`);
* `int_account_criteria__points`: per account and value or band criterion, the value (industry, country code,
  a CRM field's value) or the band label it matched, and per criterion whether the account has data for it;
* `account_scores`: each account's website status, and whether anything but data (e.g. its website) keeps it
  from being scored;
* `int_account_technologies__matched`: the technologies each account runs;
* `int_intent_signals__matched_to_accounts`: the used intent events, with the date they happened.

dbt's scores (read_dbt_scores) are those of `int_account_criteria__points` per criterion and `account_scores`
per account, laid out as icp_scoring.grid.scoring.score_accounts lays out its own.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from icp_scoring.grid import scoring
from icp_scoring.grid.files import GridError, IcpGrid, icp_grid_from_rows

# The unscored_reasons of account_scores that depend on the grid (its points decide the completeness).
GRID_DEPENDENT_REASONS = ("insufficient_data", "added_after_last_refresh")


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    if not warehouse.is_file():
        raise GridError(f"{warehouse}: missing. Run `icp backtest` first (it leaves this file).")
    return duckdb.connect(str(warehouse), read_only=True)


def query(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None) -> pd.DataFrame:
    return connection.execute(sql, parameters or []).df()


def read_built_grid(connection: duckdb.DuckDBPyConnection, icp_id: str, source: str) -> IcpGrid:
    """The ICP's grid as dbt loaded it (the seed tables of schema `grid`)."""

    def table_rows(name: str) -> list[dict[str, str]]:
        relation = connection.sql(f"select * from grid.{Path(name).stem}")
        return [
            {
                column: "" if value is None else str(value)
                for column, value in zip(relation.columns, row, strict=True)
            }
            for row in relation.fetchall()
        ]

    return icp_grid_from_rows(table_rows, icp_id, f"grid.icp_criteria in {source}")


def read_features(warehouse: Path, icp_id: str) -> scoring.Features:
    """The features of the ICP's accounts in the warehouse, as of its scoring date."""
    with connect(warehouse) as connection:
        scoring_dates = connection.sql("select distinct scoring_date from marts.account_scores").fetchall()
        if len(scoring_dates) != 1:
            raise GridError(
                f"{warehouse}: expected one scoring date in marts.account_scores, got {scoring_dates}."
            )
        scoring_date = scoring_dates[0][0]
        built_with = read_built_grid(connection, icp_id, str(warehouse))
        accounts = query(
            connection,
            "select account_id, website_status, "
            f"unscored_reason is null or unscored_reason in {GRID_DEPENDENT_REASONS} as is_scorable "
            "from marts.account_scores where icp_id = $1 order by account_id",
            [icp_id],
        ).set_index("account_id")
        # A band criterion's band; a value criterion's listed row as the grid spells it (a CRM field's value
        # matches it ignoring case), else the account's own value (then `(other)` or nothing applies).
        band_criteria = [item.criterion_id for item in built_with.criteria if built_with.scores_by_band(item)]
        criteria = query(
            connection,
            "select account_id, criterion_id, has_data, case when list_contains($2, criterion_id) "
            f"or matched_value != '{scoring.OTHER_VALUE}' then matched_value else account_value end "
            "as matched "
            "from intermediate.int_account_criteria__points where icp_id = $1",
            [icp_id, band_criteria],
        )
        technologies = query(
            connection, "select account_id, technology from intermediate.int_account_technologies__matched"
        )
        intent_events = query(
            connection,
            "select account_id, signal_type, cast(occurred_at as date) as occurred_on "
            "from intermediate.int_intent_signals__matched_to_accounts where is_used",
        )
    listed = [
        criterion.criterion_id
        for criterion in built_with.criteria
        if built_with.scores_by_value(criterion) or built_with.scores_by_band(criterion)
    ]
    wide = criteria.pivot(index="account_id", columns="criterion_id").reindex(accounts.index)
    intent_events["age_days"] = scoring.age_in_days(intent_events.pop("occurred_on"), scoring_date)
    return scoring.Features(
        scoring_date,
        built_with,
        accounts,
        wide["matched"][listed],
        wide["has_data"].fillna(False).astype(bool),
        technologies,
        intent_events,
    )


def read_dbt_scores(warehouse: Path, icp_id: str) -> pd.DataFrame:
    """dbt's scores of the ICP's accounts: points per criterion (`<criterion>_points`), total points, scored
    or not, score, grade (`unscored` when not scored), tier of the grade (0 when not scored)."""
    with connect(warehouse) as connection:
        points = query(
            connection,
            "select account_id, criterion_id || '_points' as criterion, "
            "cast(points_earned as double) as points "
            "from intermediate.int_account_criteria__points where icp_id = $1",
            [icp_id],
        )
        accounts = query(
            connection,
            "select account_id, is_scored, cast(icp_score as double) as icp_score, "
            f"coalesce(icp_grade, '{scoring.UNSCORED}') as icp_grade, coalesce(grade_tier, 0) as grade_tier "
            "from marts.account_scores where icp_id = $1 order by account_id",
            [icp_id],
        ).set_index("account_id")
    per_criterion = points.pivot(index="account_id", columns="criterion", values="points").reindex(
        accounts.index
    )
    per_criterion.columns.name = None
    totals = points.groupby("account_id")["points"].sum().reindex(accounts.index)
    return per_criterion.assign(total_points=totals.round(2)).join(accounts)[
        [*per_criterion.columns, *scoring.ACCOUNT_COLUMNS]
    ]


def band_bounds(grid: IcpGrid, criterion_id: str) -> list[tuple]:
    return [
        (band.band_label, band.lower_bound, band.upper_bound) for band in grid.bands.get(criterion_id, ())
    ]


def check_grid_fits(grid: IcpGrid, features: scoring.Features) -> None:
    """Refuse a grid whose criteria or bands are not those dbt matched (the values and bands of `matched`)."""
    built = {criterion.criterion_id: criterion for criterion in features.built_with.criteria}
    for criterion in grid.criteria:
        criterion_id = criterion.criterion_id
        if (
            criterion_id not in built
            or built[criterion_id].account_attribute != criterion.account_attribute
            or band_bounds(grid, criterion_id) != band_bounds(features.built_with, criterion_id)
        ):
            raise GridError(
                f'criterion "{criterion_id}" ({criterion.account_attribute}) of ICP {grid.icp_id!r} is not '
                "one the backtest's dbt build matched accounts on (same criterion, attribute and bands): "
                "learn from the grid the backtest was built with, or backtest this one first "
                "(`icp backtest --grid <folder>`)."
            )
