"""Validate the raw files (before dbt reads them) or the marts (before they are published) with GX.

Two stages:

- `raw`: the raw CSV files of the raw folder, read through DuckDB as dbt's sources read them (every column
  as text). crm_accounts.csv is validated in full; the feeds (technographics.csv, intent_signals.csv) and the
  outcomes (crm_opportunities.csv, crm_activities.csv), which reach millions of rows, on a deterministic
  sample of at most 200,000 rows each (DuckDB reservoir sample, seed 42), so memory stays bounded. Any of
  these files with only its header passes (with a note); a CRM accounts file with no rows fails, since there
  is nothing to score.
- `marts`: marts.account_scores, its grade mix per ICP (grade A must stay rare: --max-grade-a-share) and
  marts.account_score_breakdown, read from the DuckDB warehouse opened read-only.

The suites are code, one module per suite in icp_scoring.quality.expectations. GX's SQL datasource does not
work with DuckDB, so each table is read from DuckDB into a pandas dataframe and validated with GX's pandas
datasource in an ephemeral (in-memory) GX context: no GX project folder. What needs SQL (derived columns,
expected row counts, shares per ICP) is computed by DuckDB first, so no Python runs per row. GX analytics are
off.

Prints one line per expectation (PASS/FAIL, suite, expectation, observed value, and for a failure what is
wrong), then the totals; builds Data Docs (HTML) into <data-docs-dir>/<stage>/ and prints its index.html.
Exit status: 0 every expectation passes, 1 one fails (or a raw file is missing), 2 usage error (bad argument,
no warehouse or no marts in it).

    icp validate raw --raw-dir data/raw
    icp validate marts --database data/warehouse/icp_scoring.duckdb
"""

from __future__ import annotations

import argparse
import math
import numbers
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

# GX reads its analytics switch when it is imported: turn it off before the first GX import.
os.environ["GX_ANALYTICS_ENABLED"] = "false"

import duckdb
import great_expectations as gx
import numpy as np
import pandas as pd
from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
from great_expectations.data_context import EphemeralDataContext
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from icp_scoring import settings
from icp_scoring.quality.expectations import (
    marts_account_score_breakdown,
    marts_account_scores,
    marts_grade_mix,
    raw_common,
    raw_crm_accounts,
    raw_crm_activities,
    raw_crm_opportunities,
    raw_intent_signals,
    raw_technographics,
)
from icp_scoring.raw.contract import CSV_OPTIONS, raw_file_names
from icp_scoring.raw.landing import current_landed_file
from icp_scoring.sql import sql_name

STAGES = ("raw", "marts")
RAW_SUITES: tuple[ModuleType, ...] = (
    raw_crm_accounts,
    raw_technographics,
    raw_intent_signals,
    raw_crm_opportunities,
    raw_crm_activities,
)
DOCS_SITE = "icp_scoring"
DATASOURCE = "icp_scoring_frames"
MAX_EXAMPLES = 3
MAX_LISTED_VALUES = 6
# Expectation arguments left out of the printed expectation name.
UNPRINTED_KWARGS = frozenset({"batch_id", "result_format", "catch_exceptions", "condition_parser", "meta"})
COLUMN_KWARGS = ("column", "column_list", "column_A", "column_B")


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
    """What a stage validates, notes to print first, and errors found before GX ran (each fails the stage)."""

    batches: list[Batch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """One expectation's result as printed; `problem` is empty when it passed."""

    suite: str
    expectation: str
    success: bool
    observed: str
    problem: str


# --- arguments -------------------------------------------------------------------------------------------


def grade_a_share(text: str) -> float:
    """argparse type: a share above 0 and at most 1."""
    try:
        value = float(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 0.2 for 20%)") from error
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share above 0 and at most 1 (e.g. 0.2 for 20%)")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp validate",
        description=(
            "Validate ICP scoring data with Great Expectations. Stage 'raw' checks the raw CSV files before "
            "dbt reads them (crm_accounts.csv in full; the other files on a "
            "deterministic sample of at most 200,000 rows). Stage 'marts' checks marts.account_scores (score "
            "range, grades, tiers, one row per account and ICP, score or reason), the share of grade A per "
            "ICP, and marts.account_score_breakdown, before they are published."
        ),
        epilog=(
            "Prints one line per expectation and the totals, writes Data Docs (HTML) into "
            "<data-docs-dir>/<stage>/index.html. Exit status: 0 all pass, 1 any fails, 2 usage error."
        ),
    )
    parser.add_argument("stage", choices=STAGES, help="what to validate: the raw files or the marts")
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.warehouse_path(),
        help="marts: the DuckDB warehouse written by dbt, opened read-only "
        "(default: $ICP_DUCKDB_PATH or %(default)s)",
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=settings.raw_dir(),
        help="raw: the folder holding the raw CSV files (default: $ICP_RAW_DIR or %(default)s)",
    )
    parser.add_argument(
        "--landed-dir",
        type=Path,
        default=settings.landed_dir(),
        help="raw: where `icp land` landed them as Parquet; a file landed from the CSV as it "
        "is now is read from there, faster (default: $ICP_LANDED_DIR or %(default)s)",
    )
    parser.add_argument(
        "--max-grade-a-share",
        type=grade_a_share,
        default=settings.setting("ICP_MAX_GRADE_A_SHARE"),
        help="marts: the highest share of grade A among the scored accounts of an ICP before the grid is "
        "called too generous (default: $ICP_MAX_GRADE_A_SHARE or %(default)s)",
    )
    parser.add_argument(
        "--data-docs-dir",
        type=Path,
        default=settings.GREAT_EXPECTATIONS_DOCS_DIR,
        help="where to build the Data Docs; each stage gets its own subfolder (default: %(default)s)",
    )
    return parser.parse_args(argv)


