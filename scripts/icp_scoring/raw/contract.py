"""The raw data contract: the files a run reads, their columns, the daily deliveries and the CSV dialect.

Extra columns are allowed: those of the CRM accounts extract are landed too (a grid can score them, declared
in icp_crm_fields.csv), the other files' are ignored; a missing column is refused by `icp land` with the list
of what is missing. The sources' YAML (models/staging/*/_*__sources.yml) describes each column.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

RAW_CONTRACT: dict[str, tuple[str, ...]] = {
    "crm_accounts.csv": (
        "account_id",
        "account_name",
        "website",
        "industry",
        "employees",
        "annual_revenue",
        "country",
        "created_date",
        "last_modified_at",
    ),
    "technographics.csv": (
        "domain",
        "technology",
        "technology_category",
        "first_detected_date",
        "last_detected_date",
    ),
    "intent_signals.csv": ("domain", "signal_type", "topic", "occurred_at", "source"),
    # Outcomes: what sales did with the accounts. A header-only file is fine (no outcomes data yet).
    "crm_opportunities.csv": (
        "opportunity_id",
        "account_id",
        "created_date",
        "closed_date",
        "stage",
        "is_won",
        "amount",
    ),
    "crm_activities.csv": ("account_id", "activity_date", "activity_type"),
    # The people known at each account (buyer personas). A header-only file is fine (no contacts yet).
    "crm_contacts.csv": (
        "contact_id",
        "account_id",
        "first_name",
        "last_name",
        "job_title",
        "email",
        "phone",
        "created_date",
        "last_activity_date",
    ),
}
# The raw files whose columns beyond the contract's are landed as well, under their header as written: the
# CRM accounts extract, whose custom fields (legal form, founding year...) a grid can score
# (docs/scoring-grid.md).
FILES_WITH_EXTRA_COLUMNS = ("crm_accounts.csv",)
# Daily deliveries of a feed, next to its history file: the feed's name, an underscore and the delivery date
# (intent_signals_2026-07-01.csv). Same columns; each is checked and landed on its own, so a new day lands
# only that day, and dbt stages only the deliveries it has not staged yet.
DELIVERY_FILES = {"intent_signals.csv": "intent_signals_*.csv"}
# How the generator's CSV files are read (DuckDB read_csv options): every column as text, staging parses it.
# A team's extracts may also be `;`-delimited, with a BOM or CRLF: `icp land` and `icp validate raw` read each
# file in the dialect its header shows (icp_scoring.csv_dialect).
CSV_OPTIONS = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"


def delivery_date(file_name: str, history_file: str) -> dt.date | None:
    """The date of a daily delivery's name (intent_signals_2026-07-01.csv -> 2026-07-01), None otherwise."""
    stem, prefix = Path(file_name).stem, Path(history_file).stem + "_"
    try:
        return dt.date.fromisoformat(stem[len(prefix) :]) if stem.startswith(prefix) else None
    except ValueError:
        return None


def raw_file_names(raw_dir: Path, file_name: str) -> list[str]:
    """A contract file and, for a feed, its daily deliveries in the raw folder, oldest first."""
    pattern = DELIVERY_FILES.get(file_name)
    if pattern is None:
        return [file_name]
    deliveries = sorted(path.name for path in raw_dir.glob(pattern))
    return [file_name, *deliveries]
