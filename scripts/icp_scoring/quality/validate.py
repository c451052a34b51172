"""Validate the raw files (before dbt reads them) or the marts (before they are published) with GX.

Two stages:

- `raw`: the raw CSV files of the raw folder, read through DuckDB as dbt's sources read them (every column
  as text), each in full up to 200,000 rows, above that on a deterministic sample of about that many, so
  memory stays bounded (icp_scoring.quality.batches.read_raw_file says how it is drawn). Any of
  these files with only its header passes (with a note); a CRM accounts file with no rows fails, since there
  is nothing to score. A file unchanged since it passed is not read again (icp_scoring.quality.unchanged).
- `marts`: marts.account_scores, its grade mix per ICP (grade A must stay rare: --max-grade-a-share) and
  marts.account_score_breakdown, read from the DuckDB warehouse opened read-only.

The suites are code, one module per suite in icp_scoring.quality.expectations. GX's SQL datasource does not
work with DuckDB, so each table is read from DuckDB into a pandas dataframe and validated with GX's pandas
datasource in an ephemeral (in-memory) GX context: no GX project folder. What needs SQL (derived columns,
expected row counts, shares per ICP) is computed by DuckDB first, so no Python runs per row. GX analytics are
off.

Prints one line per expectation (PASS/FAIL, suite, expectation, observed value, and for a failure what is
wrong), then the totals; builds Data Docs (HTML) into <data-docs-dir>/<stage>/ and prints its index.html, and
writes the same lines as <data-docs-dir>/<stage>/summary.json (the run's report shows them).
The command line: icp_scoring.quality.command.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html
import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import great_expectations as gx
from great_expectations.core import ExpectationSuiteValidationResult
from great_expectations.data_context import EphemeralDataContext
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from icp_scoring.quality import SUMMARY_FILE_NAME
from icp_scoring.quality.batches import Batch, StageInput, UsageError, load_marts, load_raw
from icp_scoring.quality.outcomes import Outcome, describe_result, format_outcomes, format_totals, verdict
from icp_scoring.quality.unchanged import ValidatedFile, code_version, passed_files

DOCS_SITE = "icp_scoring"
DATASOURCE = "icp_scoring_frames"


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
    escape_stored_results(context)
    context.build_data_docs(site_names=[DOCS_SITE])
    return docs_dir / "index.html"


def escape_stored_results(context: EphemeralDataContext) -> None:
    """HTML-escape the values in the stored results (unexpected values, their index columns, observed
    values): GX writes them into the pages as they are, so an account name or a grid id holding markup would
    run in the reader's browser. The console read the results before; the pages show the values as text."""
    store = context.validation_results_store
    for key in store.list_keys():
        suite_result = store.get(key)
        for result in suite_result.results:
            result.result = escape_values(result.result)
        store.set(key, suite_result)


def escape_values(value: Any) -> Any:
    """value with every string in it HTML-escaped (lists, tuples and dict values followed)."""
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, list | tuple):
        return type(value)(escape_values(item) for item in value)
    if isinstance(value, dict):
        return {key: escape_values(item) for key, item in value.items()}
    return value


# --- main ------------------------------------------------------------------------------------------------


def write_summary(
    docs_dir: Path,
    stage: str,
    source: Path,
    outcomes: list[Outcome],
    errors: Iterable[str],
    files: dict[str, ValidatedFile] | None = None,
) -> Path:
    """Each expectation as printed (expectation, observed value, pass or fail), for readers without the Data
    Docs' styles: icp report shows it. For the raw files, each file's fingerprint, suite and when its rows
    were validated, and the validation code's version (the next run carries what is unchanged)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {
        "stage": stage,
        "source": str(source),
        "validated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "expectations": [dataclasses.asdict(outcome) for outcome in outcomes],
        "errors": list(errors),
    }
    if files is not None:
        summary["code"] = code_version()
        summary["files"] = {name: file.record() for name, file in files.items()}
    path = docs_dir / SUMMARY_FILE_NAME
    path.write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    return path


def load_stage(args: argparse.Namespace, docs_dir: Path) -> StageInput:
    if args.stage == "marts":
        return load_marts(args.database, args.max_grade_a_share, args.engine, args.sample_accounts)
    passed = {} if args.all_files else passed_files(docs_dir / SUMMARY_FILE_NAME, args.raw_dir)
    return load_raw(args.raw_dir, args.landed_dir, passed)


def run(args: argparse.Namespace) -> int:
    """Validate the stage of args (icp_scoring.quality.command's arguments); the command's exit status."""
    started = time.perf_counter()
    docs_dir: Path = args.data_docs_dir / args.stage
    try:
        stage = load_stage(args, docs_dir)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    timings = {"read": time.perf_counter() - started}
    context = make_context(docs_dir)
    step = time.perf_counter()
    validated = validate(context, stage.batches)
    timings["validate"] = time.perf_counter() - step
    step = time.perf_counter()
    index = build_docs(context, docs_dir) if stage.batches else None
    timings["Data Docs"] = time.perf_counter() - step
    carried = [outcome for passed in stage.carried.values() for outcome in passed.outcomes]
    outcomes = validated + carried

    engine_names = {"postgres": "PostgreSQL", "spark": "Spark"}
    source = args.raw_dir if args.stage == "raw" else engine_names.get(args.engine, args.database)
    files = {**stage.read_files, **stage.carried} if args.stage == "raw" else None
    write_summary(docs_dir, args.stage, source, outcomes, stage.errors, files)
    print(f"Great Expectations {gx.__version__}: validating the {args.stage} stage ({source})")
    for note in stage.notes:
        print(f"note: {note}")
    print("\n".join(format_outcomes(validated)))
    for error in stage.errors:
        print(f"error: {error}", file=sys.stderr)
    print(format_totals(args.stage, outcomes, stage.errors, timings, carried=len(carried)))
    if index is not None:
        print(f"Data Docs: {index}")
    passed = all(outcome.success for outcome in outcomes) and not stage.errors
    print(verdict(args.stage, passed))
    return 0 if passed else 1