# --- reading the data ------------------------------------------------------------------------------------


def load_marts(database: Path, max_share: float) -> StageInput:
    """The marts as dataframes with their suites; the expected row count comes from the warehouse."""
    if not database.is_file():
        raise UsageError(
            f"no warehouse at {database}. Run the scoring first (make build), or point --database (or "
            "ICP_DUCKDB_PATH) at the DuckDB file dbt wrote."
        )
    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            accounts, icps = connection.execute(marts_account_scores.EXPECTED_ROWS_QUERY).fetchone() or (0, 0)
            scores = connection.execute(marts_account_scores.QUERY).df()
            grade_mix = connection.execute(marts_grade_mix.QUERY).df()
            breakdown = connection.execute(marts_account_score_breakdown.QUERY).df()
    except duckdb.Error as error:
        hint = " Run `dbt build` (make build) first." if isinstance(error, duckdb.CatalogException) else ""
        raise UsageError(f"cannot read the marts from {database}: {first_line(error)}.{hint}") from error
    grade_mix[marts_grade_mix.LABEL_COLUMN] = label_icps(grade_mix)
    return StageInput(
        notes=[f"grade mix: {label}" for label in grade_mix[marts_grade_mix.LABEL_COLUMN]],
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


def load_raw(raw_dir: Path, landed_dir: Path | None = None) -> StageInput:
    """The raw files as dataframes with their suites (a feed's daily deliveries each with the feed's suite); a
    missing or unreadable file is an error.

    A file landed in landed_dir from the CSV as it is now is read from its Parquet copy (the same rows
    and text, parsed once by `icp land`); any other file is read from the CSV."""
    stage = StageInput()
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
    return stage


def read_raw_file(
    connection: duckdb.DuckDBPyConnection, path: Path, module: ModuleType, landed: Path | None = None
) -> tuple[pd.DataFrame, str]:
    """The file's rows (all, or a deterministic sample) with the suite's cleaned and derived columns, read
    from its landed Parquet copy when given, else from the CSV."""
    source = "read_parquet(?)" if landed is not None else f"read_csv(?, {CSV_OPTIONS})"
    parameters = [str(landed if landed is not None else path)]
    columns = [
        column[0] for column in connection.execute(f"select * from {source} limit 0", parameters).description
    ]
    sample = ""
    if module.SAMPLE_ROWS is not None:
        sample = f" using sample {module.SAMPLE_ROWS} rows (reservoir, {raw_common.SAMPLE_SEED})"
    query = f"select {raw_select_list(columns, module.CLEANED, module.DERIVED)} from {source}{sample}"
    frame = connection.execute(query, parameters).df()
    total = len(frame)
    if module.SAMPLE_ROWS is not None and total >= module.SAMPLE_ROWS:
        (total,) = connection.execute(f"select count(*) from {source}", parameters).fetchone() or (0,)
    return frame, describe_read(path.name, len(frame), total)


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


def describe_read(file_name: str, rows: int, total: int) -> str:
    """The note printed for a raw file: how many rows were validated, and whether it was a sample."""
    if total == 0:
        if file_name == raw_crm_accounts.FILE_NAME:
            return f"{file_name}: only a header, no rows."
        return f"{file_name}: only a header, no rows - accepted: this source adds nothing to the scores."
    if rows < total:
        return (
            f"{file_name}: validated a deterministic sample of {rows:,} of its {total:,} rows (DuckDB "
            f"reservoir sample, seed {raw_common.SAMPLE_SEED}) to keep memory bounded; shares are estimated "
            "on the sample."
        )
    return f"{file_name}: validated all {rows:,} rows."


def first_line(error: BaseException) -> str:
    """The first line of an error message, without its final period (the caller's sentence goes on)."""
    text = str(error).strip()
    return text.splitlines()[0].rstrip(".") if text else type(error).__name__


# --- validating ------------------------------------------------------------------------------------------


def make_context(docs_dir: Path) -> EphemeralDataContext:
    """An in-memory GX context whose only Data Docs site is `docs_dir`; analytics and progress bars off."""
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={
            DOCS_SITE: {
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir.resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "show_cta_footer": False},
            }
        },
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def run_suite(context: EphemeralDataContext, batch: Batch) -> ExpectationSuiteValidationResult:
    """Validate one dataframe against its suite (the result also feeds the Data Docs)."""
    name = batch.suite.name
    asset = context.data_sources.get(DATASOURCE).add_dataframe_asset(name=name)
    batch_definition = asset.add_batch_definition_whole_dataframe(name)
    suite = context.suites.add(batch.suite)
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch_definition, suite=suite)
    )
    result_format: dict[str, Any] = {"result_format": batch.result_format}
    if batch.index_columns:
        result_format["unexpected_index_column_names"] = list(batch.index_columns)
    return validation.run(batch_parameters={"dataframe": batch.frame}, result_format=result_format)


