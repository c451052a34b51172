"""Tests of the outcome files of `icp sample` (icp_scoring.sample.outcomes), drawn from the planted ICP.

The default sample (5,000 accounts, seed 42) is generated once; its opportunities and activities are checked
against the contract, the CRM accounts, and the truth that `true_icp_points` reports for each account. The
outcomes are point-in-time: opportunities open during the outcome window (the OUTCOME_WINDOW_DAYS before
--as-of), and the truth that drives them is the planted ICP as of the window's start, from the intent before
it, which is what a backtest grading accounts as of that day can see.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from typing import Any

import numpy as np
import pytest

from icp_scoring.grid import backtest
from icp_scoring.raw import landing as check
from icp_scoring.raw.contract import RAW_CONTRACT
from icp_scoring.sample import generation, outcomes, planted_icp
from tests.sample.helpers import read_rows
from tests.support import REPO_ROOT

ACCOUNTS, SEED = 5000, 42
AS_OF = dt.date(2026, 6, 30)
WINDOW_START = AS_OF - dt.timedelta(days=planted_icp.OUTCOME_WINDOW_DAYS)
WON_STAGES = {"closed won"}
CLOSED_STAGES = {"closed won", "closed lost"}


def quintile(scores: np.ndarray, of: np.ndarray | None = None) -> np.ndarray:
    """Quintile (0 = lowest fifth, 4 = highest) of every score among ``of`` (default: the scores)."""
    cuts = np.percentile(scores if of is None else of, [20, 40, 60, 80])
    return np.searchsorted(cuts, scores, side="right")


def days(row: dict[str, str], column: str) -> int:
    return (dt.date.fromisoformat(row[column]) - AS_OF).days


def money(text: str) -> float:
    """An amount as the generator writes it (24500, 24500.00, 24,500, $24,500, USD 24500, 24k); nan: blank."""
    number = text.removeprefix("USD ").removeprefix("$").replace(",", "")
    unit = {"k": 1e3, "M": 1e6}.get(number[-1:], 1.0)
    return float(number.rstrip("kM") or "nan") * unit


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The default sample's files, and the truth per account id as of the outcome window's start."""
    raw_dir = tmp_path_factory.mktemp("outcomes")
    generation.generate(ACCOUNTS, SEED, AS_OF, raw_dir)
    truth = planted_icp.true_icp_points(
        generation.simulate(ACCOUNTS, SEED), planted_icp.OUTCOME_WINDOW_DAYS
    ).to_pylist()
    return {
        "raw_dir": raw_dir,
        "crm": read_rows(raw_dir / "crm_accounts.csv"),
        "opportunities": read_rows(raw_dir / "crm_opportunities.csv"),
        "activities": read_rows(raw_dir / "crm_activities.csv"),
        "truth": {row["account_id"]: row for row in truth},
    }


@pytest.fixture(scope="module")
def closed(sample: dict[str, Any]) -> dict[str, np.ndarray]:
    """Every closed opportunity of the sample: its account's true score, won or not, amount and cycle."""
    rows = [row for row in sample["opportunities"] if row["stage"].lower() in CLOSED_STAGES]
    return {
        "score": np.array([sample["truth"][row["account_id"]]["true_icp_score"] for row in rows]),
        "won": np.array([row["stage"].lower() in WON_STAGES for row in rows]),
        "amount": np.array([money(row["amount"]) for row in rows]),
        "cycle": np.array([days(row, "closed_date") - days(row, "created_date") for row in rows]),
    }


def test_outcome_files_have_the_contract_columns(sample: dict[str, Any]) -> None:
    for file_name in ("crm_opportunities.csv", "crm_activities.csv"):
        with (sample["raw_dir"] / file_name).open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split(",")
        assert tuple(header) == RAW_CONTRACT[file_name]
    assert check.main(["--raw-dir", str(sample["raw_dir"]), "--check-only"]) == 0


def test_outcomes_belong_to_known_accounts_and_worked_accounts_have_activities(
    sample: dict[str, Any],
) -> None:
    crm_ids = {row["account_id"] for row in sample["crm"]}
    with_opportunities = {row["account_id"] for row in sample["opportunities"]}
    with_activities = {row["account_id"] for row in sample["activities"]}
    worked = {account for account, row in sample["truth"].items() if row["is_worked"]}
    assert with_opportunities <= with_activities <= crm_ids
    assert with_activities == worked
    assert "001WORKEDEX000X" not in with_activities
    ids = [row["opportunity_id"] for row in sample["opportunities"]]
    assert len(set(ids)) == len(ids)
    assert all(len(value) == 15 and value.startswith("0065g00000") for value in ids)


