"""The sample as a French team's CRM exports it (`icp sample --style fr`): the same accounts, feeds and
outcomes, each file rewritten the way a French CRM and Excel write them.

- Industries: NAF codes in their spellings (`62.01Z`, `6201Z`, `62.01`), their French labels and the
  industries' French names, read from the reference seeds (`seeds/reference/industry_codes.csv`,
  `industries.csv`); which codes the sample draws per industry is the sample's choice (`NAF_CODES`).
- Countries in French as a French team writes them (`SAMPLE_FRENCH_COUNTRY_NAMES`, the sample's 16
  countries, typed by hand rather than taken from pycountry, whose names the models map: a sample drawn from
  the same list would test nothing), as a name, the name in capitals without accents, or the ISO code.
- Amounts in euros as French formatting writes them (`1 200 000 €` with narrow no-break or no-break spaces,
  `1 200 000,00 €`, `1,2 M€`, `850 K€`), converted from the sample's dollars at `USD_TO_EUR`; employees
  grouped by a no-break space (`1 200`).
- Dates `15/03/2024` and timestamps `15/03/2024 10:00`.
- The files: separated by `;`, UTF-8 with a BOM, CRLF line ends (Excel FR's "CSV UTF-8").

The rewrite works on the rendered tables, value by value, with a random stream of its own: the default
(English) sample is untouched, byte for byte.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from icp_scoring import settings
from icp_scoring.sample.vectorised import WeightedGroups, categorical
from icp_scoring.sample.vocabulary import (
    COUNTRY_CODES,
    COUNTRY_VARIANTS,
    INDUSTRIES,
    INDUSTRY_VARIANTS,
    UNMAPPED_INDUSTRIES,
    USD_TO_EUR,
)

STYLES = ("en", "fr")
# SeedSequence spawn key of the French rewrite (random_streams 0-5, injections 6, outcomes 7).
FRENCH_STREAM = 8

# The NAF rév. 2 sub-classes the French sample draws per industry (the sample's choice); their labels come
# from seeds/reference/industry_codes.csv.
NAF_CODES: dict[str, tuple[str, ...]] = {
    "technology": ("62.01Z", "62.02A", "58.29C", "63.11Z"),
    "professional_services": ("70.22Z", "69.20Z", "71.12B", "69.10Z"),
    "financial_services": ("64.19Z", "65.12Z", "66.12Z", "65.11Z"),
    "media": ("73.11Z", "58.13Z", "59.11A"),
    "manufacturing": ("28.99B", "25.62B", "28.41Z", "22.29A"),
    "retail": ("47.11D", "47.91B", "47.71Z", "47.11F"),
    "logistics": ("49.41A", "52.10B", "52.29A"),
    "healthcare": ("86.10Z", "21.20Z", "86.21Z"),
    "education": ("85.42Z", "85.59A"),
    "public_sector": ("84.11Z",),
}
# Weights of each way to write an industry: a NAF code dotted (62.01Z), without its dot (6201Z), as its NACE
# class (62.01), the code's French label, the industry's French name.
DOTTED_WEIGHT, COMPACT_WEIGHT, CLASS_WEIGHT, LABEL_WEIGHT, NAME_WEIGHT = 2.0, 1.5, 1.0, 2.0, 4.0
# The sample's unmapped industries (UNMAPPED_INDUSTRIES), as a French CRM writes them: no industry at all.
FRENCH_UNMAPPED_INDUSTRIES = ("Autre", "Divers", "N/A", "NC")

# The sample's 16 countries as a French team writes them.
SAMPLE_FRENCH_COUNTRY_NAMES = {
    "US": "États-Unis",
    "GB": "Royaume-Uni",
    "FR": "France",
    "DE": "Allemagne",
    "ES": "Espagne",
    "IT": "Italie",
    "NL": "Pays-Bas",
    "BE": "Belgique",
    "CH": "Suisse",
    "SE": "Suède",
    "CA": "Canada",
    "AU": "Australie",
    "IN": "Inde",
    "BR": "Brésil",
    "JP": "Japon",
    "IE": "Irlande",
}
# A country as a French name, the name in capitals without accents, its ISO code.
NAME_COUNTRY_WEIGHT, CAPITALS_COUNTRY_WEIGHT, CODE_COUNTRY_WEIGHT = 6.0, 1.0, 2.0

NARROW_NBSP, NBSP = "\u202f", "\u00a0"
# Amount forms: grouped by narrow no-break spaces, by no-break spaces, with cents, compact (M€, K€), plain.
AMOUNT_FORM_WEIGHTS = (4.0, 2.0, 1.0, 2.0, 1.0)
FRENCH_GARBAGE = {"confidential": "confidentiel", "n/a": "NC", "tbd": "à définir"}
DATE_COLUMNS = (
    "created_date",
    "last_modified_at",
    "last_activity_date",
    "first_detected_date",
    "last_detected_date",
    "occurred_at",
    "closed_date",
    "activity_date",
)


@functools.cache
def naf_labels() -> dict[str, str]:
    """French labels of the NAF sub-classes, from the reference seed."""
    with (settings.REFERENCE_DIR / "industry_codes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["label_fr"] for row in csv.DictReader(handle) if row["code_system"] == "naf"}


@functools.cache
def industry_names_fr() -> dict[str, str]:
    """The canonical industries' French names, from the reference seed."""
    with (settings.REFERENCE_DIR / "industries.csv").open(encoding="utf-8", newline="") as handle:
        return {row["industry"]: row["industry_label_fr"] for row in csv.DictReader(handle)}


