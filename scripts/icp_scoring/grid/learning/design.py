"""The model's inputs: the population and its split, the design matrix, and the signal half-lives.

The features are what dbt computed for the accounts as of the window start (icp_scoring.grid.features). The
design has, per criterion of the grid, a column per value or band (1 for the one dbt matched, NONE_LEVEL when
it matched none of them), per technology of the category of the criterion's values (multi-hot: an account's
two CRMs both count), and per signal type the grid's decayed points capped per type
(icp_scoring.grid.scoring). Each signal type's half-life is chosen among HALF_LIFE_CANDIDATES by the
cross-validated log-loss of the model."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ParamSpec, TypeVar

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from threadpoolctl import threadpool_limits

from icp_scoring import settings
from icp_scoring.console import UserError
from icp_scoring.grid import files, scoring
from icp_scoring.grid.outcomes import Outcomes, outcomes_of

P = ParamSpec("P")
R = TypeVar("R")
NONE_LEVEL = "(none)"
REGULARIZATION_C = 1.0
# Half-lives (days) a signal type's decay is chosen from (cross-validated log-loss on the training accounts).
HALF_LIFE_CANDIDATES = (7, 14, 21, 30, 45, 60, 90, 120)
HALF_LIFE_FOLDS = 5
HALF_LIFE_SWEEPS = 2
# The model's fits run on one BLAS thread: their matrices are small (accounts x a few dozen columns), and the
# hundreds of cross-validated fits spent more time waking BLAS threads than computing (measured, icp
# learn-grid on 8,000 accounts: 23 s and 23 CPU s on one thread, against 46 s and 85 CPU s on two cores; the
# same proposal byte for byte).


def on_one_blas_thread(function: Callable[P, R]) -> Callable[P, R]:
    """function, run with BLAS limited to one thread (the limit is taken at call time: scipy loads its own
    BLAS library only when first used, and a limit taken earlier misses it)."""

    @functools.wraps(function)
    def limited(*args: P.args, **kwargs: P.kwargs) -> R:
        with threadpool_limits(limits=1, user_api="blas"):
            return function(*args, **kwargs)

    return limited


class LearnError(UserError):
    """Learning cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Design:
    """The model's inputs: one column per (criterion, level) and the matrix over the accounts."""

    columns: tuple[tuple[str, str], ...]
    matrix: pd.DataFrame  # index account_id, one column per entry of `columns`


@dataclass(frozen=True)
class Split:
    """Training and held-out accounts, and the population (worked, valid website) with its labels."""

    train: pd.Index
    holdout: pd.Index
    population: pd.Index
    is_won: pd.Series


def read_reference(name: str, column: str, category: set[str] | None = None) -> list[str]:
    rows = files.read_csv_rows(settings.REFERENCE_DIR / name)
    return [row[column] for row in rows if category is None or row["technology_category"] in category]


def criterion_levels(criterion: files.Criterion, grid: files.IcpGrid) -> list[str]:
    """The values, bands or signal types a criterion's points can be learned for (live grid's structure)."""
    attribute, criterion_id = criterion.account_attribute, criterion.criterion_id
    listed = list(grid.values.get(criterion_id, {}))
    if attribute == "industry":
        return list(dict.fromkeys([*read_reference("industries.csv", "industry"), *listed]))
    if attribute == "country":
        return list(dict.fromkeys([*read_reference("countries.csv", "country_code"), *listed]))
    if attribute == "technology":
        technologies = files.read_csv_rows(settings.REFERENCE_DIR / "technologies.csv")
        categories = {row["technology_category"] for row in technologies if row["technology"] in listed}
        return list(dict.fromkeys([*read_reference("technologies.csv", "technology", categories), *listed]))
    if grid.scores_by_band(criterion):
        return [band.band_label for band in grid.bands.get(criterion_id, ())]
    if grid.scores_by_value(criterion):  # a CRM field: the values the grid lists (it has no vocabulary)
        return listed
    return [signal.signal_type for signal in grid.signals.get(criterion_id, ())]


def one_hot(criterion: files.Criterion, features: scoring.Features, levels: list[str]) -> pd.DataFrame:
    """0/1 per level (and NONE_LEVEL when the account has none of them) for a value, band or technology."""
    table = pd.DataFrame(0.0, index=features.accounts.index, columns=[*levels, NONE_LEVEL])
    if criterion.account_attribute == "technology":
        rows = features.technologies[features.technologies["technology"].isin(levels)]
        for level, members in rows.groupby("technology")["account_id"]:
            table.loc[table.index.isin(members), level] = 1.0
    else:  # a value or a band: the one dbt matched
        matched = features.matched[criterion.criterion_id]
        for level in levels:
            table[level] = (matched == level).to_numpy(dtype=float)
    table[NONE_LEVEL] = (table[levels].sum(axis=1) == 0).astype(float)
    return table


def build_design(grid: files.IcpGrid, features: scoring.Features) -> Design:
    """One-hot values and bands, multi-hot technologies, and intent per signal type (the grid's points, caps
    and half-lives)."""
    parts, columns = [], []
    for criterion in grid.criteria:
        levels = criterion_levels(criterion, grid)
        if criterion.account_attribute == "intent_signal":
            signals = grid.signals.get(criterion.criterion_id, ())
            part = scoring.intent_signal_units(signals, features) / 10_000
        else:
            part = one_hot(criterion, features, levels)
        columns += [(criterion.criterion_id, str(level)) for level in part.columns]
        parts.append(part.set_axis([f"{criterion.criterion_id}={level}" for level in part.columns], axis=1))
    return Design(tuple(columns), pd.concat(parts, axis=1))


