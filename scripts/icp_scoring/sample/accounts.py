"""The CRM accounts: the clean truth of the regular accounts (industry, size, revenue, country, domain and
name, CRMs, intent profile, age) and its rendering into the messy CRM export, crm_accounts.csv (many
spellings, blanks, garbage, duplicates, and the planted worked examples)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from icp_scoring.sample.clean_truth import AccountTruth
from icp_scoring.sample.files import CRM_COLUMNS
from icp_scoring.sample.vectorised import (
    SECONDS_PER_DAY,
    WeightedGroups,
    as_text,
    categorical,
    choose,
    compact_amount,
    days_to_dates,
    epoch_day,
    join,
    later_duplicates,
    pick,
    quota_codes,
    record_ids,
    seconds_to_timestamps,
    with_thousands,
)
from icp_scoring.sample.vocabulary import (
    COUNTRY_BLANK_SHARE,
    COUNTRY_CASE_NOISE_SHARE,
    COUNTRY_CODES,
    COUNTRY_GROUPS,
    COUNTRY_SHARES,
    COUNTRY_UNKNOWN_SHARE,
    CREATED_BLANK_SHARE,
    CREATED_LEGACY_SHARE,
    CREATED_MAX_DAYS,
    CREATED_MIN_DAYS,
    CREATED_RECENT_SHARE,
    CRM_DUPLICATE_SHARE,
    CRM_WEIGHTS_BY_SIZE,
    CRMS,
    DOMAIN_FORMS_WITH_THIRD_WORD,
    EMAIL_LOCAL_PARTS,
    EMPLOYEE_FORMAT_WEIGHTS,
    EMPLOYEE_KIND_BLANK,
    EMPLOYEE_RANGES,
    EMPLOYEE_TEXTS,
    EMPLOYEES_BLANK_SHARE,
    EMPLOYEES_NEGATIVE_SHARE,
    EMPLOYEES_TEXT_SHARE,
    FREE_MAIL_DOMAINS,
    GLOBAL_TLD_SHARES,
    HAS_CRM_SHARE,
    HAS_TECHNOLOGY_SHARE,
    HUBSPOT_IN_MARKET_BOOST,
    HUBSPOT_TECH_BOOST,
    IN_MARKET_INDUSTRY_SHARES,
    IN_MARKET_SHARE,
    IN_MARKET_SIZE_MIX,
    INDUSTRIES,
    INDUSTRY_BLANK_SHARE,
    INDUSTRY_GROUPS,
    INDUSTRY_KIND_BLANK,
    INDUSTRY_KIND_NOISE,
    INDUSTRY_KIND_OK,
    INDUSTRY_KIND_UNMAPPED,
    INDUSTRY_NOISE_SHARE,
    INDUSTRY_SHARES,
    INDUSTRY_UNMAPPED_SHARE,
    INTENT_ACTIVE_SHARE,
    INTENT_IN_MARKET,
    INTENT_LOW_SHARE,
    LEGAL_SUFFIX_COMMA_SHARE,
    LEGAL_SUFFIX_SHARE,
    LEGAL_SUFFIXES,
    LOCAL_TLD,
    LOCAL_TLD_SHARE,
    MAX_EMPLOYEES,
    NAME_FIRST_WORDS,
    NAME_SECOND_WORDS,
    NAME_THIRD_WORD_SHARE,
    NAME_THIRD_WORDS,
    REVENUE_BLANK_SHARE,
    REVENUE_FORMAT_WEIGHTS,
    REVENUE_GARBAGE,
    REVENUE_GARBAGE_SHARE,
    REVENUE_NEGATIVE_SHARE,
    SAP_MANUFACTURING_BOOST,
    SECOND_CRM_SHARE,
    SHARED_DOMAIN_SHARE,
    SIZE_MEDIANS,
    SIZE_MIX,
    SIZE_SIGMAS,
    SUBSIDIARY_LABELS,
    TLDS,
    UNKNOWN_COUNTRIES,
    UNMAPPED_INDUSTRIES,
    USD_TO_EUR,
    WEBSITE_BLANK_SHARE,
    WEBSITE_EMAIL_SHARE,
    WEBSITE_FORM_WEIGHTS,
    WEBSITE_FREEMAIL_SHARE,
    WEBSITE_GARBAGE,
    WEBSITE_GARBAGE_SHARE,
    WEBSITE_IP_SHARE,
    WEBSITE_KIND_BLANK,
    WEBSITE_KIND_EMAIL,
    WEBSITE_KIND_FREEMAIL,
    WEBSITE_KIND_GARBAGE,
    WEBSITE_KIND_IP,
    WEBSITE_KIND_OK,
)
from icp_scoring.sample.worked_examples import planted_crm

# --- Simulation of the clean truth ----------------------------------------------------------------


def simulate_sizes(rng: np.random.Generator, in_market: np.ndarray) -> np.ndarray:
    """True employee counts, log-normal mixture; in-market accounts are more often mid-size."""
    size = len(in_market)
    component = np.where(
        in_market, categorical(rng, IN_MARKET_SIZE_MIX, size), categorical(rng, SIZE_MIX, size)
    )
    median = np.asarray(SIZE_MEDIANS)[component]
    sigma = np.asarray(SIZE_SIGMAS)[component]
    log_size = np.log(median) + sigma * rng.standard_normal(size)
    return np.clip(np.rint(np.exp(log_size)), 1, MAX_EMPLOYEES).astype(np.int64)


def simulate_crms(
    rng: np.random.Generator, employees: np.ndarray, industry: np.ndarray, in_market: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who has any technographic data, the main CRM (-1: none) and a rare second CRM."""
    size = len(employees)
    has_technology = rng.random(size) < HAS_TECHNOLOGY_SHARE
    band = np.searchsorted(np.array([50, 1000]), employees, side="right")
    weights = np.asarray(CRM_WEIGHTS_BY_SIZE)[band].copy()
    weights[:, 0] *= np.where(in_market, HUBSPOT_IN_MARKET_BOOST, 1.0)
    weights[:, 0] *= np.where(industry == INDUSTRIES.index("technology"), HUBSPOT_TECH_BOOST, 1.0)
    weights[:, 5] *= np.where(industry == INDUSTRIES.index("manufacturing"), SAP_MANUFACTURING_BOOST, 1.0)
    cumulative = np.cumsum(weights, axis=1)
    draw = rng.random(size) * cumulative[:, -1]
    primary = np.minimum((cumulative <= draw[:, None]).sum(axis=1), len(CRMS) - 1)
    has_crm = has_technology & (rng.random(size) < HAS_CRM_SHARE)
    primary = np.where(has_crm, primary, -1)
    other = (primary + 1 + rng.integers(0, len(CRMS) - 1, size)) % len(CRMS)
    secondary = np.where(has_crm & (rng.random(size) < SECOND_CRM_SHARE), other, -1)
    return has_technology, primary.astype(np.int8), secondary.astype(np.int8)