def validate(context: EphemeralDataContext, batches: Iterable[Batch]) -> list[Outcome]:
    """Run every suite; one outcome per expectation, in suite order."""
    context.data_sources.add_pandas(DATASOURCE)
    outcomes: list[Outcome] = []
    for batch in batches:
        result = run_suite(context, batch)
        outcomes.extend(
            describe_result(batch.suite.name, item, batch.index_columns) for item in result.results
        )
    return outcomes


def build_docs(context: EphemeralDataContext, docs_dir: Path) -> Path:
    """Build the Data Docs site (replacing the stage's previous pages) and return its index.html."""
    context.build_data_docs(site_names=[DOCS_SITE])
    return docs_dir / "index.html"


# --- describing results ----------------------------------------------------------------------------------


def describe_result(suite: str, result: ExpectationValidationResult, index_columns: Sequence[str]) -> Outcome:
    config = result.expectation_config
    details: dict[str, Any] = dict(result.result or {})
    error = exception_message(result.exception_info)
    success = bool(result.success) and not error
    problem = "" if success else failure_sentence(config.meta or {}, details, error, index_columns)
    return Outcome(
        suite=suite,
        expectation=expectation_label(config.type, config.kwargs),
        success=success,
        observed="error" if error else observed_text(details),
        problem=problem,
    )


def exception_message(info: dict[str, Any] | None) -> str:
    """GX's error message when it could not evaluate the expectation (e.g. a missing column), else ''."""
    if not info:
        return ""
    candidates = [info, *(value for value in info.values() if isinstance(value, dict))]
    for candidate in candidates:
        if candidate.get("raised_exception"):
            return str(candidate.get("exception_message") or "unknown error")
    return ""


def expectation_label(expectation_type: str, kwargs: dict[str, Any]) -> str:
    """e.g. expect_column_values_to_be_between(icp_score, min_value=0, max_value=100)."""
    columns = [format_value(kwargs[key]) for key in COLUMN_KWARGS if kwargs.get(key) is not None]
    arguments = [
        f"{key}={format_argument(value)}"
        for key, value in kwargs.items()
        if key not in UNPRINTED_KWARGS and key not in COLUMN_KWARGS and value is not None
    ]
    return f"{expectation_type}({', '.join(columns + arguments)})"


def format_argument(value: Any) -> str:
    if isinstance(value, dict) and "type" in value:
        return format_condition(value)
    if isinstance(value, list | tuple) and len(value) > MAX_LISTED_VALUES:
        return f"[{len(value)} values]"
    if isinstance(value, list | tuple):
        return "[" + format_value(value) + "]"
    return format_value(value)


def format_condition(condition: dict[str, Any]) -> str:
    """A serialized GX row condition, e.g. 'is_scored == true'."""
    column = (condition.get("column") or {}).get("name", "?")
    if condition.get("type") == "comparison":
        return f"'{column} {condition.get('operator')} {format_value(condition.get('parameter'))}'"
    if condition.get("type") == "nullity":
        return f"'{column} is {'' if condition.get('is_null') else 'not '}null'"
    return str(condition)


def observed_text(details: dict[str, Any]) -> str:
    if "unexpected_count" in details:
        count, total = details["unexpected_count"], details.get("element_count") or 0
        share = f" ({count / total:.2%})" if count and total else ""
        return f"{count:,} of {total:,} rows unexpected{share}"
    if "observed_value" in details:
        return format_value(details["observed_value"])
    return "-"


