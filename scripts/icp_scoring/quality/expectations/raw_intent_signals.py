"""Suite `raw.intent_signals`: the intent events, validated on a sample before dbt reads them.

`occurred_at_as_timestamp` is derived in DuckDB (in the forms staging accepts: raw_common.read_as_time), so no
value is parsed row by row in Python.
"""

import great_expectations as gx

from icp_scoring.quality.expectations import raw_common
from icp_scoring.quality.expectations.raw_common import (
    blank_as_null,
    expect_contract_columns,
    expect_domain_mostly_present,
    expect_mostly_readable,
    read_as_time,
)

SUITE_NAME = "raw.intent_signals"
FILE_NAME = "intent_signals.csv"
SAMPLE_ROWS: int | None = raw_common.SAMPLE_ROWS
CLEANED = {"domain": blank_as_null("domain")}
DERIVED = {"occurred_at_as_timestamp": ("occurred_at", read_as_time("occurred_at"))}
MIN_DOMAIN_SHARE = 0.90
MIN_TIMESTAMP_SHARE = 0.95


def build_suite() -> gx.ExpectationSuite:
    """The suite: the contract's columns, a domain on 90% of rows, a readable occurred_at on 95% of rows."""
    return gx.ExpectationSuite(
        name=SUITE_NAME,
        expectations=[
            expect_contract_columns(FILE_NAME),
            expect_domain_mostly_present(MIN_DOMAIN_SHARE, "intent events", "provider"),
            expect_mostly_readable(
                "occurred_at",
                "timestamp",
                MIN_TIMESTAMP_SHARE,
                "these events cannot decay and are lost (unparseable_timestamp)",
                "Export occurred_at as YYYY-MM-DD HH:MM:SS (or another form of docs/raw-data.md).",
            ),
        ],
    )
