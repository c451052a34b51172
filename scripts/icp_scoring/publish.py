"""Publish the marts of a green `dbt build` to the copy BI tools read, swapped in atomically.

`dbt build` writes every model before its tests run, so a failing test can leave bad rows in the working
warehouse ($ICP_DUCKDB_PATH). BI tools never read that file: they read the *published* copy this script
writes, and only after the build that produced the working warehouse is green.

    icp publish --database data/warehouse/icp_scoring.duckdb \
        --published-dir data/published [--run-results target/run_results.json] [--keep-releases 3]
    icp publish --engine postgres|spark ...

On another engine (--engine, default ICP_DBT_TARGET) the marts are read from its warehouse instead of the
DuckDB file (engines/postgres_publication.py: a release schema behind the views of schema `published`,
swapped in one transaction; engines/spark_publication.py: Spark's Parquet tables), and published in the same
two forms below, so exports, summaries and reports read the same file on every engine.

It refuses (exit 1, nothing published, the previous publication untouched) when dbt's run results are missing,
do not come from `dbt build`, or hold any node whose status is not `success` or `pass`; or when the working
warehouse is missing or has no table in schema `marts`. Otherwise it writes every table of schema `marts` in
two forms into the published folder:

- `icp_scores.duckdb`: a DuckDB database with schema `marts` (the marts plus `marts.publication`: when, from
  which build, scoring dates, grid versions and row counts). It is written completely to a temporary file in
  the same folder, closed, checked, then renamed onto the final name with `os.replace` (atomic on POSIX). A
  reader that opened the old file keeps reading the old file; readers that open it afterwards get the new one.
  Readers never block a publish, and a publish never makes a reader wait or fail. The file uses DuckDB's
  storage format v1.0.0, the oldest DuckDB 2.0 writes (asking for v0.10.0 gives the same format): DuckDB
  0.10.x, every 1.x and 2.x open it (checked with DuckDB 0.10.3, 1.0.0, 1.1.3, 1.2.2, 1.5.6 and 2.0.0; 0.9
  and older cannot). The v2.0.0 format would need DuckDB 2.0; v1.2.0 would need 1.2.
- Parquet, one file per mart plus `publication.parquet`, for tools that do not read DuckDB files: written
  into a new folder `releases/<UTC timestamp>/`, then the symlink `parquet` is repointed to it atomically (a
  new symlink renamed onto the old one), so `parquet/account_scores.parquet` always resolves to a complete
  release. The newest --keep-releases releases are kept; older ones are deleted, never the one `parquet`
  points to (a reader still reading a deleted release keeps its open files). DuckDB opens a Parquet file
  more than once per query, so a DuckDB query through the link at the instant of a swap can fail: readers
  resolve the link once per refresh (realpath; a release never changes) or retry.

A DuckDB connection kept open keeps seeing the publication it opened (and, in Python, so does every new
connection to the same path made by that process while one is still open): BI tools should open a connection
per query or refresh. POSIX only (atomic rename of files and symlinks, flock).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

import duckdb

from icp_scoring import console, settings
from icp_scoring.console import UserError
from icp_scoring.engines import add_engine_option
from icp_scoring.sql import sql_name, sql_string
from icp_scoring.warehouse import wal_path

progress = partial(console.progress, "icp publish")

DATABASE_NAME = "icp_scores.duckdb"
PARQUET_LINK = "parquet"
RELEASES_DIR = "releases"
LOCK_NAME = ".publish.lock"
MARTS_SCHEMA = "marts"
PUBLICATION_TABLE = "publication"
STORAGE_VERSION = "v1.0.0"
GREEN_STATUSES = frozenset({"success", "pass"})
MAX_LISTED_FAILURES = 10
DEFAULT_KEEP_RELEASES = 3
RELEASE_NAME = re.compile(r"\d{8}T\d{6}\.\d{6}Z")
RELEASE_FORMAT = "%Y%m%dT%H%M%S.%fZ"
TEMP_SUFFIX = ".tmp"


class PublishRefusedError(UserError):
    """The marts must not be published; the message says why and what to do."""


@dataclass(frozen=True)
class BuildRun:
    """The dbt build whose run results allowed the publication."""

    invocation_id: str | None
    generated_at: str | None
    nodes: int


@dataclass(frozen=True)
class Publication:
    """What one publication wrote."""

    published_at: dt.datetime
    source: str
    database_path: Path
    parquet_link: Path
    release_dir: Path
    row_counts: dict[str, int]
    scoring_dates: str | None
    grid_versions: str | None
    build: BuildRun
    pruned: list[Path]
    pruned_in_engine: list[str]
    seconds: float


# A row of the publication table: column name -> (DuckDB type, value).
PublicationRow = dict[str, tuple[str, object]]


class MartsSource(Protocol):
    """Where the marts come from: a DuckDB file (the default), or another engine's warehouse. It attaches them
    to a DuckDB connection as database `working` (schema marts), from which both forms are written."""

    @property
    def description(self) -> str:
        """The warehouse, for the publication table (source_database) and the report."""
        ...

    def attach(self, connection: duckdb.DuckDBPyConnection, scratch_dir: Path) -> None:
        """Attach the marts as `working`; refuse (PublishRefusedError) when the warehouse cannot be read or
        has no marts. A source may stage a working copy in scratch_dir."""
        ...

    def swap(self, publication: PublicationRow) -> None:
        """Called once both forms are staged, just before they are swapped in: serve the release in the
        engine itself too (PostgreSQL's view swap)."""
        ...

    def prune(self, keep: int) -> list[str]:
        """Drop the engine's releases beyond the newest `keep` (never the current one); their names."""
        ...

    def close(self) -> None:
        """Release what attach took (and undo a release that was not swapped in)."""
        ...


@dataclass
class DuckDBMarts:
    """The working DuckDB warehouse dbt built, attached read-only."""

    database: Path

    @property
    def description(self) -> str:
        return str(self.database)

    def attach(self, connection: duckdb.DuckDBPyConnection, scratch_dir: Path) -> None:
        attach_working(connection, self.database)

    def swap(self, publication: PublicationRow) -> None:
        """Nothing to serve in place: BI tools read the published folder."""

    def prune(self, keep: int) -> list[str]:
        return []

    def close(self) -> None:
        """Nothing to release: the connection closes with the publish."""


# --- checks before anything is written -------------------------------------------------------------------


def check_run_results(path: Path) -> BuildRun:
    """Accept run results of a `dbt build` in which every node succeeded or passed; refuse anything else."""
    if not path.is_file():
        raise PublishRefusedError(
            f"no dbt run results at {path}. Run `dbt build` first (it writes target/run_results.json), "
            "or point --run-results at them."
        )
    try:
        run_results = json.loads(path.read_text(encoding="utf-8"))
        results = run_results["results"]
        command = run_results.get("args", {}).get("which")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise PublishRefusedError(f"{path} is not a dbt run_results.json file ({error}).") from error
    if not isinstance(results, list) or not all(isinstance(result, dict) for result in results):
        raise PublishRefusedError(f"{path} is not a dbt run_results.json file (its results are not a list).")
    if command != "build":
        raise PublishRefusedError(
            f"{path} comes from `dbt {command}`, not `dbt build`: only a green build (models and their "
            "tests) may be published. Run `dbt build`."
        )
    if not results:
        raise PublishRefusedError(f"{path} lists no node: the build ran nothing. Run `dbt build`.")
    failing = [result for result in results if not is_green(result)]
    if failing:
        raise PublishRefusedError(describe_failures(failing, len(results), path))
    metadata = run_results.get("metadata", {})
    return BuildRun(metadata.get("invocation_id"), metadata.get("generated_at"), len(results))


def is_green(result: dict) -> bool:
    """A node that succeeded or passed; an exposure is never built, and a build reports it as no-op."""
    is_exposure = str(result.get("unique_id", "")).startswith("exposure.")
    return result.get("status") in GREEN_STATUSES or (is_exposure and result.get("status") == "no-op")


def describe_failures(failing: list[dict], total: int, path: Path) -> str:
    """The nodes that kept a build from being green, by unique_id, causes (not skipped) first, at most 10."""
    failing = sorted(failing, key=lambda result: result.get("status") == "skipped")
    skipped = sum(result.get("status") == "skipped" for result in failing)
    lines = [
        f"the dbt build in {path} is not green: {len(failing)} of its {total} nodes did not succeed or pass "
        f"({skipped} of them skipped after a failure)."
    ]
    for result in failing[:MAX_LISTED_FAILURES]:
        lines.append(f"  {result.get('unique_id', '?')}: {result.get('status')}")
    if len(failing) > MAX_LISTED_FAILURES:
        lines.append(f"  ... and {len(failing) - MAX_LISTED_FAILURES} more")
    lines.append("Fix them and run `dbt build` again.")
    return "\n".join(lines)


def attach_working(connection: duckdb.DuckDBPyConnection, database: Path) -> None:
    """Attach the working DuckDB warehouse read-only as `working`."""
    if not database.is_file():
        raise PublishRefusedError(
            f"no working warehouse at {database}. Run `dbt build` first, or point --database at its file."
        )
    try:
        connection.execute(f"attach {sql_string(database)} as working (read_only)")
    except duckdb.Error as error:
        raise PublishRefusedError(
            f"cannot open the working warehouse {database} ({error}). Is dbt still writing it?"
        ) from error


def mart_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables of schema marts in the working warehouse; refuse when there is none."""
    rows = connection.execute(
        "select table_name from duckdb_tables() where database_name = 'working' and schema_name = ? "
        "order by table_name",
        [MARTS_SCHEMA],
    ).fetchall()
    return checked_mart_names([row[0] for row in rows], "the working warehouse")


def checked_mart_names(tables: list[str], warehouse: str) -> list[str]:
    """The marts' names, refused when there is none or one takes the publication table's name."""
    if PUBLICATION_TABLE in tables:
        raise PublishRefusedError(
            f"{warehouse} has a table {MARTS_SCHEMA}.{PUBLICATION_TABLE}: that name is reserved for the "
            "publication's own table. Rename the model."
        )
    if not tables:
        raise PublishRefusedError(
            f"{warehouse} has no table in schema {MARTS_SCHEMA}. Run `dbt build` first."
        )
    return tables


def check_published_dir(published_dir: Path) -> None:
    """Refuse when the published folder holds something in the way of the two swaps."""
    link = published_dir / PARQUET_LINK
    if link.exists() and not link.is_symlink():
        raise PublishRefusedError(f"{link} exists and is not a symlink: move it away, then publish again.")
    if (published_dir / DATABASE_NAME).is_dir():
        raise PublishRefusedError(f"{published_dir / DATABASE_NAME} is a folder: move it away.")


# --- what goes into the publication ---------------------------------------------------------------------


def count_rows(connection: duckdb.DuckDBPyConnection, database: str, tables: list[str]) -> dict[str, int]:
    """Rows per table of schema marts of an attached database."""
    counts = {}
    for table in tables:
        relation = f"{database}.{MARTS_SCHEMA}.{sql_name(table)}"
        counts[table] = connection.execute(f"select count(*) from {relation}").fetchone()[0]
    return counts


def scoring_runs(connection: duckdb.DuckDBPyConnection, tables: list[str]) -> tuple[str | None, str | None]:
    """The scoring date(s) and the grid version of each ICP in account_scores, as text (None if absent)."""
    if "account_scores" not in tables:
        return None, None
    columns = {
        row[0]
        for row in connection.execute(
            "select column_name from duckdb_columns() where database_name = 'working' "
            "and schema_name = ? and table_name = 'account_scores'",
            [MARTS_SCHEMA],
        ).fetchall()
    }
    scores = f"working.{MARTS_SCHEMA}.account_scores"
    dates = None
    if "scoring_date" in columns:
        rows = connection.execute(f"select distinct scoring_date from {scores} order by 1").fetchall()
        dates = ", ".join(str(row[0]) for row in rows) or None
    versions = None
    if {"icp_id", "grid_version"} <= columns:
        rows = connection.execute(
            f"select distinct icp_id, grid_version from {scores} order by 1, 2"
        ).fetchall()
        versions = ", ".join(f"{icp_id}={version}" for icp_id, version in rows) or None
    return dates, versions


def publication_row(
    published_at: dt.datetime,
    row_counts: dict[str, int],
    runs: tuple[str | None, str | None],
    build: BuildRun,
    source: str,
) -> PublicationRow:
    """The publication table's one row: when, from which build and warehouse, what it holds."""
    return {
        "published_at": ("timestamptz", published_at),
        "scoring_dates": ("varchar", runs[0]),
        "grid_versions": ("varchar", runs[1]),
        "dbt_invocation_id": ("varchar", build.invocation_id),
        "dbt_run_generated_at": ("varchar", build.generated_at),
        "source_database": ("varchar", source),
        "storage_version": ("varchar", STORAGE_VERSION),
        **{f"{table}_rows": ("bigint", count) for table, count in row_counts.items()},
    }


def publication_definitions(columns: PublicationRow) -> str:
    """The publication table's column list (its types are DuckDB's and PostgreSQL's alike)."""
    return column_definitions((name, kind, False) for name, (kind, _) in columns.items())


def create_publication_table(connection: duckdb.DuckDBPyConnection, columns: PublicationRow) -> None:
    """The one-row table memory.main.publication, copied into both forms of the publication."""
    connection.execute(
        f"create or replace table memory.main.{PUBLICATION_TABLE} ({publication_definitions(columns)})"
    )
    placeholders = ", ".join("?" for _ in columns)
    connection.execute(
        f"insert into memory.main.{PUBLICATION_TABLE} values ({placeholders})",
        [value for _, value in columns.values()],
    )


# --- writing the two forms ------------------------------------------------------------------------------


def column_definitions(columns: Iterable[tuple[str, str, bool]]) -> str:
    """A create table's column list from (name, type, not null) triples."""
    return ", ".join(
        f"{sql_name(name)} {kind}{' not null' if not_null else ''}" for name, kind, not_null in columns
    )


def copy_table(connection: duckdb.DuckDBPyConnection, table: str, target_database: str) -> None:
    """Copy working.marts.<table> into <target_database>.marts, with its column types and not nulls."""
    columns = connection.execute(
        "select column_name, data_type, is_nullable from duckdb_columns() where database_name = 'working' "
        "and schema_name = ? and table_name = ? order by column_index",
        [MARTS_SCHEMA, table],
    ).fetchall()
    definitions = column_definitions((name, data_type, not nullable) for name, data_type, nullable in columns)
    target = f"{target_database}.{MARTS_SCHEMA}.{sql_name(table)}"
    connection.execute(f"create table {target} ({definitions})")
    connection.execute(f"insert into {target} select * from working.{MARTS_SCHEMA}.{sql_name(table)}")


def stage_database(
    connection: duckdb.DuckDBPyConnection, tables: list[str], row_counts: dict[str, int], temp_path: Path
) -> None:
    """Write the DuckDB form completely into temp_path, close it, and check its row counts."""
    connection.execute(f"attach {sql_string(temp_path)} as staged (storage_version '{STORAGE_VERSION}')")
    try:
        connection.execute(f"create schema staged.{MARTS_SCHEMA}")
        for table in tables:
            progress(f"copying {MARTS_SCHEMA}.{table} ({row_counts[table]:,} rows) into {temp_path.name}")
            copy_table(connection, table, "staged")
        connection.execute(
            f"create table staged.{MARTS_SCHEMA}.{PUBLICATION_TABLE} as "
            f"select * from memory.main.{PUBLICATION_TABLE}"
        )
    finally:
        connection.execute("detach staged")
    wal = wal_path(temp_path)
    if wal.exists():
        raise RuntimeError(f"{wal} is left after closing the staged database: it was not fully written")
    connection.execute(f"attach {sql_string(temp_path)} as staged (read_only)")
    try:
        written = count_rows(connection, "staged", tables)
    finally:
        connection.execute("detach staged")
    if written != row_counts:
        raise RuntimeError(f"the staged database holds {written} rows, expected {row_counts}")
    fsync_path(temp_path)


def stage_parquet(
    connection: duckdb.DuckDBPyConnection, tables: list[str], row_counts: dict[str, int], temp_dir: Path
) -> None:
    """Write one Parquet file per mart (and publication.parquet) into temp_dir, and check their row counts."""
    temp_dir.mkdir(parents=True)
    for table in [*tables, PUBLICATION_TABLE]:
        source = (
            f"memory.main.{PUBLICATION_TABLE}"
            if table == PUBLICATION_TABLE
            else f"working.{MARTS_SCHEMA}.{sql_name(table)}"
        )
        target = temp_dir / f"{table}.parquet"
        connection.execute(f"copy (select * from {source}) to {sql_string(target)} (format parquet)")
        fsync_path(target)
    for table in tables:
        target = temp_dir / f"{table}.parquet"
        written = connection.execute(f"select count(*) from read_parquet({sql_string(target)})").fetchone()[0]
        if written != row_counts[table]:
            raise RuntimeError(f"{target} holds {written} rows, expected {row_counts[table]}")
    fsync_path(temp_dir)


def point_link(link: Path, target: Path) -> None:
    """Repoint the symlink `link` to `target` atomically: a new symlink renamed onto the old one."""
    temp_link = link.with_name(f".{link.name}.{uuid.uuid4().hex}{TEMP_SUFFIX}")
    os.symlink(os.path.relpath(target, link.parent), temp_link)
    try:
        os.replace(temp_link, link)
    except OSError:
        temp_link.unlink(missing_ok=True)
        raise
    fsync_path(link.parent)


def prune_releases(releases_dir: Path, keep: int, current: Path | None) -> list[Path]:
    """Delete all but the newest `keep` releases, never `current`; also leftovers of interrupted publishes."""
    if not releases_dir.is_dir():
        return []
    releases = sorted(
        (path for path in releases_dir.iterdir() if path.is_dir() and RELEASE_NAME.fullmatch(path.name)),
        key=lambda path: path.name,
        reverse=True,
    )
    current_resolved = current.resolve() if current is not None else None
    doomed = [path for path in releases[keep:] if path.resolve() != current_resolved]
    leftovers = [
        path
        for path in releases_dir.iterdir()
        if path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)
    ]
    for path in [*doomed, *leftovers]:
        shutil.rmtree(path, ignore_errors=True)
    return doomed


