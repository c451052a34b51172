"""Knock-outs are CSV rows only (issue #17): an account a knock-out fires for keeps its score, grade and
breakdown, carries the knock-out's reason, takes no seat in tier 1 or 2, and the summary counts it apart from
the unscored."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from icp_scoring import summary
from tests.dbt_project.test_grid_changes_need_no_sql import append_rows
from tests.support import SCORING_BUILD, DbtRunner

KNOCKOUTS = [
    "default,a_not_served,country,is_not,FR",
    "default,a_not_served,country,is_not,BE",
    "default,b_too_small,employee_count,below,10",
    "default,c_customers,won_deal,is,true",
]
REASONS = {
    "a_not_served": "country_not_served",
    "b_too_small": "too_small",
    "c_customers": "existing_customer",
}


@pytest.fixture
def built(project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, tmp_path: Path) -> Path:
    rows = [f"{row},{REASONS[row.split(',')[1]]}" for row in KNOCKOUTS]
    append_rows(project_copy, {"icp_knockouts.csv": rows})
    finished = run_dbt(project_copy, small_raw_dir, *SCORING_BUILD)
    assert finished.returncode == 0, finished.stdout[-4000:]
    return tmp_path / "warehouse.duckdb"


def test_knocked_out_accounts_keep_their_grade_and_leave_tiers_1_and_2(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with duckdb.connect(str(built), read_only=True) as db:
        per_reason = dict(
            db.execute(
                "select excluded_reason, count(*) from marts.account_scores where icp_id = 'default' "
                "and is_excluded group by all"
            ).fetchall()
        )
        misplaced = db.execute(
            "select count(*) from marts.account_scores where is_excluded "
            "and (icp_tier in (1, 2) or icp_rank is not null or play_id is not null)"
        ).fetchone()
        graded_but_excluded = db.execute(
            "select count(*) from marts.account_scores where is_excluded and is_scored and grade_tier = 1"
        ).fetchone()
        # Recomputed here: the first knock-out by id, from the accounts' own values.
        expected = dict(
            db.execute(
                """
                with won as (
                    select distinct account_id from intermediate.int_crm_opportunities__matched_to_accounts
                    where is_used and is_won and closed_date <= date '2026-06-30'
                )
                select reason, count(*) from (
                    select case
                        when country_code not in ('FR', 'BE') then 'country_not_served'
                        when employee_count < 10 then 'too_small'
                        when account_id in (select account_id from won) then 'existing_customer'
                    end as reason
                    from intermediate.int_accounts__deduplicated
                ) where reason is not null group by all
                """
            ).fetchall()
        )
        tier_1 = db.execute(
            "select list(account_id order by account_id) from marts.account_scores "
            "where icp_id = 'default' and icp_tier = 1"
        ).fetchone()
        best_eligible = db.execute(
            """
            select list(account_id order by account_id) from (
                select account_id from marts.account_scores
                where icp_id = 'default' and is_scored and not is_excluded and grade_tier = 1
                order by icp_score desc, intent_score desc, account_id limit 20
            )
            """
        ).fetchone()
    assert per_reason == expected
    assert set(per_reason) == set(REASONS.values()), "every knock-out fires on the sample"
    assert misplaced == (0,)
    assert graded_but_excluded is not None and graded_but_excluded[0] > 0, "a top grade was knocked out"
    assert tier_1 == best_eligible
    assert summary.main(["--database", str(built)]) == 0
    output = capsys.readouterr().out
    line = next(line for line in output.splitlines() if line.strip().startswith("excluded:"))
    assert all(f"{reason} {count:,}" in line for reason, count in per_reason.items()), line
