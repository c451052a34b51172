"""Publish the marts PostgreSQL built, in place behind a view swap (`icp publish --engine postgres`).

BI tools connected to PostgreSQL read the views of schema `published` (`published.account_scores`, ...,
`published.publication`), never the schema `marts` dbt rebuilds. A publication:

1. copies every table of schema `marts` into a new schema `published_<UTC timestamp>` (a release: its tables
   never change afterwards);
2. reads the release into a working DuckDB file (COPY ... TO STDOUT in CSV, each column typed as PostgreSQL's
   catalog types it), from which `icp publish` writes the DuckDB file and the Parquet release of the
   published folder, so `icp export`, `icp summary` and `icp report` read the same marts as on DuckDB;
3. in one transaction, adds the publication table to the release and drops and creates the views of schema
   `published` over it: PostgreSQL's DDL is transactional, so a reader sees the old release or the new one,
   never half of one (a query running at the swap finishes on the old release; the swap waits for it);
4. drops the release schemas beyond --keep-releases, never the one the views read.

A release that was not swapped in (a failure on the way) is dropped. Granting readers once is enough:
`grant usage on schema published to bi_reader; alter default privileges in schema published grant select
on tables to bi_reader;` (the views are created again on every publication; the release schemas are read
through them with their owner's rights).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from icp_scoring.console import first_line
from icp_scoring.engines.postgres import connection_settings
from icp_scoring.publish import (
    MARTS_SCHEMA,
    PUBLICATION_TABLE,
    PublicationRow,
    PublishRefusedError,
    checked_mart_names,
    column_definitions,
    progress,
    publication_definitions,
)
from icp_scoring.sql import sql_name, sql_string

PUBLISHED_SCHEMA = "published"
RELEASE_PREFIX = "published_"
RELEASE_FORMAT = "%Y%m%d_%H%M%S_%f"
RELEASE_SCHEMA = re.compile(r"published_\d{8}_\d{6}_\d{6}")
# Serialises publications to one database (a session lock: released when the connection closes).
ADVISORY_LOCK_KEY = 20_260_630
# The session's text forms, so DuckDB reads back exactly what PostgreSQL holds.
SESSION_SETTINGS = ("set timezone to 'UTC'", "set datestyle to 'ISO, YMD'", "set extra_float_digits to 3")


def duckdb_type(postgres_type: str) -> str:
    """DuckDB's type for a column PostgreSQL's catalog types so (format_type: `numeric(7,2)`, `character
    varying`, `timestamp without time zone`... DuckDB reads these names as PostgreSQL does). A numeric without
    precision has none in DuckDB (it would round to three decimals): a double."""
    return "double" if postgres_type == "numeric" else postgres_type


@dataclass
class PostgresMarts:
    """The schema marts of the PostgreSQL database of ICP_POSTGRES_* (icp_scoring.publish.MartsSource)."""

    settings: dict[str, str] = field(default_factory=connection_settings)
    connection: Any = None
    release: str | None = None
    tables: list[str] = field(default_factory=list)
    swapped: bool = False

    @property
    def server(self) -> str:
        """The server, database and user, for messages."""
        host, port, database, user = (self.settings[key] for key in ("host", "port", "dbname", "user"))
        return f"PostgreSQL at {host}:{port} (database {database}, user {user})"

    @property
    def description(self) -> str:
        where = f"postgresql://{self.settings['user']}@{self.settings['host']}:{self.settings['port']}"
        return f"{where}/{self.settings['dbname']} (schema {self.release or MARTS_SCHEMA})"

    @contextlib.contextmanager
    def refused_on_error(self, step: str) -> Iterator[None]:
        """The server's refusal (no right to create a schema, a view in the way...) in one sentence."""
        import psycopg2  # installed with dbt-postgres

        try:
            yield
        except psycopg2.Error as error:
            raise PublishRefusedError(f"{self.server} refused {step}: {first_line(error)}") from error

    def attach(self, connection: duckdb.DuckDBPyConnection, scratch_dir: Path) -> None:
        """Copy the marts into a new release schema, then the release into a working DuckDB file."""
        self.connect()
        with self.refused_on_error("the copy of the marts into a release schema"):
            self.copy_into_release(connection, scratch_dir)

    def copy_into_release(self, connection: duckdb.DuckDBPyConnection, scratch_dir: Path) -> None:
        self.tables = tables = checked_mart_names(self.mart_tables(), self.description)
        self.release = RELEASE_PREFIX + dt.datetime.now(dt.UTC).strftime(RELEASE_FORMAT)
        with self.connection.cursor() as cursor:
            cursor.execute(f"create schema {self.release}")
            for table in tables:
                progress(f"copying {MARTS_SCHEMA}.{table} into {self.release}")
                release_table, mart = f"{self.release}.{sql_name(table)}", f"{MARTS_SCHEMA}.{sql_name(table)}"
                cursor.execute(f"create table {release_table} (like {mart} including all)")
                cursor.execute(f"insert into {release_table} select * from {mart}")
        self.connection.commit()
        working = scratch_dir / "working.duckdb"
        connection.execute(f"attach {sql_string(working)} as working")
        connection.execute(f"create schema working.{MARTS_SCHEMA}")
        for table in tables:
            self.copy_into_duckdb(connection, table, scratch_dir / f"{table}.csv")

    def connect(self) -> None:
        import psycopg2  # installed with dbt-postgres

        try:
            self.connection = psycopg2.connect(**self.settings)
        except psycopg2.Error as error:
            raise PublishRefusedError(
                f"cannot reach {self.server}: {first_line(error)}; start it or set ICP_POSTGRES_HOST, _PORT, "
                "_USER, _PASSWORD and _DATABASE."
            ) from error
        with self.connection.cursor() as cursor:
            for setting in SESSION_SETTINGS:
                cursor.execute(setting)
            cursor.execute("select pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        self.connection.commit()

    def mart_tables(self) -> list[str]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "select table_name from information_schema.tables where table_schema = %s "
                "and table_type = 'BASE TABLE' order by table_name",
                [MARTS_SCHEMA],
            )
            return [name for (name,) in cursor.fetchall()]

    def copy_into_duckdb(self, connection: duckdb.DuckDBPyConnection, table: str, csv_path: Path) -> None:
        """working.marts.<table>: the release's table through a CSV file (COPY, no row by row), typed and
        with the not-nulls of PostgreSQL's catalog. Every value is quoted, so an empty text stays empty and
        only a null is an empty field."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "select attribute.attname, format_type(attribute.atttypid, attribute.atttypmod), "
                "attribute.attnotnull from pg_attribute as attribute "
                "where attribute.attrelid = %s::regclass and attribute.attnum > 0 "
                "and not attribute.attisdropped order by attribute.attnum",
                [f"{self.release}.{sql_name(table)}"],
            )
            columns = cursor.fetchall()
            with csv_path.open("wb") as rows:  # bytes: carriage returns inside values kept
                cursor.copy_expert(
                    f"copy (select * from {self.release}.{sql_name(table)}) to stdout "
                    "with (format csv, force_quote *)",
                    rows,
                )
        definitions = column_definitions(
            (name, duckdb_type(kind), not_null) for name, kind, not_null in columns
        )
        types = ", ".join(f"{sql_string(name)}: {sql_string(duckdb_type(kind))}" for name, kind, _ in columns)
        target = f"working.{MARTS_SCHEMA}.{sql_name(table)}"
        connection.execute(f"create table {target} ({definitions})")
        connection.execute(
            f"insert into {target} select * from read_csv({sql_string(csv_path)}, columns = {{{types}}}, "
            "header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
            "allow_quoted_nulls = false)"
        )
        csv_path.unlink()

    def swap(self, publication: PublicationRow) -> None:
        """In one transaction: the publication table into the release, and the views of schema published
        dropped and created over the release."""
        with self.refused_on_error("the swap of the views of schema published (nothing was swapped)"):
            self.swap_views(publication)

    def swap_views(self, publication: PublicationRow) -> None:
        definitions = publication_definitions(publication)
        placeholders = ", ".join("%s" for _ in publication)
        with self.connection.cursor() as cursor:
            cursor.execute(f"create table {self.release}.{PUBLICATION_TABLE} ({definitions})")
            cursor.execute(
                f"insert into {self.release}.{PUBLICATION_TABLE} values ({placeholders})",
                [value for _, value in publication.values()],
            )
            cursor.execute(f"create schema if not exists {PUBLISHED_SCHEMA}")
            cursor.execute("select viewname from pg_views where schemaname = %s", [PUBLISHED_SCHEMA])
            for (view,) in cursor.fetchall():
                cursor.execute(f"drop view {PUBLISHED_SCHEMA}.{sql_name(view)}")
            for table in [*self.tables, PUBLICATION_TABLE]:
                cursor.execute(
                    f"create view {PUBLISHED_SCHEMA}.{sql_name(table)} as "
                    f"select * from {self.release}.{sql_name(table)}"
                )
        self.connection.commit()
        self.swapped = True

    def prune(self, keep: int) -> list[str]:
        """Drop the release schemas beyond the newest `keep`, never the one the views read (the publication
        is done: a failure here is reported, and the next publication tries again)."""
        import psycopg2  # installed with dbt-postgres

        try:
            return self.drop_old_releases(keep)
        except psycopg2.Error as error:
            self.connection.rollback()
            progress(f"published, but {self.server} refused to drop old release schemas: {first_line(error)}")
            return []

    def drop_old_releases(self, keep: int) -> list[str]:
        with self.connection.cursor() as cursor:
            cursor.execute("select nspname from pg_namespace where nspname like %s", [RELEASE_PREFIX + "%"])
            releases = sorted(
                (name for (name,) in cursor.fetchall() if RELEASE_SCHEMA.fullmatch(name)), reverse=True
            )
            doomed = [name for name in releases[keep:] if name != self.release]
            for name in doomed:
                cursor.execute(f"drop schema {name} cascade")
        self.connection.commit()
        return doomed

    def close(self) -> None:
        """Drop a release that was not swapped in; close the connection (which frees the advisory lock)."""
        if self.connection is None:
            return
        self.connection.rollback()
        if self.release is not None and not self.swapped:
            with self.connection.cursor() as cursor:
                cursor.execute(f"drop schema if exists {self.release} cascade")
            self.connection.commit()
        self.connection.close()
