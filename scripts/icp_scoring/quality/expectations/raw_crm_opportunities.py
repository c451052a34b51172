"""Suite `raw.crm_opportunities`: the CRM's opportunities, validated on a sample before dbt reads them.

An account id and a readable created_date on 95% of the rows (`created_date_as_date` is derived in DuckDB as
staging reads it). A header-only file passes: it says there is no outcomes data yet.
"""

import great_expectations as gx

from icp_scoring.quality.expectations import raw_common
from icp_scoring.quality.expectations.raw_common import blank_as_null, outcome_suite, read_as_date

SUITE_NAME = "raw.crm_opportunities"
FILE_NAME = "crm_opportunities.csv"
SAMPLE_ROWS: int | None = raw_common.SAMPLE_ROWS
CLEANED = {"account_id": blank_as_null("account_id")}
DERIVED = read_as_date("created_date")


def build_suite() -> gx.ExpectationSuite:
    """The suite: see the module docstring."""
    return outcome_suite(SUITE_NAME, FILE_NAME, "created_date", "opportunities")
