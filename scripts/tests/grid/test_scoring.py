"""The Python copy of the rules a candidate grid varies (icp_scoring.grid.scoring) equals dbt, per account and
per criterion, on a messy generated sample scored for five ICPs: the shipped `default`; a second ICP added
by CSV rows that differs from it in every respect the copy handles (criteria and attributes, a region among
them, bands, values, technologies, signal types, points, caps that bind, half-lives, grade bands) with amounts
in hundredths, so that every rounding and every bound is exercised; the default with the method's pillar
weights; a fit-only ICP with criterion weights (tests/weighted_icps.py); and an ICP on two CRM fields, a
legal form per value and a company age per band (tests/dbt_project/test_crm_fields.py).

dbt's figures are read here with SQL of this test's own (not icp_scoring.grid.features.read_dbt_scores), so a
bug in the comparison of the package cannot hide one in the copy.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from icp_scoring import sample
from icp_scoring.grid import features, files, scoring
from tests.dbt_project.test_crm_fields import (
    CRM_FIELDS_ICP,
    CRM_FIELDS_ICP_ROWS,
    assert_crm_field_points_as_declared,
)
from tests.dbt_project.test_grid_changes_need_no_sql import append_rows
from tests.support import (
    GRID_DIR,
    SAMPLE_AS_OF,
    SCORING_BUILD,
    reuse_project_folder,
    run_dbt_in_folder,
)
from tests.weighted_icps import METHOD_WEIGHTED, PEER_FIT, PEER_FIT_ROWS, method_weighted_rows

ACCOUNTS = 1500
SEED = 5
# The bad input that reaches the scores: numbers and websites that do not parse, duplicates that disagree,
# shared domains, values no alias maps, intent in the future, before the account existed or for no account.
MESSY_INPUT = (
    "bad-numbers",
    "text-employees",
    "conflicting-duplicates",
    "shared-domains",
    "bad-websites",
    "unknown-values",
    "future-events",
    "events-before-creation",
    "unknown-domains",
)
SECOND_ICP = "dach_mid_market"
SECOND_ICP_ROWS = {
    "icp_profiles.csv": [
        f'{SECOND_ICP},DACH mid-market,"Mid-sized companies in Europe, on any marketing stack.",2026-06-01,6'
    ],
    "icp_criteria.csv": [
        f"{SECOND_ICP},country,firmographic,country,5,Country.",
        f"{SECOND_ICP},region,firmographic,country_group,7.5,Region (the best listed group of the country).",
        f"{SECOND_ICP},revenue,firmographic,annual_revenue,22.5,Annual revenue.",
        f"{SECOND_ICP},employees,firmographic,employee_count,10,Employees.",
        f"{SECOND_ICP},marketing_stack,technographic,technology,15,Marketing automation (the best counts).",
        f"{SECOND_ICP},intent,intent,intent_signal,40,Intent.",
    ],
    "icp_criterion_value_points.csv": [
        f"{SECOND_ICP},country,DE,5",
        f"{SECOND_ICP},country,CH,5",
        f"{SECOND_ICP},country,FR,3.25",
        f"{SECOND_ICP},country,GB,1.33",
        f"{SECOND_ICP},country,US,0",
        f"{SECOND_ICP},region,dach,7.5",
        f"{SECOND_ICP},region,eu,5.25",
        f"{SECOND_ICP},region,north_america,1.11",
        f"{SECOND_ICP},region,(other),0.75",
        f"{SECOND_ICP},country,(unmapped),0.5",
        f"{SECOND_ICP},marketing_stack,marketo,15",
        f"{SECOND_ICP},marketing_stack,pardot,12.75",
        f"{SECOND_ICP},marketing_stack,mailchimp,4.5",
        f"{SECOND_ICP},marketing_stack,hubspot,9.99",
    ],
    "icp_criterion_band_points.csv": [
        f"{SECOND_ICP},revenue,under 5M,0,5000000,2.5",
        f"{SECOND_ICP},revenue,5M-50M,5000000,50000000.5,22.5",
        f"{SECOND_ICP},revenue,50M+,50000000.5,,11.25",
        f"{SECOND_ICP},employees,1-49,0,50,0",
        f"{SECOND_ICP},employees,50-249,50,250,10",
        f"{SECOND_ICP},employees,250-999,250,1000,6.67",
        f"{SECOND_ICP},employees,1000+,1000,,1.5",
    ],
    "icp_intent_signal_points.csv": [
        f"{SECOND_ICP},intent,pricing_page_visit,12.5,9.5,20,1.25,75",
        f"{SECOND_ICP},intent,demo_request,25,45,25,,",
        f"{SECOND_ICP},intent,content_download,3.33,7,10,,30",
        f"{SECOND_ICP},intent,webinar_attendance,7.77,60,15,,",
        f"{SECOND_ICP},intent,competitor_comparison,2.5,,10,,",
    ],
    "icp_engagement_levels.csv": [
        f"{SECOND_ICP},fit,strong,55.5,100",
        f"{SECOND_ICP},fit,weak,0,55.5",
        f"{SECOND_ICP},intent,active,25,100",
        f"{SECOND_ICP},intent,quiet,0,25",
    ],
    "icp_plays.csv": [
        f"{SECOND_ICP},strong,active,dach_1to1,DACH 1:1,false",
        f"{SECOND_ICP},strong,quiet,dach_campaign,DACH campaign,false",
        f"{SECOND_ICP},weak,active,dach_verify,Verify before calling,true",
        f"{SECOND_ICP},weak,quiet,dach_nurture,Automated nurture,false",
    ],
    "icp_grade_bands.csv": [
        f"{SECOND_ICP},A,72.5,100,1,Top DACH fit.",
        f"{SECOND_ICP},B,50,72.5,2,Good DACH fit.",
        f"{SECOND_ICP},C,30,50,3,Partial.",
        f"{SECOND_ICP},D,12.25,30,3,Weak.",
        f"{SECOND_ICP},F,0,12.25,3,Outside.",
    ],
}
ICPS = ("default", SECOND_ICP, METHOD_WEIGHTED, PEER_FIT, CRM_FIELDS_ICP)


@pytest.fixture(scope="module")
def messy_build(tmp_path_factory: pytest.TempPathFactory, project_folders: Path) -> tuple[Path, Path]:
    """dbt build of the scores (with their data tests, the grid's included) of a messy sample for both ICPs;
    returns the project copy and its warehouse."""
    root = tmp_path_factory.mktemp("messy")
    raw_dir, warehouse = root / "raw", root / "warehouse.duckdb"
    sample.generate(
        accounts=ACCOUNTS, seed=SEED, as_of=SAMPLE_AS_OF, output_dir=raw_dir, inject=frozenset(MESSY_INPUT)
    )
    project_dir = reuse_project_folder(project_folders / "module", grid=None)
    append_rows(project_dir, SECOND_ICP_ROWS)
    append_rows(project_dir, method_weighted_rows(GRID_DIR))
    append_rows(project_dir, PEER_FIT_ROWS)
    append_rows(project_dir, CRM_FIELDS_ICP_ROWS)
    finished = run_dbt_in_folder(
        project_dir,
        raw_dir,
        root,
        *SCORING_BUILD,
        "--select",
        "+account_scores",
        "--indirect-selection",
        "cautious",
    )
    assert finished.returncode == 0, finished.stdout[-4000:]
    return project_dir, warehouse


def test_crm_fields_score_as_declared(messy_build: tuple[Path, Path]) -> None:
    """The CRM-fields ICP's points equal those recomputed from the raw CSV (test_crm_fields.py)."""
    project_dir, warehouse = messy_build
    assert_crm_field_points_as_declared(
        warehouse, warehouse.parent / "raw", project_dir / "seeds" / "scoring_grid"
    )


def dbt_rows(warehouse: Path, sql: str, icp_id: str) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql, [icp_id]).df()


