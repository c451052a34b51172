"""Write import-ready CRM files from the published scores: HubSpot companies and Salesforce accounts.

    icp export [--crm hubspot|salesforce|all] [--full] [--icp ICP_ID]
        [--database data/published/icp_scores.duckdb] [--output-dir data/exports]

Reads `marts.account_scores` from the *published* database (written only after a green build), one row per
account: its best ICP (`is_best_icp`), or the ICP named with --icp. For each CRM it writes one CSV file,
`<output-dir>/<crm>/<crm>_<what>_<UTC timestamp>.csv`, ready for the CRM's import:

- HubSpot companies, keyed by company domain name (`domain`), with HubSpot's own "Ideal customer profile tier"
  (`hs_ideal_customer_profile`: `tier_1`, `tier_2`, `tier_3`) and custom properties for score, grade, play,
  next step, top reasons, the buying committee's coverage, completeness (a percentage) and empty required
  seats, unscored reason, excluded reason, scored date and ICP. Only accounts with a valid website have a
  domain to key on, and one domain is one HubSpot company: when accounts share a domain the best-scored one is
  exported.
  A HubSpot import ignores empty cells (the old value stays), so every cell holds a value: an unscored account
  is `tier_3` (not in tiers 1-2), scores 0 and is graded `unscored`, an account whose ICP requires no seat
  has a committee completeness of 0 (its coverage says why), and an empty text is written `none`.
  Import it as "update existing companies only", or an unknown domain creates a company.
- Salesforce accounts, keyed by the CRM account id of the raw extract (`Id`: a Salesforce record id of 15 or
  18 letters and digits; other ids are left out, with why), custom fields `ICP_Fit_Score__c`,
  `ICP_Fit_Grade__c`, `ICP_Tier__c` and others (the buying committee's coverage, completeness and empty seats,
  and the next step, too). How a value is cleared depends on the load path
  (--salesforce-load): `bulk` (Bulk API, and Data Loader with "Use Bulk API") writes `#N/A`, which empties the
  field; `data-loader` (Data Loader's default SOAP mode) writes an empty cell, which empties the field when
  Data Loader's setting "Insert null values" is on. Either way an account that became unscored loses its old
  score and carries its reason instead.

The accounts a file cannot carry are listed, with why, in `<output-dir>/<crm>/<crm>_..._not_exported.csv`.
Files are split to the CRMs' limits (--max-file-mb, --max-rows: Salesforce's Bulk API 2.0 takes 100 MB per
upload; HubSpot 1,048,576 rows and 512 MB per file on paid tiers, 20 MB on free tools), each part with the
header, named `..._part<i>of<n>.csv`. A cell a spreadsheet would run as a formula (starting with `=`, `+`,
`-`, `@`, a tab or a carriage return) is prefixed with `'` (OWASP, CSV injection).

By default a file holds only the accounts whose exported values changed since the last successful export to
that CRM (CRMs limit API calls), and no file is written when nothing changed; --full writes every account.
The scored date is not a change: a daily run that changes nothing exports nothing. After a file is written
completely (temporary file, then renamed), the values it stands for become the new reference in
`<output-dir>/<crm>/.last_export_<selection>.parquet`; each export is also appended to
`<output-dir>/exports_log.csv`. If an import into the CRM fails, run again with --full.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from icp_scoring import settings
from icp_scoring.console import UserError, positive_number
from icp_scoring.sql import sql_name, sql_string

SALESFORCE_LOAD_PATHS = {"bulk": "#N/A", "data-loader": ""}  # how each load path reads "empty this field"
HUBSPOT_EMPTY_TEXT = "none"
# Salesforce record ids: 15 case-sensitive or 18 case-insensitive letters and digits.
SALESFORCE_ID_PATTERN = "^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$"
# The largest files each CRM imports (Salesforce Bulk API 2.0: 100 MB per upload; HubSpot: 1,048,576 rows,
# the header included, and 512 MB per file on paid tiers).
DEFAULT_MAX_FILE_MB = {"hubspot": 512, "salesforce": 100}
DEFAULT_MAX_ROWS = {"hubspot": 1_048_575, "salesforce": None}
# OWASP CSV injection: a cell starting with one of these is run as a formula by spreadsheets.
FORMULA_START = "^[=+\\-@\t\r]"
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
LOG_NAME = "exports_log.csv"


class ExportError(UserError):
    """The export cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class CrmFile:
    """One CRM's import file: its key column, its columns as SQL over the selected scores, and its name."""

    crm: str
    file_stem: str
    key: str
    # (header, SQL expression over the selected rows); the key column comes first.
    columns: tuple[tuple[str, str], ...]
    # Columns that never count as a change on their own (the scored date moves every run).
    not_a_change: frozenset[str]
    # Which selected rows can be keyed in this CRM (SQL condition), and why the others cannot (SQL text).
    keyable: str
    unkeyable_reason: str


