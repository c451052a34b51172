"""Learn a scoring grid from won customers, and propose it as seed CSVs next to the live grid.

    icp learn-grid --backtest-dir data/backtest [--icp default] [--min-won-customers 200]
        [--holdout 0.3] [--seed 42] [--output-dir data/proposals/<icp>_<as-of>] [--compare-planted]

Input: a folder left by `icp backtest`. The features are the cleaned attributes the grid matches on,
as they were at the window start (`warehouse_at_window_start.duckdb`): canonical industry (or country), the
live grid's employee (or revenue) bands, the technologies of the category of the criterion's values (e.g.
every CRM), and intent as the grid's decayed points capped per signal type. The labels come from the
window (`warehouse.duckdb`): a won customer is an account with a used, won opportunity created in the window.
The population is the accounts sales worked in the window (an activity or an opportunity) with a valid
website: outcomes of accounts nobody worked say nothing about their fit (the output shows this coverage).

Model: a logistic regression (scikit-learn, L2) on the criteria's values one-hot (technologies of a category
multi-hot, so an account's two CRMs both count where the grid counts the best one) plus intent per signal
type, fitted on a stratified training split. Read as a grid: a value's points are its coefficient minus its
criterion's worst coefficient ("none", the accounts without a listed value, included); a criterion's
max_points is proportional to the spread of its coefficients (intent: the 99th percentile of the intent
contribution of the training accounts that show intent); everything is scaled so the max_points add up to
exactly 100 (largest remainder) and the points of values, bands and signals are whole points within their
criterion's maximum. Each signal type's half-life is chosen first, among HALF_LIFE_CANDIDATES, by the
cross-validated log-loss of the model on the training accounts; criteria and band bounds stay those of the
live grid. The grade bands are proposed too, from the proposed scores of the training accounts (A about the
top 5%, B the next 20%, the other grades sharing the rest evenly, whole scores, 0-100 without gap; tiers as in
the live grid): with the live bands, a new grid's share of A+B would be arbitrary.

Output: a complete grid folder (every seeds/scoring_grid CSV; the other ICPs' rows and the unchanged files as
they are) in --output-dir, never in seeds/; a report (also written there as learning_report.txt): current vs
proposed points per criterion and value, both rankings, the model's AUC on the held-out split, and a backtest
of both grids on the held-out accounts, computed in Python by the models' rules (icp_scoring.grid.files; tiers
after
capacity are not reproduced, grades are). Backtest the proposal fully with `icp backtest --grid
<folder>`, and compare the grades it would give today with `icp whatif --grid <folder>`.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split

from icp_scoring import console, settings
from icp_scoring.console import UserError
from icp_scoring.grid import files as gs
from icp_scoring.grid.backtest import check_targets, format_check

progress = partial(console.progress, "icp learn-grid")

DEFAULT_MIN_WON_CUSTOMERS = 200
DEFAULT_HOLDOUT = 0.3
DEFAULT_SEED = 42
NONE_LEVEL = "(none)"
INTENT_SPREAD_QUANTILE = 0.99
REGULARIZATION_C = 1.0
# Half-lives (days) a signal type's decay is chosen from (cross-validated log-loss on the training accounts).
HALF_LIFE_CANDIDATES = (7, 14, 21, 30, 45, 60, 90, 120)
HALF_LIFE_FOLDS = 5
HALF_LIFE_SWEEPS = 2
# Share of the training accounts in the best grades (A, then B); the other grades share the rest evenly.
TOP_GRADE_SHARES = (0.05, 0.20)
REPORT_FILE = "learning_report.txt"


class LearnError(UserError):
    """Learning cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Design:
    """The model's inputs: one column per (criterion, level) and the matrix over the accounts."""

    columns: tuple[tuple[str, str], ...]
    matrix: pd.DataFrame  # index account_id, one column per entry of `columns`


@dataclass(frozen=True)
class LearnedCriterion:
    """A criterion read off the model: its spread in logit units and each level's share of it (0-1)."""

    criterion_id: str
    spread: float
    shares: dict[str, float]  # value, band or signal -> share of the criterion's max_points


