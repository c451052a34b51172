"""Suite `raw.crm_contacts`: the CRM's contacts, validated on a sample before dbt reads them.

A contact id and an account id on 95% of the rows: a contact without them cannot fill a buying-committee seat
(staging flags it missing_contact_id or missing_account_id). A header-only file passes: no contact data yet.
"""

import great_expectations as gx

from icp_scoring.quality.expectations import raw_common
from icp_scoring.quality.expectations.raw_common import (
    blank_as_null,
    expect_contract_columns,
    expect_mostly_present,
)

SUITE_NAME = "raw.crm_contacts"
FILE_NAME = "crm_contacts.csv"
SAMPLE_ROWS: int | None = raw_common.SAMPLE_ROWS
CLEANED = {"contact_id": blank_as_null("contact_id"), "account_id": blank_as_null("account_id")}
DERIVED: dict[str, tuple[str, str]] = {}


def build_suite() -> gx.ExpectationSuite:
    """The suite: see the module docstring."""
    return gx.ExpectationSuite(
        name=SUITE_NAME,
        expectations=[
            expect_contract_columns(FILE_NAME),
            expect_mostly_present(
                "contact_id",
                raw_common.MIN_OUTCOME_SHARE,
                "contacts without an id cannot be told apart (missing_contact_id)",
                "Export the contacts again with the CRM's contact id.",
            ),
            expect_mostly_present(
                "account_id",
                raw_common.MIN_OUTCOME_SHARE,
                "contacts without their account fill no buying-committee seat (missing_account_id)",
                "Export the contacts again with their account ids.",
            ),
        ],
    )