# Not in tier 1 or 2 (unscored included): tier 3, the rest, as the method says; never an empty cell.
HUBSPOT_TIER = "case icp_tier when 1 then 'tier_1' when 2 then 'tier_2' else 'tier_3' end"
# The share of the buying committee's required seats filled, as a percentage (0-100).
COMMITTEE_PERCENT = "cast(cast(round(committee_completeness * 100) as integer) as varchar)"

HUBSPOT = CrmFile(
    crm="hubspot",
    file_stem="hubspot_companies",
    key="domain",
    columns=(
        ("domain", "domain"),
        ("hs_ideal_customer_profile", HUBSPOT_TIER),
        ("icp_fit_score", "coalesce(cast(icp_score as varchar), '0')"),
        ("icp_fit_grade", "case when is_scored then icp_grade else 'unscored' end"),
        ("icp_play", "play_name"),
        ("icp_next_step", "next_step"),
        ("icp_top_reasons", "top_reasons"),
        ("icp_committee_coverage", "committee_coverage"),
        ("icp_committee_completeness", f"coalesce({COMMITTEE_PERCENT}, '0')"),
        ("icp_empty_seats", "empty_required_seats"),
        ("icp_unscored_reason", "unscored_reason"),
        ("icp_excluded_reason", "excluded_reason"),
        ("icp_scored_date", "cast(scoring_date as varchar)"),
        ("icp_profile", "icp_id"),
    ),
    not_a_change=frozenset({"icp_scored_date"}),
    keyable="domain is not null and website_status = 'valid'",
    unkeyable_reason="'no valid domain to key the company on (website ' || website_status || ')'",
)

SALESFORCE = CrmFile(
    crm="salesforce",
    file_stem="salesforce_accounts",
    key="Id",
    columns=(
        ("Id", "account_id"),
        ("ICP_Fit_Score__c", "cast(icp_score as varchar)"),
        ("ICP_Fit_Grade__c", "icp_grade"),
        ("ICP_Tier__c", "cast(icp_tier as varchar)"),
        ("ICP_Play__c", "play_name"),
        ("ICP_Next_Step__c", "next_step"),
        ("ICP_Top_Reasons__c", "top_reasons"),
        ("ICP_Committee_Coverage__c", "committee_coverage"),
        ("ICP_Committee_Completeness__c", COMMITTEE_PERCENT),
        ("ICP_Empty_Seats__c", "empty_required_seats"),
        ("ICP_Unscored_Reason__c", "unscored_reason"),
        ("ICP_Excluded_Reason__c", "excluded_reason"),
        ("ICP_Scored_Date__c", "cast(scoring_date as varchar)"),
        ("ICP_Profile__c", "icp_id"),
    ),
    not_a_change=frozenset({"ICP_Scored_Date__c"}),
    keyable=f"regexp_matches(account_id, '{SALESFORCE_ID_PATTERN}')",
    unkeyable_reason="'not a Salesforce record id (15 or 18 letters and digits)'",
)

CRM_FILES = {crm_file.crm: crm_file for crm_file in (HUBSPOT, SALESFORCE)}