@dataclass(frozen=True)
class Split:
    """Training and held-out accounts, and the population (worked, valid website) with its labels."""

    train: pd.Index
    holdout: pd.Index
    population: pd.Index
    is_won: pd.Series


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp learn-grid",
        description="Learn a scoring grid from the won customers of a backtest window (logistic regression) "
        "and write it as a proposed grid folder, with current vs proposed points and a held-out backtest.",
        epilog="README, section 'Learning a grid from won deals'.",
    )
    parser.add_argument(
        "--backtest-dir",
        type=Path,
        default=Path("data/backtest"),
        help="Folder left by `icp backtest` (default: %(default)s).",
    )
    parser.add_argument("--icp", default="default", help="ICP to learn (default: %(default)s).")
    parser.add_argument(
        "--current-grid",
        type=Path,
        default=settings.LIVE_GRID_DIR,
        help="The grid to start from and compare with (default: the live seeds/scoring_grid).",
    )
    parser.add_argument(
        "--min-won-customers",
        type=int,
        default=DEFAULT_MIN_WON_CUSTOMERS,
        help="Refuse to learn from fewer won customers than this (default: %(default)s).",
    )
    parser.add_argument(
        "--holdout",
        type=float,
        default=DEFAULT_HOLDOUT,
        help="Share of the accounts kept out of training to test both grids (default: %(default)s).",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="Seed of the split (default: %(default)s)."
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        help="Where to write the proposed grid (default: data/proposals/<icp>_<as-of date>); never seeds/.",
    )
    parser.add_argument(
        "--compare-planted",
        action="store_true",
        help="Also compare with the planted ICP of the sample generator (generated data only).",
    )
    args = parser.parse_args(argv)
    if not 0 < args.holdout < 1:
        parser.error("--holdout must be between 0 and 1 (e.g. 0.3)")
    if args.min_won_customers < 1:
        parser.error("--min-won-customers must be at least 1")
    return args


def read_reference(name: str, column: str, category: set[str] | None = None) -> list[str]:
    rows = gs.read_csv_rows(settings.REFERENCE_DIR / name)
    return [row[column] for row in rows if category is None or row["technology_category"] in category]


def criterion_levels(criterion: gs.Criterion, grid: gs.IcpGrid) -> list[str]:
    """The values, bands or signal types a criterion's points can be learned for (live grid's structure)."""
    attribute, criterion_id = criterion.account_attribute, criterion.criterion_id
    listed = list(grid.values.get(criterion_id, {}))
    if attribute == "industry":
        return list(dict.fromkeys([*read_reference("industries.csv", "industry"), *listed]))
    if attribute == "country":
        return list(dict.fromkeys([*read_reference("countries.csv", "country_code"), *listed]))
    if attribute == "technology":
        technologies = gs.read_csv_rows(settings.REFERENCE_DIR / "technologies.csv")
        categories = {row["technology_category"] for row in technologies if row["technology"] in listed}
        return list(dict.fromkeys([*read_reference("technologies.csv", "technology", categories), *listed]))
    if attribute in gs.BAND_ATTRIBUTES:
        return [band.band_label for band in grid.bands.get(criterion_id, ())]
    return [signal.signal_type for signal in grid.signals.get(criterion_id, ())]


def one_hot(
    criterion: gs.Criterion, grid: gs.IcpGrid, features: gs.Features, levels: list[str]
) -> pd.DataFrame:
    """0/1 per level (and NONE_LEVEL when the account has none of them) for a value, band or technology."""
    accounts = features.accounts.index
    table = pd.DataFrame(0.0, index=accounts, columns=[*levels, NONE_LEVEL])
    attribute = criterion.account_attribute
    if attribute == "technology":
        rows = features.technologies[features.technologies["technology"].isin(levels)]
        for level, members in rows.groupby("technology")["account_id"]:
            table.loc[table.index.isin(members), level] = 1.0
    elif attribute in gs.BAND_ATTRIBUTES:
        numbers = features.accounts[gs.ATTRIBUTE_COLUMNS[attribute]].to_numpy(dtype=float)
        for band in grid.bands.get(criterion.criterion_id, ()):
            upper = np.inf if band.upper_bound is None else band.upper_bound
            table[band.band_label] = ((numbers >= band.lower_bound) & (numbers < upper)).astype(float)
    else:
        column = features.accounts[gs.ATTRIBUTE_COLUMNS[attribute]]
        for level in levels:
            table[level] = (column == level).to_numpy(dtype=float)
    table[NONE_LEVEL] = (table[levels].sum(axis=1) == 0).astype(float)
    return table


