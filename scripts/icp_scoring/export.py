"""Write import-ready CRM files from the published scores: HubSpot companies and Salesforce accounts.

    icp export [--crm hubspot|salesforce|all] [--full] [--icp ICP_ID]
        [--database data/published/icp_scores.duckdb] [--output-dir data/exports]

Reads `marts.account_scores` from the *published* database (written only after a green build), one row per
account: its best ICP (`is_best_icp`), or the ICP named with --icp. For each CRM it writes one CSV file,
`<output-dir>/<crm>/<crm>_<what>_<UTC timestamp>.csv`, ready for the CRM's import:

- HubSpot companies, keyed by company domain name (`domain`), with HubSpot's own "Ideal customer profile tier"
  (`hs_ideal_customer_profile`: `tier_1`, `tier_2`, `tier_3`) and custom properties for score, grade, play,
  top reasons, unscored reason, scored date and ICP. Only accounts with a valid website have a domain to key
  on, and one domain is one HubSpot company: when accounts share a domain the best-scored one is exported.
  The accounts left out are listed, with why, in `<output-dir>/hubspot/hubspot_companies_not_exported.csv`.
- Salesforce accounts, keyed by the CRM account id of the raw extract (`Id`), custom fields
  `ICP_Fit_Score__c`, `ICP_Fit_Grade__c`, `ICP_Tier__c` and others. A value to clear is written `#N/A`
  (Bulk API / Data Loader: an empty cell leaves the field as it was, `#N/A` empties it), so an account that
  became unscored loses its old score and carries its reason instead.

By default a file holds only the accounts whose exported values changed since the last successful export to
that CRM (CRMs limit API calls), and no file is written when nothing changed; --full writes every account.
The scored date is not a change: a daily run that changes nothing exports nothing. After a file is written
completely (temporary file, then renamed), the values it stands for become the new reference in
`<output-dir>/<crm>/.last_export_<selection>.parquet`; each export is also appended to
`<output-dir>/exports_log.csv`. If an import into the CRM fails, run again with --full.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from icp_scoring import settings
from icp_scoring.console import UserError
from icp_scoring.sql import sql_name, sql_string

SALESFORCE_NULL = "#N/A"
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
    # Which selected rows can be keyed in this CRM (SQL condition; None: all); the others are reported.
    keyable: str | None


HUBSPOT_TIER = "case icp_tier when 1 then 'tier_1' when 2 then 'tier_2' when 3 then 'tier_3' end"

HUBSPOT = CrmFile(
    crm="hubspot",
    file_stem="hubspot_companies",
    key="domain",
    columns=(
        ("domain", "domain"),
        ("hs_ideal_customer_profile", HUBSPOT_TIER),
        ("icp_fit_score", "cast(icp_score as varchar)"),
        ("icp_fit_grade", "case when is_scored then icp_grade else 'unscored' end"),
        ("icp_play", "play_name"),
        ("icp_top_reasons", "top_reasons"),
        ("icp_unscored_reason", "unscored_reason"),
        ("icp_scored_date", "cast(scoring_date as varchar)"),
        ("icp_profile", "icp_id"),
    ),
    not_a_change=frozenset({"icp_scored_date"}),
    keyable="domain is not null and website_status = 'valid'",
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
        ("ICP_Top_Reasons__c", "top_reasons"),
        ("ICP_Unscored_Reason__c", "unscored_reason"),
        ("ICP_Scored_Date__c", "cast(scoring_date as varchar)"),
        ("ICP_Profile__c", "icp_id"),
    ),
    not_a_change=frozenset({"ICP_Scored_Date__c"}),
    keyable=None,
)

CRM_FILES = {crm_file.crm: crm_file for crm_file in (HUBSPOT, SALESFORCE)}


@dataclass(frozen=True)
class ExportResult:
    """What one export wrote."""

    crm: str
    path: Path | None
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
    is_keyable = crm_file.keyable or "true"
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


def build_rows(connection: duckdb.DuckDBPyConnection, crm_file: CrmFile) -> None:
    """Temp table `current_rows`: every keyable account in the CRM's columns, one row per key, as text."""
    null_token = sql_string(SALESFORCE_NULL) if crm_file.crm == "salesforce" else None
    selects = []
    for header, expression in crm_file.columns:
        value = f"cast({expression} as varchar)"
        if null_token is not None and header != crm_file.key:
            value = f"coalesce({value}, {null_token})"
        selects.append(f"{value} as {sql_name(header)}")
    connection.execute(f"""
        create or replace temp table current_rows as
        select {", ".join(selects)} from keyed_scores where is_keyable and account_id = exported_account_id
    """)


