"""How a CSV file is written: its delimiter, whether it starts with a UTF-8 byte-order mark and its line ends,
found from the header line (the names a file must hold say which delimiter splits them).

Excel saves CSV with the list separator of the computer's language: `;` in French, German, Spanish or
Italian (the decimal comma takes `,`), with a BOM when saved as "CSV UTF-8", and with CRLF line ends. The raw
files are read in either delimiter (`icp land` says which it found); the grid's seeds are rewritten into the
one form dbt reads (`icp grid-format`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"
# The delimiters told apart, each with the words that name it in a message. Only `,` and `;` are read.
DELIMITER_NAMES = {",": "commas (,)", ";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}
READ_DELIMITERS = (",", ";")
HEADER_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CsvDialect:
    """How one CSV file is written, as seen on its header line."""

    delimiter: str
    has_bom: bool
    line_end: str  # "LF", "CRLF", "CR" or "" (a single line without an end)
    header: tuple[str, ...]  # the header's names split by the delimiter, trimmed, BOM removed

    @property
    def is_canonical(self) -> bool:
        """Comma-delimited, no BOM, LF line ends: how the project writes its own CSV files."""
        return self.delimiter == "," and not self.has_bom and self.line_end in ("LF", "")

    def describe(self) -> str:
        """E.g. "`;`-delimited, UTF-8 with a BOM, CRLF line ends"."""
        encoding = "UTF-8 with a BOM" if self.has_bom else "UTF-8"
        ends = f", {self.line_end} line ends" if self.line_end else ""
        return f"`{printable(self.delimiter)}`-delimited, {encoding}{ends}"

    def duckdb_options(self) -> str:
        """DuckDB read_csv options reading the file as written, every column as text (a BOM is skipped)."""
        return f"header = true, all_varchar = true, delim = '{self.delimiter}', quote = '\"', escape = '\"'"


def printable(delimiter: str) -> str:
    return "\\t" if delimiter == "\t" else delimiter


def read_header_line(path: Path) -> tuple[bytes, bool, str]:
    """The first line of the file (without its end and BOM), whether it has a BOM, and its line end."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    has_bom = head.startswith(BOM)
    if has_bom:
        head = head[len(BOM) :]
    end = head.find(b"\n")
    if end >= 0:
        line, line_end = head[:end], "LF"
        if line.endswith(b"\r"):
            line, line_end = line[:-1], "CRLF"
        return line, has_bom, line_end
    end = head.find(b"\r")
    if end >= 0:
        return head[:end], has_bom, "CR"
    return head, has_bom, ""


def split_header(line: str, delimiter: str) -> tuple[str, ...]:
    fields = next(csv.reader([line], delimiter=delimiter), [])
    return tuple(field.strip().lstrip("\ufeff") for field in fields)


def sniff(path: Path, expected: Sequence[str] = ()) -> CsvDialect:
    """The dialect of a CSV file: the delimiter that splits its header into the most expected names (case
    ignored), then into the most fields (`,` on a tie); a BOM and CRLF line ends are noted."""
    line, has_bom, line_end = read_header_line(path)
    text = line.decode("utf-8", errors="replace")
    wanted = {name.casefold() for name in expected}

    def rank(delimiter: str) -> tuple[int, int]:
        fields = split_header(text, delimiter)
        return len(wanted.intersection(field.casefold() for field in fields)), len(fields)

    delimiter = max(DELIMITER_NAMES, key=rank)  # max keeps the first of equals: `,` wins a tie
    return CsvDialect(delimiter, has_bom, line_end, split_header(text, delimiter))
