"""The scoring grid in Python: read a grid folder, score accounts by the dbt models' rules, backtest the
grades, and write a grid folder.

Used by icp_scoring.grid.learn, which has to score the same accounts with the live grid and with a proposed
one without a dbt build per grid, and to write its proposal as seed CSVs. The inputs are the cleaned data of a
warehouse built by dbt (accounts after deduplication, matched technologies, used intent events), so nothing is
cleaned twice; the rules are those of the models, to the cent:

* `int_account_criteria__points`: a value (industry, country) or band (employees, revenue) earns its points,
  nothing listed earns 0; a technology criterion earns the best listed technology the account runs;
* `int_account_intent__decayed_points`: each used event is worth its signal's points halved every half-life
  (age in whole days before the scoring date), rounded to 4 decimals; sums capped per signal type, then at the
  criterion's maximum; every criterion's points rounded to 2 decimals (half away from zero);
* `int_account_scores__graded`: an account is scored when its website is valid and data covers at least
  `min_data_completeness` of the fit points (technology data = any technographic detection); the grade band
  holds min_score (in) to max_score (out; 100 is in the top band);
* `backtest_by_grade`: per grade (and the grades of tiers 1-2 together) the accounts, those sales worked,
  opportunities created in the window, closed, won, win rate (won / closed) and share of all won deals.

Amounts are kept in integer hundredths (ten-thousandths for decayed intent), as the models' decimals are. Not
reproduced: tier capacities (the backtest compares grades), plays, explanations.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import yaml

from icp_scoring.console import UserError
from icp_scoring.settings import DBT_PROJECT_FILE

UNSCORED = "unscored"
# The tables that hold an ICP's criteria, points and grade bands (the other grid files are shared settings).
ICP_GRID_TABLES = (
    "icp_criteria.csv",
    "icp_criterion_value_points.csv",
    "icp_criterion_band_points.csv",
    "icp_intent_signal_points.csv",
    "icp_grade_bands.csv",
)
VALUE_ATTRIBUTES = ("industry", "country")
BAND_ATTRIBUTES = ("employee_count", "annual_revenue")
# The column of int_accounts__deduplicated each attribute reads.
ATTRIBUTE_COLUMNS = {
    "industry": "industry",
    "country": "country_code",
    "employee_count": "employee_count",
    "annual_revenue": "annual_revenue",
}


class GridError(UserError):
    """A grid or a warehouse cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Criterion:
    """A row of icp_criteria.csv."""

    criterion_id: str
    pillar: str
    account_attribute: str
    max_points: float
    criterion_description: str


@dataclass(frozen=True)
class Band:
    """A row of icp_criterion_band_points.csv: lower bound in, upper bound out (None: no limit)."""

    band_label: str
    lower_bound: float
    upper_bound: float | None
    points: float


@dataclass(frozen=True)
class Signal:
    """A row of icp_intent_signal_points.csv."""

    signal_type: str
    points: float
    half_life_days: float
    max_points: float


@dataclass(frozen=True)
class GradeBand:
    """A row of icp_grade_bands.csv."""

    icp_grade: str
    min_score: float
    max_score: float
    icp_tier: int
    grade_description: str


@dataclass(frozen=True)
class IcpGrid:
    """The grid of one ICP: criteria, then the points of their values, bands or signals; grades best first."""

    icp_id: str
    criteria: tuple[Criterion, ...]
    values: dict[str, dict[str, float]]
    bands: dict[str, tuple[Band, ...]]
    signals: dict[str, tuple[Signal, ...]]
    grade_bands: tuple[GradeBand, ...]


@dataclass(frozen=True)
class Features:
    """The cleaned data of a warehouse, as of its scoring date."""

    scoring_date: dt.date
    accounts: pd.DataFrame  # index account_id; account_name, website_status and the attribute columns
    technologies: pd.DataFrame  # account_id, technology: one row per technology an account runs
    intent_events: pd.DataFrame  # account_id, signal_type, age_days: the used intent events


@dataclass(frozen=True)
class Outcomes:
    """What sales did with each account in the backtest window (index account_id)."""

    window_start: dt.date
    window_end: dt.date
    per_account: pd.DataFrame  # is_worked, opportunities, closed_opportunities, won_opportunities


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    return float(text)