@dataclass(frozen=True)
class ExportResult:
    """What one export wrote."""

    crm: str
    paths: tuple[Path, ...]
    mode: str
    rows: int
    accounts: int
    not_exported: int


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp export",
        description="Write HubSpot and Salesforce import files from the published ICP scores "
        "(by default only the accounts whose exported values changed since the last export).",
        epilog="Column mapping: docs/crm-exports.md.",
    )
    parser.add_argument(
        "--crm",
        choices=(*CRM_FILES, "all"),
        default="all",
        help="Which CRM file to write (default: %(default)s).",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="Export every account, not only those whose values changed since the last export.",
    )
    parser.add_argument(
        "--icp",
        metavar="ICP_ID",
        help="Export the scores of this ICP (default: each account's best ICP, is_best_icp).",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.published_database(),
        help="Published DuckDB database (default: $ICP_PUBLISHED_DIR/icp_scores.duckdb = %(default)s).",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=settings.export_dir(),
        help="Folder for the export files and their state (default: $ICP_EXPORT_DIR or %(default)s).",
    )
    parser.add_argument(
        "--salesforce-load",
        choices=tuple(SALESFORCE_LOAD_PATHS),
        default=settings.setting("ICP_SALESFORCE_LOAD"),
        help="How the Salesforce file is loaded, which decides how a value is cleared: bulk (Bulk API, or "
        "Data Loader with 'Use Bulk API': #N/A) or data-loader (Data Loader's default SOAP mode with "
        "'Insert null values' on: an empty cell) (default: $ICP_SALESFORCE_LOAD or %(default)s).",
    )
    parser.add_argument(
        "--max-file-mb",
        type=positive_number,
        help="Largest file in MB (default: 100 for Salesforce, 512 for HubSpot; HubSpot's free tools: 20).",
    )
    parser.add_argument(
        "--max-rows",
        type=positive_number,
        help="Most data rows per file (default: 1,048,575 for HubSpot, the header making 1,048,576; "
        "no limit for Salesforce).",
    )
    return parser.parse_args(argv)


def open_published(database: Path, icp_id: str | None) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the selected scores as the temporary table `selected_scores`."""
    if not database.is_file():
        raise ExportError(
            f"no published scores at {database}. Run `make run` (or `make publish` after a green build) "
            "first, or point --database at a published icp_scores.duckdb."
        )
    connection = duckdb.connect()
    try:
        connection.execute(f"attach {sql_string(database)} as published (read_only)")
        if icp_id is None:
            connection.execute(
                "create temp table selected_scores as "
                "select * from published.marts.account_scores where is_best_icp"
            )
        else:
            known = [
                row[0]
                for row in connection.execute(
                    "select distinct icp_id from published.marts.account_scores order by 1"
                ).fetchall()
            ]
            if icp_id not in known:
                raise ExportError(
                    f"--icp {icp_id}: no such ICP in {database}; the ICPs are: {', '.join(known)}."
                )
            connection.execute(
                "create temp table selected_scores as "
                "select * from published.marts.account_scores where icp_id = ?",
                [icp_id],
            )
    except duckdb.Error as error:
        connection.close()
        raise ExportError(f"cannot read marts.account_scores from {database} ({error}).") from error
    except ExportError:
        connection.close()
        raise
    return connection


def rank_keys(connection: duckdb.DuckDBPyConnection, crm_file: CrmFile) -> None:
    """Temp table `keyed_scores`: the selected scores, whether the CRM can key each account, and which account
    speaks for its key (the best-scored one). Ranked once, for the file and for the accounts left out."""
    key_expression = dict(crm_file.columns)[crm_file.key]
    is_keyable = f"coalesce({crm_file.keyable}, false)"
    connection.execute(f"""
        create or replace temp table keyed_scores as
        select
            *,
            {is_keyable} as is_keyable,
            first_value(account_id) over (
                partition by {is_keyable}, {key_expression}
                order by is_scored desc, icp_score desc nulls last, account_id
            ) as exported_account_id
        from selected_scores
    """)


def cell(expression: str, empty: str) -> str:
    """SQL: a value as the text of a cell, `empty` when there is none, prefixed with a quote when a
    spreadsheet would run it as a formula."""
    value = f"coalesce(cast({expression} as varchar), {sql_string(empty)})"
    quote = sql_string("'")
    return f"case when regexp_matches({value}, '{FORMULA_START}') then {quote} || {value} else {value} end"


def build_rows(connection: duckdb.DuckDBPyConnection, crm_file: CrmFile, salesforce_load: str) -> None:
    """Temp table `current_rows`: every keyable account in the CRM's columns, one row per key, as text."""
    empty = HUBSPOT_EMPTY_TEXT if crm_file.crm == "hubspot" else SALESFORCE_LOAD_PATHS[salesforce_load]
    selects = [
        f"{expression if header == crm_file.key else cell(expression, empty)} as {sql_name(header)}"
        for header, expression in crm_file.columns
    ]
    connection.execute(f"""
        create or replace temp table current_rows as
        select {", ".join(selects)} from keyed_scores where is_keyable and account_id = exported_account_id
    """)