def build_design(grid: gs.IcpGrid, features: gs.Features) -> Design:
    """One-hot values and bands, multi-hot technologies, and intent per signal type (the grid's points, caps
    and half-lives)."""
    parts, columns = [], []
    for criterion in grid.criteria:
        levels = criterion_levels(criterion, grid)
        if criterion.account_attribute == "intent_signal":
            signals = grid.signals.get(criterion.criterion_id, ())
            part = gs.intent_signal_units(signals, features) / 10_000
        else:
            part = one_hot(criterion, grid, features, levels)
        columns += [(criterion.criterion_id, str(level)) for level in part.columns]
        parts.append(part.set_axis([f"{criterion.criterion_id}={level}" for level in part.columns], axis=1))
    return Design(tuple(columns), pd.concat(parts, axis=1))


def split_accounts(
    features: gs.Features, outcomes: gs.Outcomes, holdout: float, seed: int, minimum: int
) -> Split:
    """Label the population and split every account, stratified by won, into training and held-out."""
    per_account = gs.outcomes_of(outcomes, features.accounts.index)
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


def learn_half_lives(
    grid: gs.IcpGrid, features: gs.Features, split: Split, train: pd.Index, seed: int
) -> tuple[gs.IcpGrid, list[str]]:
    """The grid with each signal type's half-life chosen from HALF_LIFE_CANDIDATES: the one whose decayed
    intent gives the model the lowest log-loss in a stratified cross-validation on the training population
    (one signal type at a time, the others fixed, HALF_LIFE_SWEEPS times over). How fast a signal goes stale
    is part of what the won deals can tell: with the live half-lives a signal that predicts wins for months
    but decays in two weeks would look worthless. Returns the grid and a line per sweep for the report."""
    labels = split.is_won[train].to_numpy()
    folds = StratifiedKFold(HALF_LIFE_FOLDS, shuffle=True, random_state=seed)
    design = build_design(grid, features).matrix.loc[train]
    decayed: dict[tuple[str, float], np.ndarray] = {}  # (signal type, half-life) -> the training column

    def cross_validated_loss(signals: dict[str, gs.Signal]) -> float:
        matrix = design.copy()
        for column, signal in signals.items():
            key = (signal.signal_type, signal.half_life_days)
            if key not in decayed:
                units = gs.intent_signal_units((signal,), features).loc[train]
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
            for half_life in HALF_LIFE_CANDIDATES:
                if half_life == signals[column].half_life_days:
                    continue  # the current choice: its loss is `best` already
                trial = {**signals, column: replace(signals[column], half_life_days=float(half_life))}
                loss = cross_validated_loss(trial)
                if loss < best - 1e-9:
                    best, signals = loss, trial
        chosen = ", ".join(f"{signal.signal_type} {signal.half_life_days:g}" for signal in signals.values())
        notes.append(f"sweep {sweep}: log-loss {best:.4f} with {chosen}")
    learned = {
        criterion_id: tuple(signals[f"{criterion_id}={signal.signal_type}"] for signal in criterion_signals)
        for criterion_id, criterion_signals in grid.signals.items()
        if any(f"{criterion_id}={signal.signal_type}" in signals for signal in criterion_signals)
    }
    return replace(grid, signals={**grid.signals, **learned}), notes


