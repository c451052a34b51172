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

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from icp_scoring.console import UserError
from icp_scoring.engines.landed_tables import (
    METADATA_TABLE,
    SCHEMA,
    LandedFile,
    load_landed_files,
    table_of,
)
from icp_scoring.sql import sql_name, sql_string

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
        self.cursor.execute(f"drop table if exists {SCHEMA}.{sql_name(table)}")
        typed = ", ".join(f"{sql_name(column)} text" for column in columns)
        self.cursor.execute(
            f"create table {SCHEMA}.{sql_name(table)} ({typed}, filename text not null, "
            "file_row_number bigint not null)"
        )

    def forget_file(self, file_name: str) -> None:
        table = table_of(file_name)
        if table is not None and self.table_columns(table) is not None:
            self.cursor.execute(f"delete from {SCHEMA}.{sql_name(table)} where filename = %s", [file_name])
        self.cursor.execute(f"delete from {SCHEMA}.{METADATA_TABLE} where file_name = %s", [file_name])

    def load_file(self, file: LandedFile) -> int:
        """COPY a landed file's rows into its table (DuckDB writes them as CSV), then record its metadata."""
        self.forget_file(file.name)
        columns = ", ".join(sql_name(column) for column in file.columns)
        with tempfile.TemporaryDirectory(prefix="icp_copy_") as scratch:
            csv_path = Path(scratch) / "rows.csv"
            duckdb.connect().execute(
                f"copy (select {columns}, {sql_string(file.name)} as filename, file_row_number "
                f"from read_parquet({sql_string(file.path)}, file_row_number = true)) "
                f"to {sql_string(csv_path)} (format csv, header false)"
            )
            with csv_path.open(encoding="utf-8", newline="") as rows:  # carriage returns in values kept
                self.cursor.copy_expert(
                    f"copy {SCHEMA}.{sql_name(file.table)} ({columns}, filename, file_row_number) "
                    "from stdin with (format csv)",
                    rows,
                )
            count = self.cursor.rowcount
        self.cursor.executemany(
            f"insert into {SCHEMA}.{METADATA_TABLE} (file_name, key, value) values (%s, %s, %s)",
            [(file.name, key, value) for key, value in file.metadata],
        )
        return count


# Settings of a throwaway server (tests, trials): its data is thrown away, so it need not survive a crash.
THROWAWAY_SETTINGS = ("listen_addresses=", "fsync=off", "synchronous_commit=off", "full_page_writes=off")


def server_binaries() -> Path:
    """The folder of the newest PostgreSQL server programs installed from Debian's packages."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda path: int(path.parts[-3])
    )
    if not candidates:
        raise UserError(
            "PostgreSQL is not installed: `make postgres` installs Debian's postgresql and its PL/Python "
            "(or use a server of yours: docs/engines.md)."
        )
    return candidates[-1].parent


def as_server_user(command: list[str]) -> list[str]:
    """The command as the user that runs the server: PostgreSQL refuses to run as root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def local_server_pid(environment: dict[str, str]) -> int:
    """The process id of the server local_server started (its postmaster), for the ICP_POSTGRES_* variables
    it yielded: the first line of the data folder's postmaster.pid."""
    pid_file = Path(environment["ICP_POSTGRES_HOST"]) / "data" / "postmaster.pid"
    return int(pid_file.read_text(encoding="ascii").splitlines()[0])


@contextlib.contextmanager
def local_server() -> Iterator[dict[str, str]]:
    """A PostgreSQL server of its own in a temporary folder, listening on a Unix socket only, with an empty
    database icp_scoring; yields the ICP_POSTGRES_* variables that reach it (and ICP_DBT_TARGET=postgres).
    The server is stopped and its folder removed on exit."""
    import psycopg2  # installed with dbt-postgres

    binaries = server_binaries()
    folder = Path(tempfile.mkdtemp(prefix="icp_postgres_"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, log = folder / "data", folder / "server.log"
    started = False
    try:
        subprocess.run(
            as_server_user(
                [
                    str(binaries / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "icp",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        options = " ".join(f"-c {setting}" for setting in THROWAWAY_SETTINGS) + f" -k {folder} -p 5432"
        subprocess.run(
            as_server_user(
                [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        started = True
        environment = {
            "ICP_DBT_TARGET": "postgres",
            "ICP_POSTGRES_HOST": str(folder),
            "ICP_POSTGRES_PORT": "5432",
            "ICP_POSTGRES_USER": "icp",
            "ICP_POSTGRES_PASSWORD": "",
            "ICP_POSTGRES_DATABASE": "icp_scoring",
        }
        connection = psycopg2.connect(**{**connection_settings(environment), "dbname": "postgres"})
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("create database icp_scoring")
        connection.close()
        yield environment
    except subprocess.CalledProcessError as failure:
        raise UserError(f"the local PostgreSQL server did not start: {failure.stderr.strip()}") from failure
    finally:
        if started:
            subprocess.run(
                as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                check=False,
                capture_output=True,
            )
        shutil.rmtree(folder, ignore_errors=True)
