"""The planted truth: PLANTED_ICP, the true points it gives every regular account, and its scoring-grid seed
files.

The outcome files (opportunities, activities) need a known truth, so that a grid learned from won customers
and a backtest of grades against won deals can be checked. PLANTED_ICP is that truth: which criteria and
values of the default grid really drive wins, written like a scoring grid (same criteria, bands and signal
types as seeds/scoring_grid) and computed from the clean attributes the raw files express. It deliberately
differs from the shipped grid: other weights (intent 40 > industry 30 > CRM 20 > size 10, against
35/25/20/20), other best values (financial services, Salesforce, 201-999 employees, demo requests, slower
decay), so that learning has something to find.

The truth is point-in-time: the outcomes are drawn from it as of the start of the outcome window
(OUTCOME_WINDOW_DAYS before --as-of). ``true_icp_points`` gives it per account, so that learning and
backtests can be checked; ``write_planted_grid`` writes it as scoring-grid seed files, to backtest the truth
itself.
"""

import csv
import pathlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from icp_scoring.sample.accounts import account_ids
from icp_scoring.sample.clean_truth import AccountTruth, EventRows, Simulation, TruePoints
from icp_scoring.sample.vectorised import SECONDS_PER_DAY
from icp_scoring.sample.vocabulary import CRMS, INDUSTRIES, SIGNALS


@dataclass(frozen=True)
class PlantedBand:
    """An employee band of the planted ICP: lower bound in, upper bound out (None: no limit)."""

    band_label: str
    lower_bound: int
    upper_bound: int | None
    points: float


@dataclass(frozen=True)
class PlantedSignal:
    """A signal type of the planted ICP: points halved every half-life (in whole days), capped per type."""

    points: float
    half_life_days: float
    max_points: float


@dataclass(frozen=True)
class PlantedCriterion:
    """One criterion of the planted ICP: its weight and the true points of its values, bands or signals."""

    max_points: float
    values: Mapping[str, float] = field(default_factory=dict)
    bands: tuple[PlantedBand, ...] = ()
    signals: Mapping[str, PlantedSignal] = field(default_factory=dict)


# The true ICP, keyed by the default grid's criterion ids, most important first. Values missing from a
# criterion (and accounts without a CRM) earn 0.
PLANTED_ICP: dict[str, PlantedCriterion] = {
    "buying_intent": PlantedCriterion(
        max_points=40,
        signals={
            "demo_request": PlantedSignal(points=40, half_life_days=60, max_points=40),
            "pricing_page_visit": PlantedSignal(points=30, half_life_days=45, max_points=40),
            "competitor_comparison": PlantedSignal(points=20, half_life_days=45, max_points=30),
            "webinar_attendance": PlantedSignal(points=12, half_life_days=60, max_points=20),
            "review_site_category_view": PlantedSignal(points=6, half_life_days=45, max_points=15),
            "content_download": PlantedSignal(points=3, half_life_days=60, max_points=10),
        },
    ),
    "industry": PlantedCriterion(
        max_points=30,
        values={
            "financial_services": 30,
            "technology": 24,
            "professional_services": 21,
            "healthcare": 15,
            "manufacturing": 9,
            "logistics": 6,
            "media": 3,
            "retail": 3,
            "education": 0,
            "public_sector": 0,
        },
    ),
    "compatible_crm": PlantedCriterion(
        max_points=20,
        values={
            "salesforce": 20,
            "hubspot": 14,
            "microsoft_dynamics": 10,
            "pipedrive": 6,
            "zoho_crm": 4,
            "sap": 2,
        },
    ),
    "company_size": PlantedCriterion(
        max_points=10,
        bands=(
            PlantedBand("1-9", 0, 10, 0),
            PlantedBand("10-49", 10, 50, 3),
            PlantedBand("50-200", 50, 201, 7),
            PlantedBand("201-999", 201, 1000, 10),
            PlantedBand("1000+", 1000, None, 5),
        ),
    ),
}
# The outcomes are point-in-time: opportunities are opened during the outcome window, the
# OUTCOME_WINDOW_DAYS before --as-of (never before the account's creation), and the truth that drives them
# is the planted ICP as of the window's start, from the intent before it. A backtest that grades accounts as
# of the window start (`icp backtest`, whose default --window-days is this same 180) sees what
# sales knew.
OUTCOME_WINDOW_DAYS = 180


