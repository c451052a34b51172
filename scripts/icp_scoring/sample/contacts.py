"""The CRM's contacts export (crm_contacts.csv): the people known at each account, as sales typed them.

About a quarter of the accounts have no contact; the others have more the larger the company (a Poisson
draw around 0.6 + 0.7 x log10(employees)). Job titles are those of a buying committee and its surroundings
(sales and marketing leaders, the CEO of a small company, RevOps, IT, finance, reps and assistants), in
English, or in French for most contacts of French, Belgian and Swiss accounts, with the variants people type
(case, `&` or `and`, abbreviations, a blank title). E-mails are mostly on the company's domain, some on free
mail or another company's domain, some blank or malformed; a few accounts list one switchboard phone for all
their contacts; a few contacts have not been active for years. Some rows repeat a contact, some name no
account or an account the CRM does not have.

The planted truth makes the buying committee matter: an account that won a deal had its decision maker known
before the deal more often (fewer such accounts have no contact, and most gain one sales leader created at
least a backtest window before the as-of date), so the backtest finds higher win rates where the committee
was covered, within a grade.

Drawn from a stream of its own (spawn key CONTACTS_STREAM, one per block), so the other files of a seed stay
what they were before contacts existed.
"""

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from icp_scoring.sample.clean_truth import AccountTruth, OpportunityRows
from icp_scoring.sample.french import without_accents
from icp_scoring.sample.outcomes import CLOSED_WON
from icp_scoring.sample.vectorised import (
    WeightedGroups,
    as_text,
    categorical,
    choose,
    days_to_dates,
    epoch_day,
    join,
    pick,
    record_ids,
)
from icp_scoring.sample.vocabulary import COUNTRY_CODES, FREE_MAIL_DOMAINS