def in_cents(values: pd.Series) -> pd.Series:
    return values.astype(float).mul(100).round().astype("Int64")


def differing(python: pd.DataFrame, dbt: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The rows of an outer join on keys where a compared column differs (or a side has no row)."""
    joined = python.merge(dbt, on=keys, how="outer", suffixes=("_python", "_dbt"), indicator=True)
    columns = [column for column in python.columns if column not in keys]
    same = joined["_merge"] == "both"
    for column in columns:
        ours, theirs = joined[f"{column}_python"], joined[f"{column}_dbt"]
        same &= (ours == theirs).fillna(False) | (ours.isna() & theirs.isna())
    return joined[~same]


def python_scores(project_dir: Path, warehouse: Path, icp_id: str) -> pd.DataFrame:
    """The ICP's grid as written in the project copy's CSVs, scored in Python on dbt's features."""
    grid = files.read_icp_grid(project_dir / "seeds" / "scoring_grid", icp_id)
    window = features.read_features(warehouse, icp_id)
    assert window.built_with == grid, "the grid read from the warehouse's seeds is the CSVs' grid"
    return scoring.score_accounts(grid, window)


@pytest.mark.parametrize("icp_id", ICPS)
def test_python_scoring_equals_dbt_per_account_and_criterion(
    messy_build: tuple[Path, Path], icp_id: str
) -> None:
    project_dir, warehouse = messy_build
    scores = python_scores(project_dir, warehouse, icp_id)

    per_criterion = (
        scores.filter(like="_points")
        .drop(columns="total_points")
        .rename(columns=lambda column: column.removesuffix("_points"))
        .rename_axis("account_id")
        .reset_index()
        .melt(id_vars="account_id", var_name="criterion_id", value_name="points_earned")
    )
    dbt_per_criterion = dbt_rows(
        warehouse,
        "select account_id, criterion_id, points_earned from intermediate.int_account_criteria__points "
        "where icp_id = $1",
        icp_id,
    )
    for table in (per_criterion, dbt_per_criterion):
        table["points_earned"] = in_cents(table["points_earned"])
    wrong = differing(per_criterion, dbt_per_criterion, ["account_id", "criterion_id"])
    assert wrong.empty, f"points (hundredths) differ on {len(wrong)} rows:\n{wrong.head(20).to_string()}"

    per_account = scores.rename_axis("account_id").reset_index()[
        ["account_id", "total_points", "is_scored", "icp_score", "icp_grade", "grade_tier"]
    ]
    dbt_per_account = dbt_rows(
        warehouse,
        f"""
        select
            scores.account_id,
            points.total_points,
            scores.is_scored,
            scores.icp_score,
            coalesce(scores.icp_grade, '{scoring.UNSCORED}') as icp_grade,
            coalesce(scores.grade_tier, 0) as grade_tier
        from marts.account_scores as scores
        inner join (
            select account_id, icp_id, sum(points_earned) as total_points
            from intermediate.int_account_criteria__points
            group by account_id, icp_id
        ) as points
            on scores.account_id = points.account_id and scores.icp_id = points.icp_id
        where scores.icp_id = $1
        """,
        icp_id,
    )
    for table in (per_account, dbt_per_account):
        for column in ("total_points", "icp_score"):
            table[column] = in_cents(table[column])
        table["grade_tier"] = table["grade_tier"].astype(int)
    wrong = differing(per_account, dbt_per_account, ["account_id"])
    assert wrong.empty, f"{len(wrong)} accounts differ (points in hundredths):\n{wrong.head(20).to_string()}"


@pytest.mark.parametrize("icp_id", ICPS)
def test_the_sample_reaches_every_rule(messy_build: tuple[Path, Path], icp_id: str) -> None:
    """The equality above means something only if the sample exercises the rules: every reason not to score,
    several grades, intent capped at its maximum, and points in hundredths."""
    _, warehouse = messy_build
    reasons = dbt_rows(
        warehouse, "select distinct unscored_reason from marts.account_scores where icp_id = $1", icp_id
    )
    assert set(reasons["unscored_reason"].dropna()) == {
        "missing_website",
        "invalid_website",
        "insufficient_data",
    }
    grades = dbt_rows(
        warehouse, "select distinct icp_grade from marts.account_scores where icp_id = $1", icp_id
    )
    three_grades = (PEER_FIT, CRM_FIELDS_ICP)  # the ICPs with three grade bands
    assert len(grades["icp_grade"].dropna()) >= (3 if icp_id in three_grades else 4)
    points = dbt_rows(
        warehouse,
        "select pillar, points_earned, points_possible from intermediate.int_account_criteria__points "
        "where icp_id = $1",
        icp_id,
    )
    intent = points[points["pillar"] == "intent"]
    if icp_id not in (PEER_FIT, CRM_FIELDS_ICP):  # the fit-only ICPs have no intent criterion
        assert (intent["points_earned"] == intent["points_possible"]).any(), "no intent capped at its maximum"
    if icp_id != CRM_FIELDS_ICP:  # its grid is in whole points
        assert (in_cents(points["points_earned"]) % 100 != 0).any(), "no points in hundredths"
    if icp_id == SECOND_ICP:
        regions = dbt_rows(
            warehouse,
            "select distinct matched_value from intermediate.int_account_criteria__points "
            "where icp_id = $1 and account_attribute = 'country_group'",
            icp_id,
        )
        earned = set(regions["matched_value"].dropna())
        assert {"dach", "eu", "north_america"} <= earned, "a listed region never earned its points"
        # The intent rules bind: pricing-page visits old enough to sit on their floor (decayed below 1.25
        # after 31.6 days) yet within 75 days, content downloads beyond their 30-day maximum age.
        ages = dbt_rows(
            warehouse,
            f"""
            select
                count(*) filter (where signal_type = 'pricing_page_visit' and age_days between 32 and 75),
                count(*) filter (where signal_type = 'content_download' and age_days > 30)
            from (
                select
                    signal_type,
                    date_diff('day', cast(occurred_at as date), date '{SAMPLE_AS_OF}') as age_days
                from intermediate.int_intent_signals__matched_to_accounts
                where is_used and account_id is not null and $1 is not null
            )
            """,
            icp_id,
        )
        assert (ages.iloc[0] > 0).all(), ages


def test_a_difference_from_dbt_is_an_error_naming_the_icp_and_an_account(
    messy_build: tuple[Path, Path],
) -> None:
    """check_against_dbt on a grid one point off the one dbt built with: an error, never a warning."""
    _, warehouse = messy_build
    window = features.read_features(warehouse, SECOND_ICP)
    dbt_scores = features.read_dbt_scores(warehouse, SECOND_ICP)
    scoring.check_against_dbt(window, dbt_scores, "the test build")
    grid = window.built_with
    values = {**grid.values, "country": {**grid.values["country"], "DE": 11.5}}
    drifted = dataclasses.replace(window, built_with=dataclasses.replace(grid, values=values))
    with pytest.raises(scoring.ScoringDisagreementError) as raised:
        scoring.check_against_dbt(drifted, dbt_scores, "the test build")
    message = str(raised.value)
    german = window.matched.index[(window.matched["country"] == "DE").to_numpy()]
    assert (
        f"disagrees with dbt on {len(german):,} of the {len(dbt_scores):,} accounts of ICP '{SECOND_ICP}'"
        in (message)
    )
    # The example is the first differing account by id.
    assert f"(e.g. account {min(german)}: country_points 11.5 in Python, 5 in dbt;" in message
    assert "report it as a bug" in message
    assert np.isin(german, dbt_scores.index).all()