def read_icp_grid(folder: Path, icp_id: str) -> IcpGrid:
    """The grid of icp_id from a folder of scoring-grid seed CSVs."""
    if not (folder / "icp_criteria.csv").is_file():
        raise GridError(f"{folder} has no icp_criteria.csv: give a folder of scoring-grid seed CSVs.")

    def rows(name: str) -> list[dict[str, str]]:
        return [row for row in read_csv_rows(folder / name) if row["icp_id"] == icp_id]

    criteria = tuple(
        Criterion(
            row["criterion_id"],
            row["pillar"],
            row["account_attribute"],
            number(row["max_points"]),
            row["criterion_description"],
        )
        for row in rows("icp_criteria.csv")
    )
    if not criteria:
        defined = sorted({row["icp_id"] for row in read_csv_rows(folder / "icp_criteria.csv")})
        raise GridError(f'{folder}/icp_criteria.csv has no criteria for ICP "{icp_id}" (ICPs: {defined}).')
    values: dict[str, dict[str, float]] = {}
    for row in rows("icp_criterion_value_points.csv"):
        values.setdefault(row["criterion_id"], {})[row["matched_value"]] = number(row["points"])
    bands: dict[str, list[Band]] = {}
    for row in rows("icp_criterion_band_points.csv"):
        upper = row["upper_bound"].strip()
        bands.setdefault(row["criterion_id"], []).append(
            Band(
                row["band_label"],
                number(row["lower_bound"]),
                number(upper) if upper else None,
                number(row["points"]),
            )
        )
    signals: dict[str, list[Signal]] = {}
    for row in rows("icp_intent_signal_points.csv"):
        signals.setdefault(row["criterion_id"], []).append(
            Signal(
                row["signal_type"],
                number(row["points"]),
                number(row["half_life_days"]),
                number(row["max_points"]),
            )
        )
    grade_bands = sorted(
        (
            GradeBand(
                row["icp_grade"],
                number(row["min_score"]),
                number(row["max_score"]),
                int(row["icp_tier"]),
                row["grade_description"],
            )
            for row in rows("icp_grade_bands.csv")
        ),
        key=lambda band: -band.min_score,
    )
    return IcpGrid(
        icp_id,
        criteria,
        values,
        {
            criterion: tuple(sorted(items, key=lambda band: band.lower_bound))
            for criterion, items in bands.items()
        },
        {criterion: tuple(items) for criterion, items in signals.items()},
        tuple(grade_bands),
    )


def min_data_completeness() -> float:
    """The project's var('min_data_completeness') (dbt_project.yml)."""
    project = yaml.safe_load(DBT_PROJECT_FILE.read_text(encoding="utf-8"))
    return float(project["vars"]["min_data_completeness"])