CONTACTS_STREAM = 9  # SeedSequence spawn key (blocks 8, injections 6, the French rewrite (8,))
NO_CONTACT_SHARE = 0.25
CONTACTS_BASE, CONTACTS_PER_DECADE = 0.6, 0.7
MAX_CONTACTS = 12
FRENCH_COUNTRIES = ("FR", "BE", "CH")
FRENCH_TITLE_SHARE = 0.7  # of the contacts of accounts in FRENCH_COUNTRIES
# Roles and their share of contacts; per role its titles in English and in French, (title, weight).
ROLES = (
    ("sales_leader", 0.16),
    ("chief_executive", 0.10),
    ("marketing_leader", 0.12),
    ("revenue_operations", 0.08),
    ("it_leader", 0.09),
    ("finance", 0.07),
    ("sales_rep", 0.22),
    ("assistant", 0.08),
    ("other", 0.08),
)
TITLES_EN: dict[str, tuple[tuple[str, float], ...]] = {
    "sales_leader": (
        ("Head of Sales", 3),
        ("VP Sales", 3),
        ("VP of Sales", 1),
        ("Sales Director", 2),
        ("CRO", 1),
        ("Chief Revenue Officer", 1),
        ("head of sales", 1),
    ),
    "chief_executive": (
        ("CEO", 4),
        ("Founder & CEO", 2),
        ("Co-founder", 1),
        ("Managing Director", 2),
        ("President", 1),
    ),
    "marketing_leader": (
        ("Head of Marketing", 3),
        ("CMO", 2),
        ("Marketing Director", 2),
        ("VP Marketing", 1),
    ),
    "revenue_operations": (
        ("RevOps Manager", 3),
        ("Revenue Operations Manager", 2),
        ("Sales Ops Manager", 1),
        ("Marketing Operations Manager", 2),
        ("CRM Manager", 1),
    ),
    "it_leader": (("CIO", 2), ("Head of IT", 3), ("IT Director", 2), ("CTO", 2), ("IT Manager", 1)),
    "finance": (("CFO", 3), ("Finance Director", 2), ("Controller", 1)),
    "sales_rep": (
        ("Account Executive", 4),
        ("Sales Rep", 2),
        ("SDR", 2),
        ("Business Developer", 2),
        ("Account Manager", 2),
    ),
    "assistant": (("Executive Assistant", 2), ("Office Manager", 2), ("Receptionist", 1)),
    "other": (("Engineer", 2), ("Consultant", 2), ("Intern", 1), ("HR Manager", 1), ("Project Manager", 2)),
}
TITLES_FR: dict[str, tuple[tuple[str, float], ...]] = {
    "sales_leader": (
        ("Directeur commercial", 4),
        ("Directrice commerciale", 2),
        ("DIRECTEUR COMMERCIAL", 1),
        ("Responsable commercial", 2),
        ("Dir. commercial", 1),
    ),
    "chief_executive": (
        ("Président", 2),
        ("PDG", 3),
        ("Gérant", 2),
        ("Directeur général", 2),
        ("Fondateur", 1),
    ),
    "marketing_leader": (
        ("Directeur marketing", 3),
        ("Responsable marketing", 3),
        ("Directrice Marketing", 1),
    ),
    "revenue_operations": (
        ("Responsable RevOps", 2),
        ("Responsable CRM", 2),
        ("Chargé des opérations commerciales", 1),
        ("Responsable Sales Ops", 1),
    ),
    "it_leader": (
        ("DSI", 4),
        ("Directeur des systèmes d'information", 2),
        ("Responsable informatique", 2),
        ("Directeur technique", 1),
    ),
    "finance": (("DAF", 3), ("Directeur administratif et financier", 2), ("Contrôleur de gestion", 1)),
    "sales_rep": (
        ("Commercial", 4),
        ("Chargé d'affaires", 3),
        ("Ingénieur commercial", 2),
        ("Business developer", 1),
    ),
    "assistant": (("Assistante de direction", 3), ("Office manager", 1), ("Standard", 1)),
    "other": (("Ingénieur", 2), ("Consultant", 2), ("Stagiaire", 1), ("Chef de projet", 2)),
}
TITLE_BLANK_SHARE = 0.06
FIRST_NAMES = (
    "Alice",
    "Bruno",
    "Camille",
    "David",
    "Emma",
    "François",
    "Hélène",
    "Jonas",
    "Julia",
    "Karim",
    "Laura",
    "Léa",
    "Lucas",
    "Marc",
    "Marie",
    "Nadia",
    "Olivier",
    "Paul",
    "Sarah",
    "Thomas",
)
LAST_NAMES = (
    "Bernard",
    "Dubois",
    "Durand",
    "Fischer",
    "García",
    "Klein",
    "Lefèvre",
    "Martin",
    "Moreau",
    "Müller",
    "Petit",
    "Richard",
    "Rossi",
    "Schmidt",
    "Smith",
    "Johnson",
    "Brown",
    "Weber",
)
# The names as e-mail local parts: lower case, accents folded (the French rewrite's without_accents).
FIRST_NAME_KEYS = tuple(without_accents(name).lower() for name in FIRST_NAMES)
LAST_NAME_KEYS = tuple(without_accents(name).lower() for name in LAST_NAMES)
# E-mail forms (weights): first.last@domain, f.last@domain, free mail, another company's domain, blank,
# malformed (no @).
EMAIL_FORM_WEIGHTS = (0.55, 0.15, 0.08, 0.04, 0.15, 0.03)
PHONE_BLANK_SHARE = 0.25
SWITCHBOARD_ACCOUNT_SHARE = 0.10  # accounts whose contacts all share one phone
SHARED_PHONE = "+33 1 70 00 00 00"  # a call centre number typed on many accounts' contacts
SHARED_PHONE_SHARE = 0.01
STALE_SHARE = 0.12  # last activity 2 to 6 years ago
ACTIVITY_BLANK_SHARE = 0.10
WON_NO_CONTACT_SHARE = 0.05  # of the accounts that won a deal (NO_CONTACT_SHARE for the others)
WON_LEADER_SHARE = 0.6  # of the accounts that won a deal: one more contact, a sales leader known early
LEADER_MIN_AGE_DAYS = 200  # that contact was created at least this long before as-of (before the window)
DUPLICATE_SHARE = 0.02
ORPHAN_SHARE = 0.01  # rows whose account id is blank or no CRM account's


