"""The benchmark's reference query scores exactly like the project, and the score check counts what differs.
Nothing here is timed: the figures themselves are BENCHMARKS.md's business."""

from __future__ import annotations

from pathlib import Path

import duckdb

from icp_scoring import sample
from icp_scoring.benchmark import reference
from icp_scoring.sample.injection import ROW_INJECT_CLASSES
from tests.dbt_project.test_grid_changes_need_no_sql import SECOND_ICP_ROWS, append_rows
from tests.support import SAMPLE_AS_OF, DbtRunner

# Every class of bad rows the generator can inject into files the project can read.
READABLE_BAD_ROWS = frozenset(ROW_INJECT_CLASSES) - {"bad-encoding", "stray-quotes"}


def test_reference_query_gives_the_projects_scores_on_messy_data_and_two_icps(
    tmp_path: Path, project_copy: Path, run_dbt: DbtRunner
) -> None:
    """Every readable class of bad rows, and a second ICP (country values, revenue bands, no tier capacity)
    added as CSV rows: the reference reads the same seed files and must still give the project's scores."""
    append_rows(project_copy, SECOND_ICP_ROWS)
    raw_dir = tmp_path / "raw"
    sample.generate(1500, 5, SAMPLE_AS_OF, raw_dir, inject=READABLE_BAD_ROWS)
    finished = run_dbt(project_copy, raw_dir, "build")
    assert finished.returncode == 0, finished.stdout[-4000:]
    reference_output = tmp_path / "reference.parquet"
    settings = reference.DuckDBSettings(threads=2, memory_limit="2GB")
    reference.run_reference_query(
        tmp_path / "landed", SAMPLE_AS_OF, reference_output, settings, project_copy / "seeds"
    )

    comparison = reference.compare_scores(reference_output, tmp_path / "warehouse.duckdb")

    assert comparison.mismatching_rows == 0, reference.describe_mismatches(comparison)
    assert comparison.reference_rows == comparison.project_rows >= 2 * 1500
    with duckdb.connect() as db:
        reasons = db.execute(
            f"select distinct unscored_reason from '{reference_output}' where unscored_reason is not null"
        ).fetchall()
        tiers = db.execute(
            f"select icp_id, count(distinct icp_tier) from '{reference_output}' "
            "where is_scored group by icp_id"
        ).fetchall()
    # The sample exercises every reason and, per ICP, several tiers, so the equality above covers them.
    assert {reason for (reason,) in reasons} == {"missing_website", "invalid_website", "insufficient_data"}
    assert dict(tiers) == {"default": 3, "enterprise": 3}


def small_scores(path: Path, icp_score: str) -> None:
    """A warehouse file with a two-row marts.account_scores; the second row's score is `icp_score``."""
    columns = ", ".join(
        [
            "account_id",
            "icp_id",
            "true as is_scored",
            "null::varchar as unscored_reason",
            "1.0::decimal(5, 4) as data_completeness",
            *(f"10.00::decimal(7, 2) as {name}" for name in ("firmographic_points", "technographic_points")),
            "0.00::decimal(7, 2) as intent_points",
            "50.00::decimal(5, 2) as fit_score",
            "0.00::decimal(5, 2) as intent_score",
            "icp_score::decimal(5, 2) as icp_score",
            "'D' as icp_grade",
            "3 as grade_tier",
            "3 as icp_tier",
            "rank::bigint as icp_rank",
        ]
    )
    rows = f"values ('A1', 'default', 20.00, 1), ('A2', 'default', {icp_score}, 2)"
    with duckdb.connect(str(path)) as db:
        db.execute("create schema marts")
        db.execute(
            f"create table marts.account_scores as select {columns} "
            f"from ({rows}) as t(account_id, icp_id, icp_score, rank)"
        )


def test_the_score_check_counts_every_differing_or_missing_row(tmp_path: Path) -> None:
    small_scores(tmp_path / "project.duckdb", "20.00")
    small_scores(tmp_path / "reference.duckdb", "20.01")
    with duckdb.connect(str(tmp_path / "reference.duckdb")) as db:
        db.execute(f"copy marts.account_scores to '{tmp_path / 'reference.parquet'}' (format parquet)")
        db.execute(
            f"copy (select * from marts.account_scores where account_id = 'A1') "
            f"to '{tmp_path / 'one_row.parquet'}' (format parquet)"
        )

    differing = reference.compare_scores(tmp_path / "reference.parquet", tmp_path / "project.duckdb")
    missing = reference.compare_scores(tmp_path / "one_row.parquet", tmp_path / "project.duckdb")

    assert differing.mismatching_rows == 1
    assert differing.per_column["icp_score"] == 1
    assert sum(differing.per_column.values()) == 1
    assert "icp_score 1" in reference.describe_mismatches(differing)
    assert (missing.mismatching_rows, missing.reference_rows, missing.project_rows) == (1, 1, 2)
