"""Building blocks of the injected bad input: new accounts with clean values (FreshAccounts), the accounts
and domains injected events go to, technographic, intent, opportunity and activity rows for given accounts,
and CSV lines written as raw bytes."""

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from icp_scoring.sample.accounts import account_ids, simulate_sizes
from icp_scoring.sample.clean_truth import AccountTruth, ActivityRows, OpportunityRows
from icp_scoring.sample.files import CRM_COLUMNS, OPPORTUNITIES_FILE
from icp_scoring.sample.injection import InjectionContext
from icp_scoring.sample.outcomes import (
    PROSPECTING_ACTIVITY_MIX,
    draw_opportunities,
    opportunity_ids,
    render_activities,
    render_opportunities,
    window_ages,
)
from icp_scoring.sample.vectorised import (
    SECONDS_PER_DAY,
    as_text,
    categorical,
    days_to_dates,
    epoch_day,
    join,
    pick,
    seconds_to_timestamps,
)
from icp_scoring.sample.vocabulary import (
    BURST_SIGNAL_WEIGHTS,
    COUNTRY_GROUPS,
    COUNTRY_SHARES,
    CREATED_MAX_DAYS,
    CREATED_MIN_DAYS,
    INDUSTRY_GROUPS,
    INDUSTRY_SHARES,
    INTENT_HISTORY_DAYS,
    NAME_FIRST_WORDS,
    NAME_SECOND_WORDS,
    SIGNAL_GROUPS,
    SIGNAL_PAIR_SOURCE,
    SOURCES,
    TOPICS,
    WEBSITE_KIND_OK,
)

EVENTS_PER_TARGET = 8  # injected intent events per targeted account
RECENT_ACCOUNT_DAYS = 120  # age of new accounts that receive events before their creation
INJECTED_WIN_PROBABILITY = 0.3


@dataclass(frozen=True)
class FreshAccounts:
    """New accounts for injected CRM rows: clean text columns and the values behind them."""

    columns: dict[str, pa.Array]
    domain: pa.Array
    stem: pa.Array
    industry: np.ndarray
    employees: np.ndarray
    created_seconds: np.ndarray
    modified_seconds: np.ndarray

    def select(self, rows: np.ndarray) -> "FreshAccounts":
        """The given rows (repeats allowed)."""
        index = pa.array(np.asarray(rows, dtype=np.int64))
        return FreshAccounts(
            columns={name: values.take(index) for name, values in self.columns.items()},
            domain=self.domain.take(index),
            stem=self.stem.take(index),
            industry=self.industry[rows],
            employees=self.employees[rows],
            created_seconds=self.created_seconds[rows],
            modified_seconds=self.modified_seconds[rows],
        )

    def table(self, **changes: pa.Array) -> pa.Table:
        """The CRM rows with some columns replaced."""
        columns = self.columns | changes
        return pa.table({name: pc.cast(columns[name], pa.string()) for name in CRM_COLUMNS})

    def age_days(self, as_of: dt.date) -> np.ndarray:
        """Whole days from each account's creation to the as-of date."""
        return (epoch_day(as_of) * SECONDS_PER_DAY - self.created_seconds) // SECONDS_PER_DAY

    def text_rows(self) -> list[list[str]]:
        """The CRM values as Python strings, row by row (for the few rows written as raw lines)."""
        columns = [self.columns[name].to_pylist() for name in CRM_COLUMNS]
        return [list(row) for row in zip(*columns, strict=True)]


def cycle(strings: Sequence[str], count: int) -> pa.Array:
    """``count`` values going round ``strings`` (so that every one appears)."""
    return pick(strings, np.arange(count) % len(strings))


