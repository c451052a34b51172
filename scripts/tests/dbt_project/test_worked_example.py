"""The method's worked example holds with the shipped grid (pinned in the tests): account X, a perfect fit
with a pricing-page visit today, scores 100 / A / tier 1; account Y, a poor fit without intent, 10 / F /
tier 3."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.support import SCORING_BUILD, DbtRunner


def test_the_worked_example_holds_in_the_sample(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    finished = run_dbt(
        project_copy,
        small_raw_dir,
        *SCORING_BUILD,
        "--select",
        "+account_scores",
        "--indirect-selection",
        "cautious",
    )
    assert finished.returncode == 0, finished.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        scores = {
            row[0]: row[1:]
            for row in connection.execute(
                """
                select account_id, cast(icp_score as double), icp_grade, icp_tier
                from marts.account_scores
                where account_id in ('001WORKEDEX000X', '001WORKEDEX000Y')
                """
            ).fetchall()
        }
    assert scores == {"001WORKEDEX000X": (100.0, "A", 1), "001WORKEDEX000Y": (10.0, "F", 3)}