def planted_points(
    truth: AccountTruth, events: EventRows, days_before_as_of: int = OUTCOME_WINDOW_DAYS
) -> TruePoints:
    """PLANTED_ICP applied to the clean truth as of ``days_before_as_of`` days before --as-of (default: the
    outcome window's start): points per criterion for every regular account.

    Industry and employees are the true ones (before any blank or unparseable rendering); the CRM is the
    better of the main and second CRM; intent is computed from the account's events up to that day, as the
    grid computes it when scoring as of that day.
    """
    industry = PLANTED_ICP["industry"].values
    crm = PLANTED_ICP["compatible_crm"].values
    crm_points = np.array([crm.get(name, 0.0) for name in CRMS] + [0.0])  # index -1: no CRM
    bands = PLANTED_ICP["company_size"].bands
    band = np.searchsorted([band.lower_bound for band in bands], truth.employees, side="right") - 1
    points = {
        "buying_intent": planted_intent_points(truth, events, days_before_as_of),
        "industry": np.array([industry.get(name, 0.0) for name in INDUSTRIES])[truth.industry],
        "compatible_crm": np.maximum(crm_points[truth.crm_primary], crm_points[truth.crm_secondary]),
        "company_size": np.array([band.points for band in bands])[band],
    }
    return TruePoints({criterion: points[criterion] for criterion in PLANTED_ICP})


def planted_intent_points(truth: AccountTruth, events: EventRows, days_before_as_of: int) -> np.ndarray:
    """Intent points per account as the grid computes them when scoring as of ``days_before_as_of`` days
    before --as-of: each event is worth its points halved every half-life (age in whole days before that
    day: 0 on the day itself; events after it never count), summed and capped per signal type, then capped
    at the criterion's maximum.

    Events belong to the domain's owner; every account on the domain counts them, but only from its own CRM
    creation date on, as the models do (an event dated before the account's created_date is
    `before_account_created`): what the company did before it was an account is not what scoring can see.
    The decay is looked up in a small (signal type x age) table, so each of the millions of events costs one
    gather.
    """
    criterion = PLANTED_ICP["buying_intent"]
    planted = [criterion.signals.get(signal) for signal in SIGNALS]
    account, signal, event_day = events_per_account(truth, events)
    # Whole days before --as-of as dbt counts them (the date of the event to the scoring date), then before
    # the truth's day.
    age_days = event_day - days_before_as_of
    oldest = int(age_days.max(initial=0))
    not_counted = (age_days < 0) | (event_day > truth.created_days[account])
    age_days[not_counted] = oldest + 1  # the table's last column, worth nothing
    ages = np.arange(oldest + 2)
    table = np.array(
        [
            np.zeros(len(ages)) if item is None else item.points * np.exp2(-ages / item.half_life_days)
            for item in planted
        ]
    )
    table[:, -1] = 0.0
    decayed = table.ravel()[signal.astype(np.int64) * len(ages) + age_days]
    kinds = len(SIGNALS)
    per_signal = np.bincount(account * kinds + signal, weights=decayed, minlength=truth.size * kinds).reshape(
        truth.size, kinds
    )
    cap = np.array([0.0 if item is None else item.max_points for item in planted])
    return np.minimum(np.minimum(per_signal, cap).sum(axis=1), criterion.max_points)


