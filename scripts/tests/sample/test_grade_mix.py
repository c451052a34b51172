"""The grade mix the default grid would give the simulated truth (accounts and feeds), minus what the mess
hides: few A and B accounts, most D and F."""

from typing import Any

import numpy as np
import pytest

from icp_scoring.sample import generation, vocabulary

# The default ICP grid (seeds/scoring_grid), copied here to estimate scores from the clean truth.
INDUSTRY_POINTS = np.array([25, 15, 15, 10, 5, 5, 5, 5, 0, 0])  # in vocabulary.INDUSTRIES order
CRM_POINTS = np.array([20, 10, 15, 10, 5, 5])  # in vocabulary.CRMS order
SIGNAL_POINTS = {  # vocabulary.SIGNALS index: (points, half-life in days, cap)
    0: (35, 14, 35),
    1: (35, 21, 35),
    2: (5, 30, 15),
    3: (10, 14, 20),
    4: (10, 30, 15),
    5: (15, 14, 20),
}
INTENT_CAP = 35


def estimated_scores(simulation: Any) -> np.ndarray:
    """ICP score per regular account from the clean truth, minus what the mess hides.

    Blank or unmapped industries and unparseable employee counts score 0; accounts whose website is
    unusable (blank, garbage, IP, free-mail) cannot be joined to the feeds. Ranges and ``about``
    values are scored at their true size, future events are ignored.
    """
    truth = simulation.accounts
    usable_industry = np.isin(
        truth.industry_kind, [vocabulary.INDUSTRY_KIND_OK, vocabulary.INDUSTRY_KIND_NOISE]
    )
    industry = np.where(usable_industry, INDUSTRY_POINTS[truth.industry], 0)
    employees = truth.employees
    size = np.select([employees < 10, employees < 50, employees <= 200, employees < 1000], [0, 10, 20, 10], 0)
    size = np.where(truth.employees_kind < vocabulary.EMPLOYEE_KIND_BLANK, size, 0)
    rows = simulation.technologies
    crm = np.asarray(vocabulary.TECHNOLOGY_CRM)[rows.technology]
    crm_points = np.zeros(truth.size)
    np.maximum.at(crm_points, rows.account, np.where(crm >= 0, CRM_POINTS[np.maximum(crm, 0)], 0))
    events = simulation.events
    age_days = events.age_seconds / 86_400
    intent = np.zeros(truth.size)
    for signal, (points, half_life, cap) in SIGNAL_POINTS.items():
        chosen = (events.signal == signal) & (age_days >= 0)
        decayed = np.zeros(truth.size)
        np.add.at(decayed, events.account[chosen], points * 0.5 ** (age_days[chosen] / half_life))
        intent += np.minimum(decayed, cap)
    joinable = np.isin(truth.website_kind, [vocabulary.WEBSITE_KIND_OK, vocabulary.WEBSITE_KIND_EMAIL])
    feeds = crm_points[truth.owner] + np.minimum(intent, INTENT_CAP)[truth.owner]
    return industry + size + np.where(joinable, feeds, 0)


def grade_mix(scores: np.ndarray) -> dict[str, float]:
    """Share of accounts per grade band (A >= 80, B 60-80, C 40-60, D 20-40, F < 20)."""
    bands = {"A": (80, 101), "B": (60, 80), "C": (40, 60), "D": (20, 40), "F": (0, 20)}
    return {grade: float(np.mean((scores >= low) & (scores < high))) for grade, (low, high) in bands.items()}


@pytest.mark.parametrize("seed", [42, 1])
def test_estimated_grade_mix_on_5000_accounts(seed: int) -> None:
    scores = estimated_scores(generation.simulate(5000, seed))
    # The planted accounts: X scores 100 (A), Y scores 5 + 0 + 5 = 10 (F).
    scores = np.concatenate([scores, [100, 10]])
    mix = grade_mix(scores)
    print(f"seed {seed}: " + ", ".join(f"{grade} {share:.2%}" for grade, share in mix.items()))
    assert 0.005 <= mix["A"] <= 0.015
    assert 0.03 <= mix["B"] <= 0.06
    assert mix["D"] + mix["F"] > 0.6
