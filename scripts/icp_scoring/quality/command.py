"""icp validate: Great Expectations on the raw files (before dbt reads them) or on the marts (before they are
published); what each stage checks: icp_scoring.quality.validate.

Exit status: 0 every expectation passes, 1 one fails (or a raw file is missing), 2 usage error (bad argument,
no warehouse or no marts in it).

    icp validate raw --raw-dir data/raw
    icp validate marts --database data/warehouse/icp_scoring.duckdb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from icp_scoring import settings
from icp_scoring.engines import add_engine_option
from icp_scoring.quality import MARTS_SAMPLE_ACCOUNTS, STAGES

# --- arguments -------------------------------------------------------------------------------------------


def grade_a_share(text: str) -> float:
    """argparse type: a share above 0 and at most 1."""
    try:
        value = float(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 0.2 for 20%)") from error
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share above 0 and at most 1 (e.g. 0.2 for 20%)")
    return value


def non_negative_count(text: str) -> int:
    """argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (e.g. 200000)") from error
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative: give 0 (every row) or a number of accounts")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp validate",
        description=(
            "Validate ICP scoring data with Great Expectations. Stage 'raw' checks the raw CSV files before "
            "dbt reads them (each in full up to 200,000 rows, else on a deterministic sample of that many), "
            "except a file unchanged since it passed, whose outcomes are carried over (--all-files). "
            "Stage 'marts' checks marts.account_scores (score range, grades, tiers, one row per account and "
            "ICP, score or reason), the share of grade A per "
            "ICP, and marts.account_score_breakdown, before they are published (above "
            f"{MARTS_SAMPLE_ACCOUNTS:,} accounts, every row of a deterministic sample of the accounts; the "
            "grade mix counts them all)."
        ),
        epilog=(
            "Prints one line per expectation and the totals, writes Data Docs (HTML) into "
            "<data-docs-dir>/<stage>/index.html. Exit status: 0 all pass, 1 any fails, 2 usage error."
        ),
    )
    parser.add_argument("stage", choices=STAGES, help="what to validate: the raw files or the marts")
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.warehouse_path(),
        help="marts: the DuckDB warehouse written by dbt, opened read-only "
        "(default: $ICP_DUCKDB_PATH or %(default)s)",
    )
    add_engine_option(
        parser,
        "marts: the warehouse dbt built them in: the DuckDB file (--database), PostgreSQL "
        "(ICP_POSTGRES_*), or the tables of a local Spark (ICP_SPARK_DIR)",
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=settings.raw_dir(),
        help="raw: the folder holding the raw CSV files (default: $ICP_RAW_DIR or %(default)s)",
    )
    parser.add_argument(
        "--landed-dir",
        type=Path,
        default=settings.landed_dir(),
        help="raw: where `icp land` landed them as Parquet; a file landed from the CSV as it "
        "is now is read from there, faster (default: $ICP_LANDED_DIR or %(default)s)",
    )
    parser.add_argument(
        "--all-files",
        action="store_true",
        help="raw: read and validate every file, even one unchanged (same size and modification time) "
        "since it passed in the last run into --data-docs-dir; by default its outcomes are carried over, so "
        "a daily run validates what changed",
    )
    parser.add_argument(
        "--max-grade-a-share",
        type=grade_a_share,
        default=settings.setting("ICP_MAX_GRADE_A_SHARE"),
        help="marts: the highest share of grade A among the scored accounts of an ICP before the grid is "
        "called too generous (default: $ICP_MAX_GRADE_A_SHARE or %(default)s)",
    )
    parser.add_argument(
        "--sample-accounts",
        type=non_negative_count,
        default=MARTS_SAMPLE_ACCOUNTS,
        help="marts: above this many CRM accounts, validate every row of about this many of them, chosen by "
        "the MD5 of account_id (the same accounts in both marts and from run to run); 0 validates every "
        "row (default: %(default)s)",
    )
    parser.add_argument(
        "--data-docs-dir",
        type=Path,
        default=settings.GREAT_EXPECTATIONS_DOCS_DIR,
        help="where to build the Data Docs; each stage gets its own subfolder (default: %(default)s)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, then validate: Great Expectations is imported only now (about 3 s), which --help,
    a usage error and the commands that import this one never pay."""
    args = parse_args(argv)
    from icp_scoring.quality import validate

    return validate.run(args)


if __name__ == "__main__":
    sys.exit(main())
