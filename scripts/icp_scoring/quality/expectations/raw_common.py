"""What the raw suites share: the raw data contract's columns and how a blank value is read."""

import great_expectations as gx
import great_expectations.expectations as gxe

from icp_scoring.raw.contract import RAW_CONTRACT

# At millions of rows the feeds and outcome files are validated on a deterministic sample.
SAMPLE_ROWS = 200_000
SAMPLE_SEED = 42
MIN_OUTCOME_SHARE = 0.95


def blank_as_null(column: str) -> str:
    """SQL reading a raw text column as staging does: blank or spaces-only is missing."""
    return f"nullif(trim(\"{column}\"), '')"


def expect_contract_columns(file_name: str) -> gxe.ExpectTableColumnsToMatchSet:
    """The file has every column of the contract (extra columns are allowed and ignored)."""
    return gxe.ExpectTableColumnsToMatchSet(
        column_set=list(RAW_CONTRACT[file_name]),
        exact_match=False,
        meta={
            "failure": f"{file_name} lacks the contract column(s) {{missing_columns}}: rename them as the "
            "raw data contract says (docs/raw-data.md)."
        },
    )


def expect_mostly_present(
    column: str, min_share: float, consequence: str, fix: str
) -> gxe.ExpectColumnValuesToNotBeNull:
    """A value in `column` on at least min_share of the rows; the sentences say what is lost, what to do."""
    return gxe.ExpectColumnValuesToNotBeNull(
        column=column,
        mostly=min_share,
        notes=f"Blank or spaces-only values of {column} count as missing, as in staging.",
        meta={
            "failure": f"{column} is blank on {{count}} of {{total}} rows ({{percent}}; at most "
            f"{1 - min_share:.0%} allowed): {consequence}. {fix}"
        },
    )


def expect_domain_mostly_present(
    min_share: float, rows_word: str, supplier: str
) -> gxe.ExpectColumnValuesToNotBeNull:
    """A domain on at least min_share of the rows: feeds are matched to accounts on the domain."""
    return expect_mostly_present(
        "domain",
        min_share,
        f"{rows_word} are matched to accounts on the domain, so these rows are lost (missing_domain)",
        f"Ask the {supplier} for the domains.",
    )


def expect_mostly_readable(
    column: str, kind: str, min_share: float, consequence: str, fix: str
) -> gxe.ExpectColumnValuesToNotBeNull:
    """A raw date or timestamp readable on at least min_share of the rows (derived `<column>_as_<kind>`)."""
    return gxe.ExpectColumnValuesToNotBeNull(
        column=f"{column}_as_{kind}",
        mostly=min_share,
        notes=f"Derived column: {column} read as a {kind} by DuckDB, null when blank or unreadable.",
        meta={
            "failure": f"{column} is blank or unreadable on {{count}} of {{total}} rows ({{percent}}; "
            f"at most {1 - min_share:.0%} allowed): {consequence}. {fix}"
        },
    )


# The local forms staging reads besides ISO 8601 (macros/formats/parse_timestamp_forms.sql, docs/raw-data.md),
# as strptime formats: day or month first with `/`, `.` or `-`, year first with `/` or `.`, each with an
# optional time. The gate only counts the values a form reads; staging decides which reading a value gets.
LOCAL_TIME_FORMATS = tuple(
    f"{date}{time}"
    for separator in "/.-"
    for date in (f"%d{separator}%m{separator}%Y", f"%m{separator}%d{separator}%Y")
    for time in ("", " %H:%M", " %H:%M:%S")
) + tuple(f"%Y{separator}%m{separator}%d{time}" for separator in "/." for time in ("", " %H:%M", " %H:%M:%S"))


def read_as_time(column: str) -> str:
    """SQL reading a raw date or timestamp in the forms staging accepts: ISO 8601 (with or without an offset)
    or a local form of LOCAL_TIME_FORMATS; null when blank or unreadable."""
    text = blank_as_null(column)
    formats = ", ".join(f"'{time_format}'" for time_format in LOCAL_TIME_FORMATS)
    return f"coalesce(try_cast({text} as timestamptz)::varchar, try_strptime({text}, [{formats}])::varchar)"


def read_as_date(column: str) -> dict[str, tuple[str, str]]:
    """The derived column `<column>_as_date`: the text read in the forms staging accepts (read_as_time)."""
    return {f"{column}_as_date": (column, read_as_time(column))}


def outcome_suite(suite_name: str, file_name: str, date_column: str, rows_word: str) -> gx.ExpectationSuite:
    """The suite of an outcome file (opportunities, activities): the contract's columns, and an account id
    and a readable date on 95% of the rows. A header-only file passes: no outcomes data yet."""
    return gx.ExpectationSuite(
        name=suite_name,
        expectations=[
            expect_contract_columns(file_name),
            expect_mostly_present(
                "account_id",
                MIN_OUTCOME_SHARE,
                f"{rows_word} without their account say nothing about which accounts sales worked or won "
                "(missing_account_id)",
                f"Export the {rows_word} again with their account ids.",
            ),
            expect_mostly_readable(
                date_column,
                "date",
                MIN_OUTCOME_SHARE,
                f"these {rows_word} cannot be placed in time and are lost (unparseable_date)",
                f"Export {date_column} as YYYY-MM-DD (or another form of docs/raw-data.md).",
            ),
        ],
    )