def contacts_stream(seed: int, block: int) -> np.random.Generator:
    """The random stream of one block's contacts, independent of every other stream of the sample."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(CONTACTS_STREAM, block)))


def draw_names(rng: np.random.Generator, count: int) -> tuple[pa.Array, pa.Array, pa.Array, pa.Array]:
    """``count`` first and last names, and each in lower case without accents for e-mail local parts
    (`François` -> `francois`)."""
    first_index = rng.integers(0, len(FIRST_NAMES), count)
    last_index = rng.integers(0, len(LAST_NAMES), count)
    return (
        pick(FIRST_NAMES, first_index),
        pick(LAST_NAMES, last_index),
        pick(FIRST_NAME_KEYS, first_index),
        pick(LAST_NAME_KEYS, last_index),
    )


def won_accounts(opportunities: OpportunityRows, size: int) -> np.ndarray:
    """Whether each of the first ``size`` accounts won an opportunity."""
    won = np.zeros(size, dtype=bool)
    winners = opportunities.account[(opportunities.stage == CLOSED_WON) & (opportunities.account < size)]
    won[winners] = True
    return won


def render_contacts(
    rng: np.random.Generator,
    truth: AccountTruth,
    opportunities: OpportunityRows,
    account_id: pa.Array,
    keep: int,
    first_id: int,
    as_of: dt.date,
) -> pa.Table:
    """The contact rows of one block's first ``keep`` accounts (ids numbered from ``first_id``)."""
    size = min(keep, truth.size)
    won = won_accounts(opportunities, size)
    employees = np.asarray(truth.employees[:size], dtype=np.float64)
    mean = CONTACTS_BASE + CONTACTS_PER_DECADE * np.log10(np.maximum(employees, 1))
    counts = np.minimum(rng.poisson(mean), MAX_CONTACTS)
    counts = np.where(rng.random(size) < np.where(won, WON_NO_CONTACT_SHARE, NO_CONTACT_SHARE), 0, counts)
    drawn = np.repeat(np.arange(size), counts)
    leaders = np.flatnonzero(won & (rng.random(size) < WON_LEADER_SHARE))
    account = np.concatenate([drawn, leaders])
    total = len(account)
    sales_leader = [name for name, _ in ROLES].index("sales_leader")
    role = np.concatenate(
        [categorical(rng, [share for _, share in ROLES], len(drawn)), np.full(len(leaders), sales_leader)]
    )
    country = np.asarray(truth.country[:size])[account]
    is_french = np.isin(np.array(COUNTRY_CODES)[country], FRENCH_COUNTRIES) & (
        rng.random(total) < FRENCH_TITLE_SHARE
    )
    titles = WeightedGroups.build(
        [TITLES_EN[name] for name, _ in ROLES] + [TITLES_FR[name] for name, _ in ROLES]
    )
    title_index = titles.sample(rng, role + np.where(is_french, len(ROLES), 0))
    title = titles.strings().take(pa.array(title_index))
    title = choose(np.where(rng.random(total) < TITLE_BLANK_SHARE, 0, 1), [None, title])
    first, last, first_key, last_key = draw_names(rng, total)
    domain = truth.domain.take(pa.array(account))
    other_domain = truth.domain.take(pa.array(rng.integers(0, max(truth.size, 1), total)))
    local = join(first_key, ".", last_key)
    initial = join(pc.utf8_slice_codeunits(first_key, 0, 1), ".", last_key)
    free = pick(FREE_MAIL_DOMAINS, rng.integers(0, len(FREE_MAIL_DOMAINS), total))
    email = choose(
        categorical(rng, EMAIL_FORM_WEIGHTS, total),
        [
            join(local, "@", domain),
            join(initial, "@", domain),
            join(local, "@", free),
            join(local, "@", other_domain),
            None,
            join(local, " at ", domain),
        ],
    )
    own_phone = join(
        "+33 6 ",
        as_text(rng.integers(10, 100, total)),
        " ",
        as_text(rng.integers(10, 100, total)),
        " ",
        as_text(rng.integers(10, 100, total)),
        " ",
        as_text(rng.integers(10, 100, total)),
    )
    switchboard = join("+33 1 ", as_text(40 + account % 50), " ", as_text(10 + account % 89), " 00 00")
    has_switchboard = (rng.random(size) < SWITCHBOARD_ACCOUNT_SHARE)[account]
    phone_code = np.where(has_switchboard, 2, 1)
    phone_code = np.where(rng.random(total) < SHARED_PHONE_SHARE, 3, phone_code)
    phone_code = np.where(rng.random(total) < PHONE_BLANK_SHARE, 0, phone_code)
    phone = choose(phone_code, [None, own_phone, switchboard, SHARED_PHONE])
    account_age = np.asarray(truth.created_days[:size])[account]
    created_age = (rng.random(total) * account_age).astype(np.int64)
    active_age = (rng.random(total) * np.minimum(created_age, 365)).astype(np.int64)
    is_leader = np.arange(total) >= len(drawn)
    created_age = np.where(
        is_leader, np.maximum(created_age, np.minimum(account_age, LEADER_MIN_AGE_DAYS)), created_age
    )
    stale = (rng.random(total) < STALE_SHARE) & ~is_leader
    active_age = np.where(stale, 730 + rng.integers(0, 1461, total), active_age)
    created_age = np.maximum(created_age, active_age)  # a stale contact was created before its last activity
    today = epoch_day(as_of)
    last_activity = choose(
        np.where(rng.random(total) < ACTIVITY_BLANK_SHARE, 0, 1),
        [None, pc.cast(days_to_dates(today - active_age), pa.string())],
    )
    owner_id = account_id.take(pa.array(account))
    orphan = rng.random(total) < ORPHAN_SHARE
    owner_id = choose(
        np.where(orphan, np.where(rng.random(total) < 0.5, 0, 2), 1),
        [None, owner_id, join("001UNKNOWN", as_text(rng.integers(10_000, 99_999, total)))],
    )
    table = pa.table(
        {
            "contact_id": record_ids(b"0035g00000", first_id + np.arange(total)),
            "account_id": owner_id,
            "first_name": first,
            "last_name": last,
            "job_title": title,
            "email": email,
            "phone": phone,
            "created_date": pc.cast(days_to_dates(today - created_age), pa.string()),
            "last_activity_date": last_activity,
        }
    )
    duplicates = np.flatnonzero(rng.random(total) < DUPLICATE_SHARE)
    order = rng.permutation(total + len(duplicates))
    return pa.concat_tables([table, table.take(pa.array(duplicates))]).take(pa.array(order))


