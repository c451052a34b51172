"""The score history: back it up, restore it. The working warehouse holds it, and it cannot be rebuilt from
the raw files: the dbt snapshot `history.account_scores_history` (every version of every account's score)
and the two marts each run appends to, `marts.account_score_movers` (the moves of every run) and
`marts.scoring_run_grade_mix` (the run log). New top targets, grid changes and backtests are read from them.

    icp history backup [--database WAREHOUSE] [--output data/backups/history_<UTC>]
    icp history restore FOLDER [--database WAREHOUSE] [--replace]

A backup is a folder with one Parquet file per table (columns and types as dbt wrote them), written under a
temporary name and renamed when complete. Restore puts it into a warehouse whose history is empty (a new file
after a damaged one was moved aside, or a new machine); the next `dbt build` (icp build, icp run) continues
it: the same movers and run log as the old warehouse would have had. --replace overwrites an existing history
(say so explicitly: the history it holds is lost unless backed up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

import duckdb

from icp_scoring import console, settings
from icp_scoring.console import UserError
from icp_scoring.sql import sql_string
from icp_scoring.warehouse import check_readable, exclusive_run

COMMAND = "icp history"
HISTORY_TABLE = "history.account_scores_history"
# Everything a backup holds: the snapshot first (required), then the marts each run appends to.
BACKED_UP_TABLES = (HISTORY_TABLE, "marts.account_score_movers", "marts.scoring_run_grade_mix")
BACKUP_DIR = Path("data/backups")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=COMMAND, description="Back up or restore the score history.")
    actions = parser.add_subparsers(dest="action", required=True)
    backup = actions.add_parser("backup", help="write the history to a folder of Parquet files")
    backup.add_argument(
        "--output", type=Path, help="the backup folder, new (default: data/backups/history_<UTC>)"
    )
    restore = actions.add_parser("restore", help="put a backup into a warehouse with no history")
    restore.add_argument("file", type=Path, help="a backup folder written by `icp history backup`")
    restore.add_argument("--replace", action="store_true", help="overwrite the history the warehouse holds")
    for action in (backup, restore):
        action.add_argument(
            "--database",
            type=Path,
            default=settings.warehouse_path(),
            help="the working warehouse (default: %(default)s, from $ICP_DUCKDB_PATH)",
        )
    return parser.parse_args(argv)


def table_exists(connection: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    return bool(
        connection.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [schema, name]
        ).fetchone()[0]
    )


def history_rows(connection: duckdb.DuckDBPyConnection) -> int | None:
    """Rows of the history table, None when there is none."""
    if not table_exists(connection, HISTORY_TABLE):
        return None
    return connection.execute(f"select count(*) from {HISTORY_TABLE}").fetchone()[0]


def backup_file(folder: Path, table: str) -> Path:
    """Where a table is in a backup folder: <folder>/<schema>.<table>.parquet."""
    return folder / f"{table}.parquet"


def backup(database: Path, output: Path | None) -> tuple[Path, int]:
    """Write the warehouse's history tables to a new backup folder; returns it and the snapshot's rows."""
    if not database.is_file():
        raise UserError(f"no warehouse at {database}: nothing to back up (--database names it).")
    check_readable(database)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    output = output or BACKUP_DIR / f"history_{stamp}"
    if output.exists():
        raise UserError(f"{output} already exists: a backup never overwrites one; name another --output.")
    temporary = output.with_name(f".{output.name}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = history_rows(connection)
        if rows is None:
            shutil.rmtree(temporary)
            raise UserError(f"{database} has no score history yet ({HISTORY_TABLE}): run a build first.")
        for table in BACKED_UP_TABLES:
            if table_exists(connection, table):
                connection.execute(
                    f"copy {table} to {sql_string(backup_file(temporary, table))} (format parquet)"
                )
    temporary.rename(output)
    return output, rows


def restore(folder: Path, database: Path, replace: bool) -> int:
    """Put a backup's tables into the warehouse; returns the snapshot's rows."""
    if not backup_file(folder, HISTORY_TABLE).is_file():
        raise UserError(
            f"{folder} is not a history backup: it has no {backup_file(folder, HISTORY_TABLE).name} "
            "(give the folder `icp history backup` wrote)."
        )
    check_readable(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as connection:
        existing = history_rows(connection)
        if existing and not replace:
            raise UserError(
                f"{database} already holds a history of {existing:,} rows: restore into a new warehouse, or "
                "add --replace to overwrite it (back it up first: icp history backup)."
            )
        connection.execute("begin transaction")
        for table in BACKED_UP_TABLES:
            source = backup_file(folder, table)
            if not source.is_file():
                continue
            try:
                connection.execute(f"create schema if not exists {table.split('.')[0]}")
                connection.execute(
                    f"create or replace table {table} as select * from read_parquet({sql_string(source)})"
                )
            except duckdb.Error as error:
                connection.execute("rollback")
                raise UserError(f"{source} is not a history backup ({str(error).splitlines()[0]}).") from None
        connection.execute("commit")
        return connection.execute(f"select count(*) from {HISTORY_TABLE}").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with exclusive_run(args.database):
        if args.action == "backup":
            output, rows = backup(args.database, args.output)
            console.progress(COMMAND, f"{rows:,} history rows of {args.database} backed up to {output}")
        else:
            rows = restore(args.file, args.database, args.replace)
            console.progress(COMMAND, f"{rows:,} history rows restored into {args.database} from {args.file}")
    return 0
