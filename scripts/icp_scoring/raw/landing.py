"""Check the raw files, say what to fix in words a data team can act on, then land them as Parquet for dbt.

dbt would otherwise stop on a missing file or a missing column with a database stack trace. This check runs
first (`make build` calls it) and exits non-zero with one line per problem:

- a raw file that is missing, empty (no header row) or not a regular file;
- a header without a column of the contract (docs/raw-data.md), naming the missing ones; a Salesforce or
  HubSpot export's headers (`Id`, `BillingCountry`, `Record ID`...) are read through their aliases
  (raw/column_aliases.py);
- a column the run reads that appears twice in the header;
- a file delimited by something else than `,` or `;` (tabs, vertical bars), naming it;
- a file that is not UTF-8: the line numbers of the first offending lines;
- a file the CSV reader cannot split into records (an unbalanced double quote): DuckDB's record number.

Files delimited by `,` or `;` (Excel's CSV in French, German, ...), with or without a UTF-8 byte-order mark,
with LF, CRLF or CR line ends, are read; each file's line says which it found, and a missing column is named
with the delimiter that split the header. A file with a header and no rows is fine: it scores nothing from
that source (data_quality_summary says so). For the outcome files (crm_opportunities.csv, crm_activities.csv)
that is how a team without outcomes data says so.

The intent feed may also come as daily deliveries next to its history file, `intent_signals_YYYY-MM-DD.csv`
(the delivery date; same columns): each is checked and landed on its own, and dbt stages only the deliveries
it has not staged yet (a daily refresh lands and stages one day). A landed delivery whose CSV was removed is
deleted (dbt then removes its rows).

When every file passes, each is landed as `<landed dir>/<file name>.parquet`: the contract's columns as text
(and, for the CRM accounts extract, its other columns under their header as written: a grid can score a custom
field, icp_crm_fields.csv), in file order (dbt's staging numbers the rows with `file_row_number`), in row
groups of 128Ki rows so DuckDB reads them on every thread. Parsing the CSV once here is what lets `dbt build`
and every test read the data at Parquet speed. Each Parquet file records the size and modification time of the
CSV it came from: a file whose CSV has not changed since is neither checked nor landed again (a daily refresh
re-lands only what changed), and dbt's source test `is_landed_from_the_current_raw_file` fails the build when
a CSV changed after it was landed.

    icp land --raw-dir data/raw --landed-dir data/landed
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from icp_scoring import settings
from icp_scoring.csv_dialect import DELIMITER_NAMES, READ_DELIMITERS, CsvDialect, sniff
from icp_scoring.raw.column_aliases import (
    HeaderColumns,
    aliases_version,
    header_key,
    read_aliases,
    resolve_header,
)
from icp_scoring.raw.contract import (
    DELIVERY_FILES,
    FILES_WITH_EXTRA_COLUMNS,
    RAW_CONTRACT,
    delivery_date,
    raw_file_names,
)
from icp_scoring.sql import sql_name, sql_string

MAX_REPORTED_LINES = 5
BLOCK_BYTES = 16 * 1024 * 1024
# Rows per Parquet row group: 128Ki lets both threads share a scan (one 1Mi group runs on one thread).
LANDED_ROW_GROUP_SIZE = 131_072
# Bumped whenever the landed layout changes, so older landed files are landed again.
LANDING_FORMAT = "2"


@dataclass(frozen=True)
class FileReport:
    """What was found in one raw file: problems (each a sentence) and the number of data lines."""

    file_name: str
    problems: tuple[str, ...]
    data_lines: int
    landed_file: Path | None = None  # where the file is landed, when it was
    unchanged: bool = False  # already landed from this version of the CSV: not checked or landed again
    renamed: tuple[tuple[str, str], ...] = ()  # (header, contract column) read through an alias
    dialect: CsvDialect | None = None  # how the file is written, when its header was read
    extras: tuple[str, ...] = ()  # the columns beyond the contract's landed too (extra_columns)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp land",
        description="Check that the raw CSV files exist, have the contract's columns and are UTF-8.",
        epilog="The contract (file and column names) is in docs/raw-data.md.",
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=settings.raw_dir(),
        help="folder holding the raw files (default: $ICP_RAW_DIR or data/raw)",
    )
    parser.add_argument(
        "--landed-dir",
        type=Path,
        default=settings.landed_dir(),
        help="where checked files are landed as Parquet for dbt (default: $ICP_LANDED_DIR or data/landed)",
    )
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="check the raw files without landing them",
    )
    return parser.parse_args(argv)


def check_header(
    path: Path, expected: tuple[str, ...], quote_content: bool = True
) -> tuple[HeaderColumns, CsvDialect]:
    """Where each contract column is in the header (by name or by a CRM export's alias), and the file's
    dialect (the delimiter that splits the header into those names); problems: an empty file, missing
    columns, a duplicated column the run would read (extra columns are allowed), a delimiter other than `,`
    and `;`."""
    aliases = read_aliases().get(raw_file_kind(path.name), [])
    dialect = sniff(path, (*expected, *(key for key, _ in aliases)))
    if not any(dialect.header):
        problem = f"{path}: the file is empty; it needs at least the header row: {','.join(expected)}"
        return HeaderColumns({}, (), (problem,)), dialect
    seen = DELIMITER_NAMES[dialect.delimiter]
    header = resolve_header(
        path, dialect.header, expected, aliases, quote_header=quote_content, split_by=seen
    )
    if not header.problems and dialect.delimiter not in READ_DELIMITERS:
        problem = (
            f"{path}: the columns are separated by {seen}; raw files are read separated by commas or "
            'semicolons: export or save the file as CSV (in Excel: "CSV UTF-8").'
        )
        return HeaderColumns(header.positions, header.renamed, (problem,)), dialect
    return header, dialect


def extra_columns(file_name: str, header: HeaderColumns, dialect: CsvDialect) -> dict[str, int]:
    """The columns beyond the contract's that are landed too (FILES_WITH_EXTRA_COLUMNS), by position: every
    header that is not blank and not read as a contract column, named as written (outer spaces trimmed); of
    two headers spelled alike (case and spaces ignored), or one spelled like a contract column, the first
    only."""
    if raw_file_kind(file_name) not in FILES_WITH_EXTRA_COLUMNS:
        return {}
    taken = {header_key(column) for column in (*header.positions, "file_row_number")}
    read = set(header.positions.values())
    extras: dict[str, int] = {}
    for position, cell in enumerate(dialect.header):
        name = " ".join(cell.split())
        if name and position not in read and header_key(name) not in taken:
            taken.add(header_key(name))
            extras[name] = position
    return extras


def is_inside(path: Path, folder: Path) -> bool:
    """True when path, links followed, is in folder: only then do messages quote what the file holds (a link
    to a system file must not have its first line printed)."""
    return path.resolve().is_relative_to(folder.resolve())


def raw_file_kind(file_name: str) -> str:
    """The contract file a raw file is (a daily delivery is its feed's history file)."""
    for history_file in DELIVERY_FILES:
        if file_name == history_file or delivery_date(file_name, history_file) is not None:
            return history_file
    return file_name


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


def landed_path(landed_dir: Path, file_name: str) -> Path:
    """Where a raw file lands: crm_accounts.csv -> <landed_dir>/crm_accounts.parquet."""
    return landed_dir / f"{Path(file_name).stem}.parquet"


def raw_fingerprint(connection: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    """What identifies this version of a raw file: its size and modification time, as DuckDB reports them
    (dbt's source test reads them the same way, with read_blob, and compares)."""
    size, modified = connection.execute(
        "select cast(size as varchar), cast(last_modified as varchar) from read_blob(?)", [str(path)]
    ).fetchone()
    return {
        "raw_size": size,
        "raw_last_modified": modified,
        "landing_format": LANDING_FORMAT,
        "column_aliases": aliases_version(),
    }


def landed_fingerprint(connection: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    """The fingerprint recorded in a landed Parquet file (empty when there is no readable one)."""
    if not path.is_file():
        return {}
    try:
        rows = connection.execute(
            "select decode(key), decode(value) from parquet_kv_metadata(?)", [str(path)]
        ).fetchall()
    except duckdb.Error:
        return {}
    return dict(rows)


def is_landed(connection: duckdb.DuckDBPyConnection, raw_path: Path, landed_file: Path) -> bool:
    """True when landed_file was landed from this very version of raw_path."""
    recorded = landed_fingerprint(connection, landed_file)
    current = raw_fingerprint(connection, raw_path)
    return all(recorded.get(key) == value for key, value in current.items())


def current_landed_file(
    connection: duckdb.DuckDBPyConnection, raw_path: Path, landed_dir: Path | None
) -> Path | None:
    """The Parquet copy of raw_path in landed_dir when it was landed from the CSV as it is now, else None."""
    if landed_dir is None:
        return None
    landed_file = landed_path(landed_dir, raw_path.name)
    return landed_file if is_landed(connection, raw_path, landed_file) else None


def read_as_csv(
    path: Path,
    header: HeaderColumns,
    landed_file: Path | None,
    quote_content: bool = True,
    dialect: CsvDialect | None = None,
    extras: dict[str, int] | None = None,
) -> list[str]:
    """Read the file as dbt's sources will (every contract column, as text, taken from its place in the
    header) and, when landed_file is given, write those columns under the contract's names, then the extra
    columns kept (extra_columns) under theirs, to it as Parquet in file order; report DuckDB's error if the
    CSV cannot be read."""
    landed_columns = {**header.positions, **(extras or {})}
    # Header names are replaced by positional ones: a duplicated or oddly spelled header cannot be misread.
    positional = (
        f"names = [{', '.join(sql_string(f'column{i}') for i in range(max(landed_columns.values()) + 1))}]"
    )
    dialect = dialect or sniff(path)
    options = f"{dialect.duckdb_options()}, {positional}"
    columns = ", ".join(f"column{position} as {sql_name(name)}" for name, position in landed_columns.items())
    try:
        with duckdb.connect() as connection:
            connection.execute("set enable_progress_bar = false")
            if landed_file is None:
                lengths = " + ".join(
                    f"coalesce(length(column{position}), 0)" for position in header.positions.values()
                )
                connection.execute(
                    f"select count(*), sum({lengths}) from read_csv(?, {options})", [str(path)]
                )
                return []
            metadata = ", ".join(
                f"{key}: '{value}'" for key, value in raw_fingerprint(connection, path).items()
            )
            partial = landed_file.with_name(f".{landed_file.name}.partial")
            # Insertion order is kept (DuckDB's default): the landed rows are in the file's order.
            connection.execute(
                f"copy (select {columns} from read_csv({sql_string(path)}, {options})) "
                f"to {sql_string(partial)} "
                f"(format parquet, row_group_size {LANDED_ROW_GROUP_SIZE}, kv_metadata {{{metadata}}})"
            )
            os.replace(partial, landed_file)
    except duckdb.Error as error:
        where = locate_quoting_error(path, dialect.delimiter)
        reason = f"{where} ({' '.join(str(error).split(chr(10))[:2])})"
        return [
            f"{path}: cannot be read as CSV{reason if quote_content else ''}. A value holding the delimiter "
            f'({dialect.delimiter}), a line break or a double quote must be quoted, and a " inside it '
            'written "".'
        ]
    return []


def locate_quoting_error(path: Path, delimiter: str = ",") -> str:
    """Where a strict CSV parse first fails, as ' near line N: reason' (empty when it does not fail)."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            for _ in reader:
                pass
        except csv.Error as error:
            return f" near line {reader.line_num}: {error}"
    return ""


def check_file(
    raw_dir: Path, file_name: str, expected: tuple[str, ...], landed_dir: Path | None = None
) -> FileReport:
    """Check one raw file and, when landed_dir is given and the file passes, land it there (unless the file
    landed there is already this version of it: then it was checked when landed, and nothing is done)."""
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
    with duckdb.connect() as connection:
        unchanged = current_landed_file(connection, path, landed_dir)
        if unchanged is not None:
            (rows,) = connection.execute("select count(*) from read_parquet(?)", [str(unchanged)]).fetchone()
            return FileReport(file_name, (), rows, unchanged, unchanged=True, dialect=sniff(path, expected))
    landed_file = None if landed_dir is None else landed_path(landed_dir, file_name)
    quote_content = is_inside(path, raw_dir)
    header, dialect = check_header(path, expected, quote_content)
    problems = list(header.problems)
    invalid_lines, line_count = find_invalid_utf8_lines(path)
    if dialect.line_end == "CR":  # old Mac line ends (Excel for Mac's "CSV (Macintosh)"): count those instead
        line_count = len(path.read_bytes().rstrip(b"\r").split(b"\r"))
    if invalid_lines:
        problems.append(
            f"{path}: not UTF-8 on line(s) {', '.join(map(str, invalid_lines))}"
            f"{' and more' if len(invalid_lines) == MAX_REPORTED_LINES else ''}. "
            "Export the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)."
        )
    extras = {} if problems else extra_columns(file_name, header, dialect)
    if not problems:
        problems = read_as_csv(path, header, landed_file, quote_content, dialect, extras)
    return FileReport(
        file_name,
        tuple(problems),
        max(line_count - 1, 0),
        None if problems else landed_file,
        renamed=header.renamed,
        dialect=dialect,
        extras=tuple(extras) if landed_file is not None else (),
    )


def check_delivery_name(raw_dir: Path, file_name: str, history_file: str) -> list[str]:
    """A problem when a file looks like a delivery of the feed but its name carries no date."""
    if file_name == history_file or delivery_date(file_name, history_file) is not None:
        return []
    return [
        f"{raw_dir / file_name}: not a daily delivery name: a delivery of {history_file} is named "
        f"{Path(history_file).stem}_YYYY-MM-DD.csv (the delivery date); rename or move the file."
    ]


def remove_stale_deliveries(raw_dir: Path, landed_dir: Path) -> None:
    """Delete landed deliveries whose CSV is no longer in the raw folder (dbt then unstages their rows)."""
    for history_file, pattern in DELIVERY_FILES.items():
        present = {Path(name).stem for name in raw_file_names(raw_dir, history_file)}
        for landed in landed_dir.glob(f"{Path(pattern).stem}.parquet"):
            if landed.stem not in present:
                landed.unlink()


def check_raw_dir(raw_dir: Path, landed_dir: Path | None = None) -> list[FileReport]:
    """Check every raw file of the contract (and the daily deliveries of the feeds); with landed_dir, land
    each file that passes, and delete the landed deliveries whose CSV is gone."""
    if landed_dir is not None:
        landed_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_deliveries(raw_dir, landed_dir)
    reports = []
    for name, columns in RAW_CONTRACT.items():
        for file_name in raw_file_names(raw_dir, name):
            misnamed = check_delivery_name(raw_dir, file_name, name)
            if misnamed:
                reports.append(FileReport(file_name, tuple(misnamed), 0))
                continue
            reports.append(check_file(raw_dir, file_name, columns, landed_dir))
    return reports


def land_raw_files(raw_dir: Path, landed_dir: Path) -> None:
    """Check and land the raw files for a dbt run; raises ValueError naming every problem."""
    problems = [problem for report in check_raw_dir(raw_dir, landed_dir) for problem in report.problems]
    if problems:
        raise ValueError("the raw files cannot be scored:\n" + "\n".join(problems))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    reports = check_raw_dir(args.raw_dir, None if args.check_only else args.landed_dir)
    problems = [problem for report in reports for problem in report.problems]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the raw files: nothing was scored.", file=sys.stderr)
        return 1
    for report in reports:
        path = args.raw_dir / report.file_name
        read_as = f"; {report.dialect.describe()}" if report.dialect is not None else ""
        if report.unchanged:
            since = f"unchanged since it was landed in {report.landed_file}"
            print(f"ok: {path} ({since}: {report.data_lines:,} rows{read_as})")
        else:
            landed = f"; landed in {report.landed_file}" if report.landed_file is not None else ""
            print(f"ok: {path} ({report.data_lines:,} lines after the header{landed}{read_as})")
        if report.renamed:
            read = ", ".join(f"{column} <- {header}" for header, column in report.renamed)
            print(f"    columns read by their export names: {read}")
        if report.extras:
            print(f"    other columns landed too (a grid can score them): {', '.join(report.extras)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
