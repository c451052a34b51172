"""The model read as a grid: whole points per criterion, value, band and signal, and grade bands.

A value's points are its coefficient minus its criterion's worst coefficient ("none", the accounts without a
listed value, included); a criterion's max_points is proportional to the spread of its coefficients (intent:
the 99th percentile of the intent contribution of the training accounts that show intent); everything is
scaled so that the max_points add up to exactly 100 (largest remainder) and the points of values, bands and
signals are whole points within their criterion's maximum. The grade bands come from the proposed scores of
the training accounts (A about the top 5%, B the next 20%, the other grades sharing the rest evenly, whole
scores, 0-100 without gap; tiers as in the live grid)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from icp_scoring.grid import files
from icp_scoring.grid.learning.design import NONE_LEVEL, Design, LearnError

INTENT_SPREAD_QUANTILE = 0.99
# Share of the training accounts in the best grades (A, then B); the other grades share the rest evenly.
TOP_GRADE_SHARES = (0.05, 0.20)


@dataclass(frozen=True)
class LearnedCriterion:
    """A criterion read off the model: its spread in logit units and each level's share of it (0-1)."""

    criterion_id: str
    spread: float
    shares: dict[str, float]  # value, band or signal -> share of the criterion's max_points


def learn_criteria(
    grid: files.IcpGrid, design: Design, model: LogisticRegression, train: pd.Index
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
    criterion: files.Criterion, grid: files.IcpGrid, learned: LearnedCriterion, maximum: int
) -> tuple:
    """Signal points and caps scaled together (a signal's cap keeps its live ratio to its points)."""
    signals = []
    for signal in grid.signals.get(criterion.criterion_id, ()):
        cap = whole_points(learned.shares[signal.signal_type], maximum)
        points = min(
            whole_points(learned.shares[signal.signal_type] * signal.points / signal.max_points, maximum), cap
        )
        # A floor keeps its live share of the signal's points.
        floor = (
            None
            if signal.floor_points is None or not signal.points
            else float(min(round(signal.floor_points * points / signal.points), points))
        )
        signals.append(replace(signal, points=float(points), max_points=float(cap), floor_points=floor))
    shortfall = maximum - sum(signal.max_points for signal in signals)
    if shortfall > 0 and signals:  # rounding left the criterion unreachable: give the strongest signal room
        strongest = max(range(len(signals)), key=lambda index: learned.shares[signals[index].signal_type])
        signals[strongest] = replace(
            signals[strongest], max_points=min(signals[strongest].max_points + shortfall, maximum)
        )
    return tuple(signals)


def propose_grid(
    grid: files.IcpGrid, learned: list[LearnedCriterion], won_customers: int, as_of: str
) -> files.IcpGrid:
    """The learned criteria as a grid of whole points adding up to 100 (grade bands still the live ones).
    The proposal is written in points: a live ICP with pillar or criterion weights loses them, since the
    learned max_points already say how much each criterion weighs (weights would count them twice)."""
    maximums = largest_remainder({item.criterion_id: item.spread for item in learned}, 100)
    by_id = {item.criterion_id: item for item in learned}
    criteria, values, bands, signals = [], {}, {}, {}
    for criterion in grid.criteria:
        item, maximum = by_id[criterion.criterion_id], maximums[criterion.criterion_id]
        if criterion.account_attribute == "intent_signal":
            signals[criterion.criterion_id] = proposed_signals(criterion, grid, item, maximum)
            ranked = sorted(signals[criterion.criterion_id], key=lambda signal: -signal.max_points)
            best = ", ".join(signal.signal_type for signal in ranked[:2])
        elif grid.scores_by_band(criterion):
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
    return replace(
        grid,
        criteria=tuple(criteria),
        values=values,
        bands=bands,
        signals=signals,
        pillar_weights={},
        criterion_weights={},
    )


def propose_grade_bands(grid: files.IcpGrid, training_scores: np.ndarray) -> tuple[files.GradeBand, ...]:
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
