"""Which column of a raw file holds each column of the contract: its own name, or a CRM export's header.

A Salesforce or HubSpot export keeps its own headers (`Id`, `BillingCountry`, `Record ID`, `Country/Region`):
seeds/reference/raw_column_aliases.csv lists them per raw file, and a team adds its own rows (a custom
field, a translated report label). Headers are compared ignoring case, surrounding spaces and a byte order
mark. When a file holds several headers for one contract column, the contract's own name wins, then the alias
listed first.

A header that appears twice is refused when it is one the run would read (an export with the parent's
`account_id` before the account's own would otherwise be read from the wrong column); a duplicated column the
run ignores is left alone.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from icp_scoring import settings
from icp_scoring.console import UserError
from icp_scoring.raw.contract import RAW_CONTRACT

ALIASES_FILE = settings.SEEDS_DIR / "reference" / "raw_column_aliases.csv"


@dataclass(frozen=True)
class HeaderColumns:
    """The position in the header of each contract column found, the aliases used, and the problems."""

    positions: dict[str, int]
    renamed: tuple[tuple[str, str], ...]  # (header as written, contract column) for each alias used
    problems: tuple[str, ...]


def header_key(name: str) -> str:
    """How headers are compared: case, surrounding spaces, runs of spaces and a byte order mark ignored."""
    return " ".join(name.lstrip("\ufeff").split()).casefold()


def read_aliases(path: Path = ALIASES_FILE) -> dict[str, list[tuple[str, str]]]:
    """Per raw file, its (header key, contract column) pairs in the file's order; a row naming a file or a
    column the contract does not have is refused (a typo would otherwise leave the export unread)."""
    aliases: dict[str, list[tuple[str, str]]] = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: not UTF-8 ({error.reason}); save it as CSV UTF-8.") from None
    for line, row in enumerate(rows, start=2):
        raw_file, column, header = (row.get(name) or "" for name in ("raw_file", "column_name", "header"))
        if raw_file not in RAW_CONTRACT:
            raise UserError(
                f"{path}, line {line}: raw_file {raw_file!r} is not a file of the contract "
                f"({', '.join(RAW_CONTRACT)})."
            )
        if column not in RAW_CONTRACT[raw_file]:
            raise UserError(
                f"{path}, line {line}: column_name {column!r} is not a column of {raw_file} "
                f"({', '.join(RAW_CONTRACT[raw_file])})."
            )
        if not header.strip():
            raise UserError(f"{path}, line {line}: the header is blank; write the export's column name.")
        aliases.setdefault(raw_file, []).append((header_key(header), column))
    return aliases


def aliases_version(path: Path = ALIASES_FILE) -> str:
    """A fingerprint of the aliases: landed files are landed again when it changes."""
    return hashlib.md5(path.read_bytes()).hexdigest()[:12]


def resolve_header(
    path: Path,
    header: Sequence[str],
    expected: Sequence[str],
    aliases: Sequence[tuple[str, str]],
    quote_header: bool = True,
    split_by: str = "",
) -> HeaderColumns:
    """Find each expected column in the header (by its name, then by its aliases); problems name what is
    missing or duplicated, and quote the header found unless quote_header is false (split_by: the delimiter
    that split it, named in the message)."""
    positions_by_key: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        positions_by_key.setdefault(header_key(name), []).append(position)
    candidates = {column: [header_key(column)] for column in expected}
    for key, column in aliases:
        if column in candidates:
            candidates[column].append(key)
    positions: dict[str, int] = {}
    renamed: list[tuple[str, str]] = []
    problems: list[str] = []
    duplicated: set[str] = set()
    for column in expected:
        key = next((key for key in candidates[column] if key in positions_by_key), None)
        if key is None:
            continue
        found = positions_by_key[key]
        written = header[found[0]].lstrip("\ufeff").strip()
        if len(found) > 1:
            places = " and ".join(str(position + 1) for position in found)
            problems.append(
                f'{path}: the column "{written}" appears {len(found)} times in the header '
                f"(columns {places}); keep the one that holds {column} and rename or remove the other."
            )
            duplicated.add(column)
            continue
        positions[column] = found[0]
        if key != header_key(column):
            renamed.append((written, column))
    missing = [column for column in expected if column not in positions and column not in duplicated]
    if missing:
        found_names = ", ".join(name.lstrip("\ufeff").strip() for name in header)
        split = f", split by {split_by}" if split_by else ""
        found = (
            f" (found{split}: {found_names})"
            if quote_header
            else (f" (split by {split_by})" if split_by else "")
        )
        problems.append(
            f"{path}: the header lacks column(s) {', '.join(missing)}{found}. Rename the "
            "columns to the contract in docs/raw-data.md, or add your export's header names to "
            f"{ALIASES_FILE.relative_to(settings.PROJECT_DIR)}."
        )
    return HeaderColumns(positions, tuple(renamed), tuple(problems))
