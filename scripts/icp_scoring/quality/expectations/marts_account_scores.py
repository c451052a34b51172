"""Suite `marts.account_scores`: one row per CRM account and ICP, with a score, grade and tier or a reason.

The rows come from `QUERY`, on the accounts that `{accounts}` keeps (an SQL predicate on account_id: all of
them, or a sample at millions of accounts: icp_scoring.quality.batches.AccountSample). It adds one derived
column, `score_xor_unscored_reason`: true when exactly one of icp_score and unscored_reason is set (GX has no
expectation comparing the nullity of two columns).
"""

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column, ComparisonCondition, Operator

SUITE_NAME = "marts.account_scores"
KEY_COLUMNS = ("account_id", "icp_id")
GRADES = ("A", "B", "C", "D", "E", "F")
TIERS = (1, 2, 3)
UNSCORED_REASONS = ("missing_website", "invalid_website", "added_after_last_refresh", "insufficient_data")
COMMITTEE_COVERAGES = ("complete", "partial", "none", "no_required_seats", "no_personas")
# is_scored == True, spelled out: the IN operator of GX conditions does not take booleans.
IS_SCORED = ComparisonCondition(column=Column("is_scored"), operator=Operator.EQUAL, parameter=True)

QUERY = """
    select
        account_id,
        icp_id,
        is_scored,
        icp_score,
        icp_grade,
        icp_tier,
        unscored_reason,
        data_completeness,
        committee_coverage,
        committee_completeness,
        (unscored_reason is null) = (icp_score is not null) as score_xor_unscored_reason
    from marts.account_scores
    where {accounts}
"""

# The number of rows the mart must have: every deduplicated CRM account once per ICP of the grid.
EXPECTED_ROWS_QUERY = """
    select
        (
            select count(distinct account_id) from staging.stg_crm__accounts
            where account_id is not null and {accounts}
        ) as account_count,
        (select count(*) from grid.icp_profiles) as icp_count
"""


def build_suite(accounts: int, icps: int) -> gx.ExpectationSuite:
    """The suite, expecting `accounts` x `icps` rows (both counted in the warehouse)."""
    expected_rows = accounts * icps
    return gx.ExpectationSuite(
        name=SUITE_NAME,
        expectations=[
            gxe.ExpectTableRowCountToEqual(
                value=expected_rows,
                meta={
                    "failure": f"It should hold one row per CRM account and ICP ({accounts:,} account(s) x "
                    f"{icps:,} ICP(s) = {expected_rows:,} rows) but holds {{observed}}: accounts were "
                    "dropped or scored twice between staging and the mart."
                },
            ),
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=list(KEY_COLUMNS),
                meta={
                    "failure": "{count} rows share their (account_id, icp_id) with another row, e.g. "
                    "{examples}: an account is scored more than once for an ICP."
                },
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="icp_score",
                min_value=0,
                max_value=100,
                meta={
                    "failure": "{count} scores are outside 0-100, e.g. {examples}: the points earned add up "
                    "to more than the grid allows (check the grid's max_points and the points per criterion)."
                },
            ),
            gxe.ExpectColumnValuesToNotBeNull(
                column="icp_score",
                row_condition=IS_SCORED,
                notes="Null scores are allowed only on unscored rows (is_scored false).",
                meta={"failure": "{count} scored rows (is_scored true) have no icp_score, e.g. {examples}."},
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="icp_grade",
                value_set=list(GRADES),
                meta={
                    "failure": "{count} rows have a grade outside A-F, e.g. {examples}: check "
                    "seeds/scoring_grid/icp_grade_bands.csv."
                },
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="icp_tier",
                value_set=list(TIERS),
                meta={
                    "failure": "{count} rows have a tier other than 1, 2 or 3, e.g. {examples}: check "
                    "seeds/scoring_grid/icp_grade_bands.csv."
                },
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="score_xor_unscored_reason",
                value_set=[True],
                notes="Derived column: (unscored_reason is null) = (icp_score is not null). An account is "
                "either scored or carries the reason it is not, never both and never neither.",
                meta={
                    "failure": "{count} rows have both a score and an unscored_reason, or neither, e.g. "
                    "{examples}."
                },
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="unscored_reason",
                value_set=list(UNSCORED_REASONS),
                meta={
                    "failure": "{count} rows have an unknown unscored_reason, e.g. {examples} (known: "
                    f"{', '.join(UNSCORED_REASONS)})."
                },
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="data_completeness",
                min_value=0,
                max_value=1,
                meta={"failure": "{count} rows have a data_completeness outside 0-1, e.g. {examples}."},
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="committee_coverage",
                value_set=list(COMMITTEE_COVERAGES),
                meta={
                    "failure": "{count} rows have an unknown committee_coverage, e.g. {examples} (known: "
                    f"{', '.join(COMMITTEE_COVERAGES)})."
                },
            ),
            gxe.ExpectColumnValuesToNotBeNull(
                column="committee_coverage",
                meta={"failure": "{count} rows have no committee_coverage, e.g. {examples}."},
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="committee_completeness",
                min_value=0,
                max_value=1,
                meta={"failure": "{count} rows have a committee_completeness outside 0-1, e.g. {examples}."},
            ),
        ],
    )