def fresh_accounts(
    rng: np.random.Generator,
    first_index: int,
    count: int,
    as_of: dt.date,
    max_age_days: int = CREATED_MAX_DAYS,
) -> FreshAccounts:
    """New accounts with clean values and their own domain (``<first><second><index>.com``, unused so far).

    Regular domains never mix letters and digits without a hyphen, so these cannot collide with them.
    """
    index = first_index + np.arange(count)
    first = pick(NAME_FIRST_WORDS, rng.integers(0, len(NAME_FIRST_WORDS), count))
    second = pick(NAME_SECOND_WORDS, rng.integers(0, len(NAME_SECOND_WORDS), count))
    stem = pc.binary_join_element_wise(pc.utf8_capitalize(first), pc.utf8_capitalize(second), " ")
    domain = join(first, second, as_text(index), ".com")
    industry = categorical(rng, INDUSTRY_SHARES, count)
    employees = simulate_sizes(rng, np.zeros(count, dtype=bool))
    country = categorical(rng, COUNTRY_SHARES, count)
    as_of_seconds = epoch_day(as_of) * SECONDS_PER_DAY
    age_days = rng.integers(CREATED_MIN_DAYS, max_age_days + 1, count)
    created_seconds = as_of_seconds - age_days * SECONDS_PER_DAY
    modified_seconds = created_seconds + rng.integers(3 * SECONDS_PER_DAY, age_days * SECONDS_PER_DAY + 1)
    columns = {
        "account_id": account_ids(index),
        "account_name": stem,
        "website": join("https://www.", domain, "/"),
        "industry": INDUSTRY_GROUPS.strings().take(pa.array(INDUSTRY_GROUPS.sample(rng, industry))),
        "employees": as_text(employees),
        "annual_revenue": as_text(np.rint(employees * 150_000.0)),
        "country": COUNTRY_GROUPS.strings().take(pa.array(COUNTRY_GROUPS.sample(rng, country))),
        "created_date": pc.cast(days_to_dates(created_seconds // SECONDS_PER_DAY), pa.string()),
        "last_modified_at": pc.cast(seconds_to_timestamps(modified_seconds), pa.string()),
    }
    return FreshAccounts(columns, domain, stem, industry, employees, created_seconds, modified_seconds)


def usable_accounts(truth: AccountTruth) -> np.ndarray:
    """Regular accounts that alone own their domain and show it in a usable website."""
    index = np.arange(truth.size)
    sharing = np.bincount(truth.owner, minlength=truth.size)
    return np.flatnonzero((truth.owner == index) & (sharing == 1) & (truth.website_kind == WEBSITE_KIND_OK))


def technographic_rows(
    rng: np.random.Generator, domain: pa.Array, technology: pa.Array, category: pa.Array, as_of: dt.date
) -> pa.Table:
    """Technographic rows for the given domains, detected in the last two years."""
    count = len(domain)
    last_day = epoch_day(as_of) - rng.integers(0, 61, count)
    return pa.table(
        {
            "domain": domain,
            "technology": technology,
            "technology_category": category,
            "first_detected_date": days_to_dates(last_day - rng.integers(0, 700, count)),
            "last_detected_date": days_to_dates(last_day),
        }
    )


def intent_rows(
    rng: np.random.Generator,
    domain: pa.Array,
    occurred_seconds: np.ndarray,
    signal_type: pa.Array | None = None,
) -> pa.Table:
    """Intent rows for the given domains and times, with burst-like signals (or the given signal types)."""
    count = len(domain)
    raw_pair = SIGNAL_GROUPS.sample(rng, categorical(rng, BURST_SIGNAL_WEIGHTS, count))
    topic = categorical(rng, [weight for _, weight in TOPICS], count)
    if signal_type is None:
        signal_type = SIGNAL_GROUPS.strings().take(pa.array(raw_pair))
    return pa.table(
        {
            "domain": domain,
            "signal_type": signal_type,
            "topic": pick([name for name, _ in TOPICS], topic),
            "occurred_at": seconds_to_timestamps(occurred_seconds),
            "source": pick(SOURCES, np.asarray(SIGNAL_PAIR_SOURCE)[raw_pair]),
        }
    )


def past_seconds(rng: np.random.Generator, as_of: dt.date, count: int) -> np.ndarray:
    """Event times within the intent history before the as-of date."""
    window = int(INTENT_HISTORY_DAYS * SECONDS_PER_DAY)
    return epoch_day(as_of) * SECONDS_PER_DAY - rng.integers(60, window, count)


def event_targets(
    context: InjectionContext, rng: np.random.Generator, first_index: int, events: int, youngest: bool
) -> tuple[pa.Array, np.ndarray, pa.Table | None]:
    """Domain and created_date (epoch seconds) per event, spread over about events / 8 accounts.

    The accounts are usable regular accounts with a created_date, the most recently created first or a
    random choice; when there is none (very small runs), new recent accounts, returned as CRM rows to add.
    """
    truth = context.truth
    wanted = math.ceil(events / EVENTS_PER_TARGET)
    candidates = usable_accounts(truth)
    candidates = candidates[pc.is_valid(context.created).to_numpy()[candidates]]
    if youngest:
        chosen = candidates[np.argsort(truth.created_days[candidates], kind="stable")[:wanted]]
    else:
        chosen = rng.choice(candidates, size=min(wanted, len(candidates)), replace=False)
    if len(chosen):
        account = chosen[np.arange(events) % len(chosen)]
        created = (epoch_day(context.as_of) - truth.created_days[account]) * SECONDS_PER_DAY
        return truth.domain.take(pa.array(account)), created, None
    fresh = fresh_accounts(rng, first_index, wanted, context.as_of, RECENT_ACCOUNT_DAYS)
    account = np.arange(events) % wanted
    return fresh.domain.take(pa.array(account)), fresh.created_seconds[account], fresh.table()


def csv_line(fields: Sequence[bytes | None], quote: bool = True) -> bytes:
    """One CSV line as pyarrow writes it (strings quoted, quotes doubled, null empty), or unquoted as is."""
    if not quote:
        return b",".join(field or b"" for field in fields) + b"\n"
    return (
        b",".join(b"" if field is None else b'"' + field.replace(b'"', b'""') + b'"' for field in fields)
        + b"\n"
    )


def opportunities_of(rng: np.random.Generator, account_age: np.ndarray, count: int) -> OpportunityRows:
    """``count`` plain opportunities, whatever the fit, going round the accounts of the given ages (days);
    ``account`` indexes ``account_age``."""
    account = np.arange(count) % len(account_age)
    win_probability = np.full(count, INJECTED_WIN_PROBABILITY)
    return draw_opportunities(rng, account, account_age[account], np.zeros(count), win_probability)


def render_injected_opportunities(
    context: InjectionContext,
    rng: np.random.Generator,
    first_index: int,
    rows: OpportunityRows,
    account_id: pa.Array,
) -> pa.Table:
    """Injected opportunity rows; ``rows.account`` indexes ``account_id``. Their ids follow the regular
    opportunities' in the class's own id block, so they never collide."""
    block = first_index - context.truth.size
    index = context.rows[OPPORTUNITIES_FILE] + block + np.arange(len(rows.account))
    return render_opportunities(
        rng, rows, opportunity_ids(index), account_id.take(pa.array(rows.account)), context.as_of
    )


def injected_activities(
    rng: np.random.Generator, account_id: pa.Array, account_age: np.ndarray, count: int, as_of: dt.date
) -> pa.Table:
    """``count`` prospecting activities spread over the given accounts, within the window and their age."""
    account = np.arange(count) % len(account_id)
    rows = ActivityRows(
        account=account,
        age_days=window_ages(rng, account_age[account]),
        activity_type=categorical(rng, PROSPECTING_ACTIVITY_MIX, count).astype(np.int8),
    )
    return render_activities(rng, rows, account_id.take(pa.array(account)), as_of)