def remove_stale_temp_files(published_dir: Path) -> None:
    """Remove temporary databases and links left by an interrupted publish (safe: we hold the lock)."""
    for path in published_dir.glob(f".*{TEMP_SUFFIX}*"):
        if path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)


def fsync_path(path: Path) -> None:
    """Flush a file or a folder (so a rename in it survives a crash) to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def publish_lock(published_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the published folder, so two publishes never interleave their swaps."""
    with (published_dir / LOCK_NAME).open("a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"another publish holds {published_dir / LOCK_NAME}; waiting for it")
            fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


# --- the whole publication ------------------------------------------------------------------------------


def marts_source(engine: str, database: Path, run_results: Path) -> MartsSource:
    """Where --engine's marts come from (the other engines' modules load only when asked for)."""
    if engine == "postgres":
        from icp_scoring.engines.postgres_publication import PostgresMarts

        return PostgresMarts()
    if engine == "spark":
        from icp_scoring.engines.spark_publication import SparkMarts

        return SparkMarts(run_results)
    return DuckDBMarts(database)


def publish(
    database: Path, published_dir: Path, run_results: Path, keep_releases: int, engine: str = "duckdb"
) -> Publication:
    """Check the build, write both forms of the marts, swap them in, prune old releases."""
    started = time.monotonic()
    build = check_run_results(run_results)
    source = marts_source(engine, database, run_results)
    connection = duckdb.connect()
    try:
        with tempfile.TemporaryDirectory(prefix="icp_publish_") as scratch_dir:
            source.attach(connection, Path(scratch_dir))
            tables = mart_tables(connection)
            check_published_dir(published_dir)
            published_dir.mkdir(parents=True, exist_ok=True)
            with publish_lock(published_dir):
                remove_stale_temp_files(published_dir)
                published_at = dt.datetime.now(dt.UTC)
                row_counts = count_rows(connection, "working", tables)
                runs = scoring_runs(connection, tables)
                row = publication_row(published_at, row_counts, runs, build, source.description)
                create_publication_table(connection, row)
                release_dir, pruned = write_and_swap(
                    connection,
                    tables,
                    row_counts,
                    published_dir,
                    published_at,
                    keep_releases,
                    partial(source.swap, row),
                )
                pruned_in_engine = source.prune(keep_releases)
    finally:
        source.close()
        connection.close()
    return Publication(
        published_at=published_at,
        source=source.description,
        database_path=published_dir / DATABASE_NAME,
        parquet_link=published_dir / PARQUET_LINK,
        release_dir=release_dir,
        row_counts=row_counts,
        scoring_dates=runs[0],
        grid_versions=runs[1],
        build=build,
        pruned=pruned,
        pruned_in_engine=pruned_in_engine,
        seconds=time.monotonic() - started,
    )


def write_and_swap(
    connection: duckdb.DuckDBPyConnection,
    tables: list[str],
    row_counts: dict[str, int],
    published_dir: Path,
    published_at: dt.datetime,
    keep_releases: int,
    swap_in_engine: Callable[[], None],
) -> tuple[Path, list[Path]]:
    """Stage both forms completely, then swap them in one right after the other (after the engine's own
    swap, if any); clean up on failure."""
    temp_database = published_dir / f".{DATABASE_NAME}.{uuid.uuid4().hex}{TEMP_SUFFIX}"
    releases_dir = published_dir / RELEASES_DIR
    release_name = published_at.strftime(RELEASE_FORMAT)
    release_dir = releases_dir / release_name
    temp_release = releases_dir / f".{release_name}{TEMP_SUFFIX}"
    try:
        stage_database(connection, tables, row_counts, temp_database)
        progress(f"writing Parquet into {release_dir}")
        stage_parquet(connection, tables, row_counts, temp_release)
        swap_in_engine()
        temp_release.rename(release_dir)
        fsync_path(releases_dir)
        os.replace(temp_database, published_dir / DATABASE_NAME)
        fsync_path(published_dir)
        point_link(published_dir / PARQUET_LINK, release_dir)
    finally:
        for leftover in (temp_database, wal_path(temp_database)):
            leftover.unlink(missing_ok=True)
        with suppress(FileNotFoundError):
            shutil.rmtree(temp_release)
    pruned = prune_releases(releases_dir, keep_releases, published_dir / PARQUET_LINK)
    return release_dir, pruned


def format_report(publication: Publication) -> str:
    """What was published, for stdout."""
    width = max(len(table) for table in publication.row_counts) + len(MARTS_SCHEMA) + 1
    lines = [
        f"Published the marts of {publication.source} "
        f"(dbt build {publication.build.invocation_id}, {publication.build.nodes} nodes green) "
        f"at {publication.published_at.isoformat(timespec='microseconds')}",
        f"  DuckDB:  {publication.database_path} (storage {STORAGE_VERSION}: DuckDB 0.10 and later)",
        f"  Parquet: {publication.parquet_link} -> {publication.release_dir}",
    ]
    for table, count in publication.row_counts.items():
        lines.append(f"  {MARTS_SCHEMA + '.' + table:<{width}}  {count:>12,} rows")
    lines.append(
        f"  scoring date: {publication.scoring_dates or 'n/a'}; grid: {publication.grid_versions or 'n/a'}"
    )
    if publication.pruned:
        lines.append("  pruned releases: " + ", ".join(path.name for path in publication.pruned))
    if publication.pruned_in_engine:
        lines.append("  pruned release schemas: " + ", ".join(publication.pruned_in_engine))
    lines.append(f"Done in {publication.seconds:.2f} s")
    return "\n".join(lines)


def keep_count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


class HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Keep the description's paragraphs and show each option's default."""


DESCRIPTION = f"""\
Publish the marts of the working warehouse for BI tools, only after a green `dbt build`.

Refuses (exit 1, nothing published, the last publication untouched) when the run results are missing,
come from another command than `dbt build`, or list a node whose status is not success or pass (the
failing nodes are listed), or when the warehouse is missing or has no table in schema marts.

Otherwise publishes every table of schema marts, in two forms, into PUBLISHED_DIR:
  {DATABASE_NAME}   schema marts: the marts plus marts.{PUBLICATION_TABLE} (when, which dbt build,
                      scoring dates, grid versions, rows per mart). DuckDB storage {STORAGE_VERSION}: DuckDB
                      0.10, every 1.x and 2.x open it. Written to a temporary file, closed, checked, then
                      renamed onto the final name.
  {PARQUET_LINK}/            symlink to releases/<UTC timestamp>/, one Parquet file per mart plus
                      {PUBLICATION_TABLE}.parquet. A new release is written, then the symlink is replaced.
                      The newest --keep-releases releases are kept, never the one it points to.
Both swaps are atomic: readers see the old publication or the new one, never half of one, and a reader
of PUBLISHED_DIR never blocks a build or a publish. Keep connections short: an open one keeps the
publication it opened. Run it after `dbt build`, not during it (it reads the warehouse read-only).

--engine: where dbt built the marts (default: ICP_DBT_TARGET when it names an engine, else duckdb).
  duckdb    the working DuckDB file (--database).
  postgres  the schema marts of ICP_POSTGRES_*: each mart is copied into a new schema
            published_<UTC timestamp> with the publication table, then the views of schema published
            (one per mart, and publication) are dropped and created over it in one transaction: BI tools
            reading published.<mart> see the old release or the new one, never half. Release schemas
            beyond --keep-releases are dropped (never the current). PUBLISHED_DIR gets both forms too.
  spark     the Parquet tables the local Spark wrote (ICP_SPARK_DIR/warehouse/marts.db), read by DuckDB
            with the column types of the marts' contracts (dbt's manifest.json next to --run-results).
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp publish",
        description=DESCRIPTION,
        epilog="Exit status: 0 published, 1 refused or failed (nothing published), 2 bad arguments. "
        "What was published goes to stdout, progress to stderr.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.warehouse_path(),
        help="working DuckDB warehouse written by dbt build ($ICP_DUCKDB_PATH); --engine duckdb only",
    )
    parser.add_argument(
        "--published-dir",
        type=Path,
        default=settings.published_dir(),
        help="folder BI tools read ($ICP_PUBLISHED_DIR)",
    )
    parser.add_argument(
        "--run-results",
        type=Path,
        default=settings.dbt_target_dir() / "run_results.json",
        help="dbt's run_results.json of the build that wrote the warehouse",
    )
    parser.add_argument(
        "--keep-releases",
        type=keep_count,
        default=DEFAULT_KEEP_RELEASES,
        help="Parquet releases (and PostgreSQL release schemas) to keep, the newest; the current one is "
        "never deleted",
    )
    add_engine_option(parser, "where dbt built the marts: see above")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        publication = publish(
            args.database, args.published_dir, args.run_results, args.keep_releases, args.engine
        )
    except UserError as refusal:  # PublishRefusedError (its own class again under `python -m`)
        print(
            f"publish refused: {refusal}\nNothing was published: {args.published_dir} is unchanged.",
            file=sys.stderr,
        )
        return 1
    print(format_report(publication))
    return 0


if __name__ == "__main__":
    sys.exit(main())
