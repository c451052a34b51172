"""The report of `icp learn-grid`: current vs proposed points, the half-life search, the rankings, the grade
bands, the AUCs and the held-out backtests of both grids."""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from scipy.stats import spearmanr

from icp_scoring.grid import files
from icp_scoring.grid.backtest import check_targets, format_check
from icp_scoring.grid.learning.design import HALF_LIFE_CANDIDATES, HALF_LIFE_FOLDS

if TYPE_CHECKING:
    from icp_scoring.grid.learn import Learning


def criterion_table(current: files.IcpGrid, proposed: files.IcpGrid, planted: dict | None) -> list[str]:
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
    criterion: files.Criterion, current: files.IcpGrid, proposed: files.IcpGrid, truth: object
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
                signal_text(planted_signal(signal, planted[signal])) if signal in planted else "-",
            )
            for signal in new
        ]
    if current.scores_by_band(criterion):
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


def planted_signal(signal_type: str, planted: object) -> files.Signal:
    """The generator's planted signal (points, half-life, cap) as a grid signal."""
    return files.Signal(
        signal_type,
        planted.points,
        planted.half_life_days,
        planted.max_points,
    )


def signal_text(signal: files.Signal) -> str:
    """A signal's points of a fresh signal / cap, and its decay: "35/35 14d", "12/100 no decay"."""
    return f"{signal.points:g}/{signal.max_points:g} {signal.decay_text()}"


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
    return [
        f"Learned grid for ICP {learning.current.icp_id!r} -> {output_dir}",
        # Learning stops before this report unless it holds (icp_scoring.grid.scoring.check_against_dbt).
        "Python scoring agrees with the backtest's dbt build at the window start on every account.",
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
        f"Next: `icp backtest --grid {output_dir} --as-of ...`, then `icp whatif --grid {output_dir}`",
    ]


def fmt_auc(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
