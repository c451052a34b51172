"""Tests of the planted truth (icp_scoring.sample.planted_icp): PLANTED_ICP is a grid unlike the shipped
one, writes as seed files, and gives each account the points a plain recomputation gives, as of the
outcome window's start from the intent before it."""

from __future__ import annotations

import dataclasses
import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from icp_scoring.grid import backtest
from icp_scoring.sample import generation, planted_icp, vectorised, vocabulary
from tests.sample.helpers import read_rows
from tests.support import GRID_DIR, REPO_ROOT, WORKING_GRID_DIR


def test_planted_icp_is_a_grid_with_clearly_ranked_criteria() -> None:
    weights = {criterion: item.max_points for criterion, item in planted_icp.PLANTED_ICP.items()}
    assert weights == {"buying_intent": 40, "industry": 30, "compatible_crm": 20, "company_size": 10}
    assert set(planted_icp.PLANTED_ICP["industry"].values) == set(vocabulary.INDUSTRIES)
    assert set(planted_icp.PLANTED_ICP["compatible_crm"].values) == set(vocabulary.CRMS)
    assert set(planted_icp.PLANTED_ICP["buying_intent"].signals) <= set(vocabulary.SIGNALS)
    for criterion, item in planted_icp.PLANTED_ICP.items():
        points = [*item.values.values(), *(band.points for band in item.bands)]
        points += [signal.max_points for signal in item.signals.values()]
        assert min(points) >= 0, criterion
        assert max(points) == item.max_points, criterion
    bands = planted_icp.PLANTED_ICP["company_size"].bands
    assert bands[0].lower_bound == 0 and bands[-1].upper_bound is None
    assert all(low.upper_bound == high.lower_bound for low, high in itertools.pairwise(bands))


def test_planted_icp_differs_from_the_shipped_grid() -> None:
    criteria = read_rows(GRID_DIR / "icp_criteria.csv")
    shipped = {
        row["criterion_id"]: float(row["max_points"]) for row in criteria if row["icp_id"] == "default"
    }
    assert shipped != {criterion: item.max_points for criterion, item in planted_icp.PLANTED_ICP.items()}
    values = read_rows(GRID_DIR / "icp_criterion_value_points.csv")
    bands = read_rows(GRID_DIR / "icp_criterion_band_points.csv")
    for criterion in ("industry", "compatible_crm"):
        rows = [row for row in values if row["icp_id"] == "default" and row["criterion_id"] == criterion]
        shipped_best = max(rows, key=lambda row: float(row["points"]))["matched_value"]
        planted = planted_icp.PLANTED_ICP[criterion].values
        assert shipped_best != max(planted, key=planted.__getitem__), criterion
    shipped_band = max(bands, key=lambda row: float(row["points"]))["band_label"]
    assert (
        shipped_band
        != max(planted_icp.PLANTED_ICP["company_size"].bands, key=lambda band: band.points).band_label
    )


def test_the_planted_icp_writes_as_grid_seed_files(tmp_path: Path) -> None:
    """write_planted_grid gives the four criteria and points files in the seeds' exact format, holding
    PLANTED_ICP and only canonical values, and icp backtest --grid takes them in place of the live ones."""
    written = planted_icp.write_planted_grid(tmp_path / "planted")
    assert sorted(path.name for path in written) == sorted(planted_icp.PLANTED_GRID_HEADERS)
    for path in written:
        with (GRID_DIR / path.name).open(encoding="utf-8") as shipped:
            assert path.read_text(encoding="utf-8").split("\n", 1)[0] == shipped.readline().rstrip("\n")
    files = {path.name: read_rows(path) for path in written}
    assert {row["icp_id"] for rows in files.values() for row in rows} == {"default"}
    criteria = {row["criterion_id"]: row for row in files["icp_criteria.csv"]}
    assert {name: float(row["max_points"]) for name, row in criteria.items()} == {
        name: item.max_points for name, item in planted_icp.PLANTED_ICP.items()
    }
    shipped = {row["criterion_id"]: row for row in read_rows(GRID_DIR / "icp_criteria.csv")}
    for name, row in criteria.items():
        assert (row["pillar"], row["account_attribute"]) == (
            shipped[name]["pillar"],
            shipped[name]["account_attribute"],
        )
    values = {
        (row["criterion_id"], row["matched_value"]): float(row["points"])
        for row in files["icp_criterion_value_points.csv"]
    }
    assert values == {
        (name, value): points
        for name, item in planted_icp.PLANTED_ICP.items()
        for value, points in item.values.items()
    }
    bands = [
        (row["band_label"], int(row["lower_bound"]), row["upper_bound"], float(row["points"]))
        for row in files["icp_criterion_band_points.csv"]
    ]
    assert bands == [
        (
            band.band_label,
            band.lower_bound,
            "" if band.upper_bound is None else str(band.upper_bound),
            band.points,
        )
        for band in planted_icp.PLANTED_ICP["company_size"].bands
    ]
    signals = {
        row["signal_type"]: planted_icp.PlantedSignal(
            float(row["points"]), float(row["half_life_days"]), float(row["max_points"])
        )
        for row in files["icp_intent_signal_points.csv"]
    }
    assert signals == planted_icp.PLANTED_ICP["buying_intent"].signals
    reference = REPO_ROOT / "seeds" / "reference"
    canonical = {row["industry"] for row in read_rows(reference / "industries.csv")}
    canonical |= {row["technology"] for row in read_rows(reference / "technologies.csv")}
    assert {value for _, value in values} <= canonical
    assert set(signals) <= {row["signal_type"] for row in read_rows(reference / "intent_signal_types.csv")}
    project = backtest.prepare_project(tmp_path / "backtest", tmp_path / "planted")
    for path in written:
        assert (project / "seeds" / "scoring_grid" / path.name).read_bytes() == path.read_bytes()
    # The files the planted grid does not write are the live grid's.
    assert (project / "seeds" / "scoring_grid" / "icp_grade_bands.csv").read_bytes() == (
        WORKING_GRID_DIR / "icp_grade_bands.csv"
    ).read_bytes()