def fit_model(design: Design, split: Split, train: pd.Index) -> LogisticRegression:
    """The logistic regression of won customers on the design, over the training population."""
    model = LogisticRegression(C=REGULARIZATION_C, max_iter=5000)
    model.fit(design.matrix.loc[train].to_numpy(), split.is_won[train].to_numpy())
    return model


def learn_criteria(
    grid: gs.IcpGrid, design: Design, model: LogisticRegression, train: pd.Index
) -> list[LearnedCriterion]:
    """Each criterion's spread (logit units) and its levels' shares of it, from the coefficients."""
    coefficients = pd.Series(model.coef_[0], index=pd.MultiIndex.from_tuples(design.columns))
    training = design.matrix.loc[train]
    seen = pd.Series((training.to_numpy() > 0).any(axis=0), index=coefficients.index)
    learned = []
    for criterion in grid.criteria:
        criterion_id = criterion.criterion_id
        levels = coefficients[criterion_id]
        if criterion.account_attribute == "intent_signal":
            slopes = levels.clip(lower=0.0)
            prefix = [f"{criterion_id}={signal}" for signal in slopes.index]
            contribution = training[prefix].to_numpy() @ slopes.to_numpy()
            showing = contribution[training[prefix].to_numpy().sum(axis=1) > 0]
            spread = float(np.quantile(showing, INTENT_SPREAD_QUANTILE)) if len(showing) else 0.0
            caps = {signal.signal_type: signal.max_points for signal in grid.signals[criterion_id]}
            # A signal's share: its slope per live point times its live cap, over the criterion's spread.
            shares = {
                signal: float(slopes[signal] * caps[signal] / spread) if spread else 0.0
                for signal in slopes.index
            }
        else:
            observed = levels[seen[criterion_id].to_numpy()]
            values = observed.drop(NONE_LEVEL, errors="ignore")
            floor = float(observed.min()) if len(observed) else 0.0
            spread = max(float(values.max()) - floor, 0.0) if len(values) else 0.0
            shares = {
                level: (float(levels[level]) - floor) / spread if spread and level in values.index else 0.0
                for level in levels.index
                if level != NONE_LEVEL
            }
        learned.append(LearnedCriterion(criterion_id, spread, shares))
    return learned


def largest_remainder(weights: dict[str, float], total: int) -> dict[str, int]:
    """Whole numbers proportional to the weights that add up to exactly total."""
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        raise LearnError("the model found no criterion that separates won customers from the rest.")
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    whole = {key: math.floor(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - whole[key]), key))
    for key in by_remainder[: total - sum(whole.values())]:
        whole[key] += 1
    return whole


def whole_points(share: float, maximum: int) -> int:
    """A share of a criterion's maximum as whole points, halves up, within 0..maximum."""
    return min(max(math.floor(share * maximum + 0.5), 0), maximum)


def proposed_signals(
    criterion: gs.Criterion, grid: gs.IcpGrid, learned: LearnedCriterion, maximum: int
) -> tuple:
    """Signal points and caps scaled together (a signal's cap keeps its live ratio to its points)."""
    signals = []
    for signal in grid.signals.get(criterion.criterion_id, ()):
        cap = whole_points(learned.shares[signal.signal_type], maximum)
        points = min(
            whole_points(learned.shares[signal.signal_type] * signal.points / signal.max_points, maximum), cap
        )
        signals.append(replace(signal, points=float(points), max_points=float(cap)))
    shortfall = maximum - sum(signal.max_points for signal in signals)
    if shortfall > 0 and signals:  # rounding left the criterion unreachable: give the strongest signal room
        strongest = max(range(len(signals)), key=lambda index: learned.shares[signals[index].signal_type])
        signals[strongest] = replace(
            signals[strongest], max_points=min(signals[strongest].max_points + shortfall, maximum)
        )
    return tuple(signals)


