"""What one run draws before anything is rendered to text: the clean truth about the regular accounts,
their technographic and intent rows, the planted ICP's points and the outcomes drawn from them (dataclasses
only)."""

from dataclasses import dataclass

import numpy as np
import pyarrow as pa


@dataclass(frozen=True)
class AccountTruth:
    """The clean truth about the regular (non-planted) accounts, one array entry per account."""

    domain: pa.Array
    name_stem: pa.Array
    industry: np.ndarray
    industry_kind: np.ndarray
    employees: np.ndarray
    employees_kind: np.ndarray
    revenue: np.ndarray
    country: np.ndarray
    created_days: np.ndarray
    website_kind: np.ndarray
    owner: np.ndarray
    in_market: np.ndarray
    has_technology: np.ndarray
    crm_primary: np.ndarray
    crm_secondary: np.ndarray
    intent_profile: np.ndarray

    @property
    def size(self) -> int:
        """Number of regular accounts."""
        return len(self.industry)


@dataclass(frozen=True)
class TechnologyRows:
    """Technographic detections: account index, raw technology index, category index, dates."""

    account: np.ndarray
    technology: np.ndarray
    category: np.ndarray
    first_days: np.ndarray
    last_days: np.ndarray


@dataclass(frozen=True)
class EventRows:
    """Intent events: account index, canonical signal, raw (signal, source) pair, topic, age in seconds."""

    account: np.ndarray
    signal: np.ndarray
    raw_pair: np.ndarray
    topic: np.ndarray
    age_seconds: np.ndarray


@dataclass(frozen=True)
class TruePoints:
    """The planted ICP's points per criterion (PLANTED_ICP order) for each regular account."""

    by_criterion: dict[str, np.ndarray]

    @property
    def total(self) -> np.ndarray:
        """The true ICP score, 0-100."""
        return np.sum(list(self.by_criterion.values()), axis=0)


@dataclass(frozen=True)
class OpportunityRows:
    """Opportunities: account index, created age in days before as-of, cycle in days, stage, amount.

    An opportunity closed ``created_age - cycle_days`` days before as-of when that is 0 or more (a negative
    cycle, only injected, closes it before it was created); otherwise it is open.
    """

    account: np.ndarray
    created_age: np.ndarray
    cycle_days: np.ndarray
    stage: np.ndarray
    amount: np.ndarray


@dataclass(frozen=True)
class ActivityRows:
    """Sales activities: account index, age in days before as-of, activity type index."""

    account: np.ndarray
    age_days: np.ndarray
    activity_type: np.ndarray


@dataclass(frozen=True)
class Outcomes:
    """What sales did with the regular accounts, and the truth it was drawn from."""

    true_points: TruePoints
    win_probability: np.ndarray
    is_worked: np.ndarray
    opportunities: OpportunityRows
    activities: ActivityRows


@dataclass(frozen=True)
class Simulation:
    """Everything drawn for one run, before rendering to text."""

    accounts: AccountTruth
    technologies: TechnologyRows
    events: EventRows
    outcomes: Outcomes
