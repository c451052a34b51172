"""The score history: back it up, restore it. The working warehouse holds it (the dbt snapshot
`history.account_scores_history`, every version of every account's score); the movers, the new top targets,
the run log and the backtests are all read from it, and it cannot be rebuilt from the raw files.

    icp history backup [--database WAREHOUSE] [--output data/backups/history_<UTC>.parquet]
    icp history restore FILE [--database WAREHOUSE] [--replace]

A backup is one Parquet file of the snapshot table (columns and types as dbt wrote them). Restore puts it into
a warehouse whose history is empty (a new file after a damaged one was moved aside, or a new machine); the
next `dbt build` (icp build, icp run) continues it and rebuilds the history marts from it. --replace
overwrites an existing history (say so explicitly: the history it holds is lost unless backed up).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import duckdb

from icp_scoring import console, settings
from icp_scoring.console import UserError
from icp_scoring.sql import sql_string
from icp_scoring.warehouse import check_readable, exclusive_run

COMMAND = "icp history"
HISTORY_TABLE = "history.account_scores_history"
BACKUP_DIR = Path("data/backups")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=COMMAND, description="Back up or restore the score history.")
    actions = parser.add_subparsers(dest="action", required=True)
    backup = actions.add_parser("backup", help="write the history to one Parquet file")
    backup.add_argument(
        "--output", type=Path, help="the backup file (default: data/backups/history_<UTC>.parquet)"
    )
    restore = actions.add_parser("restore", help="put a backup into a warehouse with no history")
    restore.add_argument("file", type=Path, help="a backup written by `icp history backup`")
    restore.add_argument("--replace", action="store_true", help="overwrite the history the warehouse holds")
    for action in (backup, restore):
        action.add_argument(
            "--database",
            type=Path,
            default=settings.warehouse_path(),
            help="the working warehouse (default: %(default)s, from $ICP_DUCKDB_PATH)",
        )
    return parser.parse_args(argv)


def history_rows(connection: duckdb.DuckDBPyConnection) -> int | None:
    """Rows of the history table, None when there is none."""
    found = connection.execute(
        "select count(*) from duckdb_tables() where schema_name = 'history' and table_name = ?",
        [HISTORY_TABLE.split(".")[1]],
    ).fetchone()[0]
    return connection.execute(f"select count(*) from {HISTORY_TABLE}").fetchone()[0] if found else None


def backup(database: Path, output: Path | None) -> tuple[Path, int]:
    """Write the history of the warehouse to a Parquet file; returns it and its rows."""
    if not database.is_file():
        raise UserError(f"no warehouse at {database}: nothing to back up (--database names it).")
    check_readable(database)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    output = output or BACKUP_DIR / f"history_{stamp}.parquet"
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.tmp")
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = history_rows(connection)
        if rows is None:
            raise UserError(f"{database} has no score history yet ({HISTORY_TABLE}): run a build first.")
        connection.execute(f"copy {HISTORY_TABLE} to {sql_string(temporary)} (format parquet)")
    temporary.replace(output)
    return output, rows


def restore(file: Path, database: Path, replace: bool) -> int:
    """Put a backup into the warehouse's history; returns its rows."""
    if not file.is_file():
        raise UserError(f"no backup at {file}.")
    check_readable(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as connection:
        existing = history_rows(connection)
        if existing and not replace:
            raise UserError(
                f"{database} already holds a history of {existing:,} rows: restore into a new warehouse, or "
                "add --replace to overwrite it (back it up first: icp history backup)."
            )
        try:
            connection.execute("create schema if not exists history")
            connection.execute(
                f"create or replace table {HISTORY_TABLE} as select * from read_parquet({sql_string(file)})"
            )
        except duckdb.Error as error:
            raise UserError(f"{file} is not a history backup ({str(error).splitlines()[0]}).") from None
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
