"""Seed CSVs as Excel saves them: what keeps dbt from reading a seed as meant, said in one sentence per file,
and the rewrite into the one form dbt reads (`icp grid-format`).

dbt reads a seed separated by commas, with numbers written with a decimal point. Excel on a computer set to
French (German, Spanish, Italian) saves CSV separated by semicolons, numbers with a decimal comma (`0,4`) and
booleans in its language (`FAUX`), and "CSV UTF-8" adds a byte-order mark, with CRLF line ends. A BOM and
CRLF load as meant (the seeds' loader reads them); a semicolon file, a decimal comma in a number column or an
Excel boolean does not, and is named here before dbt runs. Which columns hold numbers or booleans is read
from the seeds' YAML (`column_types`), written once there.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from icp_scoring import settings
from icp_scoring.csv_dialect import DELIMITER_NAMES, CsvDialect, sniff

NUMBER_TYPES = (
    "decimal",
    "numeric",
    "integer",
    "int",
    "bigint",
    "smallint",
    "tinyint",
    "double",
    "float",
    "real",
)
BOOLEAN_TYPES = ("boolean", "bool")
DATE_TYPES = ("date",)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A date as Excel writes it in French or German: day first (15/03/2026, 15.03.2026).
EXCEL_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
# A number with a decimal comma (0,4; -12,5), or with its thousands grouped by spaces (1 000; 1 000,5) as
# French formatting writes them, with a space, a no-break space or a narrow no-break space.
DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[,.]\d+)?")
# Booleans as Excel writes them in French, German, Spanish and Italian.
EXCEL_BOOLEANS = {
    "vrai": "true",
    "faux": "false",
    "wahr": "true",
    "falsch": "false",
    "verdadero": "true",
    "vero": "true",
    "falso": "false",
}


@dataclass(frozen=True)
class Change:
    """A value the rewrite changes: where it is and what it becomes."""

    line: int
    column: str
    value: str
    canonical: str


@dataclass(frozen=True)
class SeedFile:
    """A seed CSV as read: its dialect, its rows (the header first) and the line each row starts on."""

    path: Path
    dialect: CsvDialect
    rows: list[list[str]]
    lines: list[int]


class SeedFormatError(ValueError):
    """A seed file that cannot be read at all (not UTF-8, a quote left open); the message says where."""


@functools.cache
def seed_column_types(seeds_dir: Path = settings.SEEDS_DIR) -> dict[str, dict[str, str]]:
    """Each seed's column types as its YAML declares them (`config: column_types:`), by seed name."""
    types: dict[str, dict[str, str]] = {}
    for properties in sorted(seeds_dir.rglob("_*__seeds.yml")):
        document = yaml.safe_load(properties.read_text(encoding="utf-8")) or {}
        for seed in document.get("seeds", []):
            declared = (seed.get("config") or {}).get("column_types") or {}
            types[seed["name"]] = {column: str(kind).lower() for column, kind in declared.items()}
    return types


def kind_of(column_type: str) -> str:
    """ "number", "boolean", "date" or "text"."""
    base = column_type.split("(")[0].strip()
    if base in NUMBER_TYPES:
        return "number"
    if base in DATE_TYPES:
        return "date"
    return "boolean" if base in BOOLEAN_TYPES else "text"


def canonical_value(value: str, column_type: str) -> str:
    """The value as dbt reads it: a decimal point, no thousands spaces, true/false, ISO dates; anything else
    as it is."""
    kind, text = kind_of(column_type), value.strip()
    if kind == "number" and GROUPED_NUMBER.fullmatch(text):
        return re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
    if kind == "number" and DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    if kind == "boolean" and text.lower() in EXCEL_BOOLEANS:
        return EXCEL_BOOLEANS[text.lower()]
    if kind == "date" and (excel_date := EXCEL_DATE.fullmatch(text)):
        day, month, year = excel_date.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return value


def unreadable_value(seed: SeedFile, types: dict[str, str]) -> str | None:
    """The first value of a date column that is neither blank nor a date dbt or the rewrite can read, as
    "line N, column C: "value""; None when there is none."""
    header = [name.strip() for name in seed.rows[0]] if seed.rows else []
    for row, line in zip(seed.rows[1:], seed.lines[1:], strict=True):
        for name, value in zip(header, row, strict=False):
            text = canonical_value(value, types.get(name, "varchar")).strip()
            if kind_of(types.get(name, "varchar")) == "date" and text and not ISO_DATE.fullmatch(text):
                return f'line {line}, column {name}: "{value}"'
    return None


