"""The two vendor feeds, keyed by domain: technographic detections (technographics.csv) and intent events
over the year before --as-of (intent_signals.csv), drawn from the accounts' truth and rendered with the
domain spellings, unknown domains and duplicates real feeds have."""

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from icp_scoring.sample.clean_truth import AccountTruth, EventRows, Simulation, TechnologyRows
from icp_scoring.sample.injection import insert_rows
from icp_scoring.sample.vectorised import (
    SECONDS_PER_DAY,
    categorical,
    days_to_dates,
    dictionary,
    epoch_day,
    join,
    pick,
    quota_codes,
    seconds_to_timestamps,
)
from icp_scoring.sample.vocabulary import (
    BACKGROUND_REPORTING_LAG_DAYS,
    BACKGROUND_SIGNAL_WEIGHTS,
    BURST_EVENTS,
    BURST_MAX_START_DAYS,
    BURST_MEAN_DAYS,
    BURST_SIGNAL_WEIGHTS,
    CRM_ALIAS_ROW_SHARE,
    CRM_GROUPS,
    DEFAULT_EVENTS_PER_ACCOUNT,
    DETECTION_RECENT_SHARE,
    EXTRA_BURSTS_MEAN,
    FEED_DOMAIN_FORM_WEIGHTS,
    FEED_UNKNOWN_DOMAIN_SHARE,
    FUTURE_EVENT_SHARE,
    FUTURE_MAX_DAYS,
    INTENT_HISTORY_DAYS,
    INTENT_IN_MARKET,
    INTENT_NONE,
    INTENT_VOLUME,
    INTENT_VOLUME_SIGMA,
    NAME_FIRST_WORDS,
    NAME_SECOND_WORDS,
    OTHER_TECHNOLOGIES,
    SIGNAL_GROUPS,
    SIGNAL_PAIR_SOURCE,
    SOURCES,
    TECHNOGRAPHICS_DUPLICATE_SHARE,
    TECHNOLOGY_BASE_CATEGORY,
    TECHNOLOGY_CATEGORIES,
    TECHNOLOGY_CATEGORY_BLANK_SHARE,
    TECHNOLOGY_COUNT_SHAPE,
    TECHNOLOGY_NAMES,
    TOPIC_BLANK_SHARE,
    TOPICS,
    UNKNOWN_TLDS,
    UNMAPPED_TECHNOLOGIES,
    UNMAPPED_TECHNOLOGY_SHARE,
)
from icp_scoring.sample.worked_examples import planted_intent, planted_technographics

# --- Simulation of the clean truth ----------------------------------------------------------------


def simulate_technographics(
    rng: np.random.Generator, truth: AccountTruth, technologies_per_account: float
) -> TechnologyRows:
    """Technographic detections for every domain-owning account with technographic data."""
    size = truth.size
    owner = truth.owner == np.arange(size)
    keep_share = min(1.0, technologies_per_account / 2.0)
    emits = owner & truth.has_technology & (rng.random(size) < keep_share)
    crm_account, crm_technology = crm_detections(rng, truth, emits)
    rate = max(0.0, technologies_per_account * size - len(crm_account)) / max(int(emits.sum()), 1)
    account_rate = rate * rng.gamma(TECHNOLOGY_COUNT_SHAPE, 1 / TECHNOLOGY_COUNT_SHAPE, size)
    other_account, other_technology = other_detections(rng, np.where(emits, rng.poisson(account_rate), 0))
    account = np.concatenate([crm_account, other_account])
    technology = np.concatenate([crm_technology, other_technology])
    order = np.argsort(account, kind="stable")
    account, technology = account[order], technology[order]
    rows = len(account)
    last_days = np.where(
        rng.random(rows) < DETECTION_RECENT_SHARE, rng.integers(0, 31, rows), rng.integers(31, 721, rows)
    )
    return TechnologyRows(
        account=account,
        technology=technology.astype(np.int16),
        category=technology_categories(rng, technology),
        first_days=last_days + rng.integers(0, 1500, rows),
        last_days=last_days,
    )