def domain_candidates(
    rng: np.random.Generator, country: np.ndarray, start: int
) -> tuple[list[pa.Array], pa.Array, pa.Array]:
    """Candidate domains (short to long) for each account, plus the name stem and third word; ``start`` is
    the index of the first account (the last candidate holds the account's index, unique by construction)."""
    size = len(country)
    first = pick(NAME_FIRST_WORDS, rng.integers(0, len(NAME_FIRST_WORDS), size))
    second = pick(NAME_SECOND_WORDS, rng.integers(0, len(NAME_SECOND_WORDS), size))
    third = pick(NAME_THIRD_WORDS, rng.integers(0, len(NAME_THIRD_WORDS), size))
    tld_index = categorical(rng, GLOBAL_TLD_SHARES, size)
    local = np.array([LOCAL_TLD.get(code, -1) for code in COUNTRY_CODES])[country]
    tld_index = np.where((local >= 0) & (rng.random(size) < LOCAL_TLD_SHARE), local, tld_index)
    tld = join(".", pick(TLDS, tld_index))
    other_tld = join(".", pick(TLDS, (tld_index + 1 + rng.integers(0, 2, size)) % 3))
    # Shortest first; forms in DOMAIN_FORMS_WITH_THIRD_WORD put the third word in the name too.
    candidates = [
        join(first, second, tld),
        join("get", first, second, tld),
        join(first, second, "-", third, tld),
        join(first, second, third, tld),
        join(first, second, "hq", tld),
        join(first, second, "-", third, other_tld),
        join(first, "-", second, "-", third, tld),
        join(first, second, "-", third, "-", as_text(start + np.arange(size)), tld),  # unique by construction
    ]
    spaced = pc.binary_join_element_wise(pc.utf8_capitalize(first), pc.utf8_capitalize(second), " ")
    glued = join(pc.utf8_capitalize(first), pc.utf8_capitalize(second))
    stem = pc.if_else(pa.array(rng.random(size) < 0.6), spaced, glued)
    return candidates, stem, pc.utf8_capitalize(third)


