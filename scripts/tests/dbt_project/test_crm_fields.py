"""Any column of the CRM accounts extract can be a criterion by CSV rows only (issue #17): declared once in
icp_crm_fields.csv, a `text` field (the legal form, its spellings mapped by aliases) scores points per value,
a `years_since` field (the founding year or date) per band of company age, and a knock-out reads either. The
points are recomputed from the raw CSV, without the project's SQL, on the messy build of
scripts/tests/grid/test_scoring.py, which scores this ICP (assert_crm_field_points_as_declared). A field whose
column the extract lacks fails the build with the columns it has."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path

import duckdb

from tests.dbt_project.test_grid_changes_need_no_sql import append_rows
from tests.support import SAMPLE_AS_OF, DbtRunner

CRM_FIELDS_ICP = "by_crm_fields"
LEGAL_FORM_POINTS = {"SAS": 40, "sarl": 30, "GmbH": 30}  # the grid's spellings; any other form: 10
OTHER_FORM_POINTS = 10
AGE_BANDS = ((0, 5, 10), (5, 20, 60), (20, None, 40))  # [lower, upper) in whole years, points
CRM_FIELDS_ICP_ROWS = {
    "icp_profiles.csv": [
        f"{CRM_FIELDS_ICP},CRM fields,Legal form and company age from the CRM's own columns.,2026-12-01,6"
    ],
    "icp_criteria.csv": [
        f"{CRM_FIELDS_ICP},legal_form,firmographic,legal_form,40,Legal form.",
        f"{CRM_FIELDS_ICP},company_age,firmographic,company_age_years,60,Company age.",
    ],
    "icp_criterion_value_points.csv": [
        *(f"{CRM_FIELDS_ICP},legal_form,{value},{points}" for value, points in LEGAL_FORM_POINTS.items()),
        f"{CRM_FIELDS_ICP},legal_form,(other),{OTHER_FORM_POINTS}",
    ],
    "icp_criterion_band_points.csv": [
        f"{CRM_FIELDS_ICP},company_age,{low}+,{low},{'' if high is None else high},{points}"
        for low, high, points in AGE_BANDS
    ],
    "icp_grade_bands.csv": [
        f"{CRM_FIELDS_ICP},A,70,100,1,Fit.",
        f"{CRM_FIELDS_ICP},B,40,70,2,Partial.",
        f"{CRM_FIELDS_ICP},C,0,40,3,Poor.",
    ],
    "icp_knockouts.csv": [
        f"{CRM_FIELDS_ICP},a_associations,legal_form,is,Association,not_a_company",
        f"{CRM_FIELDS_ICP},b_new,company_age_years,below,2,too_young",
    ],
}


def lookup_key(text: str) -> str:
    """Case, accents and runs of spaces ignored (the rule of the project's macro normalize_lookup_key)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(plain.split()).lower()


def expected_points(
    legal_form: str, founded: str, aliases: dict[str, str]
) -> tuple[float, float, str | None]:
    """The two criteria's points and the knock-out's reason, from the raw values."""
    form = aliases.get(lookup_key(legal_form), legal_form.strip()) if legal_form.strip() else None
    by_key = {lookup_key(value): points for value, points in LEGAL_FORM_POINTS.items()}
    form_points = 0 if form is None else by_key.get(lookup_key(form), OTHER_FORM_POINTS)
    age = None
    if len(founded) == 4:
        age = SAMPLE_AS_OF.year - int(founded)
    elif founded:
        day = (
            dt.date.fromisoformat(founded)
            if "-" in founded
            else dt.datetime.strptime(founded, "%d/%m/%Y").date()
        )
        age = SAMPLE_AS_OF.year - day.year - ((SAMPLE_AS_OF.month, SAMPLE_AS_OF.day) < (day.month, day.day))
    age_points = next(
        (
            points
            for low, high, points in AGE_BANDS
            if age is not None and low <= age and (high is None or age < high)
        ),
        0,
    )
    reason = None
    if form is not None and lookup_key(form) == "association":
        reason = "not_a_company"
    elif age is not None and age < 2:
        reason = "too_young"
    return form_points, age_points, reason


def assert_crm_field_points_as_declared(warehouse: Path, raw_dir: Path, grid_dir: Path) -> None:
    """The CRM-fields ICP's points and knock-outs in a built warehouse equal those recomputed here from the
    raw CSV (scripts/tests/grid/test_scoring.py calls it on its messy build, which scores this ICP)."""
    with (grid_dir / "icp_crm_field_aliases.csv").open(encoding="utf-8") as handle:
        aliases = {
            lookup_key(row["crm_value"]): row["field_value"]
            for row in csv.DictReader(handle)
            if row["account_attribute"] == "legal_form"
        }
    with (raw_dir / "crm_accounts.csv").open(encoding="utf-8") as handle:
        # Every record of an account carries the same custom fields (the sample derives them from the id).
        raw = {row["account_id"].strip(): row for row in csv.DictReader(handle) if row["account_id"]}
    with duckdb.connect(str(warehouse), read_only=True) as db:
        scored = db.execute(
            f"""
            select account_id, legal_form_points, company_age_points, excluded_reason
            from (
                pivot (
                    select account_id, criterion_id || '_points' as criterion, points_earned
                    from intermediate.int_account_criteria__points where icp_id = '{CRM_FIELDS_ICP}'
                ) on criterion using any_value(points_earned)
            )
            inner join marts.account_scores using (account_id)
            where icp_id = '{CRM_FIELDS_ICP}' and is_scored
            """
        ).fetchall()
    assert len(scored) > 300
    differing = []
    for account_id, form, age, reason in scored:
        record = raw[account_id]
        expected = expected_points(record["Legal Form"], record["Year Founded"], aliases)
        if (float(form), float(age), reason) != expected:
            differing.append((account_id, (float(form), float(age), reason), expected))
    assert differing == []
    reasons = {reason for *_, reason in scored}
    assert {"not_a_company", "too_young"} <= reasons, "both knock-outs fire on the sample"
    forms = {float(form) for _, form, _, _ in scored}
    assert forms == {0.0, 10.0, 30.0, 40.0}, "every kind of legal-form row is met"


def test_a_crm_field_whose_column_the_extract_lacks_fails_the_build(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner
) -> None:
    append_rows(project_copy, CRM_FIELDS_ICP_ROWS)
    fields = project_copy / "seeds" / "scoring_grid" / "icp_crm_fields.csv"
    fields.write_text(
        fields.read_text(encoding="utf-8").replace(",Year Founded,", ",Founded On,"), encoding="utf-8"
    )
    # The seeds and the check alone: what fails is known before any model is built.
    check = "assert_crm_fields_read_are_in_the_extract"
    finished = run_dbt(project_copy, small_raw_dir, "build", "--select", "path:seeds", check)
    assert finished.returncode != 0
    assert any(
        "icp_crm_fields.csv, row (company_age_years)" in line
        and 'has no column "Founded On"' in line
        and '"Year Founded"' in line
        for line in finished.stdout.splitlines()
    ), finished.stdout[-4000:]
