"""What the raw suites share: the raw data contract's columns and how a blank value is read."""

import great_expectations.expectations as gxe
from check_raw_files import RAW_CONTRACT

# At millions of rows the technographic and intent files are validated on a deterministic sample.
SAMPLE_ROWS = 200_000
SAMPLE_SEED = 42


def blank_as_null(column: str) -> str:
    """SQL reading a raw text column as staging does: blank or spaces-only is missing."""
    return f"nullif(trim(\"{column}\"), '')"


def expect_contract_columns(file_name: str) -> gxe.ExpectTableColumnsToMatchSet:
    """The file has every column of the contract (extra columns are allowed and ignored)."""
    return gxe.ExpectTableColumnsToMatchSet(
        column_set=list(RAW_CONTRACT[file_name]),
        exact_match=False,
        meta={
            "failure": f"{file_name} lacks the contract column(s) {{missing_columns}}: rename them as in the "
            "README, section 'Raw data contract'."
        },
    )


def expect_domain_mostly_present(
    min_share: float, rows_word: str, supplier: str
) -> gxe.ExpectColumnValuesToNotBeNull:
    """A domain on at least min_share of the rows: feeds are matched to accounts on the domain."""
    return gxe.ExpectColumnValuesToNotBeNull(
        column="domain",
        mostly=min_share,
        notes="Blank or spaces-only domains count as missing, as in staging.",
        meta={
            "failure": "domain is blank on {count} of {total} rows ({percent}; at most "
            f"{1 - min_share:.0%} allowed): {rows_word} are matched to accounts on the domain, so these rows "
            f"are lost (missing_domain). Ask the {supplier} for the domains."
        },
    )