def test_true_points_follow_the_planted_icp() -> None:
    simulation = generation.simulate(2000, 3)
    truth = simulation.accounts
    points = simulation.outcomes.true_points.by_criterion
    industry = planted_icp.PLANTED_ICP["industry"].values
    assert np.array_equal(points["industry"], [industry[vocabulary.INDUSTRIES[i]] for i in truth.industry])
    size = np.select(
        [truth.employees < 10, truth.employees < 50, truth.employees <= 200, truth.employees < 1000],
        [0, 3, 7, 10],
        5,
    )
    assert np.array_equal(points["company_size"], size)
    crm = planted_icp.PLANTED_ICP["compatible_crm"].values
    for account in range(50):
        crms = [
            vocabulary.CRMS[c] for c in (truth.crm_primary[account], truth.crm_secondary[account]) if c >= 0
        ]
        assert points["compatible_crm"][account] == max((crm[name] for name in crms), default=0)
    total = simulation.outcomes.true_points.total
    assert np.allclose(total, sum(points.values()))
    assert total.min() >= 0
    assert total.max() <= 100


def plain_intent_points(truth: Any, events: Any, account: int, days_before_as_of: int) -> float:
    """An account's planted intent points ``days_before_as_of`` days before --as-of, event by event: each
    event of its domain from its CRM creation day to that day is worth its points halved every half-life,
    capped per signal and overall."""
    criterion = planted_icp.PLANTED_ICP["buying_intent"]
    per_signal: dict[str, float] = {}
    for index in np.flatnonzero(events.account == truth.owner[account]):
        name = vocabulary.SIGNALS[events.signal[index]]
        # Whole days from the event's date to --as-of, then to the truth's day (0: that day itself).
        days_before = math.ceil(int(events.age_seconds[index]) / vectorised.SECONDS_PER_DAY)
        age = days_before - days_before_as_of
        if name not in criterion.signals or age < 0 or days_before > truth.created_days[account]:
            continue
        signal = criterion.signals[name]
        per_signal[name] = per_signal.get(name, 0.0) + signal.points * 0.5 ** (age / signal.half_life_days)
    capped = sum(min(value, criterion.signals[name].max_points) for name, value in per_signal.items())
    return min(capped, criterion.max_points)