def unique_domains(candidates: list[pa.Array]) -> tuple[pa.Array, np.ndarray]:
    """Give each account its shortest candidate domain not already taken; return domains and form used.

    Only earlier accounts take a domain from a later one, so an account's domain never depends on the
    accounts after it (the sample's size)."""
    domains = candidates[0]
    form = np.zeros(len(domains), dtype=np.int8)
    for level, candidate in enumerate(candidates[1:], start=1):
        taken = later_duplicates(domains)
        if not taken.any():
            break
        domains = pc.if_else(pa.array(taken), candidate, domains)
        form[taken] = level
    return domains, form


def share_domains(rng: np.random.Generator, size: int) -> np.ndarray:
    """Domain owner per account: about 0.5% of accounts reuse the domain of an earlier account (so an
    account never depends on a later one)."""
    owner = np.arange(size, dtype=np.int64)
    if size < 2:
        return owner
    sharers = np.flatnonzero(quota_codes(rng, size, [SHARED_DOMAIN_SHARE]))
    candidates = np.setdiff1d(owner, sharers)
    earlier = np.searchsorted(candidates, sharers)
    picked = (rng.random(len(sharers)) * earlier).astype(np.int64)
    has_earlier = earlier > 0
    owner[sharers[has_earlier]] = candidates[picked[has_earlier]]
    return owner


@dataclass(frozen=True)
class DrawnAccounts:
    """One block's accounts before their domains are settled: the truth with the first candidate as domain
    and the bare stem as name, the candidate domains, the third name word and who always shows it."""

    truth: AccountTruth
    candidates: list[pa.Array]
    third: pa.Array
    shows_third: np.ndarray


def simulate_accounts(rngs: Sequence[np.random.Generator], size: int) -> list[AccountTruth]:
    """Draw the truth of blocks of ``size`` regular accounts, one generator per block (indices local to each
    block). Domains are unique over all blocks, settled in account order: a block never depends on a later
    one."""
    drawn = [draw_accounts(rng, size, block * size) for block, rng in enumerate(rngs)]
    levels = range(len(drawn[0].candidates))
    domains, forms = unique_domains(
        [pa.concat_arrays([part.candidates[level] for part in drawn]) for level in levels]
    )
    truths = []
    for block, part in enumerate(drawn):
        domain = domains.slice(block * size, size)
        with_third = np.isin(forms[block * size : (block + 1) * size], DOMAIN_FORMS_WITH_THIRD_WORD)
        stem = part.truth.name_stem
        name_stem = pc.if_else(
            pa.array(with_third | part.shows_third), pc.binary_join_element_wise(stem, part.third, " "), stem
        )
        truths.append(
            replace(part.truth, domain=domain.take(pa.array(part.truth.owner)), name_stem=name_stem)
        )
    return truths


