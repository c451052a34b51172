"""The grid is data: a second ICP is CSV rows only, and every account is scored for both; values that look
like SQL or Jinja stay data. Both edits only add rows, so they share one build."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.support import (
    SCORING_BUILD,
    reuse_project_folder,
    run_dbt_in_folder,
)

SECOND_ICP_ROWS = {
    "icp_profiles.csv": [
        'enterprise,Enterprise on Salesforce,"Large, high-revenue companies in Europe.",2026-03-01,12'
    ],
    "icp_criteria.csv": [
        "enterprise,industry,firmographic,industry,25,Industry.",
        "enterprise,revenue,firmographic,annual_revenue,25,Annual revenue.",
        "enterprise,country,firmographic,country,15,Country.",
        "enterprise,crm,technographic,technology,15,CRM.",
        "enterprise,intent,intent,intent_signal,20,Intent.",
    ],
    "icp_criterion_value_points.csv": [
        "enterprise,industry,financial_services,25",
        "enterprise,industry,manufacturing,20",
        "enterprise,country,FR,15",
        "enterprise,country,DE,15",
        "enterprise,country,GB,10",
        "enterprise,crm,salesforce,15",
        "enterprise,crm,microsoft_dynamics,10",
    ],
    "icp_criterion_band_points.csv": [
        "enterprise,revenue,under 10M,0,10000000,0",
        "enterprise,revenue,10M-100M,10000000,100000000,10",
        "enterprise,revenue,100M+,100000000,,25",
    ],
    "icp_intent_signal_points.csv": [
        "enterprise,intent,demo_request,20,30,20,,",
        "enterprise,intent,webinar_attendance,10,30,20,,",
        "enterprise,intent,review_site_category_view,4,,12,,",
        "enterprise,intent,pricing_page_visit,8,7,16,2,60",
    ],
    "icp_engagement_levels.csv": [
        "enterprise,fit,strong,60,100",
        "enterprise,fit,weak,0,60",
        "enterprise,intent,active,30,100",
        "enterprise,intent,quiet,0,30",
    ],
    "icp_plays.csv": [
        "enterprise,strong,active,enterprise_1to1,Enterprise 1:1,false",
        "enterprise,strong,quiet,enterprise_abm,Enterprise ABM campaign,false",
        "enterprise,weak,active,enterprise_verify,Verify before calling,true",
        "enterprise,weak,quiet,enterprise_nurture,Automated nurture,false",
    ],
    "icp_grade_bands.csv": [
        "enterprise,A,75,100,1,Top enterprise fit.",
        "enterprise,B,55,75,2,Good enterprise fit.",
        "enterprise,C,35,55,3,Partial.",
        "enterprise,D,15,35,3,Weak.",
        "enterprise,F,0,15,3,Outside.",
    ],
}


def append_rows(project: Path, rows_by_file: dict[str, list[str]]) -> None:
    for file_name, rows in rows_by_file.items():
        path = project / "seeds" / "scoring_grid" / file_name
        text = path.read_text(encoding="utf-8")
        if not text.endswith("\n"):
            text += "\n"
        path.write_text(text + "\n".join(rows) + "\n", encoding="utf-8")


HOSTILE_VALUES = {
    "quote": ("O'Reilly Media", "o'reilly_media", 25),
    "sql": ("'; drop table x; --", "technology", 25),
    "jinja": ("{{ 7*7 }}", "retail", 5),
}


def add_hostile_values(project_dir: Path, raw_dir: Path) -> None:
    """Seed rows and raw accounts whose values hold quotes, SQL or Jinja."""
    reference = project_dir / "seeds" / "reference"
    with (reference / "industries.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["o'reilly_media", 'O\'Reilly "Media" {{ 6*7 }}', "L'édition {{ 6*7 }}"])
    with (reference / "industry_aliases.csv").open("a", encoding="utf-8", newline="") as handle:
        for alias, canonical, _ in HOSTILE_VALUES.values():
            csv.writer(handle).writerow([alias, canonical])
    append_rows(project_dir, {"icp_criterion_value_points.csv": ["default,industry,o'reilly_media,25"]})
    with (raw_dir / "crm_accounts.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for name, (industry_raw, _, _) in HOSTILE_VALUES.items():
            writer.writerow(
                [
                    f"HOSTILE-{name}",
                    industry_raw,
                    f"{name}-hostile.com",
                    industry_raw,
                    "150",
                    "",
                    "US",
                    "",
                    "",
                    "",
                    "",
                ]
            )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, project_folders: Path, small_raw_dir: Path) -> Path:
    """dbt build (models and data tests) of the small sample with the hostile accounts added, scored with the
    pinned grid plus the second ICP and the hostile seed rows."""
    root = tmp_path_factory.mktemp("grid_changes")
    shutil.copytree(small_raw_dir, root / "raw")
    project_dir = reuse_project_folder(project_folders / "module")
    append_rows(project_dir, SECOND_ICP_ROWS)
    add_hostile_values(project_dir, root / "raw")
    finished = run_dbt_in_folder(project_dir, root / "raw", root, *SCORING_BUILD)
    assert finished.returncode == 0, finished.stdout[-4000:]
    return root / "warehouse.duckdb"


def test_a_second_icp_scores_every_account_twice(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        per_account = connection.execute(
            "select count(distinct account_id), count(*), count(distinct icp_id) from marts.account_scores"
        ).fetchone()
        criteria = {
            row[0]
            for row in connection.execute(
                "select distinct criterion_id from marts.account_score_breakdown where icp_id = 'enterprise'"
            ).fetchall()
        }
        best_per_account = connection.execute(
            "select max(n) from (select count(*) filter (where is_best_icp) as n"
            " from marts.account_scores group by account_id)"
        ).fetchone()
        plays = connection.execute(
            "select count(*) filter (where play_id like 'enterprise%'), count(*) from marts.account_scores"
            " where icp_id = 'enterprise' and is_scored"
        ).fetchone()
        revenue_points = connection.execute(
            "select sum(points_earned) from marts.account_score_breakdown"
            " where icp_id = 'enterprise' and criterion_id in ('revenue', 'country')"
        ).fetchone()
    accounts, rows, icps = per_account
    assert icps == 2
    assert rows == 2 * accounts
    assert criteria == {"industry", "revenue", "country", "crm", "intent"}
    assert best_per_account == (1,)
    assert revenue_points[0] > 0
    assert plays[0] == plays[1] > 0


def test_grid_values_stay_data_even_when_they_look_like_code(warehouse: Path) -> None:
    """Seed and raw values with quotes, SQL or Jinja are matched as plain strings, never run."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        scored = {
            row[0]: row[1:]
            for row in connection.execute(
                """
                select s.account_id, s.account_name, s.industry, b.points_earned
                from marts.account_scores as s
                inner join marts.account_score_breakdown as b using (account_id, icp_id)
                where s.account_id like 'HOSTILE-%' and s.icp_id = 'default' and b.criterion_id = 'industry'
                """
            ).fetchall()
        }
    for name, (industry_raw, canonical, points) in HOSTILE_VALUES.items():
        assert scored[f"HOSTILE-{name}"] == (industry_raw, canonical, points)