def propose_grid(
    grid: gs.IcpGrid, learned: list[LearnedCriterion], won_customers: int, as_of: str
) -> gs.IcpGrid:
    """The learned criteria as a grid of whole points adding up to 100 (grade bands still the live ones)."""
    maximums = largest_remainder({item.criterion_id: item.spread for item in learned}, 100)
    by_id = {item.criterion_id: item for item in learned}
    criteria, values, bands, signals = [], {}, {}, {}
    for criterion in grid.criteria:
        item, maximum = by_id[criterion.criterion_id], maximums[criterion.criterion_id]
        if criterion.account_attribute == "intent_signal":
            signals[criterion.criterion_id] = proposed_signals(criterion, grid, item, maximum)
            ranked = sorted(signals[criterion.criterion_id], key=lambda signal: -signal.max_points)
            best = ", ".join(signal.signal_type for signal in ranked[:2])
        elif criterion.account_attribute in gs.BAND_ATTRIBUTES:
            bands[criterion.criterion_id] = tuple(
                replace(band, points=float(whole_points(item.shares[band.band_label], maximum)))
                for band in grid.bands[criterion.criterion_id]
            )
            best = max(bands[criterion.criterion_id], key=lambda band: band.points).band_label
        else:
            values[criterion.criterion_id] = {
                level: float(whole_points(share, maximum)) for level, share in item.shares.items()
            }
            best = max(values[criterion.criterion_id].items(), key=lambda pair: pair[1])[0]
        description = (
            f"{criterion.criterion_description.split(';')[0].rstrip('.')}. Learned from {won_customers} won "
            f"customers (window to {as_of}); best: {best}."
        )
        criteria.append(replace(criterion, max_points=float(maximum), criterion_description=description))
    return replace(grid, criteria=tuple(criteria), values=values, bands=bands, signals=signals)


def propose_grade_bands(grid: gs.IcpGrid, training_scores: np.ndarray) -> tuple[gs.GradeBand, ...]:
    """Whole-score grade bands over 0-100, the best grades holding about TOP_GRADE_SHARES of the training
    accounts (the whole score whose share of accounts at or above it is closest to the target)."""
    live = grid.grade_bands
    rest = len(live) - min(len(live) - 1, len(TOP_GRADE_SHARES))
    shares = [*TOP_GRADE_SHARES[: len(live) - 1]]
    shares += [(1 - sum(shares)) / rest] * rest
    candidates = np.arange(1, 101)
    reaching = (
        np.array([(training_scores >= score).mean() for score in candidates])
        if len(training_scores)
        else None
    )
    minimums = []
    for index in range(len(live) - 1):
        target = sum(shares[: index + 1])
        best = (
            candidates[np.argmin(np.abs(reaching - target) - candidates * 1e-9)]
            if reaching is not None
            else 0
        )
        minimums.append(int(best))
    minimums.append(0)
    for index in range(len(live) - 2, -1, -1):  # strictly decreasing, each at least one point above the next
        minimums[index] = max(minimums[index], minimums[index + 1] + 1)
    for index in range(len(live)):  # ... and within 0..100
        minimums[index] = min(minimums[index], 100 - index)
    maximums = [100, *minimums[:-1]]
    return tuple(
        replace(band, min_score=float(low), max_score=float(high))
        for band, low, high in zip(live, minimums, maximums, strict=True)
    )


def check_output_dir(output_dir: Path, current_grid: Path) -> None:
    resolved = output_dir.resolve()
    seeds = (settings.SEEDS_DIR).resolve()
    if resolved == seeds or seeds in resolved.parents or resolved == current_grid.resolve():
        raise LearnError(
            f"--output-dir {output_dir} is inside seeds/ (or is the current grid): a proposal never "
            "overwrites the live grid. Write it elsewhere (default data/proposals/...), review it, backtest "
            "it, then copy the CSVs into seeds/scoring_grid/ by hand."
        )


