"""The reference query (reference_scoring.sql beside this module): run it on a run's landed files in a new
DuckDB with the profile's threads and memory limit, and compare its scores with marts.account_scores row by
row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import time
from pathlib import Path
from typing import Any

import duckdb

from icp_scoring import domains
from icp_scoring.benchmark.measure import BenchmarkError, Measurement, call_in_fresh_process
from icp_scoring.benchmark.stages import RunPaths
from icp_scoring.grid.files import read_csv_rows
from icp_scoring.settings import DBT_PROJECT_FILE, SEEDS_DIR
from icp_scoring.sql import sql_string

REFERENCE_SQL = Path(__file__).with_name("reference_scoring.sql")
SCORED_MART = "account_scores"

# Columns of marts.account_scores the reference reproduces; a row differs when any of them differs.
COMPARED_COLUMNS = (
    "is_scored",
    "unscored_reason",
    "data_completeness",
    "firmographic_points",
    "technographic_points",
    "intent_points",
    "fit_score",
    "intent_score",
    "icp_score",
    "icp_grade",
    "grade_tier",
    "icp_tier",
    "icp_rank",
)
MAX_SHOWN_MISMATCHES = 5


@dataclasses.dataclass(frozen=True)
class DuckDBSettings:
    """The DuckDB settings of profiles.yml, from the same environment variables."""

    threads: int
    memory_limit: str

    @classmethod
    def from_environment(cls) -> DuckDBSettings:
        return cls(
            threads=int(os.environ.get("ICP_DUCKDB_THREADS", "2")),
            memory_limit=os.environ.get("ICP_DUCKDB_MEMORY_LIMIT", "6GB"),
        )


def min_data_completeness() -> float:
    """The project's var min_data_completeness, read from dbt_project.yml."""
    text = DBT_PROJECT_FILE.read_text(encoding="utf-8")
    match = re.search(r"^\s*min_data_completeness:\s*([0-9.]+)\s*$", text, flags=re.MULTILINE)
    if not match:
        raise BenchmarkError("dbt_project.yml sets no vars.min_data_completeness; the reference needs it")
    return float(match.group(1))


def industry_code_system() -> str:
    """The project's var industry_code_system (how bare digits in an industry read), from dbt_project.yml."""
    text = DBT_PROJECT_FILE.read_text(encoding="utf-8")
    match = re.search(r"^\s*industry_code_system:\s*(\w+)\s*$", text, flags=re.MULTILINE)
    if not match:
        raise BenchmarkError("dbt_project.yml sets no vars.industry_code_system; the reference needs it")
    return match.group(1)


def currencies() -> tuple[str, str]:
    """The project's vars grid_currency and default_currency (empty: the grid's), from dbt_project.yml."""
    text = DBT_PROJECT_FILE.read_text(encoding="utf-8")
    found = {
        name: re.search(rf"^\s*{name}:\s*\"?([A-Za-z]*)\"?\s*$", text, flags=re.MULTILINE)
        for name in ("grid_currency", "default_currency")
    }
    grid, default = found["grid_currency"], found["default_currency"]
    if not grid or not grid.group(1) or default is None:
        raise BenchmarkError(
            "dbt_project.yml sets no vars.grid_currency or default_currency; the reference needs both"
        )
    return grid.group(1).upper(), (default.group(1) or grid.group(1)).upper()


def reference_parameters(landed_dir: Path, scoring_date: dt.date, seeds_dir: Path) -> dict[str, Any]:
    """The parameters of reference_scoring.sql."""
    grid_currency, default_currency = currencies()
    return {
        "landed_dir": str(landed_dir),
        "grid_dir": str(seeds_dir / "scoring_grid"),
        "reference_dir": str(seeds_dir / "reference"),
        "scoring_date": scoring_date.isoformat(),
        "min_data_completeness": min_data_completeness(),
        "industry_code_system": industry_code_system(),
        "grid_currency": grid_currency,
        "default_currency": default_currency,
    }


def refuse_unimplemented_rules(seeds_dir: Path) -> None:
    """The reference does not implement knock-outs (icp_knockouts.csv: it would rank knocked-out accounts) nor
    criteria on CRM fields (icp_crm_fields.csv: it reads the contract's columns only), so a grid with either
    is refused rather than reported as a mismatch."""
    grid_dir = seeds_dir / "scoring_grid"
    knockouts = grid_dir / "icp_knockouts.csv"
    if knockouts.is_file() and len(knockouts.read_text(encoding="utf-8-sig").strip().splitlines()) > 1:
        raise BenchmarkError(
            f"{knockouts} has knock-outs, which the reference query does not implement: benchmark with a "
            "grid without them (the shipped one has none)."
        )
    crm_fields = grid_dir / "icp_crm_fields.csv"
    declared = set()
    if crm_fields.is_file():
        declared = {row["account_attribute"] for row in read_csv_rows(crm_fields)}
    scored = sorted(
        row["criterion_id"]
        for row in read_csv_rows(grid_dir / "icp_criteria.csv")
        if row["account_attribute"] in declared
    )
    if scored:
        raise BenchmarkError(
            f"{grid_dir / 'icp_criteria.csv'} scores CRM fields ({', '.join(scored)}), which the reference "
            "query does not implement: benchmark with a grid without them (the shipped one has none)."
        )