def report_not_exported(connection: duckdb.DuckDBPyConnection, crm_file: CrmFile, crm_dir: Path) -> int:
    """Write the accounts this CRM file cannot carry, with why; returns how many."""
    query = f"""
        select
            account_id,
            account_name,
            domain,
            icp_id,
            case
                when not is_keyable then {crm_file.unkeyable_reason}
                else '{crm_file.key} shared with account '
                    || exported_account_id || ', which is exported for it'
            end as reason
        from keyed_scores
        where not is_keyable or account_id != exported_account_id
        order by account_id
    """
    return write_csv(connection, query, crm_dir / f"{crm_file.file_stem}_not_exported.csv")


def write_csv(connection: duckdb.DuckDBPyConnection, query: str, path: Path) -> int:
    """Write a query's rows as UTF-8 CSV with a header (a temporary file renamed into place); returns them."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        written = connection.execute(
            f"copy ({query}) to {sql_string(temporary)} (header, delimiter ',', quote '\"')"
        ).fetchone()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return int(written[0]) if written else 0


def split_file(path: Path, max_bytes: int, max_rows: int | None) -> tuple[Path, ...]:
    """Split a written CSV file into parts within the limits, each with the header, named
    `<stem>_part<i>of<n>.csv`; a file within them is kept whole. Returns the files."""
    if path.stat().st_size <= max_bytes and max_rows is None:
        return (path,)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        parts: list[list[list[str]]] = [[]]
        header_bytes = len(csv_line(header))
        size = header_bytes
        for row in reader:
            row_bytes = len(csv_line(row))
            full = (max_rows is not None and len(parts[-1]) >= max_rows) or size + row_bytes > max_bytes
            if parts[-1] and full:
                parts.append([])
                size = header_bytes
            parts[-1].append(row)
            size += row_bytes
    if len(parts) == 1:
        return (path,)
    written = []
    for number, rows in enumerate(parts, start=1):
        part = path.with_name(f"{path.stem}_part{number}of{len(parts)}.csv")
        with part.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        written.append(part)
    path.unlink()
    return tuple(written)


def csv_line(row: list[str]) -> bytes:
    """A row as the CSV writer writes it, in bytes (UTF-8)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue().encode("utf-8")


def same_columns(connection: duckdb.DuckDBPyConnection, state: Path) -> bool:
    """Whether the last export's state has the columns of the rows exported now."""
    current = [row[0] for row in connection.execute("describe current_rows").fetchall()]
    last = [
        row[0]
        for row in connection.execute(f"describe select * from read_parquet({sql_string(state)})").fetchall()
    ]
    return current == last


def changed_rows(crm_file: CrmFile, state: Path) -> str:
    """SQL: the current rows whose values (scored date aside) differ from the last export, or are new."""
    compared = [header for header, _ in crm_file.columns if header not in crm_file.not_a_change]
    differs = " or ".join(
        f"current_rows.{sql_name(h)} is distinct from last_export.{sql_name(h)}" for h in compared
    )
    key = sql_name(crm_file.key)
    return f"""
        select current_rows.*
        from current_rows
        left join read_parquet({sql_string(state)}) as last_export
            on current_rows.{key} = last_export.{key}
        where last_export.{key} is null or {differs}
        order by current_rows.{key}
    """


