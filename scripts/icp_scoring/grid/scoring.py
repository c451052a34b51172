"""The scoring rules a candidate grid varies, in Python: the one copy of dbt's rules in this package.

`icp learn-grid` scores many candidate grids on the same accounts: its half-life search decays every account's
intent for 48 pairs of signal type and half-life (6 signal types x 8 candidates, about 90 cross-validated
losses), and the proposal, its grade bands and the held-out backtest score whole grids. Measured on the
default sample (5,000 accounts, seed 42, as of 2026-06-30, window start 2026-01-01; 2 cores): a dbt build of
one candidate grid takes 3.8 s when only the grid seeds and the three scoring models below are rebuilt in a
copy of the built warehouse (5.7 s with their data tests; 10.7 s for `+account_scores` from nothing, as `icp
whatif` builds), so at least 48 x 3.8 s = 3 minutes for the search alone, where the whole run takes 20 s on an
idle machine; here one intent column takes 3 ms and a whole grid 0.05 s. So what a candidate varies is
computed here: the points of values, bands, technologies and signals, half-lives and caps, the completeness
weighted by max_points, and grade bands. What a candidate does not vary is read from what dbt computed
(icp_scoring.grid.features): the value or band each account matched per criterion, whether it has data for it,
its technologies, its used intent events, and the reasons not to score it that no grid changes (its website).

The rules mirrored, to the cent, and the dbt model that owns each:

* `int_account_criteria__points`: a value or band earns its points (a CRM field's too: icp_crm_fields.csv),
  a value not listed its criterion's `(other)` row (a raw value no alias maps: its `(unmapped)` row), nothing
  listed earns 0; a technology
  criterion earns the best listed technology the account runs; intent is capped at the criterion's maximum;
  each criterion's points are rounded to 2 decimals (half away from zero);
* `int_account_intent__decayed_points`: each used event is worth its signal's points halved every half-life
  (its age in whole days before the scoring date), rounded to 4 decimals; the sum is capped per signal type;
* `int_account_scores__graded`: an account is scored when nothing but data keeps it from being scored and
  data covers at least `min_data_completeness` of the fit points (firmographic and technographic); the grade
  band holds min_score (in) to max_score (out; 100 is in the top band).

Amounts are kept in integer hundredths (ten-thousandths for decayed intent), as the models' decimals are. Not
reproduced: tier capacities (the backtest compares grades), plays, explanations. Any difference from dbt on
the grid a warehouse was built with is an error (check_against_dbt); scripts/tests/grid/test_scoring.py
proves the two equal, per account and per criterion, on a messy sample with two ICPs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import yaml

from icp_scoring.grid.files import (
    Criterion,
    GradeBand,
    GridError,
    IcpGrid,
    Signal,
)
from icp_scoring.settings import DBT_PROJECT_FILE

UNSCORED = "unscored"
# The rows of a value criterion for the values it does not list (int_account_criteria__value_points).
OTHER_VALUE, UNMAPPED_VALUE = "(other)", "(unmapped)"
# The columns of a scores table (score_accounts, features.read_dbt_scores) after its `<criterion>_points`.
ACCOUNT_COLUMNS = ("total_points", "is_scored", "icp_score", "icp_grade", "grade_tier")


class ScoringDisagreementError(GridError):
    """The Python copy of the rules and dbt score the same grid differently: a bug, never a user's mistake."""


@dataclass(frozen=True)
class Features:
    """What dbt computed for one ICP's accounts in a warehouse, as of its scoring date: all a candidate grid
    needs besides itself (icp_scoring.grid.features reads it)."""

    scoring_date: dt.date
    built_with: IcpGrid  # the ICP's grid dbt scored with: the values and bands `matched` holds are its own
    accounts: pd.DataFrame  # index account_id (sorted): website_status, is_scorable (only data can stop it)
    matched: pd.DataFrame  # index account_id, a column per value or band criterion: the value or band label
    has_data: pd.DataFrame  # index account_id, a column per criterion: dbt's has_data
    technologies: pd.DataFrame  # account_id, technology: one row per technology an account runs
    intent_events: pd.DataFrame  # account_id, signal_type, age_days: the used intent events


def min_data_completeness() -> float:
    """The project's var('min_data_completeness') (dbt_project.yml)."""
    project = yaml.safe_load(DBT_PROJECT_FILE.read_text(encoding="utf-8"))
    return float(project["vars"]["min_data_completeness"])


def age_in_days(occurred_on: pd.Series, scoring_date: dt.date) -> np.ndarray:
    """Each event's age in whole days before the scoring date (its day itself: 0), from its date."""
    days = pd.to_datetime(occurred_on).to_numpy(dtype="datetime64[D]")
    return (np.datetime64(scoring_date, "D") - days).astype(np.int64)


