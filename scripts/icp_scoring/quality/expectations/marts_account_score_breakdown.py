"""Suite `marts.account_score_breakdown`: one row per account, ICP and criterion, with its points (the rows of
the accounts `{accounts}` keeps, as in marts_account_scores)."""

import great_expectations as gx
import great_expectations.expectations as gxe

SUITE_NAME = "marts.account_score_breakdown"
KEY_COLUMNS = ("account_id", "icp_id", "criterion_id")

QUERY = """
    select account_id, icp_id, criterion_id, points_earned, points_possible
    from marts.account_score_breakdown
    where {accounts}
"""


def build_suite() -> gx.ExpectationSuite:
    """The suite: unique per account, ICP and criterion; points earned between 0 and the points possible."""
    return gx.ExpectationSuite(
        name=SUITE_NAME,
        expectations=[
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=list(KEY_COLUMNS),
                meta={
                    "failure": "{count} rows share their (account_id, icp_id, criterion_id) with another "
                    "row, e.g. {examples}: a criterion is counted twice in the score."
                },
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="points_earned",
                min_value=0,
                meta={"failure": "{count} criteria earn negative points, e.g. {examples}."},
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="points_possible",
                column_B="points_earned",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                notes="points_earned <= points_possible wherever both are known (unscored rows earn null).",
                meta={
                    "failure": "{count} criteria earn more than their points possible, e.g. {examples}: "
                    "check the points of the grid's values, bands and signals against max_points."
                },
            ),
        ],
    )
