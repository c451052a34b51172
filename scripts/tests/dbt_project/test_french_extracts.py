"""The project on extracts as a French team exports them: the generator's French sample (`icp sample
--style fr`) and the method's worked example typed by hand in French (fixtures/french_worked_example), both
saved as Excel FR's CSV (`;`, BOM, CRLF). Every file is read, every raw row is used or flagged, industries
written as NAF codes and French labels map, countries written in French map, and no French number or date is
a silent null.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from icp_scoring.raw.contract import RAW_CONTRACT
from icp_scoring.raw.landing import check_raw_dir
from icp_scoring.sample import generate
from icp_scoring.sample.french import FRENCH_UNMAPPED_INDUSTRIES
from icp_scoring.sample.vocabulary import UNKNOWN_COUNTRIES
from tests.support import SAMPLE_AS_OF, SCORING_BUILD, DbtRunner

FRENCH_WORKED_EXAMPLE = Path(__file__).parents[1] / "fixtures" / "french_worked_example"
ROW_SOURCES = {
    "crm_accounts.csv": "crm_accounts",
    "technographics.csv": "technographics",
    "intent_signals.csv": "intent_signals",
    "crm_opportunities.csv": "crm_opportunities",
    "crm_activities.csv": "crm_activities",
    "crm_contacts.csv": "crm_contacts",
}


@pytest.fixture(scope="module")
def french_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw_dir = tmp_path_factory.mktemp("french_raw")
    generate(accounts=400, seed=7, as_of=SAMPLE_AS_OF, output_dir=raw_dir, style="fr")
    return raw_dir


def data_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle, delimiter=";")) - 1


def assert_read_as_excel_fr(raw_dir: Path) -> None:
    """Every file is Excel FR's CSV and `icp land` reads it, saying so."""
    reports = check_raw_dir(raw_dir)
    assert [problem for report in reports for problem in report.problems] == []
    for report in reports:
        assert report.dialect is not None
        described = report.dialect.describe()
        assert described == "`;`-delimited, UTF-8 with a BOM, CRLF line ends", report.file_name


def assert_every_raw_row_is_accounted_for(connection: duckdb.DuckDBPyConnection, raw_dir: Path) -> None:
    """Rows in = used + flagged, per file, from marts.data_quality_summary."""
    counted = dict(
        connection.execute(
            "select source_table, sum(row_count) from marts.data_quality_summary "
            "where check_level = 'row' group by source_table"
        ).fetchall()
    )
    for file_name, source in ROW_SOURCES.items():
        assert counted.get(source, 0) == data_rows(raw_dir / file_name), file_name