def half_away(values: np.ndarray) -> np.ndarray:
    """Round to the nearest integer, halves away from zero (as DuckDB rounds), as int64."""
    return (np.sign(values) * np.floor(np.abs(values) + 0.5)).astype(np.int64)


def cents(points: float) -> int:
    return int(half_away(np.array([points * 100]))[0])


def intent_signal_units(criterion_signals: Sequence[Signal], features: Features) -> pd.DataFrame:
    """Per account (rows) and signal type (columns): decayed points capped per type, in 1/10,000 points
    (as int_account_intent__decayed_points: no half-life, no decay; a floor and a maximum age)."""
    accounts = features.accounts.index
    table = pd.DataFrame(0, index=accounts, columns=[signal.signal_type for signal in criterion_signals])
    events = features.intent_events
    for signal in criterion_signals:
        rows = events[events["signal_type"] == signal.signal_type]
        if signal.max_age_days is not None:  # older signals do not count
            rows = rows[rows["age_days"].to_numpy(dtype=float) <= signal.max_age_days]
        ages = rows["age_days"].to_numpy(dtype=float)
        if signal.half_life_days is None:  # points per occurrence, no decay
            decayed = np.full(len(rows), float(signal.points))
        else:
            decayed = signal.points * np.power(0.5, ages / signal.half_life_days)
        units = half_away(decayed * 10_000)
        if signal.floor_points is not None:  # a signal keeps its floor until max_age_days
            units = np.maximum(units, cents(signal.floor_points) * 100)
        units = pd.Series(units, index=rows["account_id"].to_numpy())
        summed = units.groupby(level=0).sum().reindex(accounts, fill_value=0)
        table[signal.signal_type] = np.minimum(summed.to_numpy(), cents(signal.max_points) * 100)
    return table


def listed_points(criterion_id: str, points: dict[str, float], features: Features) -> np.ndarray:
    """The points of the value or band dbt matched (0: not listed, or none), in hundredths."""
    matched = features.matched[criterion_id]
    by_label = {label: cents(value) for label, value in points.items()}
    return matched.map(by_label).fillna(0).to_numpy(dtype=np.int64)


def value_points(criterion_id: str, values: dict[str, float], features: Features) -> np.ndarray:
    """The points of the account's value (hundredths): its own row, else `(other)` for any other known value,
    else 0; an account dbt matched to `(unmapped)` (a raw value no alias maps) earns that row's points."""
    matched = features.matched[criterion_id]
    by_value = {value: cents(points) for value, points in values.items()}
    own = matched.map(by_value)
    if OTHER_VALUE in by_value:
        is_known = matched.notna() & (matched != UNMAPPED_VALUE)
        own = own.where(own.notna() | ~is_known, by_value[OTHER_VALUE])
    return own.fillna(0).to_numpy(dtype=np.int64)


def technology_points(criterion_id: str, grid: IcpGrid, features: Features) -> np.ndarray:
    """The points of the best listed technology the account runs (0: none listed), in hundredths."""
    listed = {value: cents(points) for value, points in grid.values.get(criterion_id, {}).items()}
    rows = features.technologies
    matched = rows[rows["technology"].isin(listed)]
    best = matched["technology"].map(listed).groupby(matched["account_id"]).max()
    return best.reindex(features.accounts.index, fill_value=0).to_numpy(dtype=np.int64)


def intent_units(criterion_id: str, max_points: float, grid: IcpGrid, features: Features) -> np.ndarray:
    """Decayed intent capped per signal type, then at the criterion's maximum, in ten-thousandths."""
    units = intent_signal_units(grid.signals.get(criterion_id, ()), features).sum(axis=1).to_numpy()
    return np.minimum(units, cents(max_points) * 100).astype(np.int64)


def score_cents(units: np.ndarray, criterion: Criterion, grid: IcpGrid) -> np.ndarray:
    """A criterion's points in ten-thousandths as the score counts them, in hundredths, halves away from
    zero (points are never negative): as they are for an ICP written in points; for a weighted one, scaled
    to weight x 100 / the max_points of what is weighed (the pillar's or the criterion's), in integers
    (macro scaled_points, model int_icp_criteria__scaled)."""
    if grid.criterion_weights:
        weight = round(grid.criterion_weights[criterion.criterion_id] * 10_000)
        scale_max = cents(criterion.max_points)
    elif grid.pillar_weights:
        weight = round(grid.pillar_weights[criterion.pillar] * 10_000)
        scale_max = sum(cents(item.max_points) for item in grid.criteria if item.pillar == criterion.pillar)
    else:
        return (units + 50) // 100
    return (units * weight * 2 + 100 * scale_max) // (2 * 100 * scale_max)


