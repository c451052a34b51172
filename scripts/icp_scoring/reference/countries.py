"""Countries: every ISO 3166-1 country, and its names in the languages of European extracts, from pycountry.

pycountry ships ISO 3166-1 (Debian's iso-codes) with the gettext translations of each country's name, official
name and common name. Two seeds come from it:

- countries.csv: the 249 countries, alpha-2 code (the canonical value), ISO English short name, alpha-3 and
  numeric codes;
- country_names.csv: every other spelling staging accepts for a country: its names in LANGUAGES and its
  alpha-3 code, one row per lookup key (the key staging matches: accents, case and repeated spaces ignored).

A spelling that means two countries (in two languages, or by a translation error of the source) never maps
silently to one: it is left out of country_names.csv, and the build fails until the hand-maintained
country_aliases.csv (which overrides generated names) says which country it means.
"""

from __future__ import annotations

import csv
import gettext
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pycountry

from icp_scoring.reference.command import GeneratedSeed
from icp_scoring.settings import REFERENCE_DIR

# The languages of the names: the 24 official languages of the European Union, and Norwegian Bokmål
# (pycountry's locale names). English comes from the ISO names themselves.
LANGUAGES = (
    "en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "nb_NO", "cs", "sk", "hu", "ro", "hr",
    "sl", "et", "lv", "lt", "el", "bg", "ga", "mt",
)  # fmt: skip
NAME_FIELDS = ("name", "official_name", "common_name")
ALPHA_3 = "alpha-3"
HAND_ALIASES_FILE = "country_aliases.csv"
# Typographic apostrophes (right and left single quotation marks, modifier letter) read as the plain one.
PLAIN_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc", "\x27\x27\x27")


def source() -> str:
    return f"pycountry {version('pycountry')} (ISO 3166-1 and its translations, from Debian's iso-codes)"


def lookup_key(text: str) -> str:
    """The key staging matches a spelling on (macro normalize_lookup_key): without accents, typographic
    apostrophes as the plain one, trimmed, lower case, inner white space collapsed to one space."""
    decomposed = unicodedata.normalize("NFD", text.translate(PLAIN_APOSTROPHES))
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", without_accents).strip().lower()


def country_rows() -> Iterator[tuple[str, str, str, str]]:
    """countries.csv: alpha-2 code, ISO English short name, alpha-3 and numeric codes."""
    for country in sorted(pycountry.countries, key=lambda country: country.alpha_2):
        yield country.alpha_2, country.name, country.alpha_3, country.numeric


@dataclass
class Spelling:
    """One lookup key: the first spelling met for it, and each country and language that gives it."""

    text: str
    languages_by_code: dict[str, list[str]]

    def add(self, code: str, language: str) -> None:
        languages = self.languages_by_code.setdefault(code, [])
        if language not in languages:
            languages.append(language)


def translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])


def spellings() -> dict[str, Spelling]:
    """Every name of every country in LANGUAGES, and its alpha-3 code, by lookup key."""
    by_key: dict[str, Spelling] = {}
    for language in LANGUAGES:
        translate = translations(language).gettext
        for country in pycountry.countries:
            for field in NAME_FIELDS:
                name = getattr(country, field, None)
                if name:
                    text = translate(name)
                    by_key.setdefault(lookup_key(text), Spelling(text, {})).add(country.alpha_2, language)
    for country in pycountry.countries:
        spelling = by_key.setdefault(lookup_key(country.alpha_3), Spelling(country.alpha_3, {}))
        spelling.add(country.alpha_2, ALPHA_3)
    return by_key


def variants_of(name: str) -> list[str]:
    """How people type a name short of its exact form: hyphens as spaces (`Royaume Uni`), a typographic
    apostrophe as a plain one, and the head of an inverted name (`Russie, Fédération de` -> `Russie`)."""
    found = [name.replace("-", " "), name.replace("\u2019", "'")]
    if "," in name:
        head = name.split(",", 1)[0].strip()
        found += [head, head.replace("-", " ")]
    return found


def variants(by_key: dict[str, Spelling]) -> dict[str, Spelling]:
    """The variants of every name, by lookup key, but those that are a name themselves or that mean several
    countries (`Corée` from `Corée, République de` and `Corée, République populaire démocratique de`): a
    variant is a convenience, never a second meaning."""
    found: dict[str, Spelling] = {}
    for spelling in by_key.values():
        for code, languages in spelling.languages_by_code.items():
            if languages == [ALPHA_3]:
                continue
            for text in variants_of(spelling.text):
                key = lookup_key(text)
                if key and key not in by_key:
                    variant = found.setdefault(key, Spelling(text, {}))
                    for language in languages:
                        variant.add(code, language)
    return {key: variant for key, variant in found.items() if len(variant.languages_by_code) == 1}


class CollisionError(ValueError):
    """A generated spelling means two countries and the hand-maintained aliases do not say which."""


def hand_alias_keys(reference_dir: Path) -> set[str]:
    with (reference_dir / HAND_ALIASES_FILE).open(encoding="utf-8", newline="") as file:
        return {lookup_key(row["country_alias"]) for row in csv.DictReader(file)}


def collisions(by_key: dict[str, Spelling]) -> dict[str, Spelling]:
    return {key: spelling for key, spelling in by_key.items() if len(spelling.languages_by_code) > 1}


def describe(spelling: Spelling) -> str:
    meanings = "; ".join(
        f"{code} ({', '.join(languages)})" for code, languages in sorted(spelling.languages_by_code.items())
    )
    return f'"{spelling.text}" means {meanings}'


def alias_source(languages: list[str], is_variant: bool) -> str:
    if languages == [ALPHA_3]:
        return "ISO 3166-1 alpha-3"
    names = [language for language in languages if language != ALPHA_3]
    return ("variant of the name in " if is_variant else "name in ") + " ".join(names)


def country_name_rows(reference_dir: Path = REFERENCE_DIR) -> Iterator[tuple[str, str, str]]:
    """country_names.csv: spelling, alpha-2 code and where the spelling comes from, sorted by code and key.

    A name or alpha-3 code that means several countries is left out, and must be resolved in
    country_aliases.csv (CollisionError until it is)."""
    by_key = spellings()
    ambiguous = collisions(by_key)
    resolved = hand_alias_keys(reference_dir)
    unresolved = [describe(spelling) for key, spelling in ambiguous.items() if key not in resolved]
    if unresolved:
        raise CollisionError(
            f"{len(unresolved)} country spelling(s) mean more than one country: "
            + " | ".join(sorted(unresolved))
            + f". Add a row to seeds/reference/{HAND_ALIASES_FILE} saying which country each means."
        )
    rows = [
        (spelling.text, code, alias_source(languages, is_variant))
        for is_variant, spellings_by_key in ((False, by_key), (True, variants(by_key)))
        for key, spelling in spellings_by_key.items()
        if key not in ambiguous
        for code, languages in spelling.languages_by_code.items()
    ]
    yield from sorted(rows, key=lambda row: (row[1], lookup_key(row[0])))


def seeds() -> list[GeneratedSeed]:
    return [
        GeneratedSeed(
            "countries.csv",
            ("country_code", "country_name", "country_alpha3_code", "country_numeric_code"),
            country_rows,
            source(),
        ),
        GeneratedSeed(
            "country_names.csv",
            ("country_alias", "country_code", "alias_source"),
            country_name_rows,
            source(),
        ),
    ]
