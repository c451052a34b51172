"""The --inject classes of bad input: their names and descriptions, how a request is checked (and "all"
expanded), what a class gets (its random stream, context and id block) and gives (an Injection), how many rows
it adds, and how the added rows are mixed into a file."""

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from icp_scoring.sample.clean_truth import AccountTruth
from icp_scoring.sample.files import (
    ACTIVITIES_FILE,
    CONTACTS_FILE,
    CRM_FILE,
    FILE_STEMS,
    INTENT_FILE,
    OPPORTUNITIES_FILE,
    TECHNOGRAPHICS_FILE,
    RawLine,
)

INJECT_ALL = "all"
ROW_INJECT_DESCRIPTIONS = {
    "bad-numbers": "employees / annual_revenue unparseable (12 employees approx, 1.2.3, $, ten) or negative",
    "text-employees": "employees as free text (fifty, a few, small team, enterprise)",
    "conflicting-duplicates": (
        "ids with 2-3 records disagreeing on industry, employees or website, some tied on last_modified_at"
    ),
    "shared-domains": "groups of three account ids on one domain (a new one or an existing account's)",
    "bad-websites": "blank, whitespace-only, garbage, IP, e-mail and free-mail websites",
    "unknown-values": (
        "industries, countries, technologies, signal types, opportunity stages and activity types that no "
        "alias maps"
    ),
    "future-events": "intent events dated after the as-of date",
    "events-before-creation": "intent events dated before the account's CRM created_date",
    "unknown-domains": "technographic and intent rows for domains that match no account",
    "bad-encoding": "CRM rows with latin-1 bytes (not UTF-8) in account_name and/or industry",
    "odd-quoting": "CRM names with commas, doubled quotes and line breaks, all correctly quoted",
    "stray-quotes": "3 CRM rows with an unbalanced double quote (a CSV reader cannot split them)",
    "unknown-account-ids": ("opportunities, activities and contacts on account ids that no CRM record has"),
    "closed-before-created": "opportunities closed 1 to 60 days before they were created",
    "bad-amounts": "opportunity amounts that are negative or not a number (tbd, 1.2.3, n/a, twenty k)",
}
FILE_INJECT_DESCRIPTIONS = {
    **{f"empty-file:{stem}": f"{name} has only its header row" for name, stem in FILE_STEMS.items()},
    **{
        f"missing-file:{stem}": f"{name} is not written (an existing one is removed)"
        for name, stem in FILE_STEMS.items()
    },
}
INJECT_DESCRIPTIONS = ROW_INJECT_DESCRIPTIONS | FILE_INJECT_DESCRIPTIONS
INJECT_CLASSES = tuple(INJECT_DESCRIPTIONS)  # the names --inject accepts, besides "all"
ROW_INJECT_CLASSES = tuple(ROW_INJECT_DESCRIPTIONS)  # what "all" stands for
INJECT_SHARE = 0.02  # rows each class adds to a file it concerns: 2% of the file's rows ...
INJECT_MIN_ROWS = 5  # ... and at least this many (and at least one per listed variant)
INJECT_STREAM = 6  # SeedSequence spawn key of the injection streams (the blocks use 8)
INJECT_ID_BLOCK = 1_000_000  # account indexes reserved per class after the regular accounts


@dataclass(frozen=True)
class InjectionContext:
    """What injection classes build on: the as-of date, the truth, created dates and file sizes."""

    as_of: dt.date
    truth: AccountTruth
    created: pa.ChunkedArray  # created_date text of each regular account, null when blank
    rows: dict[str, int]  # data rows per file before injection


@dataclass(frozen=True)
class Injection:
    """The rows one class adds: tables to mix into each file, and raw CRM lines written as bytes."""

    crm: pa.Table | None = None
    technographics: pa.Table | None = None
    intent: pa.Table | None = None
    opportunities: pa.Table | None = None
    activities: pa.Table | None = None
    contacts: pa.Table | None = None
    crm_lines: tuple[bytes, ...] = ()

    def tables(self) -> dict[str, pa.Table | None]:
        """The table added to each file name (None: nothing)."""
        return {
            CRM_FILE: self.crm,
            TECHNOGRAPHICS_FILE: self.technographics,
            INTENT_FILE: self.intent,
            OPPORTUNITIES_FILE: self.opportunities,
            ACTIVITIES_FILE: self.activities,
            CONTACTS_FILE: self.contacts,
        }

    def counts(self) -> dict[str, int]:
        """Rows added per file name."""
        tables = self.tables()
        counts = {name: 0 if table is None else table.num_rows for name, table in tables.items()}
        counts[CRM_FILE] += len(self.crm_lines)
        return {name: count for name, count in counts.items() if count}


def resolve_inject(names: Iterable[str]) -> frozenset[str]:
    """Check injection class names and expand "all"; raise ValueError naming the valid classes."""
    if isinstance(names, str):
        raise TypeError("inject takes a set of class names, not a single string")
    requested = set(names)
    unknown = sorted(requested - set(INJECT_CLASSES) - {INJECT_ALL})
    if unknown:
        raise ValueError(
            f"unknown injection class {', '.join(map(repr, unknown))}; "
            f"valid classes: {INJECT_ALL}, {', '.join(INJECT_CLASSES)}"
        )
    if INJECT_ALL in requested:
        requested = (requested - {INJECT_ALL}) | set(ROW_INJECT_CLASSES)
    for stem in FILE_STEMS.values():
        if {f"empty-file:{stem}", f"missing-file:{stem}"} <= requested:
            raise ValueError(f"{stem} cannot be both empty-file and missing-file")
    return frozenset(requested)


def inject_stream(seed: int, number: int) -> np.random.Generator:
    """The random stream of injection class ``number`` (or of the mixing, after the last class)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(INJECT_STREAM, number)))


def inject_count(rows: int, variants: int = 1) -> int:
    """Rows to inject into a file of ``rows`` rows: 2%, at least 5 and at least one per variant."""
    return max(INJECT_MIN_ROWS, variants, math.ceil(INJECT_SHARE * rows))


# --- Mixing the injected rows into the files ------------------------------------------------------


def insert_rows(base: pa.Table, extra: pa.Table, positions: np.ndarray) -> pa.Table:
    """``extra`` rows placed before the base rows at ``positions`` (sorted; len(base) for the end)."""
    order = np.insert(np.arange(base.num_rows), positions, base.num_rows + np.arange(extra.num_rows))
    return pa.concat_tables([base, extra.cast(base.schema)]).take(pa.array(order))


def mix_at_random(rng: np.random.Generator, base: pa.Table, extras: list[pa.Table]) -> pa.Table:
    """The extra rows shuffled and spread over random positions in ``base``."""
    if not extras:
        return base
    extra = pa.concat_tables([table.cast(base.schema) for table in extras])
    extra = extra.take(pa.array(rng.permutation(extra.num_rows)))
    return insert_rows(base, extra, np.sort(rng.integers(0, base.num_rows + 1, extra.num_rows)))


def raw_line_positions(rng: np.random.Generator, rows: int, lines: list[bytes]) -> list[RawLine]:
    """Raw lines in random order at random positions, each before some table row (never the last line)."""
    positions = np.sort(rng.integers(0, max(rows, 1), len(lines)))
    order = rng.permutation(len(lines))
    return [(int(position), lines[index]) for position, index in zip(positions, order, strict=True)]
