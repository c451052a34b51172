"""What the sample generator's tests share besides fixtures: the fixed arguments, reading the files."""

import csv
import datetime as dt
import math
import pathlib
import re
from collections import Counter
from collections.abc import Callable

from icp_scoring.sample import generation

AS_OF = dt.date(2025, 6, 30)
AS_OF_TEXT = AS_OF.isoformat()
FILES = (
    "crm_accounts.csv",
    "technographics.csv",
    "intent_signals.csv",
    "crm_opportunities.csv",
    "crm_activities.csv",
    "crm_contacts.csv",
)
HEADERS = {
    "crm_accounts.csv": "account_id,account_name,website,industry,employees,annual_revenue,country,"
    "created_date,last_modified_at,Legal Form,Year Founded",
    "technographics.csv": "domain,technology,technology_category,first_detected_date,last_detected_date",
    "intent_signals.csv": "domain,signal_type,topic,occurred_at,source",
    "crm_opportunities.csv": "opportunity_id,account_id,created_date,closed_date,stage,is_won,amount",
    "crm_activities.csv": "account_id,activity_date,activity_type",
    "crm_contacts.csv": "contact_id,account_id,first_name,last_name,job_title,email,phone,created_date,"
    "last_activity_date",
}
MESSY_ACCOUNTS = 2000
MESSY_SEED = 7


def read_rows(path: pathlib.Path) -> list[dict[str, str]]:
    """All data rows of a CSV file as dicts of text (empty string for blank/null)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run(output_dir: pathlib.Path, accounts: int = 300, seed: int = 42) -> dict[str, int]:
    """Generate the files with the fixed as-of date."""
    return generation.generate(accounts, seed, AS_OF, output_dir)


def bare_domain(value: str) -> str:
    """A crude normalisation of a website or feed domain: lower case, no scheme, www., port or path."""
    text = value.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("/")[0].split("?")[0].split(":")[0]
    return text.removeprefix("www.")


def values(messy: dict[str, list[dict[str, str]]], file_name: str, column: str) -> list[str]:
    """One column of one file."""
    return [row[column] for row in messy[file_name]]


def count_matching(items: list[str], pattern: str) -> int:
    """How many values fully match a regular expression."""
    return sum(bool(re.fullmatch(pattern, item)) for item in items)


INJECT_ACCOUNTS = 300
INJECT_SEED = 7
INJECT_AS_OF = dt.date(2026, 6, 30)
STEMS = {
    "crm_accounts": "crm_accounts.csv",
    "technographics": "technographics.csv",
    "intent_signals": "intent_signals.csv",
    "crm_opportunities": "crm_opportunities.csv",
    "crm_activities": "crm_activities.csv",
    "crm_contacts": "crm_contacts.csv",
}
Rows = list[dict[str, str]]


def threshold(base_rows: int) -> int:
    """The promised quantity: at least 1% of the file's rows and at least 5 rows."""
    return max(5, math.ceil(0.01 * base_rows))


def added(injected: Callable[..., pathlib.Path], name: str, file_name: str) -> tuple[Rows, Rows]:
    """Rows the class added to a file (multiset difference with the run without it), and the base rows."""
    base = read_rows(injected() / file_name)
    rows = read_rows(injected(name) / file_name)
    extra = Counter(tuple(row.items()) for row in rows) - Counter(tuple(row.items()) for row in base)
    return [dict(items) for items in extra.elements()], base


def crm_domains(rows: Rows) -> dict[str, set[str]]:
    """Account ids per bare website domain."""
    ids: dict[str, set[str]] = {}
    for row in rows:
        ids.setdefault(bare_domain(row["website"]), set()).add(row["account_id"])
    return ids