def run_reference_query(
    landed_dir: Path,
    scoring_date: dt.date,
    output: Path,
    settings: DuckDBSettings,
    seeds_dir: Path = SEEDS_DIR,
) -> tuple[float, float]:
    """Run the reference query in a new in-memory DuckDB and write its scores to Parquet.

    It reads the raw files as landed in ``landed_dir`` (Parquet, by `icp land`, as dbt reads
    them) and the grid and alias seeds of ``seeds_dir`` (the project's).

    Returns the wall and CPU seconds from connecting to the Parquet file written.
    """
    refuse_unimplemented_rules(seeds_dir)
    sql = REFERENCE_SQL.read_text(encoding="utf-8")
    started, cpu_before = time.perf_counter(), time.process_time()
    with duckdb.connect(config={"threads": settings.threads, "memory_limit": settings.memory_limit}) as db:
        db.execute("set enable_progress_bar = false")  # the bar would land in the benchmark's results
        domains.register(db)
        db.execute(
            f"copy ({sql}) to {sql_string(output)} (format parquet)",
            reference_parameters(landed_dir, scoring_date, seeds_dir),
        )
    return time.perf_counter() - started, time.process_time() - cpu_before


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The reference's scores against the project's, row by row on (account_id, icp_id)."""

    project_rows: int
    reference_rows: int
    mismatching_rows: int
    per_column: dict[str, int]
    examples: list[tuple[Any, ...]]


def compare_scores(reference_output: Path, warehouse: Path) -> Comparison:
    """Count the (account, ICP) rows where the reference and marts.account_scores differ or one lacks."""
    differs = {column: f"r.{column} is distinct from p.{column}" for column in COMPARED_COLUMNS}
    missing = "r.account_id is null or p.account_id is null"
    with duckdb.connect() as db:
        db.execute(f"attach {sql_string(warehouse)} as project (read_only)")
        db.execute(
            f"""
            create temp view compared as
            select
                coalesce(r.account_id, p.account_id) as account_id,
                coalesce(r.icp_id, p.icp_id) as icp_id,
                {missing} as is_missing,
                {", ".join(f"{test} as {column}_differs" for column, test in differs.items())},
                {", ".join(f"p.{c} as project_{c}, r.{c} as reference_{c}" for c in COMPARED_COLUMNS)}
            from read_parquet({sql_string(reference_output)}) as r
            full outer join project.marts.{SCORED_MART} as p
                on r.account_id = p.account_id and r.icp_id = p.icp_id
            """
        )
        flags = " or ".join(["is_missing", *(f"{column}_differs" for column in COMPARED_COLUMNS)])
        counts = db.execute(
            f"""
            select
                count(*) filter (where {flags}),
                {", ".join(f"count(*) filter (where {c}_differs)" for c in COMPARED_COLUMNS)}
            from compared
            """
        ).fetchone()
        examples = db.execute(
            f"select * exclude (is_missing) from compared where {flags} order by account_id, icp_id "
            f"limit {MAX_SHOWN_MISMATCHES}"
        ).fetchall()
        project_rows = db.execute(f"select count(*) from project.marts.{SCORED_MART}").fetchone()
        reference_rows = db.execute(f"select count(*) from {sql_string(reference_output)}").fetchone()
    assert counts is not None and project_rows is not None and reference_rows is not None
    return Comparison(
        project_rows=project_rows[0],
        reference_rows=reference_rows[0],
        mismatching_rows=counts[0],
        per_column=dict(zip(COMPARED_COLUMNS, counts[1:], strict=True)),
        examples=examples,
    )


def describe_mismatches(comparison: Comparison) -> str:
    """What differs between the reference and the project, for the error message."""
    columns = ", ".join(f"{column} {count:,}" for column, count in comparison.per_column.items() if count)
    lines = [
        f"the reference query and marts.{SCORED_MART} disagree on {comparison.mismatching_rows:,} rows "
        f"(project {comparison.project_rows:,} rows, reference {comparison.reference_rows:,}); "
        f"differing columns: {columns or 'none (rows missing on one side)'}. First rows "
        "(account_id, icp_id, <column>_differs..., then project_/reference_ value pairs):",
        *(f"  {row}" for row in comparison.examples),
    ]
    return "\n".join(lines)


def run_and_check_reference(
    paths: RunPaths, scoring_date: dt.date, settings: DuckDBSettings, kept: str
) -> tuple[tuple[float, float], Measurement, Comparison]:
    """Run the reference query on the landed files in a fresh process and check that its scores equal the
    warehouse's; fail with the differing rows (and ``kept``: where the files are) otherwise."""
    query_times, measurement = call_in_fresh_process(
        run_reference_query, paths.landed_dir, scoring_date, paths.reference_output, settings
    )
    comparison = compare_scores(paths.reference_output, paths.warehouse)
    if comparison.mismatching_rows or comparison.project_rows != comparison.reference_rows:
        raise BenchmarkError(describe_mismatches(comparison) + f"\n{kept}")
    return query_times, measurement, comparison
