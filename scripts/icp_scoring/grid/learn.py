"""Learn a scoring grid from won customers, and propose it as seed CSVs next to the live grid.

    icp learn-grid --backtest-dir data/backtest [--icp default] [--min-won-customers 200]
        [--holdout 0.3] [--seed 42] [--output-dir data/proposals/<icp>_<as-of>] [--compare-planted]

Input: a folder left by `icp backtest`. The features are what its dbt build computed as of the window start
(`warehouse_at_window_start.duckdb`; icp_scoring.grid.features): the canonical industry (or country) and the
employee (or revenue) band each account matched, the technologies of the category of the criterion's values
(e.g. every CRM), and intent as the grid's decayed points capped per signal type. The labels come from the
window (`warehouse.duckdb`): a won customer is an account with a used, won opportunity created in the window.
The population is the accounts sales worked in the window (an activity or an opportunity) with a valid
website: outcomes of accounts nobody worked say nothing about their fit (the output shows this coverage).

First, the Python scoring of candidate grids (icp_scoring.grid.scoring) must give the grid the backtest was
built with exactly dbt's scores, per account and criterion: if it does not, the command stops with an error.

Model (icp_scoring.grid.learning.design): a logistic regression (scikit-learn, L2) on the criteria's values
one-hot (technologies of a category multi-hot, so an account's two CRMs both count where the grid counts the
best one) plus intent per signal type, fitted on a stratified training split; each signal type's half-life is
chosen first, among HALF_LIFE_CANDIDATES, by the cross-validated log-loss of the model on the training
accounts. Read as a grid (icp_scoring.grid.learning.proposal): points per value, band and signal and
max_points adding up to exactly 100, in whole points, and grade bands of its own from the proposed scores of
the training accounts (with the live bands, a new grid's share of A+B would be arbitrary); criteria and band
bounds stay those of the live grid.

Output: a complete grid folder (every seeds/scoring_grid CSV; the other ICPs' rows and the unchanged files as
they are) in --output-dir, never in seeds/; a report (icp_scoring.grid.learning.report; also written there as
learning_report.txt): current vs proposed points per criterion and value, both rankings, the model's AUC on
the held-out split, and a backtest of both grids on the held-out accounts (icp_scoring.grid.outcomes; grades,
not tiers after capacity). Backtest the proposal fully with `icp backtest --grid <folder>`, and compare the
grades it would give today with `icp whatif --grid <folder>`."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from icp_scoring import console, settings
from icp_scoring.grid import files, scoring
from icp_scoring.grid.features import check_grid_fits, read_dbt_scores, read_features
from icp_scoring.grid.learning.design import (
    LearnError,
    Split,
    build_design,
    fit_model,
    learn_half_lives,
    split_accounts,
)
from icp_scoring.grid.learning.proposal import learn_criteria, propose_grade_bands, propose_grid
from icp_scoring.grid.learning.report import report
from icp_scoring.grid.outcomes import backtest_rows, outcomes_of, read_outcomes

progress = partial(console.progress, "icp learn-grid")

DEFAULT_MIN_WON_CUSTOMERS = 200
DEFAULT_HOLDOUT = 0.3
DEFAULT_SEED = 42
REPORT_FILE = "learning_report.txt"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp learn-grid",
        description="Learn a scoring grid from the won customers of a backtest window (logistic regression) "
        "and write it as a proposed grid folder, with current vs proposed points and a held-out backtest.",
        epilog="How it works: docs/backtest-and-learning.md, section 'Learning a grid from won deals'.",
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


def check_output_dir(output_dir: Path, current_grid: Path) -> None:
    resolved = output_dir.resolve()
    seeds = (settings.SEEDS_DIR).resolve()
    if resolved == seeds or seeds in resolved.parents or resolved == current_grid.resolve():
        raise LearnError(
            f"--output-dir {output_dir} is inside seeds/ (or is the current grid): a proposal never "
            "overwrites the live grid. Write it elsewhere (default data/proposals/...), review it, backtest "
            "it, then copy the CSVs into seeds/scoring_grid/ by hand."
        )


def auc(labels: pd.Series, scores: np.ndarray) -> float | None:
    return float(roc_auc_score(labels.to_numpy(), scores)) if labels.nunique() == 2 else None


@dataclass(frozen=True)
class Learning:
    """What was learned and how both grids do on the held-out accounts."""

    current: files.IcpGrid
    proposed: files.IcpGrid
    split: Split
    window_end: str
    won_customers: int
    aucs: dict[str, float | None]  # model, current, proposed
    backtests: dict[str, list[dict]]  # current, proposed
    half_life_notes: list[str]


def propose(
    current: files.IcpGrid, features: scoring.Features, split: Split, window_end: str, seed: int
) -> tuple:
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
    training = scoring.score_accounts(proposed, features).loc[split.train]
    bands = propose_grade_bands(proposed, training.loc[training["is_scored"], "icp_score"].to_numpy())
    return replace(proposed, grade_bands=bands), model, design, notes


def read_checked_features(backtest_dir: Path, current: files.IcpGrid) -> scoring.Features:
    """The features at the window start, once the Python scoring is proven equal to dbt's on them."""
    warehouse = backtest_dir / "warehouse_at_window_start.duckdb"
    progress(f"reading the features as of the window start ({warehouse}) ...")
    features = read_features(warehouse, current.icp_id)
    progress("checking the Python scoring against the backtest's dbt build on the grid it was built with ...")
    scoring.check_against_dbt(
        features, read_dbt_scores(warehouse, current.icp_id), "the backtest's dbt build at the window start"
    )
    check_grid_fits(current, features)
    return features


def learn(args: argparse.Namespace) -> Learning:
    """Read the backtest folder, propose a grid, and backtest both grids on the held-out split."""
    current = files.read_icp_grid(args.current_grid, args.icp)
    features = read_checked_features(args.backtest_dir, current)
    outcomes = read_outcomes(args.backtest_dir / "warehouse.duckdb")
    split = split_accounts(features, outcomes, args.holdout, args.seed, args.min_won_customers)
    proposed, model, design, notes = propose(current, features, split, str(outcomes.window_end), args.seed)
    scores = {
        "current": scoring.score_accounts(current, features),
        "proposed": scoring.score_accounts(proposed, features),
    }
    holdout = split.holdout.intersection(split.population)
    labels = split.is_won[holdout]
    held_out_outcomes = outcomes_of(outcomes, split.holdout)
    return Learning(
        current,
        proposed,
        split,
        str(outcomes.window_end),
        int(split.is_won[split.population].sum()),
        {
            "model": auc(labels, model.predict_proba(design.matrix.loc[holdout].to_numpy())[:, 1]),
            **{
                name: auc(labels, table.loc[holdout, "total_points"].to_numpy())
                for name, table in scores.items()
            },
        },
        {
            name: backtest_rows(args.icp, scores[name].loc[split.holdout], held_out_outcomes, grid)
            for name, grid in (("current", current), ("proposed", proposed))
        },
        notes,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    if args.output_dir is not None:
        check_output_dir(args.output_dir, args.current_grid)
    learning = learn(args)
    output_dir = args.output_dir or settings.PROPOSALS_DIR / f"{args.icp}_{learning.window_end}"
    check_output_dir(output_dir, args.current_grid)
    files.write_grid_folder(args.current_grid, learning.proposed, output_dir)
    lines = report(learning, args, output_dir)
    (output_dir / REPORT_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(
        f"done in {time.perf_counter() - started:.0f} s; the proposal and {REPORT_FILE} are in {output_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
