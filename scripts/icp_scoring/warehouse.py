"""The working warehouse: one run at a time, and a damaged file said in words with the way out.

`icp build` and `icp run` hold a lock next to the warehouse (`<warehouse>.lock`) for their whole run, so a
second run started meanwhile stops at once and says which run holds it, instead of failing inside DuckDB with
its lock error. Before dbt opens the warehouse, it is opened read-only once: a file DuckDB cannot read
(truncated, overwritten) is named with what to do, instead of failing every later run. A green build on
DuckDB keeps its dbt manifest and scoring date next to the warehouse (`<warehouse>.last_build/`): what `icp
rescore` compares a grid edit with.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from icp_scoring import settings
from icp_scoring.console import UserError, first_line

STATE_FILE = "build.json"


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@contextmanager
def exclusive_run(database: Path) -> Iterator[None]:
    """Hold the warehouse's run lock; refuse at once when another run holds it."""
    database.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(database)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise UserError(
                f"another run is using the warehouse {database} ({holder}): wait for it to finish, then run "
                "again (one run at a time per warehouse)."
            ) from None
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        handle.write(f"pid {os.getpid()}, started {started}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_readable(database: Path) -> None:
    """Refuse a warehouse file DuckDB cannot open, saying how to rebuild it (a missing one is built)."""
    if not database.exists():
        return
    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            connection.execute("select count(*) from duckdb_tables()").fetchall()
    except duckdb.Error as error:
        message = first_line(error)
        if "lock" in message.lower():
            raise UserError(
                f"the warehouse {database} is open in another program ({message}): close it (BI tools "
                "read the published copy, never this file) and run again."
            ) from None
        raise UserError(
            f"the warehouse {database} cannot be read, it is damaged ({message}). Move it aside "
            f"(mv {database} {database}.damaged) and run again to rebuild it; to keep the score history, "
            "first restore your latest backup into the new file: icp history restore <backup> (see "
            "docs/operations.md)."
        ) from None


def state_dir(database: Path) -> Path:
    """Where a warehouse keeps the manifest and scoring date of its last green build."""
    return database.with_name(database.name + ".last_build")


def save_build_state(project: Path, database: Path, scoring_date: dt.date) -> None:
    """Keep the manifest of the green build just finished in project (its target/manifest.json) and its
    scoring date, replacing the previous state in one rename."""
    state = state_dir(database)
    staging = state.with_name(state.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copy2(settings.dbt_target_dir(project) / "manifest.json", staging / "manifest.json")
    (staging / STATE_FILE).write_text(
        json.dumps({"scoring_date": scoring_date.isoformat()}) + "\n", encoding="utf-8"
    )
    forget_build_state(database)
    staging.rename(state)


def wal_path(database: Path) -> Path:
    """DuckDB's write-ahead log of a database file."""
    return database.with_name(database.name + ".wal")


def forget_build_state(database: Path) -> None:
    """A build that starts makes the last green state stale: the warehouse no longer holds it."""
    shutil.rmtree(state_dir(database), ignore_errors=True)