def read_seed(path: Path, columns: tuple[str, ...] = ()) -> SeedFile:
    """The file's rows in the dialect its header shows (the delimiter that splits it into the expected
    columns); raises SeedFormatError when it is not UTF-8 or a quote is left open."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SeedFormatError(
            f'{path}, line {line}: not UTF-8 (Excel\'s plain "CSV" is Windows-1252): save it from Excel as '
            '"CSV UTF-8", then run `icp grid-format` on its folder.'
        ) from None
    dialect = sniff(path, columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        start = 1
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise SeedFormatError(
            f'{path}, line {reader.line_num}: {error}; close the quote, or write "" for a quote inside a '
            "quoted value."
        ) from None
    return SeedFile(path, dialect, rows, lines)


def changes(seed: SeedFile, types: dict[str, str]) -> list[Change]:
    """The values of number and boolean columns the rewrite writes differently."""
    if not seed.rows:
        return []
    header = [name.strip() for name in seed.rows[0]]
    found = []
    for row, line in zip(seed.rows[1:], seed.lines[1:], strict=True):
        for name, value in zip(header, row, strict=False):
            canonical = canonical_value(value, types.get(name, "varchar"))
            if canonical != value:
                found.append(Change(line, name, value, canonical))
    return found


def seed_problem(path: Path, types: dict[str, str]) -> str | None:
    """One sentence naming the file, the line and what to change, when dbt would not read the seed as
    meant; None when it would (a BOM and CRLF line ends are fine)."""
    try:
        seed = read_seed(path, tuple(types))
    except SeedFormatError as error:
        return str(error)
    header_problem = seed_header_problem(seed, types)
    if header_problem is not None:
        return header_problem
    fix = (
        f"run `icp grid-format {path.parent}` (it rewrites the CSVs of the folder for dbt, keeping a backup)"
    )
    found = changes(seed, types)
    if seed.dialect.delimiter != ",":
        also = ""
        if found:
            first = found[0]
            also = f", and line {first.line} writes {first.value} for {first.canonical}"
        seen = DELIMITER_NAMES[seed.dialect.delimiter]
        excel = ", as Excel saves CSV in French or German" if seed.dialect.delimiter == ";" else ""
        return (
            f"{path}, line 1: the values are separated by {seen}{excel}{also}; dbt reads seeds separated by "
            f"commas: {fix}."
        )
    if found:
        first = found[0]
        return (
            f'{path}, line {first.line}, column {first.column}: "{first.value}" is written as Excel writes '
            f"it in French or German; write {first.canonical}, or {fix}."
        )
    if (unreadable := unreadable_value(seed, types)) is not None:
        return (
            f"{path}, {unreadable} is not a date: write it as year-month-day (2026-12-04), or leave it empty."
        )
    return None


def seed_header_problem(seed: SeedFile, types: dict[str, str]) -> str | None:
    """A column named twice in the header (dbt would load one under another name), or a column of the seed's
    YAML missing from it (a renamed or deleted column); None when the header names each column once."""
    if not seed.rows:
        return None
    header = [name.strip().lstrip("\ufeff") for name in seed.rows[0]]
    for name in dict.fromkeys(header):
        places = [str(position) for position, other in enumerate(header, start=1) if other == name]
        if len(places) > 1:
            return (
                f'{seed.path}, line 1: the column "{name}" appears {len(places)} times (columns '
                f"{' and '.join(places)}); keep one and delete or rename the others."
            )
    missing = [column for column in types if column not in header]
    if missing:
        return (
            f"{seed.path}, line 1: the header lacks column(s) {', '.join(missing)} (found: "
            f"{', '.join(header)}); name the columns as {', '.join(types)}, in any order."
        )
    return None


def seed_problems(seeds_dir: Path = settings.SEEDS_DIR) -> list[str]:
    """One sentence per seed CSV under seeds_dir that dbt would not read as meant (column types from the
    project's seeds' YAML)."""
    types = seed_column_types()
    return [
        problem
        for path in sorted(seeds_dir.rglob("*.csv"))
        if (problem := seed_problem(path, types.get(path.stem, {}))) is not None
    ]


def canonical_text(seed: SeedFile, types: dict[str, str]) -> str:
    """The file as dbt reads it: comma-separated UTF-8 without a BOM, LF line ends, minimal quoting, decimal
    points and true/false."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    if seed.rows:
        header = [name.strip() for name in seed.rows[0]]
        writer.writerow(header)
        for row in seed.rows[1:]:
            writer.writerow(
                [
                    canonical_value(value, types.get(name, "varchar"))
                    for name, value in zip(header, row, strict=False)
                ]
                + row[len(header) :]
            )
    return output.getvalue()