def failure_sentence(
    meta: dict[str, Any], details: dict[str, Any], error: str, index_columns: Sequence[str]
) -> str:
    """The suite's failure sentence with the result's figures, or GX's error."""
    if error:
        return f"GX could not evaluate it: {error}"
    template = str(meta.get("failure") or "The expectation is not met.")
    return template.format_map(placeholders(details, index_columns))


def placeholders(details: dict[str, Any], index_columns: Sequence[str]) -> dict[str, str]:
    count, total = details.get("unexpected_count"), details.get("element_count")
    mismatched = (details.get("details") or {}).get("mismatched") or {}
    return {
        "count": "?" if count is None else f"{count:,}",
        "total": "?" if total is None else f"{total:,}",
        "percent": f"{count / total:.1%}" if count is not None and total else "?",
        "examples": examples_text(details, index_columns),
        "observed": format_value(details.get("observed_value")),
        "missing_columns": ", ".join(mismatched.get("missing") or []) or "?",
    }


def examples_text(details: dict[str, Any], index_columns: Sequence[str]) -> str:
    """A few offending rows (named by their index columns) or values, without repeats."""
    rows = details.get("partial_unexpected_index_list") or []
    if index_columns and rows and isinstance(rows[0], dict):
        examples = [format_row(row, index_columns) for row in rows]
    else:
        examples = [format_value(value) for value in details.get("partial_unexpected_list") or []]
    unique = list(dict.fromkeys(examples))[:MAX_EXAMPLES]
    return "; ".join(unique) or "none listed"


def format_row(row: dict[str, Any], index_columns: Sequence[str]) -> str:
    """A single label column is printed as is; several columns as column=value, the index columns first."""
    if len(index_columns) == 1:
        return format_value(row.get(index_columns[0]))
    keys = [*index_columns, *(key for key in row if key not in index_columns)]
    return ", ".join(f"{key}={format_value(row.get(key))}" for key in keys)


def format_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "null"
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{float(value):g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(format_value(item) for item in value) + ")"
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}={format_value(item)}" for key, item in value.items())
    return str(value)


# --- report ----------------------------------------------------------------------------------------------


def format_outcomes(outcomes: Sequence[Outcome]) -> list[str]:
    """One line per expectation, and for a failure an indented line saying what is wrong."""
    width = max((len(outcome.suite) for outcome in outcomes), default=0)
    lines: list[str] = []
    for outcome in outcomes:
        status = "PASS" if outcome.success else "FAIL"
        lines.append(
            f"{status}  {outcome.suite:<{width}}  {outcome.expectation}  observed: {outcome.observed}"
        )
        if outcome.problem:
            lines.append(f"      -> {outcome.problem}")
    return lines


def format_totals(
    stage: str, outcomes: Sequence[Outcome], errors: Sequence[str], timings: dict[str, float]
) -> str:
    failed = sum(not outcome.success for outcome in outcomes)
    suites = len({outcome.suite for outcome in outcomes})
    text = (
        f"{stage}: {len(outcomes)} expectations in {suites} suites: {len(outcomes) - failed} passed, "
        f"{failed} failed"
    )
    if errors:
        text += f"; {len(errors)} file(s) could not be validated"
    spent = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items())
    return f"{text} ({spent})"


def verdict(stage: str, passed: bool) -> str:
    if stage == "marts":
        return "OK: the marts can be published." if passed else "FAILED: do not publish the marts."
    return "OK: the raw files can be scored." if passed else "FAILED: fix the raw files before scoring."


# --- main ------------------------------------------------------------------------------------------------


def load_stage(args: argparse.Namespace) -> StageInput:
    if args.stage == "marts":
        return load_marts(args.database, args.max_grade_a_share)
    return load_raw(args.raw_dir, args.landed_dir)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        stage = load_stage(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    timings = {"read": time.perf_counter() - started}
    docs_dir: Path = args.data_docs_dir / args.stage
    context = make_context(docs_dir)
    step = time.perf_counter()
    outcomes = validate(context, stage.batches)
    timings["validate"] = time.perf_counter() - step
    step = time.perf_counter()
    index = build_docs(context, docs_dir) if stage.batches else None
    timings["Data Docs"] = time.perf_counter() - step

    source = args.database if args.stage == "marts" else args.raw_dir
    print(f"Great Expectations {gx.__version__}: validating the {args.stage} stage ({source})")
    for note in stage.notes:
        print(f"note: {note}")
    print("\n".join(format_outcomes(outcomes)))
    for error in stage.errors:
        print(f"error: {error}", file=sys.stderr)
    print(format_totals(args.stage, outcomes, stage.errors, timings))
    if index is not None:
        print(f"Data Docs: {index}")
    passed = all(outcome.success for outcome in outcomes) and not stage.errors
    print(verdict(args.stage, passed))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
