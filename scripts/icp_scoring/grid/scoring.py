"""The scoring rules in Python, by the dbt models' rules, for `icp learn-grid`: it has to score the same
accounts with the live grid and with a proposed one without a dbt build per grid. The inputs are the cleaned
data of a warehouse built by dbt (icp_scoring.grid.features), so nothing is cleaned twice; the rules are those
of the models, to the cent:

* `int_account_criteria__points`: a value (industry, country) or band (employees, revenue) earns its points,
  nothing listed earns 0; a technology criterion earns the best listed technology the account runs;
* `int_account_intent__decayed_points`: each used event is worth its signal's points halved every half-life
  (age in whole days before the scoring date), rounded to 4 decimals; sums capped per signal type, then at the
  criterion's maximum; every criterion's points rounded to 2 decimals (half away from zero);
* `int_account_scores__graded`: an account is scored when its website is valid and data covers at least
  `min_data_completeness` of the fit points (technology data = any technographic detection); the grade band
  holds min_score (in) to max_score (out; 100 is in the top band).

Amounts are kept in integer hundredths (ten-thousandths for decayed intent), as the models' decimals are. Not
reproduced: tier capacities (the backtest compares grades), plays, explanations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import yaml

from icp_scoring.grid.files import (
    BAND_ATTRIBUTES,
    VALUE_ATTRIBUTES,
    Criterion,
    GradeBand,
    GridError,
    IcpGrid,
    Signal,
)
from icp_scoring.settings import DBT_PROJECT_FILE

UNSCORED = "unscored"
# The column of int_accounts__deduplicated each attribute reads.
ATTRIBUTE_COLUMNS = {
    "industry": "industry",
    "country": "country_code",
    "employee_count": "employee_count",
    "annual_revenue": "annual_revenue",
}


@dataclass(frozen=True)
class Features:
    """The cleaned data of a warehouse, as of its scoring date."""

    scoring_date: dt.date
    accounts: pd.DataFrame  # index account_id; account_name, website_status and the attribute columns
    technologies: pd.DataFrame  # account_id, technology: one row per technology an account runs
    intent_events: pd.DataFrame  # account_id, signal_type, age_days: the used intent events


def min_data_completeness() -> float:
    """The project's var('min_data_completeness') (dbt_project.yml)."""
    project = yaml.safe_load(DBT_PROJECT_FILE.read_text(encoding="utf-8"))
    return float(project["vars"]["min_data_completeness"])


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