def criterion_table(current: gs.IcpGrid, proposed: gs.IcpGrid, planted: dict | None) -> list[str]:
    """Current vs proposed (and planted) points per criterion, then per value, band and signal."""
    lines = [
        f"{'criterion / value':<40} {'current':>10} {'proposed':>10}"
        + (f" {'planted':>10}" if planted else "")
    ]
    proposed_by_id = {criterion.criterion_id: criterion for criterion in proposed.criteria}
    for criterion in current.criteria:
        criterion_id = criterion.criterion_id
        truth = planted.get(criterion_id) if planted else None
        lines.append(
            f"{criterion_id:<40} {criterion.max_points:>10g} {proposed_by_id[criterion_id].max_points:>10g}"
            + (f" {truth.max_points:>10g}" if truth else (f" {'-':>10}" if planted else ""))
        )
        for label, now, new, true in level_points(criterion, current, proposed, truth):
            lines.append(f"  {label:<38} {now:>10} {new:>10}" + (f" {true:>10}" if planted else ""))
    return lines


def level_points(
    criterion: gs.Criterion, current: gs.IcpGrid, proposed: gs.IcpGrid, truth: object
) -> list[tuple]:
    """(label, current, proposed, planted) per value, band or signal; signals show points / cap."""
    criterion_id = criterion.criterion_id
    if criterion.account_attribute == "intent_signal":
        now = {signal.signal_type: signal for signal in current.signals.get(criterion_id, ())}
        new = {signal.signal_type: signal for signal in proposed.signals.get(criterion_id, ())}
        planted = getattr(truth, "signals", {}) or {}
        return [
            (
                signal,
                signal_text(now[signal]),
                signal_text(new[signal]),
                signal_text(planted[signal]) if signal in planted else "-",
            )
            for signal in new
        ]
    if criterion.account_attribute in gs.BAND_ATTRIBUTES:
        now_bands = {band.band_label: band.points for band in current.bands.get(criterion_id, ())}
        planted_bands = {band.band_label: band.points for band in getattr(truth, "bands", ())}
        return [
            (
                band.band_label,
                f"{now_bands.get(band.band_label, 0):g}",
                f"{band.points:g}",
                f"{planted_bands[band.band_label]:g}" if band.band_label in planted_bands else "-",
            )
            for band in proposed.bands.get(criterion_id, ())
        ]
    now_values = current.values.get(criterion_id, {})
    planted_values = getattr(truth, "values", {}) or {}
    new_values = proposed.values.get(criterion_id, {})
    return [
        (value, f"{now_values.get(value, 0):g}", f"{points:g}", f"{planted_values.get(value, 0):g}")
        for value, points in sorted(new_values.items(), key=lambda pair: (-pair[1], pair[0]))
    ]


def signal_text(signal: object) -> str:
    """A signal's points of a fresh signal / cap, and half-life: "35/35 14d"."""
    return f"{signal.points:g}/{signal.max_points:g} {signal.half_life_days:g}d"


def ranking(weights: dict[str, float]) -> str:
    """Criteria, most points first, ties shown as such: "intent > industry = crm > size"."""
    ordered = sorted(weights, key=lambda key: (-weights[key], key))
    text = ordered[0] if ordered else ""
    for previous, key in itertools.pairwise(ordered):
        text += f" {'=' if weights[key] == weights[previous] else '>'} {key}"
    return text


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def backtest_lines(label: str, rows: list[dict]) -> list[str]:
    """A held-out backtest in a few lines: per grade, then the best grades together, then the targets."""
    lines = [
        f"{label}:",
        f"  {'grade':<9} {'accounts':>8} {'share':>7} {'worked':>7} {'closed':>7} {'won':>5} "
        f"{'win rate':>9} {'won share':>9}",
    ]
    for row in rows:
        if row["account_count"]:
            lines.append(
                f"  {row['segment']:<9} {row['account_count']:>8,} {percent(row['share_of_accounts']):>7} "
                f"{row['worked_accounts']:>7,} {row['closed_opportunities']:>7,} "
                f"{row['won_opportunities']:>5,} "
                f"{percent(row['win_rate']):>9} {percent(row['share_of_won_deals']):>9}"
            )
    return lines + [f"  {format_check(check)}" for check in check_targets(rows, rows[0]["icp_id"])]