def test_opportunities_open_during_the_window_a_backtest_counts(sample: dict[str, Any]) -> None:
    """The outcome window is run_backtest's default window: every opportunity is created after its start (the
    backtest counts created_date > start, up to --as-of), and they spread over all of it."""
    assert planted_icp.OUTCOME_WINDOW_DAYS == backtest.DEFAULT_WINDOW_DAYS
    created = sorted(row["created_date"] for row in sample["opportunities"])
    assert WINDOW_START.isoformat() < created[0] <= (WINDOW_START + dt.timedelta(days=10)).isoformat()
    assert (AS_OF - dt.timedelta(days=10)).isoformat() <= created[-1] <= AS_OF.isoformat()
    halves = Counter(row < (WINDOW_START + dt.timedelta(days=90)).isoformat() for row in created)
    assert halves[True] > 0.35 * len(created)
    assert halves[False] > 0.35 * len(created)


def test_dates_are_in_the_window_and_ordered(sample: dict[str, Any]) -> None:
    created = {row["account_id"]: row["created_date"] for row in sample["crm"] if row["created_date"]}
    for row in sample["opportunities"]:
        assert -planted_icp.OUTCOME_WINDOW_DAYS < days(row, "created_date") <= 0
        assert row["created_date"] >= created.get(row["account_id"], "")
        if row["closed_date"]:
            assert row["created_date"] < row["closed_date"] <= AS_OF.isoformat()
    for row in sample["activities"]:
        window = planted_icp.OUTCOME_WINDOW_DAYS + outcomes.ACTIVITY_LEAD_DAYS
        assert -window < days(row, "activity_date") <= 0
        assert row["activity_date"] >= created.get(row["account_id"], "")
    dates = [row["activity_date"] for row in sample["activities"]]
    assert dates == sorted(dates)


def test_stage_is_won_and_closed_date_agree(sample: dict[str, Any]) -> None:
    stages = set()
    for row in sample["opportunities"]:
        stage = row["stage"].lower()
        stages.add(row["stage"])
        if stage in CLOSED_STAGES:
            assert row["closed_date"]
            assert row["is_won"].lower() == ("true" if stage in WON_STAGES else "false")
        else:
            assert (row["closed_date"], row["is_won"]) == ("", "")
    assert {"Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"} <= stages
    assert stages & {"Needs Analysis", "Proposal/Price Quote", "Negotiation/Review"}
    assert {row["is_won"] for row in sample["opportunities"]} >= {"true", "false", "TRUE", "FALSE", ""}


def test_amounts_are_clean_ish_money_text(sample: dict[str, Any]) -> None:
    amounts = [row["amount"] for row in sample["opportunities"]]
    blank = sum(not amount for amount in amounts)
    assert 0 < blank < 0.1 * len(amounts)
    forms = {
        "plain": r"\d+",
        "cents": r"\d+\.00",
        "thousands": r"\d{1,3}(,\d{3})+",
        "dollars": r"\$\d{1,3}(,\d{3})*",
        "usd": r"USD \d+",
        "compact": r"\d+(\.\d)?[kM]",
    }
    counts = {
        name: sum(bool(re.fullmatch(form, amount)) for amount in amounts) for name, form in forms.items()
    }
    assert counts["plain"] > 0.4 * len(amounts)
    assert all(counts.values()), counts
    assert sum(counts.values()) + blank == len(amounts)


def test_activity_types_are_calls_emails_and_meetings_in_crm_words(sample: dict[str, Any]) -> None:
    types = {row["activity_type"] for row in sample["activities"]}
    assert types == {
        "Call",
        "Phone Call",
        "call",
        "Email",
        "E-mail",
        "email",
        "Meeting",
        "Video Meeting",
        "meeting",
    }


def normalized(text: str) -> str:
    """Text as staging matches it against the alias seeds: trimmed, lower case, spaces collapsed."""
    return " ".join(text.split()).lower()


@pytest.mark.parametrize(
    ("canonical_seed", "alias_seed", "canonical", "raw"),
    [
        ("opportunity_stages", "opportunity_stage_aliases", outcomes.OPPORTUNITY_STAGES, outcomes.STAGE_RAW),
        ("activity_types", "activity_type_aliases", outcomes.ACTIVITY_TYPES, outcomes.ACTIVITY_RAW),
    ],
)
def test_every_generated_spelling_maps_through_the_seeds(
    canonical_seed: str, alias_seed: str, canonical: tuple[str, ...], raw: tuple[Any, ...]
) -> None:
    """The generator's vocabularies are the seeds' canonical values, and staging maps every raw spelling."""
    reference = REPO_ROOT / "seeds" / "reference"
    canonicals = read_rows(reference / f"{canonical_seed}.csv")
    key, label = list(canonicals[0])[:2]
    assert tuple(row[key] for row in canonicals) == canonical
    lookup = {normalized(row[key]): row[key] for row in canonicals}
    lookup |= {normalized(row[label]): row[key] for row in canonicals}
    lookup |= {
        normalized(alias): value
        for alias, value in (row.values() for row in read_rows(reference / f"{alias_seed}.csv"))
    }
    for value, spellings in zip(canonical, raw, strict=True):
        assert {lookup.get(normalized(spelling)) for spelling, _ in spellings} == {value}


