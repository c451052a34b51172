"""Suite `raw.crm_accounts`: the CRM export, validated before dbt reads it (in full up to 200,000 rows, then
on a deterministic sample, as the other files: memory stays bounded whatever its size)."""

import great_expectations as gx
import great_expectations.expectations as gxe

from icp_scoring.quality.expectations import raw_common
from icp_scoring.quality.expectations.raw_common import (
    blank_as_null,
    expect_contract_columns,
    expect_mostly_present,
)

SUITE_NAME = "raw.crm_accounts"
FILE_NAME = "crm_accounts.csv"
SAMPLE_ROWS: int | None = raw_common.SAMPLE_ROWS
CLEANED = {"account_id": blank_as_null("account_id")}
DERIVED: dict[str, tuple[str, str]] = {}
MIN_ACCOUNT_ID_SHARE = 0.95


def build_suite() -> gx.ExpectationSuite:
    """The suite: the contract's columns, at least one row, account ids present on at least 95% of rows."""
    return gx.ExpectationSuite(
        name=SUITE_NAME,
        expectations=[
            expect_contract_columns(FILE_NAME),
            gxe.ExpectTableRowCountToBeBetween(
                min_value=1,
                meta={
                    "failure": f"{FILE_NAME} has no rows, only its header: there is no account to score. "
                    "Export the CRM accounts again."
                },
            ),
            expect_mostly_present(
                "account_id",
                MIN_ACCOUNT_ID_SHARE,
                "the export lost its ids, and a row without an id is never scored (missing_account_id)",
                "Export the CRM accounts again with their ids.",
            ),
        ],
    )
