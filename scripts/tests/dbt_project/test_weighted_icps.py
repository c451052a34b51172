"""Weighted ICPs are CSV rows only (issue #17): a public scorer's fit model typed as it is stated
(criterion weights, each term 0-100, fit only, regions, "any other industry") gives its own formula's scores,
computed here from the accounts' cleaned attributes without the project's SQL; and the method's pillar
weights (0.4 / 0.3 / 0.3) score each pillar 0-100 and weigh it, per criterion, the breakdown adding up;
fit-only and intent-only ICPs fall back to the levels and plays they define."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from icp_scoring import sample
from tests.dbt_project.test_grid_changes_need_no_sql import append_rows
from tests.support import (
    GRID_DIR,
    REFERENCE_SEEDS_DIR,
    SAMPLE_AS_OF,
    SCORING_BUILD,
    reuse_project_folder,
    run_dbt_in_folder,
)
from tests.weighted_icps import (
    METHOD_WEIGHTED,
    PEER_FIT,
    PEER_FIT_ROWS,
    PEER_GRADES,
    PEER_HEADCOUNT_BANDS,
    PEER_INDUSTRY_GROUPS,
    PEER_REGIONS,
    PEER_REVENUE_BANDS,
    PEER_WEIGHTS,
    method_weighted_rows,
)

ACCOUNTS = 1200
# The peer model again, with fit levels and plays that leave the intent level empty.
PEER_WITH_PLAYS = "peer_fit_plays"
PEER_WITH_PLAYS_ROWS = {
    **{
        name: [row.replace(f"{PEER_FIT},", f"{PEER_WITH_PLAYS},", 1) for row in rows]
        for name, rows in PEER_FIT_ROWS.items()
    },
    "icp_engagement_levels.csv": [f"{PEER_WITH_PLAYS},fit,high,60,100", f"{PEER_WITH_PLAYS},fit,low,0,60"],
    "icp_plays.csv": [
        f"{PEER_WITH_PLAYS},high,,call_first,Call first,false",
        f"{PEER_WITH_PLAYS},low,,nurture,Automated nurture,false",
    ],
}

# An intent-only ICP: intent levels and plays that leave the fit level empty.
INTENT_ONLY = "intent_only"
INTENT_ONLY_ROWS = {
    "icp_profiles.csv": [f"{INTENT_ONLY},Intent only,Who is buying now.,2026-12-01,6"],
    "icp_criteria.csv": [f"{INTENT_ONLY},intent,intent,intent_signal,100,Intent."],
    "icp_intent_signal_points.csv": [
        f"{INTENT_ONLY},intent,demo_request,60,30,100,,",
        f"{INTENT_ONLY},intent,pricing_page_visit,20,14,60,5,60",
        f"{INTENT_ONLY},intent,content_download,5,,20,,",
    ],
    "icp_grade_bands.csv": [f"{INTENT_ONLY},A,50,100,1,Hot.", f"{INTENT_ONLY},F,0,50,3,Quiet."],
    "icp_engagement_levels.csv": [f"{INTENT_ONLY},intent,hot,50,100", f"{INTENT_ONLY},intent,cold,0,50"],
    "icp_plays.csv": [
        f"{INTENT_ONLY},,hot,call_now,Call now,false",
        f"{INTENT_ONLY},,cold,wait,Wait,false",
    ],
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, project_folders: Path) -> Path:
    """dbt build (models, unit and data tests) of a sample scored for the default and two weighted ICPs."""
    root = tmp_path_factory.mktemp("weighted")
    sample.generate(accounts=ACCOUNTS, seed=11, as_of=SAMPLE_AS_OF, output_dir=root / "raw")
    project_dir = reuse_project_folder(project_folders / "module")
    append_rows(project_dir, PEER_FIT_ROWS)
    append_rows(project_dir, PEER_WITH_PLAYS_ROWS)
    append_rows(project_dir, INTENT_ONLY_ROWS)
    append_rows(project_dir, method_weighted_rows(GRID_DIR))
    finished = run_dbt_in_folder(project_dir, root / "raw", root, *SCORING_BUILD)
    assert finished.returncode == 0, finished.stdout[-4000:]
    return root / "warehouse.duckdb"


def band_points(value: Decimal | None, bands: tuple[tuple[str, str, str, int], ...]) -> int:
    if value is None:
        return 0
    for _, lower, upper, points in bands:
        if value >= Decimal(lower) and (upper == "" or value < Decimal(upper)):
            return points
    raise AssertionError(f"no band holds {value}")


def test_a_public_fit_model_typed_as_stated_gives_its_formula(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        accounts = db.execute(
            """
            select
                accounts.account_id,
                accounts.annual_revenue,
                accounts.employee_count,
                accounts.industry,
                accounts.country_code,
                scores.icp_score,
                scores.icp_grade,
                scores.intent_level,
                scores.play_id
            from intermediate.int_accounts__deduplicated as accounts
            inner join marts.account_scores as scores
                on accounts.account_id = scores.account_id and scores.icp_id = $1 and scores.is_scored
            """,
            [PEER_FIT],
        ).fetchall()
    assert len(accounts) > ACCOUNTS * 0.8
    grades: dict[str, int] = {}
    with (REFERENCE_SEEDS_DIR / "country_group_members.csv").open(encoding="utf-8", newline="") as file:
        members = list(csv.DictReader(file))
    for account_id, revenue, employees, industry, country, score, grade, intent_level, play in accounts:
        groups = [member["country_group"] for member in members if member["country_code"] == country]
        industry_points = PEER_INDUSTRY_GROUPS.get(
            industry, PEER_INDUSTRY_GROUPS["(other)"] if industry else 0
        )
        listed = [PEER_REGIONS[group] for group in groups or [] if group in PEER_REGIONS]
        region_points = max(listed) if listed else (PEER_REGIONS["(other)"] if groups else 0)
        terms = {
            "revenue": band_points(revenue, PEER_REVENUE_BANDS),
            "headcount": band_points(None if employees is None else Decimal(employees), PEER_HEADCOUNT_BANDS),
            "industry_group": industry_points,
            "region": region_points,
        }
        expected = sum(
            (Decimal(str(PEER_WEIGHTS[name])) * points for name, points in terms.items()), Decimal(0)
        ).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert score == expected, f"{account_id}: {terms} -> {expected}, dbt {score}"
        expected_grade = next(name for name, low, _, _ in PEER_GRADES if expected >= low)
        assert grade == expected_grade, account_id
        assert (intent_level, play) == (None, None), (
            "a fit-only ICP without plays has no intent level or play"
        )
        grades[grade] = grades.get(grade, 0) + 1
    assert set(grades) == {"A", "B", "C"}, grades


def test_pillar_weights_score_each_pillar_0_to_100(warehouse: Path) -> None:
    """Each criterion of the weighted copy earns the default's points x weight x 100 / its pillar's
    max_points, rounded half away from zero (intent: from its unrounded points, so within a cent); the scores
    still add up."""
    pillar_max = {"firmographic": 45, "technographic": 20, "intent": 35}
    pillar_weight = {
        "firmographic": Decimal("0.4"),
        "technographic": Decimal("0.3"),
        "intent": Decimal("0.3"),
    }
    with duckdb.connect(str(warehouse), read_only=True) as db:
        pairs = db.execute(
            """
            select
                plain.account_id,
                plain.criterion_id,
                plain.pillar,
                plain.points_earned,
                weighted.points_earned
            from intermediate.int_account_criteria__points as plain
            inner join intermediate.int_account_criteria__points as weighted
                on plain.account_id = weighted.account_id and plain.criterion_id = weighted.criterion_id
            where plain.icp_id = 'default' and weighted.icp_id = $1
            """,
            [METHOD_WEIGHTED],
        ).fetchall()
        sums = db.execute(
            """
            select count(*), count(*) filter (where icp_score = firmographic_points + technographic_points
                + intent_points), max(icp_score)
            from marts.account_scores where icp_id = $1 and is_scored
            """,
            [METHOD_WEIGHTED],
        ).fetchone()
    assert len(pairs) >= ACCOUNTS * 4
    for account_id, criterion_id, pillar, plain, weighted in pairs:
        expected = (plain * pillar_weight[pillar] * 100 / pillar_max[pillar]).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        tolerance = Decimal("0.01") if pillar == "intent" else Decimal(0)
        assert abs(weighted - expected) <= tolerance, f"{account_id} {criterion_id}: {plain} -> {weighted}"
    assert sums is not None and sums[0] == sums[1] > 0
    assert sums[2] <= 100


def test_a_fit_only_icp_gets_plays_by_its_fit_level_alone(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        plays = db.execute(
            """
            select fit_level, intent_level, play_id, count(*)
            from marts.account_scores where icp_id = $1 and is_scored
            group by all order by all
            """,
            [PEER_WITH_PLAYS],
        ).fetchall()
        same_scores = db.execute(
            """
            select count(*) from marts.account_scores as plain
            inner join marts.account_scores as with_plays
                on plain.account_id = with_plays.account_id
            where plain.icp_id = $1 and with_plays.icp_id = $2
                and plain.icp_score is not distinct from with_plays.icp_score
            """,
            [PEER_FIT, PEER_WITH_PLAYS],
        ).fetchone()
    assert [(fit, intent, play) for fit, intent, play, _ in plays] == [
        ("high", None, "call_first"),
        ("low", None, "nurture"),
    ]
    assert same_scores is not None and same_scores[0] >= ACCOUNTS


def test_an_intent_only_icp_scores_intent_and_plays_by_intent_level(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        rows = db.execute(
            """
            select
                count(*) filter (where not is_scored),
                count(*) filter (where icp_score != intent_points or fit_score is not null
                    or fit_level is not null),
                list(distinct intent_level || '/' || play_id order by intent_level || '/' || play_id)
                    filter (where is_scored)
            from marts.account_scores where icp_id = $1
            """,
            [INTENT_ONLY],
        ).fetchone()
    assert rows is not None
    unscored, inconsistent, plays = rows
    assert inconsistent == 0
    assert plays == ["cold/wait", "hot/call_now"]
    assert unscored > 0, "accounts without a valid website stay unscored whatever the ICP"
