"""One function per row-level --inject class, each returning the rows it adds (INJECTORS), and
build_injections, which runs the requested classes, each from its own random stream and id block."""

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from icp_scoring.sample.accounts import account_ids
from icp_scoring.sample.contacts import contacts_on_accounts
from icp_scoring.sample.files import (
    ACTIVITIES_FILE,
    ACTIVITY_COLUMNS,
    CONTACTS_FILE,
    CRM_COLUMNS,
    CRM_FILE,
    INTENT_FILE,
    OPPORTUNITIES_FILE,
    OPPORTUNITY_COLUMNS,
    TECHNOGRAPHICS_FILE,
    log,
)
from icp_scoring.sample.injected_rows import (
    EVENTS_PER_TARGET,
    INJECTED_WIN_PROBABILITY,
    csv_line,
    cycle,
    event_targets,
    fresh_accounts,
    injected_activities,
    intent_rows,
    opportunities_of,
    past_seconds,
    render_injected_opportunities,
    technographic_rows,
    usable_accounts,
)
from icp_scoring.sample.injection import (
    INJECT_ID_BLOCK,
    INJECT_MIN_ROWS,
    ROW_INJECT_CLASSES,
    Injection,
    InjectionContext,
    inject_count,
    inject_stream,
)
from icp_scoring.sample.outcomes import CLOSED_LOST, CLOSED_WON
from icp_scoring.sample.planted_icp import OUTCOME_WINDOW_DAYS
from icp_scoring.sample.vectorised import (
    SECONDS_PER_DAY,
    as_text,
    categorical,
    choose,
    epoch_day,
    join,
    pick,
    seconds_to_timestamps,
)
from icp_scoring.sample.vocabulary import (
    FEED_DOMAIN_FORM_WEIGHTS,
    INDUSTRIES,
    INDUSTRY_GROUPS,
    NAME_FIRST_WORDS,
    NAME_SECOND_WORDS,
    SUBSIDIARY_LABELS,
    TECHNOLOGY_BASE_CATEGORY,
    TECHNOLOGY_CATEGORIES,
    TECHNOLOGY_NAMES,
    TLDS,
    UNKNOWN_TLDS,
)

SHARED_GROUP_SIZE = 3
BAD_NUMBER_TEXTS = ("12 employees approx", "1.2.3", "$", "ten")
TEXT_EMPLOYEES = ("fifty", "a few", "small team", "enterprise")
BAD_WEBSITES = (
    None,
    "",
    " ",
    "   ",
    "n/a",
    "-",
    "asdf",
    "http://",
    "10.0.0.1",
    "http://192.168.1.20/home",
    "sales@acme.com",
    "mailto:info@acme.io",
    "gmail.com",
    "https://www.hotmail.com",
)
UNKNOWN_INDUSTRY_VALUES = ("Aerospace & Defense", "Quantum Widgets", "Underwater Basket Weaving")
UNKNOWN_COUNTRY_VALUES = ("Atlantis", "Narnia", "Wakanda")
UNKNOWN_TECHNOLOGY_VALUES = ("Quantum Widgets", "Flux Capacitor Cloud", "Zorg ERP 3000")
UNKNOWN_SIGNAL_VALUES = ("carrier_pigeon_visit", "smoke_signal_seen", "crystal_ball_reading")
UNKNOWN_STAGE_VALUES = ("Parked", "On Hold - Legal", "Stage 7")
UNKNOWN_ACTIVITY_VALUES = ("Carrier Pigeon", "Smoke Signal", "Telepathy Session")
BAD_AMOUNT_TEXTS = ("tbd", "1.2.3", "n/a", "twenty k")
LATIN1_NAMES = ("Société Générale", "Müller GmbH", "Crédit Agricole", "Bäckerei Schäfer AG", "Nestlé España")
LATIN1_INDUSTRIES = ("Télécommunications", "Électronique", "Ingénierie", "Maschinenbau & Lüftung")
# Names written without escaping: a quote inside an unquoted field, an unescaped quote inside a quoted
# field, and a quoted field that is never closed on its line.
STRAY_QUOTE_NAMES = ('{} 5" Displays', '"{} 5" Displays"', '"{} Displays')


