"""What a validation stage reads: the raw files (as dbt's sources read them, big files sampled) or the marts,
each as a pandas frame with the suite that validates it (suites: icp_scoring.quality.expectations)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import duckdb
import great_expectations as gx
import pandas as pd

from icp_scoring.console import first_line
from icp_scoring.csv_dialect import sniff
from icp_scoring.engines import spark
from icp_scoring.quality import MARTS_SAMPLE_ACCOUNTS
from icp_scoring.quality.expectations import (
    marts_account_score_breakdown,
    marts_account_scores,
    marts_grade_mix,
    raw_common,
    raw_crm_accounts,
    raw_crm_activities,
    raw_crm_contacts,
    raw_crm_opportunities,
    raw_intent_signals,
    raw_technographics,
)
from icp_scoring.quality.unchanged import ValidatedFile
from icp_scoring.raw.contract import RAW_CONTRACT, raw_file_names
from icp_scoring.raw.landing import current_landed_file, raw_fingerprint
from icp_scoring.sql import sql_name

RAW_SUITES: tuple[ModuleType, ...] = (
    raw_crm_accounts,
    raw_technographics,
    raw_intent_signals,
    raw_crm_opportunities,
    raw_crm_activities,
    raw_crm_contacts,
)


class UsageError(Exception):
    """The stage cannot run as asked (no warehouse, no marts): exit status 2."""


@dataclass(frozen=True)
class Batch:
    """A dataframe and the suite that validates it.

    `index_columns` name an offending row in messages; `result_format` COMPLETE lists every offending row in
    the results and Data Docs (only for small frames, such as one row per ICP).
    """

    suite: gx.ExpectationSuite
    frame: pd.DataFrame
    index_columns: tuple[str, ...] = ()
    result_format: str = "SUMMARY"


@dataclass
class StageInput:
    """What a stage validates, notes to print first, and errors found before GX ran (each fails the stage);
    for the raw files, those read (fingerprint and suite, by file name) and those carried over unchanged."""

    batches: list[Batch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    read_files: dict[str, ValidatedFile] = field(default_factory=dict)
    carried: dict[str, ValidatedFile] = field(default_factory=dict)


# The marts' sample (above MARTS_SAMPLE_ACCOUNTS CRM accounts): every row of the accounts whose account_id's
# MD5 starts with four hex digits below a bound, the same accounts in DuckDB and PostgreSQL, from run to run
# and in both marts. dbt's data tests check the same rules on every row in the build, and the grade mix
# counts every account.
SAMPLED_ACCOUNT = "substr(md5(account_id), 1, 4) < '{bound}'"
MD5_PREFIXES = 16**4


@dataclass(frozen=True)
class AccountSample:
    """Which accounts' rows the marts' row-level suites read: all (predicate 'true') or a sample."""

    accounts: int  # CRM accounts in the warehouse
    predicate: str  # SQL on account_id

    @classmethod
    def of(cls, accounts: int, sample_accounts: int) -> AccountSample:
        """Every account when there are at most sample_accounts (or it is 0), else about sample_accounts."""
        if sample_accounts <= 0 or accounts <= sample_accounts:
            return cls(accounts, "true")
        bound = max(1, -(-MD5_PREFIXES * sample_accounts // accounts))
        return cls(accounts, SAMPLED_ACCOUNT.format(bound=f"{bound:04x}"))

    @property
    def is_sampled(self) -> bool:
        return self.predicate != "true"


def read_marts(
    query: Callable[[str], pd.DataFrame], sample_accounts: int
) -> tuple[AccountSample, list[pd.DataFrame]]:
    """The account sample, then the marts' frames (expected row count, scores, grade mix, breakdown), each
    query run by query (one engine's reader)."""
    expected_rows = marts_account_scores.EXPECTED_ROWS_QUERY
    every_account = query(expected_rows.format(accounts="true"))
    sample = AccountSample.of(int(every_account.iloc[0, 0]), sample_accounts)
    return sample, [
        query(expected_rows.format(accounts=sample.predicate)) if sample.is_sampled else every_account,
        query(marts_account_scores.QUERY.format(accounts=sample.predicate)),
        query(marts_grade_mix.QUERY),
        query(marts_account_score_breakdown.QUERY.format(accounts=sample.predicate)),
    ]


def read_duckdb_marts(database: Path, sample_accounts: int) -> tuple[AccountSample, list[pd.DataFrame]]:
    """The marts' queries on the DuckDB warehouse, as dataframes."""
    if not database.is_file():
        raise UsageError(
            f"no warehouse at {database}. Run the scoring first (make build), or point --database (or "
            "ICP_DUCKDB_PATH) at the DuckDB file dbt wrote."
        )
    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            return read_marts(lambda sql: connection.execute(sql).df(), sample_accounts)
    except duckdb.Error as error:
        hint = " Run `dbt build` (make build) first." if isinstance(error, duckdb.CatalogException) else ""
        raise UsageError(f"cannot read the marts from {database}: {first_line(error)}.{hint}") from error


def read_postgres_marts(sample_accounts: int) -> tuple[AccountSample, list[pd.DataFrame]]:
    """The marts' queries on the PostgreSQL warehouse (ICP_POSTGRES_*), as dataframes; decimals as floats."""
    import psycopg2  # installed with dbt-postgres

    from icp_scoring.engines.postgres import connection_settings

    settings_used = connection_settings()
    try:
        with psycopg2.connect(**settings_used) as connection, connection.cursor() as cursor:

            def query(sql: str) -> pd.DataFrame:
                cursor.execute(sql)
                frame = pd.DataFrame(
                    cursor.fetchall(), columns=[column.name for column in cursor.description]
                )
                for column in frame.columns:
                    if frame[column].map(lambda value: isinstance(value, Decimal)).any():
                        frame[column] = frame[column].astype(float)
                return frame

            return read_marts(query, sample_accounts)
    except psycopg2.Error as error:
        raise UsageError(
            f"cannot read the marts from PostgreSQL at {settings_used['host']}:{settings_used['port']} "
            f"(database {settings_used['dbname']}): {first_line(error)}. Run `dbt build` there first "
            "(docs/engines.md)."
        ) from error


def read_spark_marts(sample_accounts: int) -> tuple[AccountSample, list[pd.DataFrame]]:
    """The marts' queries on the tables a local Spark wrote (Parquet folders under ICP_SPARK_DIR's warehouse,
    one per table: <schema>.db/<table>), read by DuckDB: no Spark session, so no wait for the metastore."""
    warehouse = spark.warehouse_dir()
    connection = duckdb.connect()
    spark.create_table_views(connection, warehouse)
    try:
        return read_marts(lambda sql: connection.execute(sql).df(), sample_accounts)
    except duckdb.CatalogException as error:
        raise UsageError(
            f"cannot read the marts Spark wrote under {warehouse}: {first_line(error)}. Run `dbt build` on "
            "the spark target first, with the same ICP_SPARK_DIR (docs/engines.md)."
        ) from error


MARTS_READERS = {"postgres": read_postgres_marts, "spark": read_spark_marts}


def describe_sample(sample: AccountSample, sampled_accounts: int) -> str:
    """The note printed for the marts: which accounts' rows the row-level suites read."""
    if not sample.is_sampled:
        return f"account scores and breakdown: validated the rows of all {sample.accounts:,} accounts."
    return (
        "account scores and breakdown: validated every row of a deterministic sample of "
        f"{sampled_accounts:,} of the {sample.accounts:,} accounts (those where {sample.predicate}), to keep "
        "memory bounded; dbt's tests check the same rules on every row, and the grade mix counts every "
        "account."
    )


def load_marts(
    database: Path, max_share: float, engine: str = "duckdb", sample_accounts: int = MARTS_SAMPLE_ACCOUNTS
) -> StageInput:
    """The marts as dataframes with their suites; the expected row count comes from the warehouse (the
    DuckDB file, the PostgreSQL database of ICP_POSTGRES_*, or the tables of Spark's ICP_SPARK_DIR)."""
    reader = MARTS_READERS.get(engine)
    sample, (expected, scores, grade_mix, breakdown) = (
        reader(sample_accounts) if reader else read_duckdb_marts(database, sample_accounts)
    )
    accounts, icps = (int(expected.iloc[0, 0]), int(expected.iloc[0, 1])) if len(expected) else (0, 0)
    grade_mix[marts_grade_mix.LABEL_COLUMN] = label_icps(grade_mix)
    return StageInput(
        notes=[
            describe_sample(sample, accounts),
            *(f"grade mix: {label}" for label in grade_mix[marts_grade_mix.LABEL_COLUMN]),
        ],
        batches=[
            Batch(marts_account_scores.build_suite(accounts, icps), scores, marts_account_scores.KEY_COLUMNS),
            Batch(
                marts_grade_mix.build_suite(max_share),
                grade_mix,
                (marts_grade_mix.LABEL_COLUMN,),
                result_format="COMPLETE",
            ),
            Batch(
                marts_account_score_breakdown.build_suite(),
                breakdown,
                marts_account_score_breakdown.KEY_COLUMNS,
            ),
        ],
    )


def label_icps(grade_mix: pd.DataFrame) -> list[str]:
    """One label per ICP row (a handful of rows, not one per account)."""
    return [
        marts_grade_mix.icp_label(icp_id, None if pd.isna(share) else float(share), int(scored))
        for icp_id, share, scored in zip(
            grade_mix["icp_id"], grade_mix["grade_a_share"], grade_mix["scored_accounts"], strict=True
        )
    ]


def load_raw(
    raw_dir: Path, landed_dir: Path | None = None, passed: dict[str, ValidatedFile] | None = None
) -> StageInput:
    """The raw files as dataframes with their suites (a feed's daily deliveries each with the feed's suite); a
    missing or unreadable file is an error.

    A file landed in landed_dir from the CSV as it is now is read from its Parquet copy (the same rows
    and text, parsed once by `icp land`); any other file is read from the CSV. A file in ``passed``
    (icp_scoring.quality.unchanged) whose fingerprint is unchanged is not read: its outcomes are carried."""
    stage = StageInput()
    read_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with duckdb.connect() as connection:
        files = [(suite, name) for suite in RAW_SUITES for name in raw_file_names(raw_dir, suite.FILE_NAME)]
        for module, file_name in files:
            path = raw_dir / file_name
            if not path.is_file():
                stage.errors.append(
                    f"{path}: missing. Put the file there or point --raw-dir (or ICP_RAW_DIR) at the folder "
                    "that holds it (`icp land` checks the raw files first)."
                )
                continue
            try:
                fingerprint = raw_fingerprint(connection, path)
                earlier = (passed or {}).get(file_name)
                if earlier is not None and earlier.fingerprint == fingerprint:
                    stage.carried[file_name] = earlier
                    stage.notes.append(
                        f"{file_name}: unchanged since it passed at {earlier.validated_at} (same size and "
                        f"modification time): its {len(earlier.outcomes)} expectations are carried over, "
                        "not run again (--all-files reads it)."
                    )
                    continue
                landed = current_landed_file(connection, path, landed_dir)
                frame, note = read_raw_file(connection, path, module, landed)
            except duckdb.Error as error:
                stage.errors.append(
                    f"{path}: cannot be read as CSV ({first_line(error)}). Run `icp land` to see what to fix."
                )
                continue
            suite = module.build_suite()
            if file_name != module.FILE_NAME:  # a daily delivery: the feed's suite, under the file's name
                suite.name = f"raw.{Path(file_name).stem}"
            stage.batches.append(Batch(suite, frame))
            stage.notes.append(note)
            stage.read_files[file_name] = ValidatedFile(fingerprint, suite.name, read_at)
    return stage


def read_raw_file(
    connection: duckdb.DuckDBPyConnection, path: Path, module: ModuleType, landed: Path | None = None
) -> tuple[pd.DataFrame, str]:
    """The file's rows (all, or a deterministic sample) with the suite's cleaned and derived columns, read
    from its landed Parquet copy when given, else from the CSV in the dialect its header shows.

    Above SAMPLE_ROWS rows, the Parquet copy gives every k-th row in file order (k: its row count over
    SAMPLE_ROWS, rounded up; a feed in time order is sampled across its whole period), which DuckDB reads
    without decoding the other rows' text (at 1M accounts: 1.0 s for the 20M intent rows, against 3.7 s for
    a reservoir sample); a CSV read as it is gets DuckDB's reservoir sample (seed SAMPLE_SEED)."""
    if landed is not None:
        source = "read_parquet(?, file_row_number = true)"
    else:
        source = f"read_csv(?, {sniff(path, RAW_CONTRACT[module.FILE_NAME]).duckdb_options()})"
    parameters = [str(landed if landed is not None else path)]
    columns = [
        column[0]
        for column in connection.execute(f"select * from {source} limit 0", parameters).description
        if column[0] != "file_row_number"
    ]
    select = f"select {raw_select_list(columns, module.CLEANED, module.DERIVED)} from {source}"
    if module.SAMPLE_ROWS is None:
        frame = connection.execute(select, parameters).df()
        return frame, describe_read(path.name, len(frame), len(frame))
    if landed is not None:
        (total,) = connection.execute(f"select count(*) from {source}", parameters).fetchone() or (0,)
        step = -(-total // module.SAMPLE_ROWS)
        frame = connection.execute(f"{select} where file_row_number % {max(step, 1)} = 0", parameters).df()
        return frame, describe_read(path.name, len(frame), total, f"one row in {step:,}, in file order")
    frame = connection.execute(
        f"{select} using sample {module.SAMPLE_ROWS} rows (reservoir, {raw_common.SAMPLE_SEED})", parameters
    ).df()
    total = len(frame)
    if total >= module.SAMPLE_ROWS:
        (total,) = connection.execute(f"select count(*) from {source}", parameters).fetchone() or (0,)
    return frame, describe_read(
        path.name, len(frame), total, f"DuckDB reservoir sample, seed {raw_common.SAMPLE_SEED}"
    )


def raw_select_list(
    columns: Sequence[str], cleaned: dict[str, str], derived: dict[str, tuple[str, str]]
) -> str:
    """Every column of the file (cleaned ones replaced by their expression), then the derived columns."""
    parts = [
        f"{cleaned[column]} as {sql_name(column)}" if column in cleaned else sql_name(column)
        for column in columns
    ]
    parts += [
        f"{expression} as {sql_name(name)}"
        for name, (source, expression) in derived.items()
        if source in columns
    ]
    return ", ".join(parts)


def describe_read(file_name: str, rows: int, total: int, sample: str = "") -> str:
    """The note printed for a raw file: how many rows were validated, and how they were sampled."""
    if total == 0:
        if file_name == raw_crm_accounts.FILE_NAME:
            return f"{file_name}: only a header, no rows."
        return f"{file_name}: only a header, no rows - accepted: this source adds nothing to the scores."
    if rows < total:
        return (
            f"{file_name}: validated a deterministic sample of {rows:,} of its {total:,} rows ({sample}) to "
            "keep memory bounded; shares are estimated on the sample."
        )
    return f"{file_name}: validated all {rows:,} rows."
