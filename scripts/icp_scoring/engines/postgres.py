"""The PostgreSQL engine: load the landed files into the schema `landed` by COPY.

The connection is read from the environment, as profiles.yml's `postgres` target reads it:

    ICP_POSTGRES_HOST      localhost     host name, or the folder of the server's Unix socket
    ICP_POSTGRES_PORT      5432
    ICP_POSTGRES_USER      icp
    ICP_POSTGRES_PASSWORD  (empty)       never written in the repository
    ICP_POSTGRES_DATABASE  icp_scoring

Loading is incremental by landed file, like the staging models: a file whose recorded metadata (the raw CSV's
size and time, the landing format) is already in `landed.landed_file_metadata` is not loaded again; a changed
file replaces its rows; a file no longer landed loses them. Rows go through COPY ... FROM STDIN in CSV,
written by DuckDB from the Parquet file (no row-by-row inserts).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from icp_scoring.engines.landed_tables import (
    METADATA_TABLE,
    SCHEMA,
    LandedFile,
    load_landed_files,
    table_of,
)

DEFAULTS = {
    "ICP_POSTGRES_HOST": "localhost",
    "ICP_POSTGRES_PORT": "5432",
    "ICP_POSTGRES_USER": "icp",
    "ICP_POSTGRES_PASSWORD": "",
    "ICP_POSTGRES_DATABASE": "icp_scoring",
}


def connection_settings(environment: dict[str, str] | None = None) -> dict[str, str]:
    """psycopg2's keyword arguments from the ICP_POSTGRES_* variables (their defaults above)."""
    environment = os.environ if environment is None else environment
    value = {name: environment.get(name) or default for name, default in DEFAULTS.items()}
    return {
        "host": value["ICP_POSTGRES_HOST"],
        "port": value["ICP_POSTGRES_PORT"],
        "user": value["ICP_POSTGRES_USER"],
        "password": value["ICP_POSTGRES_PASSWORD"],
        "dbname": value["ICP_POSTGRES_DATABASE"],
    }


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def load_landed(landed_dir: Path, environment: dict[str, str] | None = None) -> dict[str, int]:
    """Bring the schema `landed` in line with landed_dir; returns the rows loaded per landed file (a file
    already loaded in its current version is not loaded again, and not in the result)."""
    import psycopg2  # installed with dbt-postgres

    with psycopg2.connect(**connection_settings(environment)) as connection, connection.cursor() as cursor:
        return load_landed_files(landed_dir, PostgresLandedSchema(cursor))


@dataclass(frozen=True)
class PostgresLandedSchema:
    """The schema `landed` through a psycopg2 cursor (landed_tables.LandedSchema)."""

    cursor: Any

    def create_schema(self) -> None:
        self.cursor.execute(f"create schema if not exists {SCHEMA}")
        self.cursor.execute(
            f"create table if not exists {SCHEMA}.{METADATA_TABLE} "
            "(file_name text not null, key text not null, value text, primary key (file_name, key))"
        )

    def recorded_metadata(self) -> dict[str, tuple[tuple[str, str], ...]]:
        self.cursor.execute(
            f"select file_name, key, value from {SCHEMA}.{METADATA_TABLE} order by file_name, key"
        )
        recorded: dict[str, list[tuple[str, str]]] = {}
        for file_name, key, value in self.cursor.fetchall():
            recorded.setdefault(file_name, []).append((key, value))
        return {file_name: tuple(rows) for file_name, rows in recorded.items()}

    def table_columns(self, table: str) -> tuple[str, ...] | None:
        self.cursor.execute(
            "select column_name from information_schema.columns where table_schema = %s and table_name = %s "
            "order by ordinal_position",
            [SCHEMA, table],
        )
        columns = tuple(name for (name,) in self.cursor.fetchall())
        return columns[:-2] if columns else None

    def create_table(self, table: str, columns: tuple[str, ...]) -> None:
        self.cursor.execute(f"drop table if exists {SCHEMA}.{quoted(table)}")
        typed = ", ".join(f"{quoted(column)} text" for column in columns)
        self.cursor.execute(
            f"create table {SCHEMA}.{quoted(table)} ({typed}, filename text not null, "
            "file_row_number bigint not null)"
        )

    def forget_file(self, file_name: str) -> None:
        table = table_of(file_name)
        if table is not None and self.table_columns(table) is not None:
            self.cursor.execute(f"delete from {SCHEMA}.{quoted(table)} where filename = %s", [file_name])
        self.cursor.execute(f"delete from {SCHEMA}.{METADATA_TABLE} where file_name = %s", [file_name])

    def load_file(self, file: LandedFile) -> int:
        """COPY a landed file's rows into its table (DuckDB writes them as CSV), then record its metadata."""
        self.forget_file(file.name)
        columns = ", ".join(quoted(column) for column in file.columns)
        with tempfile.TemporaryDirectory(prefix="icp_copy_") as scratch:
            csv_path = Path(scratch) / "rows.csv"
            duckdb.connect().execute(
                f"copy (select {columns}, {literal(file.name)} as filename, file_row_number "
                f"from read_parquet({literal(str(file.path))}, file_row_number = true)) "
                f"to {literal(str(csv_path))} (format csv, header false)"
            )
            with csv_path.open(encoding="utf-8") as rows:
                self.cursor.copy_expert(
                    f"copy {SCHEMA}.{quoted(file.table)} ({columns}, filename, file_row_number) "
                    "from stdin with (format csv)",
                    rows,
                )
            count = self.cursor.rowcount
        self.cursor.executemany(
            f"insert into {SCHEMA}.{METADATA_TABLE} (file_name, key, value) values (%s, %s, %s)",
            [(file.name, key, value) for key, value in file.metadata],
        )
        return count