def contacts_on_accounts(
    rng: np.random.Generator, account_id: pa.Array, count: int, first_id: int, as_of: dt.date
) -> pa.Table:
    """``count`` plausible contacts spread over the given account ids (English titles, free-mail e-mails,
    active within the year), ids numbered from ``first_id``: what an injection adds on accounts of no CRM
    record."""
    account = np.arange(count) % len(account_id)
    titles = WeightedGroups.build([TITLES_EN[name] for name, _ in ROLES])
    role = categorical(rng, [share for _, share in ROLES], count)
    title = titles.strings().take(pa.array(titles.sample(rng, role)))
    first, last, first_key, last_key = draw_names(rng, count)
    free = pick(FREE_MAIL_DOMAINS, rng.integers(0, len(FREE_MAIL_DOMAINS), count))
    today = epoch_day(as_of)
    active_age = rng.integers(0, 365, count)
    created_age = active_age + rng.integers(0, 365, count)
    return pa.table(
        {
            "contact_id": record_ids(b"0035g00000", first_id + np.arange(count)),
            "account_id": account_id.take(pa.array(account)),
            "first_name": first,
            "last_name": last,
            "job_title": title,
            "email": join(first_key, ".", last_key, "@", free),
            "phone": pa.nulls(count, pa.string()),
            "created_date": pc.cast(days_to_dates(today - created_age), pa.string()),
            "last_activity_date": pc.cast(days_to_dates(today - active_age), pa.string()),
        }
    )
