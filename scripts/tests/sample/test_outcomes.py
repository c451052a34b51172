"""Tests for the outcome files of `icp sample` and the planted ICP they are drawn from.

The default sample (5,000 accounts, seed 42) is generated once; its opportunities and activities are checked
against the contract, the CRM accounts, and the truth that `true_icp_points` reports for each account. The
outcomes are point-in-time: opportunities open during the outcome window (the OUTCOME_WINDOW_DAYS before
--as-of), and the truth that drives them is the planted ICP as of the window's start, from the intent before
it, which is what a backtest grading accounts as of that day can see.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from icp_scoring.grid import backtest
from icp_scoring.raw import landing as check
from icp_scoring.raw.contract import RAW_CONTRACT
from icp_scoring.sample import generation, outcomes, planted_icp, vectorised, vocabulary
from tests.support import REPO_ROOT

ACCOUNTS, SEED = 5000, 42
AS_OF = dt.date(2026, 6, 30)
WINDOW_START = AS_OF - dt.timedelta(days=planted_icp.OUTCOME_WINDOW_DAYS)
WON_STAGES = {"closed won"}
CLOSED_STAGES = {"closed won", "closed lost"}
GRID_DIR = REPO_ROOT / "seeds" / "scoring_grid"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


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


# --- The planted ICP ------------------------------------------------------------------------------


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
    assert (project / "seeds" / "scoring_grid" / "icp_grade_bands.csv").read_bytes() == (
        GRID_DIR / "icp_grade_bands.csv"
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
    assert not changed[np.setdiff1d(np.arange(truth.size), account)].any()
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


# --- The files ------------------------------------------------------------------------------------


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


# --- What the truth does to the outcomes ----------------------------------------------------------


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