def spearman(learned: dict[str, float], planted: dict[str, float]) -> float:
    """Spearman's rank correlation of two criterion weightings (ties get their average rank)."""
    common = [key for key in planted if key in learned]
    return float(spearmanr([learned[key] for key in common], [planted[key] for key in common]).statistic)


def planted_icp() -> dict:
    """The sample generator's planted ICP (imported only with --compare-planted)."""
    from icp_scoring.sample import PLANTED_ICP

    return PLANTED_ICP


def auc(labels: pd.Series, scores: np.ndarray) -> float | None:
    return float(roc_auc_score(labels.to_numpy(), scores)) if labels.nunique() == 2 else None


@dataclass(frozen=True)
class Learning:
    """What was learned and how both grids do on the held-out accounts."""

    current: gs.IcpGrid
    proposed: gs.IcpGrid
    split: Split
    window_end: str
    won_customers: int
    mismatches: int
    aucs: dict[str, float | None]  # model, current, proposed
    backtests: dict[str, list[dict]]  # current, proposed
    half_life_notes: list[str]


def propose(current: gs.IcpGrid, features: gs.Features, split: Split, window_end: str, seed: int) -> tuple:
    """Choose the half-lives, fit the model on the training population and read it as a grid, grade bands
    included. Returns the proposed grid, the model, its design and the half-life search's notes."""
    train = split.train.intersection(split.population)
    progress(f"choosing the signal half-lives on {len(train):,} training accounts ...")
    decayed, notes = learn_half_lives(current, features, split, train, seed)
    design = build_design(decayed, features)
    progress(f"fitting the model on {len(train):,} training accounts ...")
    model = fit_model(design, split, train)
    won_customers = int(split.is_won[split.population].sum())
    proposed = propose_grid(decayed, learn_criteria(decayed, design, model, train), won_customers, window_end)
    training = gs.score_accounts(proposed, features).loc[split.train]
    bands = propose_grade_bands(proposed, training.loc[training["is_scored"], "icp_score"].to_numpy())
    return replace(proposed, grade_bands=bands), model, design, notes


def scoring_mismatches(backtest_dir: Path, icp_id: str, features: gs.Features, current: gs.IcpGrid) -> int:
    """Accounts on which Python and dbt disagree, scoring with the grid the backtest was built with (its
    project copy's; a backtest of a proposal used the proposal)."""
    built_with = backtest_dir / "project" / "seeds" / "scoring_grid"
    grid = gs.read_icp_grid(built_with, icp_id) if built_with.is_dir() else current
    scores = gs.score_accounts(grid, features)
    return gs.compare_with_mart(scores, backtest_dir / "warehouse_at_window_start.duckdb", icp_id)


def learn(args: argparse.Namespace) -> Learning:
    """Read the backtest folder, propose a grid, and backtest both grids on the held-out split."""
    window_start_warehouse = args.backtest_dir / "warehouse_at_window_start.duckdb"
    current = gs.read_icp_grid(args.current_grid, args.icp)
    progress(f"reading the features as of the window start ({window_start_warehouse}) ...")
    features = gs.read_features(window_start_warehouse)
    outcomes = gs.read_outcomes(args.backtest_dir / "warehouse.duckdb")
    split = split_accounts(features, outcomes, args.holdout, args.seed, args.min_won_customers)
    proposed, model, design, notes = propose(current, features, split, str(outcomes.window_end), args.seed)
    scores = {
        "current": gs.score_accounts(current, features),
        "proposed": gs.score_accounts(proposed, features),
    }
    holdout = split.holdout.intersection(split.population)
    labels = split.is_won[holdout]
    held_out_outcomes = gs.outcomes_of(outcomes, split.holdout)
    return Learning(
        current,
        proposed,
        split,
        str(outcomes.window_end),
        int(split.is_won[split.population].sum()),
        scoring_mismatches(args.backtest_dir, args.icp, features, current),
        {
            "model": auc(labels, model.predict_proba(design.matrix.loc[holdout].to_numpy())[:, 1]),
            **{
                name: auc(labels, table.loc[holdout, "total_points"].to_numpy())
                for name, table in scores.items()
            },
        },
        {
            name: gs.backtest_rows(args.icp, scores[name].loc[split.holdout], held_out_outcomes, grid)
            for name, grid in (("current", current), ("proposed", proposed))
        },
        notes,
    )


