"""Suite `marts.grade_mix`: grade A stays rare, so it still singles out the best accounts.

It validates a small table with one row per ICP (`QUERY`): how many accounts are scored and how many of
them are grade A. When grade A's share of the scored accounts goes above the maximum, the grid is too
generous: the grade no longer tells the sales team where to start.
"""

import great_expectations as gx
import great_expectations.expectations as gxe

SUITE_NAME = "marts.grade_mix"
LABEL_COLUMN = "icp"

QUERY = """
    select
        icp_id,
        count(*) filter (where is_scored) as scored_accounts,
        count(*) filter (where is_scored and icp_grade = 'A') as grade_a_accounts,
        cast(count(*) filter (where is_scored and icp_grade = 'A') as double precision)
        / nullif(count(*) filter (where is_scored), 0) as grade_a_share
    from marts.account_scores
    group by icp_id
    order by icp_id
"""


def icp_label(icp_id: str, grade_a_share: float | None, scored_accounts: int) -> str:
    """How an ICP is named in notes and failures: 'ICP "x" (55.0% of its 2,762 scored accounts are ...)'."""
    if grade_a_share is None:
        return f'ICP "{icp_id}" (no scored accounts)'
    return f'ICP "{icp_id}" ({grade_a_share:.1%} of its {scored_accounts:,} scored accounts are grade A)'


def build_suite(max_grade_a_share: float) -> gx.ExpectationSuite:
    """The suite: per ICP, grade A's share of the scored accounts is at most `max_grade_a_share`."""
    maximum = f"{max_grade_a_share * 100:g}%"
    return gx.ExpectationSuite(
        name=SUITE_NAME,
        expectations=[
            gxe.ExpectColumnValuesToBeBetween(
                column="grade_a_share",
                min_value=0,
                max_value=max_grade_a_share,
                notes=f"Grade A should stay the best accounts: at most {maximum} of the scored "
                "accounts of each ICP (--max-grade-a-share, env ICP_MAX_GRADE_A_SHARE).",
                meta={
                    "failure": f"The grid is too generous: {{examples}}, above the {maximum} "
                    "maximum. Raise grade A's min_score in seeds/scoring_grid/icp_grade_bands.csv or lower "
                    "the points the grid gives, so grade A keeps singling out the best accounts."
                },
            ),
        ],
    )
