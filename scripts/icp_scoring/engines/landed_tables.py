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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

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


@dataclass(frozen=True)
class LoadPlan:
    """What an engine does to bring its schema `landed` in line with the landed folder, in this order:
    (re)create the tables whose columns changed (or that do not exist), forget the files whose rows or
    metadata must go (files no longer landed, files of a recreated table), load the new and changed files."""

    recreate: dict[str, tuple[str, ...]]
    forget: tuple[str, ...]
    load: tuple[LandedFile, ...]


def load_plan(
    files: list[LandedFile],
    recorded: dict[str, tuple[tuple[str, str], ...]],
    table_columns: Callable[[str], tuple[str, ...] | None],
) -> LoadPlan:
    """The plan for files, given the metadata recorded per loaded file and each table's landed columns (None
    for a table that does not exist): incremental by file, a table whose columns changed (a custom CRM
    field) loaded whole again."""
    recreate = {}
    for table in sorted(set(LANDED_TABLES.values())):
        table_files = [file for file in files if file.table == table]
        if table_files and table_columns(table) != table_files[0].columns:
            recreate[table] = table_files[0].columns
    current = {file.name for file in files}
    forget = tuple(sorted(name for name in recorded if name not in current or table_of(name) in recreate))
    kept = {name: metadata for name, metadata in recorded.items() if name not in forget}
    return LoadPlan(recreate, forget, tuple(file for file in files if kept.get(file.name) != file.metadata))


class LandedSchema(Protocol):
    """An engine's schema `landed`, as load_landed_files changes it."""

    def create_schema(self) -> None:
        """Create the schema and its landed_file_metadata (file_name, key, value) unless they exist."""

    def recorded_metadata(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """The metadata of the files loaded so far, per file name."""

    def table_columns(self, table: str) -> tuple[str, ...] | None:
        """A table's landed columns (without filename and file_row_number); None if there is no such table."""

    def create_table(self, table: str, columns: tuple[str, ...]) -> None:
        """Create a table (dropping the one of that name): columns as text, filename, file_row_number."""

    def forget_file(self, file_name: str) -> None:
        """Remove a landed file's rows and metadata."""

    def load_file(self, file: LandedFile) -> int:
        """Replace a landed file's rows with its current ones and record its metadata; returns its rows."""


def load_landed_files(landed_dir: Path, schema: LandedSchema) -> dict[str, int]:
    """Bring an engine's schema `landed` in line with landed_dir; returns the rows loaded per landed file (a
    file already loaded in its current version is not loaded again, and not in the result)."""
    files = landed_files(landed_dir)
    schema.create_schema()
    plan = load_plan(files, schema.recorded_metadata(), schema.table_columns)
    for table, columns in plan.recreate.items():
        schema.create_table(table, columns)
    for file_name in plan.forget:
        schema.forget_file(file_name)
    return {file.name: schema.load_file(file) for file in plan.load}
