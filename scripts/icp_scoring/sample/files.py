"""The six raw files the generator writes: their names and columns (the raw data contract), and how one is
written (atomically, header first, raw lines in between), emptied or left out by a file-level --inject class;
and the progress lines on stderr."""

import itertools
import os
import pathlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pa_csv

from icp_scoring.raw.contract import RAW_CONTRACT

CRM_FILE = "crm_accounts.csv"
TECHNOGRAPHICS_FILE = "technographics.csv"
INTENT_FILE = "intent_signals.csv"
OPPORTUNITIES_FILE = "crm_opportunities.csv"
ACTIVITIES_FILE = "crm_activities.csv"
CONTACTS_FILE = "crm_contacts.csv"

# The column names are the raw data contract, defined once in icp_scoring.raw.contract.
CRM_COLUMNS = RAW_CONTRACT[CRM_FILE]
TECHNOGRAPHICS_COLUMNS = RAW_CONTRACT[TECHNOGRAPHICS_FILE]
INTENT_COLUMNS = RAW_CONTRACT[INTENT_FILE]
OPPORTUNITY_COLUMNS = RAW_CONTRACT[OPPORTUNITIES_FILE]
ACTIVITY_COLUMNS = RAW_CONTRACT[ACTIVITIES_FILE]
CONTACT_COLUMNS = RAW_CONTRACT[CONTACTS_FILE]
FILE_STEMS = {
    CRM_FILE: "crm_accounts",
    TECHNOGRAPHICS_FILE: "technographics",
    INTENT_FILE: "intent_signals",
    OPPORTUNITIES_FILE: "crm_opportunities",
    ACTIVITIES_FILE: "crm_activities",
    CONTACTS_FILE: "crm_contacts",
}
FILE_COLUMNS = {
    CRM_FILE: CRM_COLUMNS,
    TECHNOGRAPHICS_FILE: TECHNOGRAPHICS_COLUMNS,
    INTENT_FILE: INTENT_COLUMNS,
    OPPORTUNITIES_FILE: OPPORTUNITY_COLUMNS,
    ACTIVITIES_FILE: ACTIVITY_COLUMNS,
    CONTACTS_FILE: CONTACT_COLUMNS,
}

RawLine = tuple[int, bytes]  # bytes written as they are, before the table row at the given position


@dataclass(frozen=True)
class CsvFormat:
    """How the files are written: the generator's own CSV (comma, LF) or Excel FR's (semicolon, BOM, CRLF)."""

    delimiter: str = ","
    bom: bool = False
    line_end: str = "\n"


DEFAULT_FORMAT = CsvFormat()
EXCEL_FR_FORMAT = CsvFormat(delimiter=";", bom=True, line_end="\r\n")


# --- Output ---------------------------------------------------------------------------------------


def write_csv_atomic(
    parts: Iterable[pa.Table],
    path: pathlib.Path,
    lines: Sequence[RawLine] = (),
    csv_format: CsvFormat = DEFAULT_FORMAT,
) -> int:
    """Write a header line and the rows of ``parts`` (tables of one schema, at least one) to a temporary file
    next to ``path``, then rename it into place; return the data lines written (rows and raw lines).

    The header is written unquoted by hand; values use pyarrow's quoting (strings quoted, "" doubled).
    ``lines`` are raw lines (bytes as given, which need not be valid UTF-8 or CSV), each written before
    the row at its position among all the parts' rows.
    """
    parts = iter(parts)
    first = next(parts)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as sink:
            header = csv_format.delimiter.join(first.column_names) + csv_format.line_end
            sink.write(("\ufeff" if csv_format.bom else "").encode("utf-8") + header.encode("utf-8"))
            rows = write_rows(sink, itertools.chain([first], parts), first.schema, lines, csv_format)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return rows + len(lines)


def write_rows(
    sink: BinaryIO,
    parts: Iterable[pa.Table],
    schema: pa.Schema,
    lines: Sequence[RawLine],
    csv_format: CsvFormat = DEFAULT_FORMAT,
) -> int:
    """The parts' rows through pyarrow's CSV writer, with the raw lines written in between; return the rows.

    Empty record batches are skipped: pyarrow's CSV writer emits garbage bytes when a table starts with
    an empty batch (apache/arrow#36889).
    """
    options = pa_csv.WriteOptions(include_header=False)
    if csv_format != DEFAULT_FORMAT:
        options = pa_csv.WriteOptions(
            include_header=False, delimiter=csv_format.delimiter, eol=csv_format.line_end
        )
    pending = iter(lines)
    line = next(pending, None)
    written = 0
    with pa_csv.CSVWriter(sink, schema, write_options=options) as writer:
        for part in parts:
            start = 0
            while line is not None and line[0] < written + part.num_rows:
                write_batches(writer, part.slice(start, line[0] - written - start))
                sink.write(line[1])
                start = line[0] - written
                line = next(pending, None)
            write_batches(writer, part.slice(start))
            written += part.num_rows
        while line is not None:  # raw lines after the last row
            sink.write(line[1])
            line = next(pending, None)
    return written


def write_batches(writer: pa_csv.CSVWriter, table: pa.Table) -> None:
    """The table's non-empty record batches."""
    for batch in table.to_batches():
        if batch.num_rows:
            writer.write_batch(batch)


def log(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def dropped(file_name: str, classes: frozenset[str]) -> bool:
    """Whether an injection class empties or removes the file (so it need not be rendered)."""
    stem = FILE_STEMS[file_name]
    return bool({f"empty-file:{stem}", f"missing-file:{stem}"} & classes)


def save(
    output_dir: pathlib.Path,
    file_name: str,
    parts: Iterable[pa.Table] | None,
    lines: Sequence[RawLine],
    classes: frozenset[str],
    csv_format: CsvFormat = DEFAULT_FORMAT,
) -> int | None:
    """Write one file from its parts (header only for empty-file, nothing for missing-file); return its data
    rows."""
    path = output_dir / file_name
    stem = FILE_STEMS[file_name]
    if f"missing-file:{stem}" in classes:
        path.unlink(missing_ok=True)
        return None
    if parts is None or f"empty-file:{stem}" in classes:
        parts = [pa.table({name: pa.array([], pa.string()) for name in FILE_COLUMNS[file_name]})]
        lines = ()
    return write_csv_atomic(parts, path, lines, csv_format)