def test_the_default_sample_has_enough_won_deals(
    sample: dict[str, Any], closed: dict[str, np.ndarray]
) -> None:
    opportunities = sample["opportunities"]
    won_customers = {row["account_id"] for row in opportunities if row["stage"].lower() in WON_STAGES}
    open_share = 1 - len(closed["won"]) / len(opportunities)
    print(
        f"opportunities {len(opportunities)}, won deals {closed['won'].sum()}, won customers "
        f"{len(won_customers)}, open {open_share:.1%}, worked share of the {len(sample['truth'])} accounts "
        f"{np.mean([row['is_worked'] for row in sample['truth'].values()]):.1%}"
    )
    assert len(won_customers) >= 200
    assert 250 <= closed["won"].sum() <= 800
    # Opened over 180 days with cycles of 75 days (median, non-ICP): many are still open at --as-of.
    assert 0.25 <= open_share <= 0.5
    assert 0.2 <= closed["won"].mean() <= 0.6


def test_win_rate_rises_with_true_fit(closed: dict[str, np.ndarray], sample: dict[str, Any]) -> None:
    """Quintiles of the truth as of the window start, before any of the window's deals opened."""
    every_score = np.array([row["true_icp_score"] for row in sample["truth"].values()])
    fifth = quintile(closed["score"], of=every_score)
    rates = [closed["won"][fifth == q].mean() for q in range(5)]
    bottom_two = closed["won"][fifth <= 1].mean()
    print("win rate by true-fit quintile: " + ", ".join(f"{rate:.1%}" for rate in rates))
    assert rates[4] >= 5 * rates[0]
    assert rates[4] >= 5 * bottom_two
    assert rates[0] < rates[2] < rates[4]


def test_icp_deals_are_larger_and_faster(closed: dict[str, np.ndarray]) -> None:
    """Planted: a deal's amount x1.45 and cycle x0.65 from no ICP effect (ramp 0) to the full one (ramp 1)."""
    ramp = outcomes.icp_ramp(closed["score"])
    known = ~np.isnan(closed["amount"])
    amount = np.polyfit(ramp[known], np.log(closed["amount"][known]), 1)[0]
    cycle = np.polyfit(ramp, np.log(closed["cycle"]), 1)[0]
    won = closed["won"] & known
    won_amount = np.polyfit(ramp[won], np.log(closed["amount"][won]), 1)[0]
    won_cycle = np.polyfit(ramp[won], np.log(closed["cycle"][won]), 1)[0]
    print(
        f"closed deals: amount x{math.exp(amount):.2f}, cycle x{math.exp(cycle):.2f} across the ramp; "
        f"won deals: amount x{math.exp(won_amount):.2f}, cycle x{math.exp(won_cycle):.2f}"
    )
    assert math.log(1.45) - 0.12 <= amount <= math.log(1.45) + 0.12
    assert math.log(0.65) - 0.12 <= cycle <= math.log(0.65) + 0.12
    assert won_amount > 0
    assert won_cycle < math.log(0.8)


def test_coverage_follows_fit_but_misses_some_best_accounts(sample: dict[str, Any]) -> None:
    truth = list(sample["truth"].values())
    score = np.array([row["true_icp_score"] for row in truth])
    worked = np.array([row["is_worked"] for row in truth])
    fifth = quintile(score)
    assert worked[fifth == 4].mean() > 2 * worked[fifth == 0].mean()
    best = score >= np.percentile(score, 90)
    assert 0.15 <= 1 - worked[best].mean() <= 0.6


@pytest.mark.parametrize("seed", [42, 1])
def test_a_grid_matching_the_truth_meets_the_backtest_targets(seed: int) -> None:
    """Graded by their true score as of the window start (A >= 80, B >= 60, ..., F < 20), A+B hold at most
    35% of the accounts and at least 60% of the window's won deals, and A's win rate is at least 10x F's."""
    drawn = generation.simulate(ACCOUNTS, seed).outcomes
    score = drawn.true_points.total
    deals = drawn.opportunities
    closed_deal = deals.stage >= outcomes.CLOSED_WON
    won = deals.stage == outcomes.CLOSED_WON
    grade = np.searchsorted([20, 40, 60, 80], score, side="right")  # 0 = F ... 4 = A
    deal_grade = grade[deals.account]
    top = grade >= 3
    won_share = won[top[deals.account]].sum() / won.sum()
    rate = {g: won[deal_grade == g].sum() / closed_deal[deal_grade == g].sum() for g in (0, 4)}
    print(
        f"seed {seed}: A+B {top.mean():.1%} of accounts, {won_share:.1%} of won deals, A wins {rate[4]:.1%}"
    )
    assert top.mean() <= 0.35
    assert won_share >= 0.6
    assert rate[4] >= 10 * rate[0]
