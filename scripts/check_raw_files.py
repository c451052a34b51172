"""Check the raw files before dbt reads them, and say what to fix in words a data team can act on.

dbt would otherwise stop on a missing file or a missing column with a database stack trace. This check runs
first (`make build` calls it) and exits non-zero with one line per problem:

- a raw file that is missing, empty (no header row) or not a regular file;
- a header without a column of the contract (README, "Raw data contract"), naming the missing ones;
- a file that is not UTF-8: the line numbers of the first offending lines;
- a file the CSV reader cannot split into records (an unbalanced double quote): DuckDB's record number.

A file with a header and no rows is fine: it scores nothing from that source (data_quality_summary
says so). For the outcome files (crm_opportunities.csv, crm_activities.csv) that is how a team without
outcomes data says so.

    python scripts/check_raw_files.py --raw-dir data/raw
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

RAW_CONTRACT: dict[str, tuple[str, ...]] = {
    "crm_accounts.csv": (
        "account_id",
        "account_name",
        "website",
        "industry",
        "employees",
        "annual_revenue",
        "country",
        "created_date",
        "last_modified_at",
    ),
    "technographics.csv": (
        "domain",
        "technology",
        "technology_category",
        "first_detected_date",
        "last_detected_date",
    ),
    "intent_signals.csv": ("domain", "signal_type", "topic", "occurred_at", "source"),
    # Outcomes: what sales did with the accounts. A header-only file is fine (no outcomes data yet).
    "crm_opportunities.csv": (
        "opportunity_id",
        "account_id",
        "created_date",
        "closed_date",
        "stage",
        "is_won",
        "amount",
    ),
    "crm_activities.csv": ("account_id", "activity_date", "activity_type"),
}
MAX_REPORTED_LINES = 5
BLOCK_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class FileReport:
    """What was found in one raw file: problems (each a sentence) and the number of data lines."""

    file_name: str
    problems: tuple[str, ...]
    data_lines: int


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Check that the raw CSV files exist, have the contract's columns and are UTF-8.",
        epilog="The contract (file and column names) is in the README, section 'Raw data contract'.",
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=Path(os.environ.get("ICP_RAW_DIR", "data/raw")),
        help="folder holding the raw files (default: $ICP_RAW_DIR or data/raw)",
    )
    return parser.parse_args(argv)


def check_header(path: Path, expected: tuple[str, ...]) -> list[str]:
    """Problems with the header row: missing columns (extra columns are allowed and ignored)."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        return [f"{path}: the file is empty; it needs at least the header row: {','.join(expected)}"]
    found = [column.strip().lstrip("\ufeff") for column in header]
    missing = [column for column in expected if column not in found]
    if missing:
        return [
            f"{path}: the header lacks column(s) {', '.join(missing)} (found: {', '.join(found)}). "
            "Rename the columns to the contract in the README, section 'Raw data contract'."
        ]
    return []


def find_invalid_utf8_lines(path: Path) -> tuple[list[int], int]:
    """Line numbers (1-based, at most a few) holding bytes that are not UTF-8, and the number of lines.

    Reads blocks of whole lines; only a block that fails to decode is searched line by line.
    """
    invalid: list[int] = []
    lines_before = 0
    pending = b""
    with path.open("rb") as handle:
        while chunk := handle.read(BLOCK_BYTES):
            data = pending + chunk
            cut = data.rfind(b"\n") + 1
            block, pending = data[:cut], data[cut:]
            invalid.extend(invalid_lines_in_block(block, lines_before))
            lines_before += block.count(b"\n")
    if pending:
        invalid.extend(invalid_lines_in_block(pending, lines_before))
        lines_before += 1
    return invalid[:MAX_REPORTED_LINES], lines_before


def invalid_lines_in_block(block: bytes, lines_before: int) -> list[int]:
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        return [
            lines_before + number
            for number, line in enumerate(block.split(b"\n"), start=1)
            if not is_utf8(line)
        ][:MAX_REPORTED_LINES]
    return []


def is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_csv_dialect(path: Path, expected: tuple[str, ...]) -> list[str]:
    """Read the file as dbt's sources will (every column, as text); report DuckDB's error if it cannot."""
    lengths = " + ".join(f'coalesce(length("{column}"), 0)' for column in expected)
    query = (
        f"select count(*), sum({lengths}) from read_csv(?, header = true, all_varchar = true, "
        "delim = ',', quote = '\"', escape = '\"')"
    )
    try:
        with duckdb.connect() as connection:
            connection.execute(query, [str(path)]).fetchall()
    except duckdb.Error as error:
        reason = " ".join(str(error).split("\n")[:2])
        return [
            f"{path}: cannot be read as CSV{locate_quoting_error(path)} ({reason}). A value holding a comma, "
            'a line break or a double quote must be quoted, and a " inside it written "".'
        ]
    return []


def locate_quoting_error(path: Path) -> str:
    """Where a strict CSV parse first fails, as ' near line N: reason' (empty when it does not fail)."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            for _ in reader:
                pass
        except csv.Error as error:
            return f" near line {reader.line_num}: {error}"
    return ""


def check_file(raw_dir: Path, file_name: str, expected: tuple[str, ...]) -> FileReport:
    path = raw_dir / file_name
    if not path.exists():
        return FileReport(
            file_name,
            (
                f"{path}: missing. Put the file there, point ICP_RAW_DIR at the folder that holds it, "
                "or run `make sample` to generate one.",
            ),
            0,
        )
    if not path.is_file():
        return FileReport(file_name, (f"{path}: not a regular file.",), 0)
    problems = check_header(path, expected)
    invalid_lines, line_count = find_invalid_utf8_lines(path)
    if invalid_lines:
        problems.append(
            f"{path}: not UTF-8 on line(s) {', '.join(map(str, invalid_lines))}"
            f"{' and more' if len(invalid_lines) == MAX_REPORTED_LINES else ''}. "
            "Export the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)."
        )
    if not problems:
        problems = check_csv_dialect(path, expected)
    return FileReport(file_name, tuple(problems), max(line_count - 1, 0))


def check_raw_dir(raw_dir: Path) -> list[FileReport]:
    return [check_file(raw_dir, name, columns) for name, columns in RAW_CONTRACT.items()]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    reports = check_raw_dir(args.raw_dir)
    problems = [problem for report in reports for problem in report.problems]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the raw files: nothing was scored.", file=sys.stderr)
        return 1
    for report in reports:
        print(f"ok: {args.raw_dir / report.file_name} ({report.data_lines:,} lines after the header)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