def industry_variants(industry: str) -> list[tuple[str, float]]:
    """The ways a French CRM writes one of the sample's industries, with weights."""
    labels = naf_labels()
    variants: list[tuple[str, float]] = [(industry_names_fr()[industry], NAME_WEIGHT)]
    for code in NAF_CODES[industry]:
        variants += [
            (code, DOTTED_WEIGHT),
            (code.replace(".", ""), COMPACT_WEIGHT),
            (code[:-1], CLASS_WEIGHT),
            (labels[code], LABEL_WEIGHT),
        ]
    return variants


def without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def country_variants(name: str, code: str) -> list[tuple[str, float]]:
    return [
        (name, NAME_COUNTRY_WEIGHT),
        (without_accents(name).upper(), CAPITALS_COUNTRY_WEIGHT),
        (code, CODE_COUNTRY_WEIGHT),
    ]


def lookup_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def group_index(groups: tuple[tuple[tuple[str, float], ...], ...]) -> dict[str, int]:
    """Each English spelling of the vocabulary (case and spaces ignored) -> its group."""
    return {lookup_key(value): group for group, members in enumerate(groups) for value, _ in members}


def with_noise_of(original: str, spellings: set[str], french: str) -> str:
    """The French value with the original's case noise (a spelling of the vocabulary in capitals or in lower
    case); a spelling written as the vocabulary has it gives the French value as it is."""
    if original in spellings:
        return french
    if original.isupper():
        return french.upper()
    return french.lower() if original.islower() else french


def regroup(
    column: pa.Array,
    groups: WeightedGroups,
    english: tuple[tuple[tuple[str, float], ...], ...],
    other: Callable[[str], str],
    rng: np.random.Generator,
) -> pa.Array:
    """Each value of a group of the English vocabulary redrawn from the French variants of that group (with
    its case noise); any other value passed through `other`."""
    index = group_index(english)
    spellings = {value for members in english for value, _ in members}
    values = column.to_pylist()
    keys = [None if value is None else index.get(lookup_key(value)) for value in values]
    drawn = groups.sample(rng, np.array([0 if key is None else key for key in keys], dtype=np.int64))
    result: list[str | None] = []
    for value, key, pick in zip(values, keys, drawn, strict=True):
        if value is None:
            result.append(None)
        elif key is None:
            result.append(other(value))
        else:
            result.append(with_noise_of(value.strip(), spellings, groups.values[pick]))
    return pa.array(result, pa.string())


def french_industries(column: pa.Array, rng: np.random.Generator) -> pa.Array:
    groups = WeightedGroups.build([industry_variants(industry) for industry in INDUSTRIES])
    unmapped = dict(zip(UNMAPPED_INDUSTRIES, FRENCH_UNMAPPED_INDUSTRIES, strict=True))
    return regroup(column, groups, INDUSTRY_VARIANTS, lambda value: unmapped.get(value, value), rng)


def french_countries(column: pa.Array, rng: np.random.Generator) -> pa.Array:
    names = SAMPLE_FRENCH_COUNTRY_NAMES
    groups = WeightedGroups.build([country_variants(names[code], code) for code in COUNTRY_CODES])
    return regroup(column, groups, COUNTRY_VARIANTS, lambda value: value, rng)