def inject_bad_numbers(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts with unparseable or negative employees, revenue or both."""
    variants = len(BAD_NUMBER_TEXTS) + 1
    count = inject_count(context.rows[CRM_FILE], 3 * variants)
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    row = np.arange(count)
    target, variant = row % 3, row // 3 % variants  # target 0: employees, 1: revenue, 2: both
    employees = fresh.columns["employees"]
    revenue = fresh.columns["annual_revenue"]
    bad_employees = choose(variant, [*BAD_NUMBER_TEXTS, join("-", employees)])
    bad_revenue = choose(variant, [*BAD_NUMBER_TEXTS, join("-", revenue)])
    return Injection(
        crm=fresh.table(
            employees=pc.if_else(pa.array(target != 1), bad_employees, employees),
            annual_revenue=pc.if_else(pa.array(target != 0), bad_revenue, revenue),
        )
    )


def inject_text_employees(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts whose employees field is free text."""
    count = inject_count(context.rows[CRM_FILE], len(TEXT_EMPLOYEES))
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    return Injection(crm=fresh.table(employees=cycle(TEXT_EMPLOYEES, count)))


def inject_conflicting_duplicates(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """New accounts with 2 or 3 records that disagree on industry, employees or website.

    Every other account's records share one last_modified_at (a tie); in the others the timestamps
    differ and the first record is not always the latest.
    """
    groups = math.ceil(inject_count(context.rows[CRM_FILE], 6) / 2)
    sizes = np.where(np.arange(groups) % 3 == 2, 3, 2)
    group = np.repeat(np.arange(groups), sizes)
    rank = np.arange(len(group)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    base = fresh_accounts(rng, first_index, groups, context.as_of)
    records = base.select(group)
    rows = len(group)
    changed = np.where(rank > 0, (group + rank) % 3, -1)  # 0: industry, 1: employees, 2: website
    other_industry = (records.industry + rng.integers(1, len(INDUSTRIES), rows)) % len(INDUSTRIES)
    industry = INDUSTRY_GROUPS.strings().take(pa.array(INDUSTRY_GROUPS.sample(rng, other_industry)))
    employees = np.maximum(np.rint(records.employees * rng.uniform(0.3, 3.0, rows)), 1).astype(np.int64)
    employees = np.where(employees == records.employees, employees + 1, employees)
    website = join("https://www.", pc.replace_substring_regex(records.domain, r"\.com$", ".io"), "/")
    gap = rng.integers(1, (base.modified_seconds - base.created_seconds) // 3)[group]
    offset = np.where(group % 2 == 0, 0, (rank + group) % sizes[group])
    modified = records.modified_seconds - gap * offset
    return Injection(
        crm=records.table(
            industry=pc.if_else(pa.array(changed == 0), industry, records.columns["industry"]),
            employees=pc.if_else(pa.array(changed == 1), as_text(employees), records.columns["employees"]),
            website=pc.if_else(pa.array(changed == 2), website, records.columns["website"]),
            last_modified_at=pc.cast(seconds_to_timestamps(modified), pa.string()),
        )
    )


def inject_shared_domains(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """Groups of three new accounts on one domain; every other group joins an existing account's domain."""
    groups = math.ceil(inject_count(context.rows[CRM_FILE], SHARED_GROUP_SIZE) / SHARED_GROUP_SIZE)
    rows = groups * SHARED_GROUP_SIZE
    fresh = fresh_accounts(rng, first_index, rows, context.as_of)
    group, member = np.divmod(np.arange(rows), SHARED_GROUP_SIZE)
    leader = pa.array(group * SHARED_GROUP_SIZE)
    domain, stem = fresh.domain.take(leader), fresh.stem.take(leader)
    truth = context.truth
    candidates = usable_accounts(truth)
    joining = np.arange(1, groups, 2)
    hosts = rng.choice(candidates, size=min(len(joining), len(candidates)), replace=False)
    host = np.full(groups, -1)
    host[joining[: len(hosts)]] = hosts
    row_host = host[group]
    if len(hosts):
        joins = pa.array(row_host >= 0)
        host_index = pa.array(np.maximum(row_host, 0))
        domain = pc.if_else(joins, truth.domain.take(host_index), domain)
        stem = pc.if_else(joins, truth.name_stem.take(host_index), stem)
    label = pick(SUBSIDIARY_LABELS, (group + member) % len(SUBSIDIARY_LABELS))
    labelled = pa.array((member > 0) | (row_host >= 0))
    name = pc.if_else(labelled, pc.binary_join_element_wise(stem, label, " "), stem)
    website = choose(member, [join("https://www.", domain, "/"), domain, join("http://", domain, "/contact")])
    return Injection(crm=fresh.table(account_name=name, website=website))


def inject_bad_websites(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts whose website is blank, whitespace, garbage, an IP, an e-mail or a free-mail domain."""
    count = inject_count(context.rows[CRM_FILE], len(BAD_WEBSITES) + 2)
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    options = [*BAD_WEBSITES, join("sales@", fresh.domain), join("mailto:info@", fresh.domain)]
    return Injection(crm=fresh.table(website=choose(np.arange(count) % len(options), options)))


def inject_unknown_values(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts with unknown industries and countries, and unknown technologies and signals for them."""
    count = inject_count(context.rows[CRM_FILE], len(UNKNOWN_INDUSTRY_VALUES))
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    crm = fresh.table(
        industry=cycle(UNKNOWN_INDUSTRY_VALUES, count), country=cycle(UNKNOWN_COUNTRY_VALUES, count)
    )
    technologies = inject_count(context.rows[TECHNOGRAPHICS_FILE], len(UNKNOWN_TECHNOLOGY_VALUES))
    technographics = technographic_rows(
        rng,
        fresh.domain.take(pa.array(np.arange(technologies) % count)),
        cycle(UNKNOWN_TECHNOLOGY_VALUES, technologies),
        cycle(["Other"], technologies),
        context.as_of,
    )
    events = inject_count(context.rows[INTENT_FILE], len(UNKNOWN_SIGNAL_VALUES))
    intent = intent_rows(
        rng,
        fresh.domain.take(pa.array(np.arange(events) % count)),
        past_seconds(rng, context.as_of, events),
        cycle(UNKNOWN_SIGNAL_VALUES, events),
    )
    deals = inject_count(context.rows[OPPORTUNITIES_FILE], len(UNKNOWN_STAGE_VALUES))
    account_id, account_age = fresh.columns["account_id"], fresh.age_days(context.as_of)
    deals = inject_count(context.rows[OPPORTUNITIES_FILE], len(UNKNOWN_STAGE_VALUES))
    rows = opportunities_of(rng, account_age, deals)
    opportunities = render_injected_opportunities(context, rng, first_index, rows, account_id)
    activities = inject_count(context.rows[ACTIVITIES_FILE], len(UNKNOWN_ACTIVITY_VALUES))
    activity_table = injected_activities(rng, account_id, account_age, activities, context.as_of)
    activity_type = cycle(UNKNOWN_ACTIVITY_VALUES, activities)
    return Injection(
        crm=crm,
        technographics=technographics,
        intent=intent,
        opportunities=opportunities.set_column(
            OPPORTUNITY_COLUMNS.index("stage"), "stage", cycle(UNKNOWN_STAGE_VALUES, deals)
        ),
        activities=activity_table.set_column(
            ACTIVITY_COLUMNS.index("activity_type"), "activity_type", activity_type
        ),
    )


def inject_future_events(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """Intent events 1 to 366 days after the as-of date (after its last second) on usable accounts."""
    count = inject_count(context.rows[INTENT_FILE])
    domain, _, crm = event_targets(context, rng, first_index, count, youngest=False)
    start = (epoch_day(context.as_of) + 1) * SECONDS_PER_DAY
    occurred = start + rng.integers(0, 365 * SECONDS_PER_DAY, count)
    return Injection(crm=crm, intent=intent_rows(rng, domain, occurred))


def inject_events_before_creation(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """Intent events from an hour to 60 days before the created_date of the most recently created accounts."""
    count = inject_count(context.rows[INTENT_FILE])
    domain, created, crm = event_targets(context, rng, first_index, count, youngest=True)
    occurred = created - rng.integers(3600, 60 * SECONDS_PER_DAY, count)
    return Injection(crm=crm, intent=intent_rows(rng, domain, occurred))


def inject_unknown_domains(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """Technographic and intent rows for new domains (``<first><second>-<number>.<tld>``) of no account."""
    technologies = inject_count(context.rows[TECHNOGRAPHICS_FILE])
    events = inject_count(context.rows[INTENT_FILE])
    pool = max(INJECT_MIN_ROWS, math.ceil(max(technologies, events) / EVENTS_PER_TARGET))
    tlds = TLDS + UNKNOWN_TLDS
    bare = join(
        pick(NAME_FIRST_WORDS, rng.integers(0, len(NAME_FIRST_WORDS), pool)),
        pick(NAME_SECOND_WORDS, rng.integers(0, len(NAME_SECOND_WORDS), pool)),
        "-",
        as_text(first_index + np.arange(pool)),
        ".",
        pick(tlds, rng.integers(0, len(tlds), pool)),
    )
    form = categorical(rng, FEED_DOMAIN_FORM_WEIGHTS, pool)
    domain = choose(form, [bare, join("www.", bare), pc.utf8_upper(bare)])
    technology = rng.integers(0, len(TECHNOLOGY_NAMES), technologies)
    technographics = technographic_rows(
        rng,
        domain.take(pa.array(np.arange(technologies) % pool)),
        pick(TECHNOLOGY_NAMES, technology),
        pick(TECHNOLOGY_CATEGORIES, np.asarray(TECHNOLOGY_BASE_CATEGORY)[technology]),
        context.as_of,
    )
    intent = intent_rows(
        rng, domain.take(pa.array(np.arange(events) % pool)), past_seconds(rng, context.as_of, events)
    )
    return Injection(technographics=technographics, intent=intent)


def inject_bad_encoding(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts written as raw lines with latin-1 bytes in account_name, industry or both."""
    count = inject_count(context.rows[CRM_FILE], 3 * len(LATIN1_NAMES))
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    name_at, industry_at = CRM_COLUMNS.index("account_name"), CRM_COLUMNS.index("industry")
    lines = []
    for row, values in enumerate(fresh.text_rows()):
        fields: list[bytes | None] = [value.encode("utf-8") for value in values]
        if row % 3 != 1:
            fields[name_at] = LATIN1_NAMES[row % len(LATIN1_NAMES)].encode("latin-1")
        if row % 3 != 0:
            fields[industry_at] = LATIN1_INDUSTRIES[row % len(LATIN1_INDUSTRIES)].encode("latin-1")
        lines.append(csv_line(fields))
    return Injection(crm_lines=tuple(lines))


def inject_odd_quoting(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts with commas, doubled quotes and line breaks in correctly quoted names."""
    count = inject_count(context.rows[CRM_FILE], 5)
    quoted = fresh_accounts(rng, first_index, count, context.as_of)
    stem = quoted.stem
    forms = [
        join(stem, ", Inc."),
        join('The "', stem, '" Co'),
        join('"', stem, '" Corp'),
        join(stem, "\nRobotics"),
        join(stem, "\r\nSystems"),
    ]
    return Injection(crm=quoted.table(account_name=choose(np.arange(count) % len(forms), forms)))


def inject_stray_quotes(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """Three new accounts written as raw lines whose names hold an unbalanced double quote.

    Every other field is unquoted, so each line has an odd number of quotes: no CSV reader can split it.
    """
    fresh = fresh_accounts(rng, first_index, len(STRAY_QUOTE_NAMES), context.as_of)
    name_at = CRM_COLUMNS.index("account_name")
    lines = []
    for template, values in zip(STRAY_QUOTE_NAMES, fresh.text_rows(), strict=True):
        values[name_at] = template.format(values[name_at])
        lines.append(csv_line([value.encode("utf-8") for value in values], quote=False))
    return Injection(crm_lines=tuple(lines))


def inject_unknown_account_ids(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """Opportunities, activities and contacts on new account ids (from this class's id block) of no CRM
    record."""
    count = inject_count(context.rows[OPPORTUNITIES_FILE])
    accounts = max(INJECT_MIN_ROWS, math.ceil(count / 2))
    account_id = account_ids(first_index + np.arange(accounts))
    account_age = np.full(accounts, OUTCOME_WINDOW_DAYS)
    rows = opportunities_of(rng, account_age, count)
    activities = inject_count(context.rows[ACTIVITIES_FILE])
    return Injection(
        opportunities=render_injected_opportunities(context, rng, first_index, rows, account_id),
        activities=injected_activities(rng, account_id, account_age, activities, context.as_of),
        contacts=contacts_on_accounts(
            rng, account_id, inject_count(context.rows[CONTACTS_FILE]), first_index, context.as_of
        ),
    )


def inject_closed_before_created(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """New accounts with a closed opportunity whose closed_date is 1 to 60 days before its created_date."""
    count = inject_count(context.rows[OPPORTUNITIES_FILE])
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    rows = opportunities_of(rng, fresh.age_days(context.as_of), count)
    rows = replace(
        rows,
        cycle_days=-rng.integers(1, 61, count),
        stage=np.where(rng.random(count) < INJECTED_WIN_PROBABILITY, CLOSED_WON, CLOSED_LOST).astype(np.int8),
    )
    return Injection(
        crm=fresh.table(),
        opportunities=render_injected_opportunities(
            context, rng, first_index, rows, fresh.columns["account_id"]
        ),
    )


def inject_bad_amounts(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts with an opportunity whose amount is not a number or is negative."""
    variants = len(BAD_AMOUNT_TEXTS) + 1
    count = inject_count(context.rows[OPPORTUNITIES_FILE], variants)
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    rows = opportunities_of(rng, fresh.age_days(context.as_of), count)
    table = render_injected_opportunities(context, rng, first_index, rows, fresh.columns["account_id"])
    negative = join("-", as_text(rows.amount))
    amount = choose(np.arange(count) % variants, [*BAD_AMOUNT_TEXTS, negative])
    return Injection(
        crm=fresh.table(),
        opportunities=table.set_column(OPPORTUNITY_COLUMNS.index("amount"), "amount", amount),
    )


Injector = Callable[[InjectionContext, np.random.Generator, int], Injection]
INJECTORS: dict[str, Injector] = {
    "bad-numbers": inject_bad_numbers,
    "text-employees": inject_text_employees,
    "conflicting-duplicates": inject_conflicting_duplicates,
    "shared-domains": inject_shared_domains,
    "bad-websites": inject_bad_websites,
    "unknown-values": inject_unknown_values,
    "future-events": inject_future_events,
    "events-before-creation": inject_events_before_creation,
    "unknown-domains": inject_unknown_domains,
    "bad-encoding": inject_bad_encoding,
    "odd-quoting": inject_odd_quoting,
    "stray-quotes": inject_stray_quotes,
    "unknown-account-ids": inject_unknown_account_ids,
    "closed-before-created": inject_closed_before_created,
    "bad-amounts": inject_bad_amounts,
}


def build_injections(seed: int, context: InjectionContext, classes: frozenset[str]) -> list[Injection]:
    """The rows of every requested row-level class, each from its own random stream and id block."""
    injections = []
    for number, name in enumerate(ROW_INJECT_CLASSES):
        if name in classes:
            first_index = context.truth.size + number * INJECT_ID_BLOCK
            injection = INJECTORS[name](context, inject_stream(seed, number), first_index)
            log(f"inject {name}: " + ", ".join(f"+{n:,} {file}" for file, n in injection.counts().items()))
            injections.append(injection)
    return injections