def draw_accounts(rng: np.random.Generator, size: int, start: int) -> DrawnAccounts:
    """Draw the firmographic and technographic truth of ``size`` regular accounts from index ``start``."""
    in_market = quota_codes(rng, size, [IN_MARKET_SHARE]) == 1
    industry = np.where(
        in_market,
        categorical(rng, IN_MARKET_INDUSTRY_SHARES, size),
        categorical(rng, INDUSTRY_SHARES, size),
    ).astype(np.int8)
    employees = simulate_sizes(rng, in_market)
    revenue_per_employee = 10 ** rng.normal(np.log10(150_000), 0.25, size)
    services = industry <= INDUSTRIES.index("financial_services")  # technology and services earn more
    revenue = employees * revenue_per_employee * np.where(services, 1.3, 1.0)
    country = categorical(rng, COUNTRY_SHARES, size).astype(np.int8)
    candidates, stem, third = domain_candidates(rng, country, start)
    shows_third = rng.random(size) < NAME_THIRD_WORD_SHARE
    owner = share_domains(rng, size)
    has_technology, crm_primary, crm_secondary = simulate_crms(rng, employees, industry, in_market)
    intent_profile = quota_codes(rng, size, [INTENT_LOW_SHARE, INTENT_ACTIVE_SHARE])
    intent_profile[in_market] = INTENT_IN_MARKET
    truth = AccountTruth(
        domain=candidates[0],
        name_stem=stem,
        industry=industry,
        industry_kind=quota_codes(
            rng, size, [INDUSTRY_BLANK_SHARE, INDUSTRY_UNMAPPED_SHARE, INDUSTRY_NOISE_SHARE]
        ),
        employees=employees,
        employees_kind=employee_kinds(rng, size),
        revenue=revenue,
        country=country,
        created_days=created_days(rng, size),
        website_kind=quota_codes(
            rng,
            size,
            [
                WEBSITE_BLANK_SHARE,
                WEBSITE_GARBAGE_SHARE,
                WEBSITE_IP_SHARE,
                WEBSITE_EMAIL_SHARE,
                WEBSITE_FREEMAIL_SHARE,
            ],
        ),
        owner=owner,
        in_market=in_market[owner],
        has_technology=has_technology[owner],
        crm_primary=crm_primary[owner],
        crm_secondary=crm_secondary[owner],
        intent_profile=intent_profile[owner],
    )
    return DrawnAccounts(truth, candidates, third, shows_third)


def employee_kinds(rng: np.random.Generator, size: int) -> np.ndarray:
    """Employee format per account: 0-5 formats of a true value, then blank, text, negative."""
    kinds = categorical(rng, EMPLOYEE_FORMAT_WEIGHTS, size).astype(np.int8)
    special = quota_codes(rng, size, [EMPLOYEES_BLANK_SHARE, EMPLOYEES_TEXT_SHARE, EMPLOYEES_NEGATIVE_SHARE])
    return np.where(special > 0, EMPLOYEE_KIND_BLANK - 1 + special, kinds).astype(np.int8)


def created_days(rng: np.random.Generator, size: int) -> np.ndarray:
    """Account age in days at the as-of date: mostly 30 days to 8 years, a few newer or legacy ones."""
    days = rng.integers(CREATED_MIN_DAYS, CREATED_MAX_DAYS + 1, size)
    special = quota_codes(rng, size, [CREATED_RECENT_SHARE, CREATED_LEGACY_SHARE])
    days = np.where(special == 1, rng.integers(1, CREATED_MIN_DAYS, size), days)
    return np.where(special == 2, rng.integers(CREATED_MAX_DAYS, 15 * 365, size), days)


# --- Rendering to messy text ----------------------------------------------------------------------


def account_ids(indices: np.ndarray) -> pa.Array:
    """Salesforce-like 15-character account ids: ``0015g00000`` plus 5 base-62 characters from the index."""
    return record_ids(b"0015g00000", indices)