def events_per_account(truth: AccountTruth, events: EventRows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(account, signal, whole days before --as-of) of every event for every account on its domain: the
    owner's events as they are, plus a copy for each account that shares the owner's domain."""
    event_day = -(-events.age_seconds // SECONDS_PER_DAY)
    sharers = np.flatnonzero(truth.owner != np.arange(truth.size))
    if not len(sharers):
        return events.account, events.signal, event_day
    order = np.argsort(events.account, kind="stable")
    by_owner = events.account[order]
    starts = np.searchsorted(by_owner, truth.owner[sharers], side="left")
    ends = np.searchsorted(by_owner, truth.owner[sharers], side="right")
    counts = ends - starts
    # Positions starts[i] .. ends[i] - 1 of the sorted events, for each sharer i, in one vector.
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    copied = order[np.repeat(starts, counts) + offsets]
    return (
        np.concatenate([events.account, np.repeat(sharers, counts)]),
        np.concatenate([events.signal, events.signal[copied]]),
        np.concatenate([event_day, event_day[copied]]),
    )


def true_icp_points(simulation: Simulation, days_before_as_of: int = OUTCOME_WINDOW_DAYS) -> pa.Table:
    """The planted truth per regular account id, as of ``days_before_as_of`` days before --as-of (default:
    OUTCOME_WINDOW_DAYS, the start of the outcome window, the truth the outcomes were drawn from; 0: as of
    --as-of itself): PLANTED_ICP's points per criterion (``<criterion>_points``), with intent from the events
    up to that day only, and their sum ``true_icp_score`` (0-100). Then what the outcomes drew from the
    truth at the window start, whatever ``days_before_as_of``: the account's ``true_win_probability`` for a
    closed deal, and ``is_worked`` (whether sales worked it: it has activities, and perhaps opportunities, in
    the files).

    The two planted worked-example accounts and injected accounts have no outcomes and are not listed.
    Recompute with the generator's own arguments: ``true_icp_points(simulate(accounts, seed, ...))``.
    """
    outcomes = simulation.outcomes
    points = planted_points(simulation.accounts, simulation.events, days_before_as_of)
    return pa.table(
        {
            "account_id": account_ids(np.arange(simulation.accounts.size)),
            **{f"{criterion}_points": values for criterion, values in points.by_criterion.items()},
            "true_icp_score": points.total,
            "true_win_probability": outcomes.win_probability,
            "is_worked": outcomes.is_worked,
        }
    )


# The planted ICP written as scoring-grid seed files (seeds/scoring_grid format), e.g. to backtest the truth:
# pillar and account attribute of each criterion, as in the default grid.
PLANTED_CRITERION_KINDS = {
    "buying_intent": ("intent", "intent_signal"),
    "industry": ("firmographic", "industry"),
    "compatible_crm": ("technographic", "technology"),
    "company_size": ("firmographic", "employee_count"),
}
PLANTED_GRID_HEADERS = {
    "icp_criteria.csv": (
        "icp_id",
        "criterion_id",
        "pillar",
        "account_attribute",
        "max_points",
        "criterion_description",
    ),
    "icp_criterion_value_points.csv": ("icp_id", "criterion_id", "matched_value", "points"),
    "icp_criterion_band_points.csv": (
        "icp_id",
        "criterion_id",
        "band_label",
        "lower_bound",
        "upper_bound",
        "points",
    ),
    "icp_intent_signal_points.csv": (
        "icp_id",
        "criterion_id",
        "signal_type",
        "points",
        "half_life_days",
        "max_points",
        "floor_points",
        "max_age_days",
    ),
}


def planted_grid_rows(icp_id: str = "default") -> dict[str, list[tuple[object, ...]]]:
    """PLANTED_ICP as the rows of the four scoring-grid seed files that hold criteria and points, per file."""
    rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in PLANTED_GRID_HEADERS}
    for criterion_id, item in PLANTED_ICP.items():
        pillar, attribute = PLANTED_CRITERION_KINDS[criterion_id]
        description = (
            f"Planted truth of the sample generator (PLANTED_ICP): {criterion_id.replace('_', ' ')}."
        )
        rows["icp_criteria.csv"].append(
            (icp_id, criterion_id, pillar, attribute, item.max_points, description)
        )
        rows["icp_criterion_value_points.csv"] += [
            (icp_id, criterion_id, value, points) for value, points in item.values.items()
        ]
        rows["icp_criterion_band_points.csv"] += [
            (icp_id, criterion_id, band.band_label, band.lower_bound, band.upper_bound, band.points)
            for band in item.bands
        ]
        rows["icp_intent_signal_points.csv"] += [
            (
                icp_id,
                criterion_id,
                signal_type,
                signal.points,
                signal.half_life_days,
                signal.max_points,
                None,
                None,
            )
            for signal_type, signal in item.signals.items()
        ]
    return rows


def write_planted_grid(directory: pathlib.Path, icp_id: str = "default") -> list[pathlib.Path]:
    """Write PLANTED_ICP as scoring-grid seed CSVs (icp_criteria, value, band and intent signal points) into
    ``directory``, for `icp backtest` --grid``; the other seed files (grade bands, plays, ...) are
    left to the live grid. Returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in planted_grid_rows(icp_id).items():
        path = directory / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(PLANTED_GRID_HEADERS[name])
            writer.writerows(tuple(grid_text(value) for value in row) for row in rows)
        written.append(path)
    return written


def grid_text(value: object) -> str:
    """A seed cell: numbers without a needless decimal part (40, 2.5), None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