def criterion_units(criterion: Criterion, grid: IcpGrid, features: Features) -> np.ndarray:
    """Points earned per account on one of the grid's criteria, in ten-thousandths (before any rounding)."""
    criterion_id, attribute = criterion.criterion_id, criterion.account_attribute
    if attribute == "technology":
        return technology_points(criterion_id, grid, features) * 100
    if attribute == "intent_signal":
        return intent_units(criterion_id, criterion.max_points, grid, features)
    if grid.scores_by_band(criterion):
        bands = {band.band_label: band.points for band in grid.bands.get(criterion_id, ())}
        return listed_points(criterion_id, bands, features) * 100
    if grid.scores_by_value(criterion):
        return value_points(criterion_id, grid.values.get(criterion_id, {}), features) * 100
    raise GridError(f'criterion "{criterion_id}": unknown account_attribute "{attribute}".')


def criterion_points(criterion: Criterion, grid: IcpGrid, features: Features) -> np.ndarray:
    """Points earned (hundredths) per account on one of the grid's criteria, as the score counts them."""
    return score_cents(criterion_units(criterion, grid, features), criterion, grid)


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
        earned = criterion_points(criterion, grid, features)
        table[f"{criterion.criterion_id}_points"] = earned / 100
        total += earned
        if criterion.pillar != "intent":
            has_data = features.has_data[criterion.criterion_id].to_numpy(dtype=bool)
            possible = int(score_cents(np.array([cents(criterion.max_points) * 100]), criterion, grid)[0])
            fit_possible += possible
            fit_with_data += np.where(has_data, possible, 0)
    share_with_data = fit_with_data / fit_possible if fit_possible else np.ones(len(table))
    is_scored = features.accounts["is_scorable"].to_numpy(dtype=bool) & (share_with_data >= completeness)
    grades, tiers = grade_of(total, grid.grade_bands)
    table["total_points"] = total / 100
    table["is_scored"] = is_scored
    table["icp_score"] = np.where(is_scored, total / 100, np.nan)
    table["icp_grade"] = np.where(is_scored, grades, UNSCORED)
    table["grade_tier"] = np.where(is_scored, tiers, 0)
    return table


def criterion_columns(scores: pd.DataFrame) -> list[str]:
    return [column for column in scores.columns if column not in ACCOUNT_COLUMNS]


def disagreements(python: pd.DataFrame, dbt: pd.DataFrame) -> pd.DataFrame:
    """Where two scores tables differ: one row per account and column (a criterion's points, total points,
    score, scored or not, grade, tier) with both values; an account or column missing on one side differs."""
    index = python.index.union(dbt.index)
    columns = [*dict.fromkeys([*criterion_columns(dbt), *criterion_columns(python)]), *ACCOUNT_COLUMNS]
    rows = []
    for column in columns:
        ours = (
            python[column].reindex(index) if column in python else pd.Series(None, index=index, dtype=object)
        )
        theirs = dbt[column].reindex(index) if column in dbt else pd.Series(None, index=index, dtype=object)
        if column in ("is_scored", "icp_grade", "grade_tier"):
            same = (ours == theirs).to_numpy()
        else:  # points: to the cent, none equal to none
            same = np.isclose(ours.astype(float), theirs.astype(float), rtol=0, atol=0.001, equal_nan=True)
        rows += [(account_id, column, ours[account_id], theirs[account_id]) for account_id in index[~same]]
    return pd.DataFrame(rows, columns=["account_id", "column", "python", "dbt"]).sort_values(
        ["account_id"], kind="stable", ignore_index=True
    )


def shown(value: object) -> str:
    """A value of a scores table as a message shows it: 24, 12.5, True, B."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def check_against_dbt(features: Features, dbt_scores: pd.DataFrame, where: str) -> None:
    """Score the grid dbt built `where` with, in Python, and stop with an error unless every account and
    criterion equals dbt's scores."""
    grid = features.built_with
    differing = disagreements(score_accounts(grid, features), dbt_scores)
    if differing.empty:
        return
    account_id = differing["account_id"].iloc[0]
    example = "; ".join(
        f"{row.column} {shown(row.python)} in Python, {shown(row.dbt)} in dbt"
        for row in differing[differing["account_id"] == account_id].itertuples()
    )
    raise ScoringDisagreementError(
        f"Python scoring disagrees with dbt on {differing['account_id'].nunique():,} of the "
        f"{len(dbt_scores):,} accounts of ICP {grid.icp_id!r} in {where} "
        f"(e.g. account {account_id}: {example}), so nothing was learned: the dbt models are the truth and "
        "the Python copy of the rules learning varies (icp_scoring.grid.scoring) has drifted from them; "
        "please report it as a bug with this message."
    )