def render_names(rng: np.random.Generator, truth: AccountTruth) -> pa.Array:
    """Company names: the stem, sometimes a legal suffix; domain sharers copy or extend the owner's name."""
    size = truth.size
    suffix_groups = WeightedGroups.build(
        [[(suffix, 1.0) for suffix in LEGAL_SUFFIXES[code]] for code in COUNTRY_CODES]
    )
    suffix = suffix_groups.strings().take(pa.array(suffix_groups.sample(rng, truth.country)))
    separator = pick([" ", ", "], (rng.random(size) < LEGAL_SUFFIX_COMMA_SHARE).astype(np.int64))
    code = np.where(rng.random(size) < LEGAL_SUFFIX_SHARE, 1, 0)
    names = choose(code, [truth.name_stem, join(truth.name_stem, separator, suffix)])
    sharer = truth.owner != np.arange(size)
    label = pick(SUBSIDIARY_LABELS, rng.integers(0, len(SUBSIDIARY_LABELS), size))
    owner_names = names.take(pa.array(truth.owner))
    subsidiary = pc.binary_join_element_wise(truth.name_stem.take(pa.array(truth.owner)), label, " ")
    sharer_code = np.where(sharer, np.where(rng.random(size) < 0.5, 1, 2), 0)
    return choose(sharer_code, [names, owner_names, subsidiary])


def render_websites(rng: np.random.Generator, truth: AccountTruth) -> pa.Array:
    """Website field: the domain in many URL forms, or blank, garbage, an IP, e-mail or free-mail domain."""
    size = truth.size
    domain = truth.domain
    upper = pc.utf8_upper(domain)
    forms = [
        domain,
        join("www.", domain),
        join("https://www.", domain, "/"),
        join("http://", domain),
        join("https://", domain, "/"),
        join("HTTPS://WWW.", upper, "/about?x=1"),
        join("http://", domain, ":8080/"),
        join(domain, pick(["  ", " ", "   "], rng.integers(0, 3, size))),
        upper,
        join("https://www.", domain, "/en/contact"),
    ]
    good = choose(categorical(rng, WEBSITE_FORM_WEIGHTS, size), forms)
    octets = [as_text(rng.integers(1, 255, size)) for _ in range(4)]
    private = join(
        pick(["192.168", "10.0", "172.16"], rng.integers(0, 3, size)), ".", octets[2], ".", octets[3]
    )
    public = pc.binary_join_element_wise(*octets, ".")
    ip = pc.if_else(pa.array(rng.random(size) < 0.7), private, public)
    email = join(pick(EMAIL_LOCAL_PARTS, rng.integers(0, len(EMAIL_LOCAL_PARTS), size)), "@", domain)
    free_mail = pick(FREE_MAIL_DOMAINS, rng.integers(0, len(FREE_MAIL_DOMAINS), size))
    garbage = pick(WEBSITE_GARBAGE, rng.integers(0, len(WEBSITE_GARBAGE), size))
    blank = pick(["", " "], (rng.random(size) < 0.2).astype(np.int64))
    blank = pc.if_else(pa.array(rng.random(size) < 0.5), pa.scalar(None, pa.string()), blank)
    options = {
        WEBSITE_KIND_OK: good,
        WEBSITE_KIND_BLANK: blank,
        WEBSITE_KIND_GARBAGE: garbage,
        WEBSITE_KIND_IP: ip,
        WEBSITE_KIND_EMAIL: email,
        WEBSITE_KIND_FREEMAIL: free_mail,
    }
    return choose(truth.website_kind, [options[code] for code in sorted(options)])


def render_industries(rng: np.random.Generator, industry: np.ndarray, kind: np.ndarray) -> pa.Array:
    """Industry field: raw variants and codes, case/whitespace noise, blanks and unmapped values."""
    size = len(industry)
    raw = INDUSTRY_GROUPS.strings().take(pa.array(INDUSTRY_GROUPS.sample(rng, industry)))
    lower = pc.utf8_lower(raw)
    noisy = choose(
        rng.integers(0, 4, size),
        [
            join("  ", lower, " "),
            pc.utf8_upper(raw),
            pc.replace_substring(lower, " ", "  "),
            join(raw, " "),
        ],
    )
    unmapped = pick(UNMAPPED_INDUSTRIES, rng.integers(0, len(UNMAPPED_INDUSTRIES), size))
    options: dict[int, pa.Array | None] = {
        INDUSTRY_KIND_OK: raw,
        INDUSTRY_KIND_BLANK: None,
        INDUSTRY_KIND_UNMAPPED: unmapped,
        INDUSTRY_KIND_NOISE: noisy,
    }
    return choose(kind, [options[code] for code in sorted(options)])