def report_not_exported(connection: duckdb.DuckDBPyConnection, crm_file: CrmFile, crm_dir: Path) -> int:
    """Write the accounts this CRM file cannot carry, with why; returns how many (HubSpot only)."""
    if crm_file.keyable is None:
        return 0
    query = """
        select
            account_id,
            account_name,
            domain,
            icp_id,
            case
                when not is_keyable
                    then 'no valid domain to key the company on (website ' || website_status || ')'
                else 'domain shared with account ' || exported_account_id || ', which is exported for it'
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
    full: bool,
    selection: str,
    now: str,
) -> ExportResult:
    """Write one CRM's file (delta or full), then make its values the reference for the next delta."""
    crm_dir = output_dir / crm_file.crm
    crm_dir.mkdir(parents=True, exist_ok=True)
    rank_keys(connection, crm_file)
    build_rows(connection, crm_file)
    state = crm_dir / f".last_export_{selection}.parquet"
    if full or not state.is_file():
        mode = "full"
        query = f"select * from current_rows order by {sql_name(crm_file.key)}"
    else:
        mode = "delta"
        query = changed_rows(crm_file, state)
    changed = connection.execute(f"select count(*) from ({query})").fetchone()[0]
    # Nothing changed: no file to import (the reference stays valid, and is rewritten below all the same).
    path = crm_dir / f"{crm_file.file_stem}_{now}.csv" if changed else None
    written = write_csv(connection, query, path) if path is not None else 0
    temporary_state = state.with_name(state.name + ".tmp")
    connection.execute(f"copy current_rows to {sql_string(temporary_state)} (format parquet)")
    os.replace(temporary_state, state)
    accounts = connection.execute("select count(*) from current_rows").fetchone()[0]
    not_exported = report_not_exported(connection, crm_file, crm_dir)
    return ExportResult(crm_file.crm, path, mode, written, int(accounts), not_exported)


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
                f"{result.not_exported},{result.path.name if result.path else ''}\n"
            )


def export(
    database: Path, output_dir: Path, crms: list[str], full: bool = False, icp_id: str | None = None
) -> list[ExportResult]:
    """Write the files of the given CRMs; returns what each wrote."""
    selection = "best_icp" if icp_id is None else f"icp_{icp_id}"
    now = dt.datetime.now(dt.UTC).strftime(TIMESTAMP_FORMAT)
    connection = open_published(database, icp_id)
    try:
        results = [export_one(connection, CRM_FILES[crm], output_dir, full, selection, now) for crm in crms]
    finally:
        connection.close()
    append_log(output_dir, results, selection, now)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    crms = list(CRM_FILES) if args.crm == "all" else [args.crm]
    started = time.perf_counter()
    try:
        results = export(args.database, args.output_dir, crms, full=args.full, icp_id=args.icp)
    except ExportError as error:
        print(f"export_to_crm: {error}", file=sys.stderr)
        return 1
    for result in results:
        changed = "all accounts" if result.mode == "full" else "changed since the last export"
        written_to = f"-> {result.path}" if result.path else "(nothing changed: no file written)"
        line = f"{result.crm}: {result.rows:,} of {result.accounts:,} accounts ({changed}) {written_to}"
        if result.not_exported:
            line += f"; {result.not_exported:,} not exported (listed with why next to it)"
        print(line)
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