def split_accounts(
    features: scoring.Features, outcomes: Outcomes, holdout: float, seed: int, minimum: int
) -> Split:
    """Label the population and split every account, stratified by won, into training and held-out."""
    per_account = outcomes_of(outcomes, features.accounts.index)
    has_website = features.accounts["website_status"] == "valid"
    is_won = per_account["won_opportunities"] > 0
    population = features.accounts.index[(per_account["is_worked"] & has_website).to_numpy()]
    won_customers = int(is_won[population].sum())
    print(
        f"Population: {len(population):,} of the {len(features.accounts):,} accounts were worked by sales "
        "between "
        f"{outcomes.window_start} and {outcomes.window_end} and have a valid website "
        f"(coverage {len(population) / len(features.accounts):.1%}); {won_customers:,} are won customers "
        f"(a won opportunity created in the window), {len(population) - won_customers:,} the rest."
    )
    if won_customers < minimum:
        raise LearnError(
            f"only {won_customers} won customers (accounts with a won opportunity created between "
            f"{outcomes.window_start} and {outcomes.window_end}, among the {len(population):,} accounts "
            f"sales worked that have a valid website); learning a grid needs at least {minimum} "
            "(--min-won-customers). Use a longer window "
            "(`icp backtest --window-days 365`), wait for more deals to close, or lower "
            "--min-won-customers knowing the proposed points will be noisier."
        )
    strata = (is_won.astype(int) + 2 * features.accounts.index.isin(population)).to_numpy()
    train, holdout_ids = train_test_split(
        features.accounts.index.to_numpy(), test_size=holdout, random_state=seed, stratify=strata
    )
    return Split(pd.Index(np.sort(train)), pd.Index(np.sort(holdout_ids)), population, is_won)


@on_one_blas_thread
def learn_half_lives(
    grid: files.IcpGrid, features: scoring.Features, split: Split, train: pd.Index, seed: int
) -> tuple[files.IcpGrid, list[str]]:
    """The grid with each signal type's half-life chosen from HALF_LIFE_CANDIDATES: the one whose decayed
    intent gives the model the lowest log-loss in a stratified cross-validation on the training population
    (one signal type at a time, the others fixed, HALF_LIFE_SWEEPS times over). How fast a signal goes stale
    is part of what the won deals can tell: with the live half-lives a signal that predicts wins for months
    but decays in two weeks would look worthless. Returns the grid and a line per sweep for the report."""
    labels = split.is_won[train].to_numpy()
    folds = StratifiedKFold(HALF_LIFE_FOLDS, shuffle=True, random_state=seed)
    design = build_design(grid, features).matrix.loc[train]
    decayed: dict[tuple[str, float], np.ndarray] = {}  # (signal type, half-life) -> the training column

    def cross_validated_loss(signals: dict[str, files.Signal]) -> float:
        matrix = design.copy()
        for column, signal in signals.items():
            key = (signal.signal_type, signal.half_life_days)
            if key not in decayed:
                units = scoring.intent_signal_units((signal,), features).loc[train]
                decayed[key] = units.to_numpy(dtype=float)[:, 0] / 10_000
            matrix[column] = decayed[key]
        model = LogisticRegression(C=REGULARIZATION_C, max_iter=5000)
        scores = cross_val_score(model, matrix.to_numpy(), labels, cv=folds, scoring="neg_log_loss")
        return -float(scores.mean())

    signals = {
        f"{criterion.criterion_id}={signal.signal_type}": signal
        for criterion in grid.criteria
        if criterion.account_attribute == "intent_signal"
        for signal in grid.signals.get(criterion.criterion_id, ())
    }
    best = cross_validated_loss(signals)
    notes = [f"live half-lives: log-loss {best:.4f}"]
    for sweep in range(1, HALF_LIFE_SWEEPS + 1):
        for column in signals:
            if signals[column].half_life_days is None:
                continue  # a signal the grid says does not decay keeps that rule
            for half_life in HALF_LIFE_CANDIDATES:
                if half_life == signals[column].half_life_days:
                    continue  # the current choice: its loss is `best` already
                trial = {**signals, column: replace(signals[column], half_life_days=float(half_life))}
                loss = cross_validated_loss(trial)
                if loss < best - 1e-9:
                    best, signals = loss, trial
        chosen = ", ".join(f"{signal.signal_type} {signal.decay_text()}" for signal in signals.values())
        notes.append(f"sweep {sweep}: log-loss {best:.4f} with {chosen}")
    learned = {
        criterion_id: tuple(signals[f"{criterion_id}={signal.signal_type}"] for signal in criterion_signals)
        for criterion_id, criterion_signals in grid.signals.items()
        if any(f"{criterion_id}={signal.signal_type}" in signals for signal in criterion_signals)
    }
    return replace(grid, signals={**grid.signals, **learned}), notes


@on_one_blas_thread
def fit_model(design: Design, split: Split, train: pd.Index) -> LogisticRegression:
    """The logistic regression of won customers on the design, over the training population."""
    model = LogisticRegression(C=REGULARIZATION_C, max_iter=5000)
    model.fit(design.matrix.loc[train].to_numpy(), split.is_won[train].to_numpy())
    return model