def rounded_about(employees: np.ndarray) -> np.ndarray:
    """Employees rounded to two significant digits (for ``about 300``)."""
    magnitude = 10 ** np.maximum(np.floor(np.log10(np.maximum(employees, 1))) - 1, 0)
    return (np.rint(employees / magnitude) * magnitude).astype(np.int64)


def render_employees(rng: np.random.Generator, employees: np.ndarray, kind: np.ndarray) -> pa.Array:
    """Employees: plain, ``1,200``, ``51-200``, ``1000+``, ``10k``, ``about 300``, blank, text, negative."""
    size = len(employees)
    plain = as_text(employees)
    large = pa.array(employees >= 1000)
    bounds = np.array([low for low, _ in EMPLOYEE_RANGES])
    ranges = pick(
        [label for _, label in EMPLOYEE_RANGES], np.searchsorted(bounds, employees, side="right") - 1
    )
    forms = [
        plain,
        with_thousands(employees),
        ranges,
        pc.if_else(large, pa.scalar("1000+"), ranges),
        pc.if_else(large, join(as_text(np.rint(employees / 1000)), "k"), plain),
        pc.if_else(pa.array(employees >= 10), join("about ", as_text(rounded_about(employees))), plain),
        None,
        pick(EMPLOYEE_TEXTS, rng.integers(0, len(EMPLOYEE_TEXTS), size)),
        join("-", as_text(rng.integers(1, 50, size))),
    ]
    return choose(kind, forms)


def render_revenue(rng: np.random.Generator, revenue: np.ndarray) -> pa.Array:
    """Revenue field in mixed formats and currencies, with blanks, garbage and a few negatives."""
    size = len(revenue)
    whole = np.rint(revenue).astype(np.int64)
    plain = as_text(whole)
    forms = [
        plain,
        with_thousands(whole),
        join("$", compact_amount(revenue)),
        compact_amount(revenue),
        join("€", compact_amount(revenue * USD_TO_EUR, decimal_mark=",", unit_gap=" ")),
        join("USD ", plain),
        join(plain, ".00"),
    ]
    special = quota_codes(rng, size, [REVENUE_BLANK_SHARE, REVENUE_GARBAGE_SHARE, REVENUE_NEGATIVE_SHARE])
    code = np.where(special > 0, len(forms) - 1 + special, categorical(rng, REVENUE_FORMAT_WEIGHTS, size))
    garbage = pick(REVENUE_GARBAGE, rng.integers(0, len(REVENUE_GARBAGE), size))
    return choose(code, [*forms, None, garbage, join("-", plain)])


def render_countries(rng: np.random.Generator, country: np.ndarray) -> pa.Array:
    """Country field: ISO codes and names in variants, case noise, blanks and unknown values."""
    size = len(country)
    raw = COUNTRY_GROUPS.strings().take(pa.array(COUNTRY_GROUPS.sample(rng, country)))
    special = quota_codes(
        rng,
        size,
        [
            COUNTRY_BLANK_SHARE,
            COUNTRY_UNKNOWN_SHARE,
            COUNTRY_CASE_NOISE_SHARE / 2,
            COUNTRY_CASE_NOISE_SHARE / 2,
        ],
    )
    unknown = pick(UNKNOWN_COUNTRIES, rng.integers(0, len(UNKNOWN_COUNTRIES), size))
    return choose(special, [raw, None, unknown, pc.utf8_upper(raw), pc.utf8_lower(raw)])


def render_dates(
    rng: np.random.Generator, as_of: dt.date, age_days: np.ndarray
) -> tuple[pa.Array, pa.Array, np.ndarray]:
    """Created date (2% blank), last-modified timestamp after it and not after as-of, and those seconds."""
    as_of_seconds = epoch_day(as_of) * SECONDS_PER_DAY
    created_day = epoch_day(as_of) - age_days
    created = pc.cast(days_to_dates(created_day), pa.string())
    blank = quota_codes(rng, len(age_days), [CREATED_BLANK_SHARE]) == 1
    created = pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), created)
    modified_seconds = modified_between(rng, created_day * SECONDS_PER_DAY, as_of_seconds)
    return created, pc.cast(seconds_to_timestamps(modified_seconds), pa.string()), modified_seconds