@pytest.mark.parametrize("days_before_as_of", [planted_icp.OUTCOME_WINDOW_DAYS, 0])
def test_true_intent_points_match_a_plain_recomputation(days_before_as_of: int) -> None:
    """The vectorised intent points equal a loop over an account's events, with the planted decay and caps,
    as of the window start (the outcomes' truth) and as of --as-of."""
    simulation = generation.simulate(1000, 5)
    events, truth = simulation.events, simulation.accounts
    intent = planted_icp.planted_points(truth, events, days_before_as_of).by_criterion["buying_intent"]
    if days_before_as_of == planted_icp.OUTCOME_WINDOW_DAYS:
        assert np.array_equal(intent, simulation.outcomes.true_points.by_criterion["buying_intent"])
    owners = [account for account in range(truth.size) if truth.owner[account] == account]
    checked = 0
    day = -(-events.age_seconds // vectorised.SECONDS_PER_DAY)
    after = np.unique(events.account[day <= days_before_as_of])  # on or after the truth's day
    assert len(after) > 0
    # Accounts with events before their CRM creation day, and accounts sharing another's domain.
    before_creation = np.unique(events.account[day > truth.created_days[events.account]])
    sharers = np.flatnonzero(truth.owner != np.arange(truth.size))
    assert len(before_creation) > 10
    assert len(sharers) > 0
    for account in [*owners[:150], *after[:150], *before_creation[:100], *sharers]:
        assert intent[account] == pytest.approx(
            plain_intent_points(truth, events, account, days_before_as_of)
        ), account
        checked += intent[account] > 0
    assert checked > 30


def with_events(events: Any, account: np.ndarray, signal: np.ndarray, age_seconds: np.ndarray) -> Any:
    """The events plus new ones (account, canonical signal, age in seconds before --as-of)."""
    count = len(account)
    return dataclasses.replace(
        events,
        account=np.concatenate([events.account, account]),
        signal=np.concatenate([events.signal, signal.astype(events.signal.dtype)]),
        raw_pair=np.concatenate([events.raw_pair, np.zeros(count, dtype=events.raw_pair.dtype)]),
        topic=np.concatenate([events.topic, np.zeros(count, dtype=events.topic.dtype)]),
        age_seconds=np.concatenate([events.age_seconds, age_seconds]),
    )


def test_the_truth_at_the_window_start_uses_no_later_event() -> None:
    """Adding demo requests and pricing visits after the window start, or removing every event after it,
    leaves the truth as of the window start unchanged; the same events on the start day itself change it."""
    simulation = generation.simulate(1000, 5)
    truth, events = simulation.accounts, simulation.events
    window = planted_icp.OUTCOME_WINDOW_DAYS
    truth_at_start = planted_icp.planted_points(truth, events, window).total
    rng = np.random.default_rng(0)
    owners = np.flatnonzero(truth.owner == np.arange(truth.size))
    account = rng.choice(owners, size=300)
    signal = rng.choice(
        [vocabulary.SIGNALS.index("demo_request"), vocabulary.SIGNALS.index("pricing_page_visit")], 300
    )
    # From an hour after the start day (its midnight ends it) to days after --as-of.
    last_second_of_start_day = (window - 1) * vectorised.SECONDS_PER_DAY
    later = rng.integers(-5 * vectorised.SECONDS_PER_DAY, last_second_of_start_day - 3600, 300)
    added = with_events(events, account, signal, later)
    assert np.array_equal(planted_icp.planted_points(truth, added, window).total, truth_at_start)
    day = -(-events.age_seconds // vectorised.SECONDS_PER_DAY)
    before = day >= window
    assert not before.all()
    kept = dataclasses.replace(
        events,
        **{name: getattr(events, name)[before] for name in ("account", "signal", "raw_pair", "topic")},
        age_seconds=events.age_seconds[before],
    )
    assert np.array_equal(planted_icp.planted_points(truth, kept, window).total, truth_at_start)
    on_start_day = with_events(events, account, signal, np.full(300, window * vectorised.SECONDS_PER_DAY))
    changed = planted_icp.planted_points(truth, on_start_day, window).total != truth_at_start
    assert changed[account].mean() > 0.5
    # Accounts sharing a chosen owner's domain count its events too; every other account is unchanged.
    assert not changed[~np.isin(truth.owner, account)].any()
    table = planted_icp.true_icp_points(simulation)
    assert np.array_equal(table["true_icp_score"].to_numpy(), truth_at_start)


def test_intent_before_the_window_carries_into_it() -> None:
    """Events exist before the window start, and an account's intent persists: its true intent at the window
    start goes with its intent at --as-of, and the accounts hottest at the start stay busy in the window."""
    simulation = generation.simulate(5000, 1)
    truth, events = simulation.accounts, simulation.events
    window = planted_icp.OUTCOME_WINDOW_DAYS
    at_start = planted_icp.planted_points(truth, events, window).by_criterion["buying_intent"]
    at_as_of = planted_icp.planted_points(truth, events, 0).by_criterion["buying_intent"]
    print(
        f"accounts with intent at the window start {np.mean(at_start > 0):.1%}, at --as-of "
        f"{np.mean(at_as_of > 0):.1%}; correlation {np.corrcoef(at_start, at_as_of)[0, 1]:.2f}"
    )
    assert np.mean(at_start > 0) > 0.4
    assert np.corrcoef(at_start, at_as_of)[0, 1] > 0.6
    day = -(-events.age_seconds // vectorised.SECONDS_PER_DAY)
    in_window = np.bincount(events.account[(day >= 0) & (day < window)], minlength=truth.size)
    hottest = at_start >= np.percentile(at_start, 95)
    cold = at_start == 0
    assert in_window[hottest].mean() > 5 * in_window[cold].mean()


def test_accounts_on_a_shared_domain_share_its_intent() -> None:
    """Accounts on one domain share its events, each from its own CRM creation day on: those created before
    every event of the domain get exactly the owner's intent."""
    simulation = generation.simulate(2000, 5)
    truth, events = simulation.accounts, simulation.events
    owner = truth.owner
    intent = simulation.outcomes.true_points.by_criterion["buying_intent"]
    sharers = np.flatnonzero(owner != np.arange(len(owner)))
    oldest_event = -(-events.age_seconds.max() // vectorised.SECONDS_PER_DAY)
    both_older = sharers[
        (truth.created_days[sharers] >= oldest_event) & (truth.created_days[owner[sharers]] >= oldest_event)
    ]
    assert len(both_older) > 0
    assert np.array_equal(intent[both_older], intent[owner[both_older]])
    assert intent[owner[both_older]].max() > 0
