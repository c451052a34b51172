"""What the engines other than DuckDB load of the landed folder: one table per dbt source table, in the schema
`landed`, with the file's columns as text plus `filename` (the landed file's name) and `file_row_number` (the
row's position in its file, 0 first), the two columns DuckDB's read_parquet adds; and `landed_file_metadata`
(file_name, key, value): the key-value metadata `icp land` records in each Parquet file (the raw CSV's size
and modification time...), which DuckDB reads with parquet_kv_metadata.

The table of each landed file is that of its dbt source (models/staging/*/_*__sources.yml, `identifier`):
crm_accounts.parquet -> landed.crm_accounts, and every daily intent delivery (intent_signals_<date>.parquet)
next to the history file in landed.intent_signals.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

import duckdb

from icp_scoring.raw import landing

SCHEMA = "landed"
METADATA_TABLE = "landed_file_metadata"

# Landed file pattern -> the table its rows go to (the dbt sources' identifiers).
LANDED_TABLES = {
    "crm_accounts.parquet": "crm_accounts",
    "crm_opportunities.parquet": "crm_opportunities",
    "crm_activities.parquet": "crm_activities",
    "crm_contacts.parquet": "crm_contacts",
    "technographics.parquet": "technographics",
    "intent_signals*.parquet": "intent_signals",
}


@dataclass(frozen=True)
class LandedFile:
    """One landed Parquet file: its table, its columns (all text) and its recorded metadata."""

    path: Path
    table: str
    columns: tuple[str, ...]
    metadata: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        return self.path.name


def table_of(file_name: str) -> str | None:
    """The landed table a landed file's rows go to, or None for a file that is no source's."""
    for pattern, table in LANDED_TABLES.items():
        if fnmatch.fnmatchcase(file_name, pattern):
            return table
    return None


def landed_files(landed_dir: Path) -> list[LandedFile]:
    """The landed files of landed_dir that feed a source, with their columns and metadata, by name."""
    connection = duckdb.connect()
    files = []
    for path in sorted(landed_dir.glob("*.parquet")):
        table = table_of(path.name)
        if table is None:
            continue
        columns = tuple(
            name
            for (name,) in connection.execute(
                "select name from parquet_schema(?) where num_children is null", [str(path)]
            ).fetchall()
        )
        metadata = tuple(sorted(landing.landed_fingerprint(connection, path).items()))
        files.append(LandedFile(path, table, columns, metadata))
    return files