def modified_between(rng: np.random.Generator, start_seconds: np.ndarray, end_seconds: int) -> np.ndarray:
    """A timestamp after ``start_seconds`` and not after ``end_seconds``, skewed towards recent."""
    span = np.maximum(end_seconds - start_seconds, 1)
    return start_seconds + np.maximum(np.rint(span * np.sqrt(rng.random(len(span)))), 1).astype(np.int64)


def render_crm(
    rng: np.random.Generator, truth: AccountTruth, as_of: dt.date, start: int, keep: int, *, planted: bool
) -> tuple[pa.Table, pa.Array]:
    """One block's CRM rows (its regular accounts, ``planted`` rows, duplicates; shuffled) for its first
    ``keep`` accounts, and their created_date. ``start`` is the block's first account index."""
    created, modified, modified_seconds = render_dates(rng, as_of, truth.created_days)
    columns = {
        "account_id": account_ids(start + np.arange(truth.size)),
        "account_name": render_names(rng, truth),
        "website": render_websites(rng, truth),
        "industry": render_industries(rng, truth.industry, truth.industry_kind),
        "employees": render_employees(rng, truth.employees, truth.employees_kind),
        "annual_revenue": render_revenue(rng, truth.revenue),
        "country": render_countries(rng, truth.country),
        "created_date": created,
        "last_modified_at": modified,
    }
    regular = pa.table(columns)
    duplicated, duplicates = crm_duplicates(rng, regular, truth, as_of, modified_seconds)
    tables = [regular, planted_crm(as_of), duplicates] if planted else [regular, duplicates]
    account = np.concatenate(
        [np.arange(truth.size), np.full(tables[1].num_rows if planted else 0, -1), duplicated]
    )
    order = rng.permutation(len(account))
    order = order[account[order] < keep]
    return pa.concat_tables(tables).take(pa.array(order)), created.slice(0, keep)


def crm_duplicates(
    rng: np.random.Generator,
    regular: pa.Table,
    truth: AccountTruth,
    as_of: dt.date,
    modified_seconds: np.ndarray,
) -> tuple[np.ndarray, pa.Table]:
    """About 2% of accounts again: half exact copies, half with another employees or industry value (their
    account indices and rows)."""
    chosen = np.flatnonzero(quota_codes(rng, truth.size, [CRM_DUPLICATE_SHARE]))
    # Alternate, so that the first accounts of a block get both kinds too.
    exact, conflicting = chosen[::2], chosen[1::2]
    copies = regular.take(pa.array(exact))
    changed = regular.take(pa.array(conflicting))
    count = len(conflicting)
    true_employees = truth.employees[conflicting]
    other_employees = np.maximum(np.rint(true_employees * rng.uniform(0.3, 3.0, count)), 1).astype(np.int64)
    other_employees = np.where(other_employees == true_employees, true_employees + 1, other_employees)
    other_industry = (truth.industry[conflicting] + rng.integers(1, len(INDUSTRIES), count)) % len(INDUSTRIES)
    change_employees = pa.array(rng.random(count) < 0.5)
    employees = pc.if_else(change_employees, as_text(other_employees), changed["employees"])
    industry = pc.if_else(
        change_employees,
        changed["industry"],
        render_industries(rng, other_industry, np.zeros(count, np.int8)),
    )
    created_seconds = (epoch_day(as_of) - truth.created_days[conflicting]) * SECONDS_PER_DAY
    modified = modified_between(rng, created_seconds, epoch_day(as_of) * SECONDS_PER_DAY)
    modified = np.where(modified == modified_seconds[conflicting], modified - 1, modified)
    changed = changed.set_column(CRM_COLUMNS.index("employees"), "employees", employees)
    changed = changed.set_column(CRM_COLUMNS.index("industry"), "industry", industry)
    changed = changed.set_column(
        CRM_COLUMNS.index("last_modified_at"),
        "last_modified_at",
        pc.cast(seconds_to_timestamps(modified), pa.string()),
    )
    return np.concatenate([exact, conflicting]), pa.concat_tables([copies, changed])
