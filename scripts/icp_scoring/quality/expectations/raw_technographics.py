"""Suite `raw.technographics`: the technographic vendor's feed, validated on a sample before dbt reads it."""

import great_expectations as gx

from icp_scoring.quality.expectations import raw_common
from icp_scoring.quality.expectations.raw_common import (
    blank_as_null,
    expect_contract_columns,
    expect_domain_mostly_present,
)

SUITE_NAME = "raw.technographics"
FILE_NAME = "technographics.csv"
SAMPLE_ROWS: int | None = raw_common.SAMPLE_ROWS
CLEANED = {"domain": blank_as_null("domain")}
DERIVED: dict[str, tuple[str, str]] = {}
MIN_DOMAIN_SHARE = 0.90


def build_suite() -> gx.ExpectationSuite:
    """The suite: the contract's columns and a domain on at least 90% of rows (a header-only file passes)."""
    return gx.ExpectationSuite(
        name=SUITE_NAME,
        expectations=[
            expect_contract_columns(FILE_NAME),
            expect_domain_mostly_present(MIN_DOMAIN_SHARE, "technologies", "vendor"),
        ],
    )