def query(connection: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return connection.sql(sql).df()


def read_features(warehouse: Path) -> Features:
    """Accounts, technologies and used intent events of a warehouse, with each event's age in days."""
    if not warehouse.is_file():
        raise GridError(f"{warehouse}: missing. Run `icp backtest` first (it leaves this file).")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
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


def read_outcomes(warehouse: Path) -> Outcomes:
    """Per account: worked in the window (an activity or an opportunity), and its window's opportunities."""
    if not warehouse.is_file():
        raise GridError(f"{warehouse}: missing. Run `icp backtest` first (it leaves this file).")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
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


def half_away(values: np.ndarray) -> np.ndarray:
    """Round to the nearest integer, halves away from zero (as DuckDB rounds), as int64."""
    return (np.sign(values) * np.floor(np.abs(values) + 0.5)).astype(np.int64)


def cents(points: float) -> int:
    return int(half_away(np.array([points * 100]))[0])


def intent_signal_units(criterion_signals: Sequence[Signal], features: Features) -> pd.DataFrame:
    """Per account (rows) and signal type (columns): decayed points capped per type, in 1/10,000 points."""
    accounts = features.accounts.index
    table = pd.DataFrame(0, index=accounts, columns=[signal.signal_type for signal in criterion_signals])
    events = features.intent_events
    for signal in criterion_signals:
        rows = events[events["signal_type"] == signal.signal_type]
        decayed = signal.points * np.power(
            0.5, rows["age_days"].to_numpy(dtype=float) / signal.half_life_days
        )
        units = pd.Series(half_away(decayed * 10_000), index=rows["account_id"].to_numpy())
        summed = units.groupby(level=0).sum().reindex(accounts, fill_value=0)
        table[signal.signal_type] = np.minimum(summed.to_numpy(), cents(signal.max_points) * 100)
    return table


def value_points(criterion: Criterion, grid: IcpGrid, features: Features) -> tuple[np.ndarray, np.ndarray]:
    column = features.accounts[ATTRIBUTE_COLUMNS[criterion.account_attribute]]
    points = {value: cents(points) for value, points in grid.values.get(criterion.criterion_id, {}).items()}
    earned = column.map(points).fillna(0).to_numpy(dtype=np.int64)
    return earned, column.notna().to_numpy()


def band_points(criterion: Criterion, grid: IcpGrid, features: Features) -> tuple[np.ndarray, np.ndarray]:
    numbers = features.accounts[ATTRIBUTE_COLUMNS[criterion.account_attribute]].to_numpy(dtype=float)
    earned = np.zeros(len(numbers), dtype=np.int64)
    for band in grid.bands.get(criterion.criterion_id, ()):
        upper = np.inf if band.upper_bound is None else band.upper_bound
        inside = (numbers >= band.lower_bound) & (numbers < upper)
        earned = np.where(inside, cents(band.points), earned)
    return earned, ~np.isnan(numbers)


def technology_points(
    criterion: Criterion, grid: IcpGrid, features: Features
) -> tuple[np.ndarray, np.ndarray]:
    accounts = features.accounts.index
    listed = {value: cents(points) for value, points in grid.values.get(criterion.criterion_id, {}).items()}
    rows = features.technologies
    matched = rows[rows["technology"].isin(listed)]
    best = matched["technology"].map(listed).groupby(matched["account_id"]).max()
    earned = best.reindex(accounts, fill_value=0).to_numpy(dtype=np.int64)
    return earned, accounts.isin(rows["account_id"])


def intent_points(criterion: Criterion, grid: IcpGrid, features: Features) -> tuple[np.ndarray, np.ndarray]:
    units = intent_signal_units(grid.signals.get(criterion.criterion_id, ()), features).sum(axis=1).to_numpy()
    capped = np.minimum(units, cents(criterion.max_points) * 100)
    earned = (capped + 50) // 100  # to hundredths, halves up (the points are never negative)
    return earned.astype(np.int64), np.ones(len(units), dtype=bool)


def criterion_points(
    criterion: Criterion, grid: IcpGrid, features: Features
) -> tuple[np.ndarray, np.ndarray]:
    """Points earned (hundredths) and whether the account has data for the criterion, per account."""
    attribute = criterion.account_attribute
    if attribute in VALUE_ATTRIBUTES:
        return value_points(criterion, grid, features)
    if attribute in BAND_ATTRIBUTES:
        return band_points(criterion, grid, features)
    if attribute == "technology":
        return technology_points(criterion, grid, features)
    if attribute == "intent_signal":
        return intent_points(criterion, grid, features)
    raise GridError(f'criterion "{criterion.criterion_id}": unknown account_attribute "{attribute}".')


def grade_of(score_cents: np.ndarray, grade_bands: Sequence[GradeBand]) -> tuple[np.ndarray, np.ndarray]:
    """The grade and the tier of the grade (0 when no band holds the score) of each score in hundredths."""
    grades = np.full(len(score_cents), UNSCORED, dtype=object)
    tiers = np.zeros(len(score_cents), dtype=np.int64)
    for band in grade_bands:
        low, high = cents(band.min_score), cents(band.max_score)
        inside = (score_cents >= low) & ((score_cents < high) | ((high == 10_000) & (score_cents == 10_000)))
        grades = np.where(inside, band.icp_grade, grades)
        tiers = np.where(inside, band.icp_tier, tiers)
    return grades, tiers


def score_accounts(grid: IcpGrid, features: Features, completeness: float | None = None) -> pd.DataFrame:
    """Every account scored with the grid: points per criterion, total points, scored or not, grade, tier."""
    completeness = min_data_completeness() if completeness is None else completeness
    table = pd.DataFrame(index=features.accounts.index)
    total = np.zeros(len(table), dtype=np.int64)
    fit_possible, fit_with_data = 0, np.zeros(len(table), dtype=np.int64)
    for criterion in grid.criteria:
        earned, has_data = criterion_points(criterion, grid, features)
        table[f"{criterion.criterion_id}_points"] = earned / 100
        total += earned
        if criterion.pillar != "intent":
            fit_possible += cents(criterion.max_points)
            fit_with_data += np.where(has_data, cents(criterion.max_points), 0)
    share_with_data = fit_with_data / fit_possible if fit_possible else np.ones(len(table))
    is_scored = (features.accounts["website_status"] == "valid").to_numpy() & (
        share_with_data >= completeness
    )
    grades, tiers = grade_of(total, grid.grade_bands)
    table["total_points"] = total / 100
    table["is_scored"] = is_scored
    table["icp_score"] = np.where(is_scored, total / 100, np.nan)
    table["icp_grade"] = np.where(is_scored, grades, UNSCORED)
    table["grade_tier"] = np.where(is_scored, tiers, 0)
    return table


def compare_with_mart(scores: pd.DataFrame, warehouse: Path, icp_id: str) -> int:
    """How many accounts the Python scores disagree with marts.account_scores on (scored, score, grade)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
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


def write_csv(path: Path, header: Iterable[str], rows: Iterable[dict]) -> None:
    """A seed-style CSV: comma separated, minimal quoting, LF line ends."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def format_number(value: float) -> str:
    """A grid number as an analyst writes it: 25, 12.5."""
    return f"{value:g}"


def criterion_rows(grid: IcpGrid, criterion: Criterion) -> dict[str, list[dict[str, str]]]:
    """The rows of one criterion in icp_criteria.csv and in its points table."""
    key = {"icp_id": grid.icp_id, "criterion_id": criterion.criterion_id}
    return {
        "icp_criteria.csv": [
            {
                **key,
                "pillar": criterion.pillar,
                "account_attribute": criterion.account_attribute,
                "max_points": format_number(criterion.max_points),
                "criterion_description": criterion.criterion_description,
            }
        ],
        "icp_criterion_value_points.csv": [
            {**key, "matched_value": value, "points": format_number(points)}
            for value, points in grid.values.get(criterion.criterion_id, {}).items()
        ],
        "icp_criterion_band_points.csv": [
            {
                **key,
                "band_label": band.band_label,
                "lower_bound": format_number(band.lower_bound),
                "upper_bound": "" if band.upper_bound is None else format_number(band.upper_bound),
                "points": format_number(band.points),
            }
            for band in grid.bands.get(criterion.criterion_id, ())
        ],
        "icp_intent_signal_points.csv": [
            {
                **key,
                "signal_type": signal.signal_type,
                "points": format_number(signal.points),
                "half_life_days": format_number(signal.half_life_days),
                "max_points": format_number(signal.max_points),
            }
            for signal in grid.signals.get(criterion.criterion_id, ())
        ],
    }


def grid_rows(grid: IcpGrid) -> dict[str, list[dict[str, str]]]:
    """The ICP's rows of each table a grid of one ICP defines (criteria, points, grade bands)."""
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in ICP_GRID_TABLES}
    for criterion in grid.criteria:
        for name, table_rows in criterion_rows(grid, criterion).items():
            rows[name] += table_rows
    rows["icp_grade_bands.csv"] = [
        {
            "icp_id": grid.icp_id,
            "icp_grade": band.icp_grade,
            "min_score": format_number(band.min_score),
            "max_score": format_number(band.max_score),
            "icp_tier": str(band.icp_tier),
            "grade_description": band.grade_description,
        }
        for band in grid.grade_bands
    ]
    return rows


def write_grid_folder(source: Path, grid: IcpGrid, output_dir: Path) -> None:
    """Every CSV of the source grid folder into output_dir, the ICP's rows replaced by the grid's.

    The files the grid does not define (profiles, pillars, tier capacities, plays, ...) are copied as they
    are, and so are the rows of the other ICPs.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    replaced = grid_rows(grid)
    for path in sorted(source.glob("*.csv")):
        if path.name not in replaced:
            shutil.copy2(path, output_dir / path.name)
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        kept = [row for row in read_csv_rows(path) if row["icp_id"] != grid.icp_id]
        write_csv(output_dir / path.name, header, [*kept, *replaced[path.name]])
