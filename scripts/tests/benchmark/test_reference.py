"""The benchmark's reference query scores exactly like the project, and the score check counts what differs.
Nothing here is timed: the figures themselves are BENCHMARKS.md's business."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import idna
import pytest

from icp_scoring import sample
from icp_scoring.benchmark import reference
from icp_scoring.benchmark.measure import BenchmarkError
from icp_scoring.sample.injection import ROW_INJECT_CLASSES
from tests.dbt_project.test_grid_changes_need_no_sql import SECOND_ICP_ROWS, append_rows
from tests.support import GRID_DIR, SAMPLE_AS_OF, SCORING_BUILD, DbtRunner
from tests.weighted_icps import METHOD_WEIGHTED, PEER_FIT, PEER_FIT_ROWS, method_weighted_rows

# Every class of bad rows the generator can inject into files the project can read.
READABLE_BAD_ROWS = frozenset(ROW_INJECT_CLASSES) - {"bad-encoding", "stray-quotes"}

# The second ICP scores the region too: its country criterion shares its points with a country_group one.
REGION_ICP_ROWS = {
    **SECOND_ICP_ROWS,
    "icp_criteria.csv": [
        *(row for row in SECOND_ICP_ROWS["icp_criteria.csv"] if ",country," not in row),
        "enterprise,country,firmographic,country,5,Country.",
        "enterprise,region,firmographic,country_group,10,Region.",
    ],
    "icp_criterion_value_points.csv": [
        *(row for row in SECOND_ICP_ROWS["icp_criterion_value_points.csv"] if ",country," not in row),
        "enterprise,country,FR,5",
        "enterprise,country,GB,3",
        "enterprise,region,dach,10",
        "enterprise,region,eu,6",
        "enterprise,region,emea,4",
        "enterprise,region,(other),1",
        "enterprise,country,(unmapped),0.5",
        "enterprise,industry,(other),4",
        "enterprise,industry,(unmapped),2",
    ],
}

# Accounts whose key is the registrable domain of their website, with feed rows written in another form of
# it: (account id, website, feed domain). Each should earn its technology and intent points.
MUNICH = "münchen-keyed.de"
ZURICH = "zürich-keyed.ch"
KEYED_ACCOUNTS = (
    ("keyed-1", "https://blog.keyed-one.co.uk/x", "keyed-one.co.uk"),
    ("keyed-2", "shop.keyed-two.com.au", "WWW.Keyed-Two.com.au"),
    ("keyed-3", MUNICH, idna.encode(MUNICH, uts46=True).decode("ascii")),
    ("keyed-4", "https://www." + idna.encode(ZURICH, uts46=True).decode("ascii") + "/", "shop." + ZURICH),
    ("keyed-5", "a.b.keyed-five.com", "c.keyed-five.com"),
)
# A website that is itself a public suffix has no key: unscored.
UNKEYED_ACCOUNT = ("keyed-6", "myspreadshop.co.uk", "myspreadshop.co.uk")


def append_csv_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Add rows to a raw file the English sample wrote (commas, LF line ends), in its column order."""
    with path.open(encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    with path.open("a", encoding="utf-8", newline="") as file:
        csv.DictWriter(file, header, lineterminator="\n").writerows(rows)


def add_keyed_accounts(raw_dir: Path, as_of: dt.date) -> None:
    """KEYED_ACCOUNTS and UNKEYED_ACCOUNT in the CRM, each with a CRM detection and a demo request."""
    seen = (as_of - dt.timedelta(days=3)).isoformat()
    accounts = [*KEYED_ACCOUNTS, UNKEYED_ACCOUNT]
    append_csv_rows(
        raw_dir / "crm_accounts.csv",
        [
            {
                "account_id": account_id, "account_name": account_id, "website": website,
                "industry": "Software", "employees": "120", "annual_revenue": "50000000",
                "country": "Germany", "created_date": "2024-01-02", "last_modified_at": "2026-01-02 10:00:00",
            }
            for account_id, website, _ in accounts
        ],
    )  # fmt: skip
    append_csv_rows(
        raw_dir / "technographics.csv",
        [
            {"domain": domain, "technology": "HubSpot", "technology_category": "CRM",
             "first_detected_date": "2025-01-02", "last_detected_date": seen}
            for _, _, domain in accounts
        ],
    )  # fmt: skip
    append_csv_rows(
        raw_dir / "intent_signals.csv",
        [
            {"domain": domain, "signal_type": "demo_request", "topic": "", "occurred_at": f"{seen} 09:00:00",
             "source": "website"}
            for _, _, domain in accounts
        ],
    )  # fmt: skip


def test_reference_query_gives_the_projects_scores_on_messy_data_and_two_icps(
    tmp_path: Path, project_copy: Path, run_dbt: DbtRunner
) -> None:
    """Every readable class of bad rows, accounts and feed rows that meet only on their registrable domain,
    a second ICP (country values, regions, revenue bands, no tier capacity) and two weighted ones (pillar
    weights; criterion weights, fit only) added as CSV rows: the reference reads the same seed files and must
    still give the project's scores."""
    append_rows(project_copy, REGION_ICP_ROWS)
    append_rows(project_copy, method_weighted_rows(GRID_DIR))
    append_rows(project_copy, PEER_FIT_ROWS)
    raw_dir = tmp_path / "raw"
    sample.generate(1500, 5, SAMPLE_AS_OF, raw_dir, inject=READABLE_BAD_ROWS)
    add_keyed_accounts(raw_dir, SAMPLE_AS_OF)
    finished = run_dbt(project_copy, raw_dir, *SCORING_BUILD)
    assert finished.returncode == 0, finished.stdout[-4000:]
    reference_output = tmp_path / "reference.parquet"
    settings = reference.DuckDBSettings(threads=2, memory_limit="2GB")
    reference.run_reference_query(
        tmp_path / "landed", SAMPLE_AS_OF, reference_output, settings, project_copy / "seeds"
    )

    comparison = reference.compare_scores(reference_output, tmp_path / "warehouse.duckdb")

    assert comparison.mismatching_rows == 0, reference.describe_mismatches(comparison)
    assert comparison.reference_rows == comparison.project_rows >= 4 * 1500
    with duckdb.connect() as db:
        keyed = db.execute(
            "select account_id, unscored_reason, technographic_points, intent_points > 0 "
            f"from '{reference_output}' where icp_id = 'default' and account_id like 'keyed-%' "
            "order by account_id"
        ).fetchall()
        regions = db.execute(
            "select count(distinct firmographic_points) "
            f"from '{reference_output}' where icp_id = 'enterprise'"
        ).fetchone()
        reasons = db.execute(
            f"select distinct unscored_reason from '{reference_output}' where unscored_reason is not null"
        ).fetchall()
        tiers = db.execute(
            f"select icp_id, count(distinct icp_tier) from '{reference_output}' "
            "where is_scored group by icp_id"
        ).fetchall()
    # The sample exercises every reason and, per ICP, several tiers, so the equality above covers them.
    found = {reason for (reason,) in reasons}
    assert {"missing_website", "invalid_website", "insufficient_data"} <= found
    assert found <= {"missing_website", "invalid_website", "insufficient_data", "added_after_last_refresh"}
    # Both sides met on the registrable domain: each keyed account earned its HubSpot and demo request points.
    assert keyed == [
        *((account_id, None, 20, True) for account_id, _, _ in KEYED_ACCOUNTS),
        (UNKEYED_ACCOUNT[0], "invalid_website", None, None),
    ]
    assert regions is not None and regions[0] > 10
    assert dict(tiers) == {"default": 3, "enterprise": 3, METHOD_WEIGHTED: 3, PEER_FIT: 3}


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


def test_a_grid_with_knockouts_is_refused_in_a_sentence(tmp_path: Path, project_copy: Path) -> None:
    """The reference does not implement knock-outs: it says so instead of reporting mismatching tiers."""
    append_rows(project_copy, {"icp_knockouts.csv": ["default,competitors,domain,is,rival.com,competitor"]})
    settings = reference.DuckDBSettings(threads=1, memory_limit="1GB")
    with pytest.raises(BenchmarkError, match="knock-outs, which the reference query does not implement"):
        reference.run_reference_query(
            tmp_path / "landed", SAMPLE_AS_OF, tmp_path / "out.parquet", settings, project_copy / "seeds"
        )


def test_a_grid_scoring_crm_fields_is_refused_in_a_sentence(tmp_path: Path, project_copy: Path) -> None:
    """The reference reads the contract's columns only: a criterion on a CRM field is refused."""
    append_rows(project_copy, {"icp_criteria.csv": ["default,legal,firmographic,legal_form,0,Legal form."]})
    settings = reference.DuckDBSettings(threads=1, memory_limit="1GB")
    with pytest.raises(BenchmarkError, match=r"scores CRM fields \(legal\), which the reference"):
        reference.run_reference_query(
            tmp_path / "landed", SAMPLE_AS_OF, tmp_path / "out.parquet", settings, project_copy / "seeds"
        )