# --- Amounts and numbers ----------------------------------------------------------------------------

COMPACT = re.compile(r"(\d+(?:[.,]\d+)?) ?([kMB])")
UNITS = {"k": 1e3, "M": 1e6, "B": 1e9}


def sample_amount(text: str) -> tuple[float, bool] | None:
    """The amount the English sample wrote (its own forms: 1200, 1,200, 1200.00, $2.5M, 2.5M, USD 1200,
    €2,3 M) and whether it was in euros; None for anything else."""
    value = text.strip()
    in_euros = value.startswith("€")
    value = value.removeprefix("€").removeprefix("$").removeprefix("USD ").strip()
    if compact := COMPACT.fullmatch(value):
        return float(compact.group(1).replace(",", ".")) * UNITS[compact.group(2)], in_euros
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", value):
        return float(value.replace(",", "")), in_euros
    return None


def grouped(whole: int, separator: str) -> str:
    return f"{whole:,}".replace(",", separator)


def euro_text(euros: float, form: int) -> str:
    """An amount in euros as French formatting writes it, in one of the AMOUNT_FORM_WEIGHTS forms."""
    whole = round(euros)
    if form == 0:
        return f"{grouped(whole, NARROW_NBSP)}{NBSP}€"
    if form == 1:
        return f"{grouped(whole, NBSP)}{NBSP}€"
    if form == 2:
        return f"{grouped(whole, NARROW_NBSP)},00{NBSP}€"
    if form == 3 and euros >= 1e6:
        return f"{euros / 1e6:.1f}".replace(".", ",") + f"{NBSP}M€"
    if form == 3:
        return f"{max(round(euros / 1e3), 1)}{NBSP}K€"
    return str(whole)


def french_amounts(column: pa.Array, rng: np.random.Generator) -> pa.Array:
    values = column.to_pylist()
    forms = categorical(rng, AMOUNT_FORM_WEIGHTS, len(values))
    result = []
    for value, form in zip(values, forms, strict=True):
        if value is None or not value.strip():
            result.append(value)
            continue
        negative = value.strip().startswith("-")
        amount = sample_amount(value.strip().removeprefix("-"))
        if amount is None:
            result.append(FRENCH_GARBAGE.get(value.strip(), value))
            continue
        number, in_euros = amount
        text = euro_text(number if in_euros else number * USD_TO_EUR, int(form))
        result.append(f"-{text}" if negative else text)
    return pa.array(result, pa.string())


def french_employees(column: pa.Array) -> pa.Array:
    """Employees grouped by a no-break space (1,200 -> 1 200); every other form as it is."""
    return pc.replace_substring_regex(
        pc.replace_substring_regex(column, r"^(\d{1,3}),(\d{3}),(\d{3})$", rf"\1{NBSP}\2{NBSP}\3"),
        r"^(\d{1,3}),(\d{3})$",
        rf"\1{NBSP}\2",
    )


def french_dates(column: pa.Array) -> pa.Array:
    """ISO dates and timestamps as a French CRM writes them: 15/03/2024, 15/03/2024 10:00."""
    text = pc.cast(column, pa.string())
    day_first = pc.replace_substring_regex(text, r"^(\d{4})-(\d{2})-(\d{2})", r"\3/\2/\1")
    return pc.replace_substring_regex(day_first, r"^(\d{2}/\d{2}/\d{4} \d{2}:\d{2}):\d{2}$", r"\1")


def restyle(table: pa.Table, rng: np.random.Generator) -> pa.Table:
    """One rendered file as a French team's CRM exports it; every column as text."""
    columns = {}
    for name in table.column_names:
        column = table[name].combine_chunks()
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        if name == "industry":
            column = french_industries(column, rng)
        elif name == "country":
            column = french_countries(column, rng)
        elif name in ("annual_revenue", "amount"):
            column = french_amounts(column, rng)
        elif name == "employees":
            column = french_employees(column)
        elif name in DATE_COLUMNS:
            column = french_dates(column)
        columns[name] = pc.cast(column, pa.string())
    return pa.table(columns)


def french_stream(seed: int) -> np.random.Generator:
    """The random stream of the French rewrite, independent of every other stream of the sample."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(FRENCH_STREAM,)))