def ranking_lines(learning: Learning, planted: dict | None) -> list[str]:
    weights = {
        name: {criterion.criterion_id: criterion.max_points for criterion in grid.criteria}
        for name, grid in (("current", learning.current), ("proposed", learning.proposed))
    }
    lines = [
        f"Criterion ranking, current:  {ranking(weights['current'])}",
        f"Criterion ranking, proposed: {ranking(weights['proposed'])}",
    ]
    if planted:
        truth = {criterion_id: criterion.max_points for criterion_id, criterion in planted.items()}
        correlation = spearman(weights["proposed"], truth)
        lines += [
            f"Criterion ranking, planted:  {ranking(truth)}",
            f"Spearman correlation of max_points, proposed vs planted: {correlation:.2f}",
        ]
    return lines


def report(learning: Learning, args: argparse.Namespace, output_dir: Path) -> list[str]:
    """The printed report: points, rankings, grade bands, AUC, held-out backtests."""
    planted = planted_icp() if args.compare_planted else None
    holdout = learning.split.holdout
    grades = ", ".join(
        f"{band.icp_grade} {band.min_score:g}-{band.max_score:g}" for band in learning.proposed.grade_bands
    )
    check = (
        "Python scoring agrees with the backtest's dbt build at the window start on every account."
        if learning.mismatches == 0
        else "WARNING: Python scoring disagrees with the backtest's dbt build at the window start on "
        f"{learning.mismatches} "
        "accounts: the held-out backtest below is not exactly the models' rules."
    )
    return [
        f"Learned grid for ICP {learning.current.icp_id!r} -> {output_dir}",
        check,
        "",
        "Points per criterion and value (signals: points of a fresh signal / cap, half-life in days):",
        *criterion_table(learning.current, learning.proposed, planted),
        "",
        "Signal half-lives chosen from "
        f"{', '.join(str(days) for days in HALF_LIFE_CANDIDATES)} days by {HALF_LIFE_FOLDS}-fold "
        "cross-validated log-loss on the training accounts:",
        *(f"  {note}" for note in learning.half_life_notes),
        "",
        *ranking_lines(learning, planted),
        f"Proposed grade bands (from the training accounts' proposed scores): {grades}",
        "",
        f"Held-out split: {len(holdout):,} accounts ({args.holdout:.0%}, seed {args.seed}), "
        f"{len(holdout.intersection(learning.split.population)):,} of them worked with a valid website",
        f"  model AUC (won customers vs the rest): {fmt_auc(learning.aucs['model'])}; AUC of the score, "
        f"current grid: {fmt_auc(learning.aucs['current'])}, "
        f"proposed grid: {fmt_auc(learning.aucs['proposed'])}",
        "",
        *backtest_lines("Held-out backtest, current grid (live grade bands)", learning.backtests["current"]),
        *backtest_lines(
            "Held-out backtest, proposed grid (proposed grade bands)", learning.backtests["proposed"]
        ),
        "",
        f"Next: `icp backtest --grid {output_dir} ...; `icp whatif --grid {output_dir}`",
    ]


def fmt_auc(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        if args.output_dir is not None:
            check_output_dir(args.output_dir, args.current_grid)
        learning = learn(args)
        output_dir = args.output_dir or Path("data/proposals") / f"{args.icp}_{learning.window_end}"
        check_output_dir(output_dir, args.current_grid)
        gs.write_grid_folder(args.current_grid, learning.proposed, output_dir)
        lines = report(learning, args, output_dir)
    except (LearnError, gs.GridError) as error:
        print(f"learn_grid: {error}", file=sys.stderr)
        return 1
    (output_dir / REPORT_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(
        f"done in {time.perf_counter() - started:.0f} s; the proposal and {REPORT_FILE} are in {output_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