def test_the_french_sample_is_read_accounted_for_and_its_industries_map(
    french_raw_dir: Path, project_copy: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    assert_read_as_excel_fr(french_raw_dir)
    built = run_dbt(project_copy, french_raw_dir, *SCORING_BUILD)
    assert built.returncode == 0, built.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        assert_every_raw_row_is_accounted_for(connection, french_raw_dir)
        no_value = [value.casefold() for value in FRENCH_UNMAPPED_INDUSTRIES]
        total, mapped, by_code, by_label = connection.execute(
            """
            select
                count(*),
                count(industry),
                count(*) filter (where industry_match_rule = 'code'),
                count(*) filter (where industry_match_rule = 'official_label')
            from staging.stg_crm__accounts
            where trim(industry_raw) <> '' and lower(trim(industry_raw)) not in (select unnest(?))
            """,
            [no_value],
        ).fetchone()
        print(f"French sample: {mapped} of {total} industries mapped ({mapped / total:.1%})")
        assert mapped / total >= 0.98
        assert by_code > 0 and by_label > 0  # NAF codes and their French labels are both in the sample
        # No date or number is a silent null: a field without a value always says why (its status).
        silent = connection.execute(
            """
            select
                count(*) filter (where created_date is null and created_date_status = 'valid'),
                count(*) filter (where last_modified_at is null and last_modified_at_status = 'valid'),
                count(*) filter (where employee_count is null and employee_count_status = 'parsed'),
                count(*) filter (where annual_revenue is null and annual_revenue_status = 'parsed'),
                count(*) filter (where created_date_status = 'valid'),
                count(*) filter (where annual_revenue_status = 'parsed')
            from staging.stg_crm__accounts
            """
        ).fetchone()
        assert silent[:4] == (0, 0, 0, 0)
        assert silent[4] > 0 and silent[5] > 0  # French dates and euro amounts are read
        # Countries as a French team types them (Allemagne, ROYAUME-UNI, Pays-Bas, the ISO code) all map: the
        # only unmapped ones are the values the sample plants as unknown.
        countries = dict(
            connection.execute(
                "select country_status, count(*) from staging.stg_crm__accounts group by country_status"
            ).fetchall()
        )
        unmapped = connection.execute(
            "select distinct country_raw from staging.stg_crm__accounts where country_status = 'unmapped'"
        ).fetchall()
        print(f"French sample: countries {countries}, unmapped {unmapped}")
        assert countries["mapped"] > 0.9 * sum(countries.values())
        assert {value for (value,) in unmapped} <= set(UNKNOWN_COUNTRIES)


def test_the_worked_example_typed_in_french_is_read_and_its_industries_map(
    project_copy: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    assert sorted(path.name for path in FRENCH_WORKED_EXAMPLE.glob("*.csv")) == sorted(RAW_CONTRACT)
    assert_read_as_excel_fr(FRENCH_WORKED_EXAMPLE)
    built = run_dbt(project_copy, FRENCH_WORKED_EXAMPLE, *SCORING_BUILD)
    assert built.returncode == 0, built.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        assert_every_raw_row_is_accounted_for(connection, FRENCH_WORKED_EXAMPLE)
        industries = dict(
            connection.execute("select industry_raw, industry from staging.stg_crm__accounts").fetchall()
        )
        assert industries == {"Édition de logiciels": "technology", "Industrie": "manufacturing"}
        scores = {
            account_id: (score, grade, tier)
            for account_id, score, grade, tier in connection.execute(
                """
                select account_id, cast(icp_score as double), icp_grade, icp_tier
                from marts.account_scores
                where account_id in ('001WORKEDEX000X', '001WORKEDEX000Y')
                """
            ).fetchall()
        }
        # The contacts typed in French fill the committee: X's `Directrice commerciale` is its economic buyer
        # and its `DSI` (no phone, never active, created 2025) its technical evaluator; Y's only contact, a
        # `Geschäftsführer` on free mail not seen since 2023, is nobody's persona.
        seats = set(
            connection.execute(
                """
                select account_id, persona_id, seat_status, best_contact_name
                from marts.account_persona_seats
                where icp_id = 'default'
                """
            ).fetchall()
        )
        committees = set(
            connection.execute(
                """
                select account_id, committee_coverage, cast(committee_completeness as double), next_step
                from marts.account_scores
                where icp_id = 'default'
                """
            ).fetchall()
        )
    # As the method's worked example typed in English without contacts (test_worked_example.py): contacts and
    # personas never change a score.
    assert scores == {"001WORKEDEX000X": (100.0, "A", 1), "001WORKEDEX000Y": (10.0, "F", 3)}
    assert seats == {
        ("001WORKEDEX000X", "economic_buyer", "filled", "Claire Durand"),
        ("001WORKEDEX000X", "champion", "empty", None),
        ("001WORKEDEX000X", "technical_evaluator", "filled", "Hugo Lambert"),
        ("001WORKEDEX000Y", "economic_buyer", "empty", None),
        ("001WORKEDEX000Y", "champion", "empty", None),
        ("001WORKEDEX000Y", "technical_evaluator", "empty", None),
    }
    assert committees == {
        (
            "001WORKEDEX000X",
            "partial",
            0.5,
            "Find the champion first, then: 1:1 campaign, sales calls this week",
        ),
        ("001WORKEDEX000Y", "none", 0.0, "No active spend"),
    }