def crm_detections(
    rng: np.random.Generator, truth: AccountTruth, emits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """CRM rows (account, raw technology): the main CRM, sometimes also under another name, a second CRM."""
    primary = np.where(emits, truth.crm_primary, -1)
    secondary = np.where(emits, truth.crm_secondary, -1)
    has_primary = np.flatnonzero(primary >= 0)
    primary_name = CRM_GROUPS.sample(rng, primary[has_primary])
    group_start = np.concatenate([[0], CRM_GROUPS.group_end[:-1]])
    start = group_start[primary[has_primary]]
    names = CRM_GROUPS.group_end[primary[has_primary]] - start
    alias = (names > 1) & (rng.random(len(has_primary)) < CRM_ALIAS_ROW_SHARE)
    alias_name = start + (primary_name - start + 1) % names
    has_secondary = np.flatnonzero(secondary >= 0)
    account = np.concatenate([has_primary, has_primary[alias], has_secondary])
    technology = np.concatenate(
        [primary_name, alias_name[alias], CRM_GROUPS.sample(rng, secondary[has_secondary])]
    )
    return account, technology


def other_detections(rng: np.random.Generator, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-CRM rows (account, raw technology): ``counts[i]`` for account i, distinct names first.

    Names are drawn by weight without replacement (Gumbel top-k on one matrix); only counts beyond the
    number of names repeat a name (a re-detection). About 1% of the rows get an unmapped name.
    """
    pool = len(OTHER_TECHNOLOGIES)
    log_weights = np.log([weight for _, weight in OTHER_TECHNOLOGIES])
    emitting = np.flatnonzero(counts)
    ranked = np.argsort(-(log_weights + rng.gumbel(size=(len(emitting), pool))), axis=1)
    distinct = np.minimum(counts[emitting], pool)
    account = np.repeat(emitting, distinct)
    technology = ranked[np.arange(pool) < distinct[:, None]]
    repeats = counts[emitting] - distinct
    repeat_account = np.repeat(emitting, repeats)
    repeat_technology = categorical(rng, np.exp(log_weights), len(repeat_account))
    technology = len(CRM_GROUPS.values) + np.concatenate([technology, repeat_technology])
    unmapped = quota_codes(rng, len(technology), [UNMAPPED_TECHNOLOGY_SHARE]) == 1
    first_unmapped = len(CRM_GROUPS.values) + pool
    technology[unmapped] = first_unmapped + rng.integers(0, len(UNMAPPED_TECHNOLOGIES), int(unmapped.sum()))
    return np.concatenate([account, repeat_account]), technology


def technology_categories(rng: np.random.Generator, technology: np.ndarray) -> np.ndarray:
    """Vendor category text index per detection (-1 for blank); CRM wording varies, SAP is sometimes ERP."""
    rows = len(technology)
    category = np.asarray(TECHNOLOGY_BASE_CATEGORY, dtype=np.int8)[technology]
    long_form = (category == TECHNOLOGY_CATEGORIES.index("CRM")) & (rng.random(rows) < 0.4)
    category[long_form] = TECHNOLOGY_CATEGORIES.index("Customer Relationship Management")
    sap_as_erp = (technology == TECHNOLOGY_NAMES.index("SAP")) & (rng.random(rows) < 0.3)
    category[sap_as_erp] = TECHNOLOGY_CATEGORIES.index("ERP")
    category[rng.random(rows) < TECHNOLOGY_CATEGORY_BLANK_SHARE] = -1
    return category


def simulate_intent(rng: np.random.Generator, truth: AccountTruth, events_per_account: float) -> EventRows:
    """Intent events over the history: bursts for in-market accounts, heavy-tailed old-skewed background.

    Every account keeps one intensity over the whole history (so intent before the outcome window predicts
    intent during it). Burst sizes scale with ``events_per_account``; the background fills the rest of the
    requested mean.
    """
    size = truth.size
    owner = truth.owner == np.arange(size)
    profile = np.where(owner, truth.intent_profile, INTENT_NONE)
    account_intensity = rng.lognormal(0.0, INTENT_VOLUME_SIGMA, size)
    in_market = profile == INTENT_IN_MARKET
    bursts = np.where(in_market, 1 + rng.poisson(EXTRA_BURSTS_MEAN, size), 0)
    burst_account = np.repeat(np.arange(size), bursts)
    burst_mean = BURST_EVENTS * events_per_account / DEFAULT_EVENTS_PER_ACCOUNT
    burst_size = rng.poisson(burst_mean * account_intensity[burst_account])
    volume = np.asarray(INTENT_VOLUME)[profile] * account_intensity
    background_total = max(0.0, events_per_account * size - burst_size.sum())
    scale = background_total / volume.sum() if volume.sum() > 0 else 0.0
    burst = burst_events(rng, burst_account, burst_size)
    background = background_events(rng, volume * scale)
    account, age_days, signal = (np.concatenate(pair) for pair in zip(burst, background, strict=True))
    rows = len(account)
    age_seconds = np.maximum(np.rint(age_days * SECONDS_PER_DAY), 1).astype(np.int64)
    future = quota_codes(rng, rows, [FUTURE_EVENT_SHARE]) == 1
    age_seconds[future] = -rng.integers(600, int(FUTURE_MAX_DAYS * SECONDS_PER_DAY), int(future.sum()))
    topic = categorical(rng, [weight for _, weight in TOPICS], rows).astype(np.int8)
    topic[rng.random(rows) < TOPIC_BLANK_SHARE] = -1
    return EventRows(
        account=account,
        signal=signal,
        raw_pair=SIGNAL_GROUPS.sample(rng, signal).astype(np.int8),
        topic=topic,
        age_seconds=age_seconds,
    )


def burst_events(
    rng: np.random.Generator, burst_account: np.ndarray, burst_size: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """In-market bursts (account, age in days, signal): each clustered after its random start, rich in
    pricing visits; ``burst_account`` and ``burst_size`` give each burst's account and number of events."""
    account = np.repeat(burst_account, burst_size)
    start = np.repeat(rng.uniform(0.0, BURST_MAX_START_DAYS, len(burst_account)), burst_size)
    age = np.minimum(start + rng.exponential(BURST_MEAN_DAYS, len(account)), INTENT_HISTORY_DAYS)
    return account, age, categorical(rng, BURST_SIGNAL_WEIGHTS, len(account)).astype(np.int8)


def background_events(
    rng: np.random.Generator, expected: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Background research (account, age in days, signal), ``expected[i]`` events in the feed on average for
    account i: events at a steady rate over the history, kept when reported by --as-of (recent ones rarer).

    Thinning a Poisson count leaves a Poisson count, so drawing ``expected / reported share`` events and
    keeping the reported ones gives each account ``Poisson(expected)`` events.
    """
    lag, history = BACKGROUND_REPORTING_LAG_DAYS, INTENT_HISTORY_DAYS
    reported_share = 1.0 - lag / history * (1.0 - math.exp(-history / lag))
    account = np.repeat(np.arange(len(expected)), rng.poisson(expected / reported_share))
    age = history * rng.random(len(account))
    reported = rng.exponential(lag, len(account)) < age
    account, age = account[reported], age[reported]
    return account, age, categorical(rng, BACKGROUND_SIGNAL_WEIGHTS, len(account)).astype(np.int8)


# --- Rendering to messy text ----------------------------------------------------------------------


def feed_domains(
    rng: np.random.Generator, truth: AccountTruth, rows: int, account: np.ndarray
) -> tuple[pa.Array, np.ndarray]:
    """Dictionary of domain spellings (bare, www., upper case, unknown) and each feed row's index into it."""
    size = truth.size
    unknown_count = max(1, round(FEED_UNKNOWN_DOMAIN_SHARE * rows))
    unknown = join(
        pick(NAME_FIRST_WORDS, rng.integers(0, len(NAME_FIRST_WORDS), unknown_count)),
        pick(NAME_SECOND_WORDS, rng.integers(0, len(NAME_SECOND_WORDS), unknown_count)),
        ".",
        pick(UNKNOWN_TLDS, rng.integers(0, len(UNKNOWN_TLDS), unknown_count)),
    )
    spellings = pa.concat_arrays(
        [truth.domain, join("www.", truth.domain), pc.utf8_upper(truth.domain), unknown]
    )
    form = categorical(rng, FEED_DOMAIN_FORM_WEIGHTS, rows)
    index = form.astype(np.int64) * size + account
    if rows:
        unknown_rows = quota_codes(rng, rows, [FEED_UNKNOWN_DOMAIN_SHARE]) == 1
        index[unknown_rows] = 3 * size + rng.integers(0, unknown_count, int(unknown_rows.sum()))
    return spellings, index


def render_technographics(
    rng: np.random.Generator, simulation: Simulation, as_of: dt.date, keep: int
) -> pa.Table:
    """One block's technographic rows for its first ``keep`` accounts, grouped by domain, with a few exact
    duplicate rows (the planted rows are added once, by ``technographics_file``)."""
    rows = simulation.technologies
    count = len(rows.account)
    spellings, domain_index = feed_domains(rng, simulation.accounts, count, rows.account)
    as_of_day = epoch_day(as_of)
    category = rows.category
    table = pa.table(
        {
            "domain": dictionary(domain_index, spellings),
            "technology": dictionary(rows.technology, pa.array(TECHNOLOGY_NAMES)),
            "technology_category": dictionary(
                np.maximum(category, 0), pa.array(TECHNOLOGY_CATEGORIES), category < 0
            ),
            "first_detected_date": days_to_dates(as_of_day - rows.first_days),
            "last_detected_date": days_to_dates(as_of_day - rows.last_days),
        }
    )
    duplicated = np.flatnonzero(quota_codes(rng, count, [TECHNOGRAPHICS_DUPLICATE_SHARE]))
    order = np.sort(np.concatenate([np.arange(count), duplicated]), kind="stable")
    order = order[rows.account[order] < keep]
    return table.take(pa.array(order))


def technographics_file(blocks: list[pa.Table], as_of: dt.date) -> pa.Table:
    """The technographic feed: the blocks' rows in account order, then the planted rows."""
    table = pa.concat_tables(blocks)
    planted = planted_technographics(as_of)
    return pa.concat_tables([table, planted.cast(table.schema)])


# Rows of the intent feed rendered and written at a time: the whole feed (200M events at 10M accounts) is
# never rendered at once.
INTENT_PART_ROWS = 1_000_000


@dataclass(frozen=True)
class IntentBlock:
    """One block's intent events of its kept accounts, before ordering: domain spellings and each event's
    index into them, raw (signal, source) pair, topic (-1 blank) and epoch seconds."""

    spellings: pa.Array
    domain_index: np.ndarray
    raw_pair: np.ndarray
    topic: np.ndarray
    occurred: np.ndarray


def render_intent(rng: np.random.Generator, simulation: Simulation, as_of: dt.date, keep: int) -> IntentBlock:
    """One block's intent events of its first ``keep`` accounts (``intent_file`` orders the feed)."""
    events = simulation.events
    spellings, domain_index = feed_domains(rng, simulation.accounts, len(events.account), events.account)
    kept = events.account < keep
    return IntentBlock(
        spellings=spellings,
        domain_index=domain_index[kept].astype(np.int32),
        raw_pair=events.raw_pair[kept],
        topic=events.topic[kept],
        occurred=(epoch_day(as_of) * SECONDS_PER_DAY - events.age_seconds)[kept],
    )


def intent_file(blocks: Iterable[IntentBlock], as_of: dt.date, extras: list[pa.Table]) -> Iterator[pa.Table]:
    """The intent feed in event-time order (ties in account order), in parts of INTENT_PART_ROWS events.

    The planted pricing visit, then the ``extras`` (injected rows), are put in their place: after the
    feed's events of the same second. Only the events' numbers are gathered whole, each block's arrays let
    go once gathered (pass the blocks as a generator): the feed's text is never in memory at once.
    """
    spellings: list[pa.Array] = []
    pieces: dict[str, list[np.ndarray]] = {"domain_index": [], "raw_pair": [], "topic": [], "occurred": []}
    first_spelling = 0
    for block in blocks:
        pieces["domain_index"].append((block.domain_index + first_spelling).astype(np.int32))
        spellings.append(block.spellings)
        first_spelling += len(block.spellings)
        for name in ("raw_pair", "topic", "occurred"):
            pieces[name].append(getattr(block, name))

    def whole(name: str) -> np.ndarray:
        """One number of every event, its blocks' pieces let go."""
        return np.concatenate(pieces.pop(name))

    occurred = whole("occurred")
    order = np.argsort(occurred, kind="stable")
    occurred = occurred[order]
    domain_index, raw_pair, topic = whole("domain_index"), whole("raw_pair"), whole("topic")
    domains = pa.concat_arrays(spellings)
    del spellings
    pair_source = np.asarray(SIGNAL_PAIR_SOURCE)
    signal_types, topics = SIGNAL_GROUPS.strings(), pa.array([name for name, _ in TOPICS])
    sources = pa.array(SOURCES)

    def rendered(start: int, end: int) -> pa.Table:
        """The events start:end of the feed, as text (not dictionary-encoded: inserting rows into a part
        would merge its dictionary of every domain spelling with theirs, the generator's peak at 10M)."""
        events = order[start:end]
        pairs, event_topics = raw_pair[events], topic[events]
        return pa.table(
            {
                "domain": domains.take(pa.array(domain_index[events])),
                "signal_type": signal_types.take(pa.array(pairs)),
                "topic": topics.take(pa.array(np.maximum(event_topics, 0), mask=event_topics < 0)),
                "occurred_at": seconds_to_timestamps(occurred[start:end]),
                "source": sources.take(pa.array(pair_source[pairs])),
            }
        )

    schema = rendered(0, 0).schema
    extra = pa.concat_tables([table.cast(schema) for table in [planted_intent(as_of), *extras]])
    extra = extra.take(pc.sort_indices(extra, [("occurred_at", "ascending")]))  # a stable sort
    extra_seconds = pc.cast(extra["occurred_at"], pa.int64()).to_numpy()
    positions = np.searchsorted(occurred, extra_seconds, side="right")
    events = len(order)
    for start in range(0, max(events, 1), INTENT_PART_ROWS):
        end = min(start + INTENT_PART_ROWS, events)
        inside = (positions >= start) & ((positions < end) | (end == events))
        part = rendered(start, end)
        yield insert_rows(part, extra.filter(inside), positions[inside] - start) if inside.any() else part