def export_one(
    connection: duckdb.DuckDBPyConnection,
    crm_file: CrmFile,
    output_dir: Path,
    options: ExportOptions,
    selection: str,
    now: str,
) -> ExportResult:
    """Write one CRM's file (delta or full), then make its values the reference for the next delta."""
    crm_dir = output_dir / crm_file.crm
    crm_dir.mkdir(parents=True, exist_ok=True)
    rank_keys(connection, crm_file)
    build_rows(connection, crm_file, options.salesforce_load)
    state = crm_dir / f".last_export_{selection}.parquet"
    if options.full or not state.is_file() or not same_columns(connection, state):
        # A state written before the file gained a column cannot say what changed: export every row.
        mode = "full"
        query = f"select * from current_rows order by {sql_name(crm_file.key)}"
    else:
        mode = "delta"
        query = changed_rows(crm_file, state)
    changed = connection.execute(f"select count(*) from ({query})").fetchone()[0]
    # Nothing changed: no file to import (the reference stays valid, and is rewritten below all the same).
    path = crm_dir / f"{crm_file.file_stem}_{now}.csv" if changed else None
    written = write_csv(connection, query, path) if path is not None else 0
    paths = split_file(path, *options.limits(crm_file.crm)) if path is not None else ()
    temporary_state = state.with_name(state.name + ".tmp")
    connection.execute(f"copy current_rows to {sql_string(temporary_state)} (format parquet)")
    os.replace(temporary_state, state)
    accounts = connection.execute("select count(*) from current_rows").fetchone()[0]
    not_exported = report_not_exported(connection, crm_file, crm_dir)
    return ExportResult(crm_file.crm, paths, mode, written, int(accounts), not_exported)


def append_log(output_dir: Path, results: list[ExportResult], selection: str, exported_at: str) -> None:
    """One line per file written, so the exports can be audited later."""
    log = output_dir / LOG_NAME
    new = not log.is_file()
    with log.open("a", encoding="utf-8") as handle:
        if new:
            handle.write("exported_at,crm,selection,mode,rows,accounts,not_exported,file\n")
        for result in results:
            handle.write(
                f"{exported_at},{result.crm},{selection},{result.mode},{result.rows},{result.accounts},"
                f"{result.not_exported},{' '.join(path.name for path in result.paths)}\n"
            )


@dataclass(frozen=True)
class ExportOptions:
    """How the files are written: every account or the changes, the Salesforce load path, file limits."""

    full: bool = False
    salesforce_load: str = "bulk"
    max_file_mb: int | None = None
    max_rows: int | None = None

    def limits(self, crm: str) -> tuple[int, int | None]:
        """The largest file in bytes and the most data rows (None: no limit) of a CRM's files."""
        megabytes = self.max_file_mb or DEFAULT_MAX_FILE_MB[crm]
        return megabytes * 1_000_000, self.max_rows or DEFAULT_MAX_ROWS[crm]


def export(
    database: Path,
    output_dir: Path,
    crms: list[str],
    full: bool = False,
    icp_id: str | None = None,
    options: ExportOptions | None = None,
) -> list[ExportResult]:
    """Write the files of the given CRMs; returns what each wrote."""
    options = options or ExportOptions(full=full)
    selection = "best_icp" if icp_id is None else f"icp_{icp_id}"
    now = dt.datetime.now(dt.UTC).strftime(TIMESTAMP_FORMAT)
    connection = open_published(database, icp_id)
    try:
        results = [
            export_one(connection, CRM_FILES[crm], output_dir, options, selection, now) for crm in crms
        ]
    finally:
        connection.close()
    append_log(output_dir, results, selection, now)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    crms = list(CRM_FILES) if args.crm == "all" else [args.crm]
    started = time.perf_counter()
    try:
        options = ExportOptions(args.full, args.salesforce_load, args.max_file_mb, args.max_rows)
        results = export(args.database, args.output_dir, crms, icp_id=args.icp, options=options)
    except ExportError as error:
        print(f"icp export: error: {error}", file=sys.stderr)
        return 1
    for result in results:
        changed = "all accounts" if result.mode == "full" else "changed since the last export"
        written_to = (
            f"-> {', '.join(str(path) for path in result.paths)}"
            if result.paths
            else "(nothing changed: no file written)"
        )
        line = f"{result.crm}: {result.rows:,} of {result.accounts:,} accounts ({changed}) {written_to}"
        if result.not_exported:
            line += f"; {result.not_exported:,} not exported (listed with why next to it)"
        print(line)
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
