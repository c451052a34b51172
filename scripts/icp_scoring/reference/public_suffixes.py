"""Public suffixes: the rules of the Public Suffix List, as shipped by the pinned package publicsuffixlist.

The package's version ends with the date of the list it ships (1.1.2.20261023: the list of 2026-10-22), read
from the list file's own VERSION line. Both sections are kept: the ICANN section (the registries' suffixes:
`com`, `co.uk`, `gouv.fr`) and the private section (suffixes under which a platform gives each customer a
domain of its own: `github.io`, `myshopify.com`), so two companies on one platform keep two keys instead of
meeting as one account. Rules are written in their ASCII form (IDNA: `xn--...`), the form the domain key uses.

public_suffixes.csv has one row per rule: the domain it names, its kind and its section.
- normal: `co.uk` is a public suffix;
- wildcard: `*.ck` (stored as `ck`): every label under `ck` is a public suffix;
- exception: `!www.ck` (stored as `www.ck`): not a public suffix although a wildcard says so; its parent is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.metadata import version
from importlib.resources import files

import idna

from icp_scoring.reference.command import GeneratedSeed

LIST_FILE = "public_suffix_list.dat"
SECTION_MARK = re.compile(r"// ===BEGIN (ICANN|PRIVATE) DOMAINS===")
VERSION_LINE = re.compile(r"// VERSION: (\S+)")


def list_text() -> str:
    return files("publicsuffixlist").joinpath(LIST_FILE).read_text(encoding="utf-8")


def source() -> str:
    match = VERSION_LINE.search(list_text())
    list_version = match.group(1) if match else "unknown"
    return f"publicsuffixlist {version('publicsuffixlist')} (the Public Suffix List {list_version}, MPL 2.0)"


def to_ascii(rule: str) -> str:
    """A rule's domain in ASCII: each label IDNA-encoded (UTS 46 mapping, as browsers do)."""
    if rule.isascii():
        return rule.lower()
    return idna.encode(rule, uts46=True).decode("ascii")


def parse_rule(rule: str) -> tuple[str, str]:
    """(the domain the rule names, its kind)."""
    if rule.startswith("!"):
        return to_ascii(rule[1:]), "exception"
    if rule.startswith("*."):
        return to_ascii(rule[2:]), "wildcard"
    return to_ascii(rule), "normal"


def rules() -> Iterator[tuple[str, str, str]]:
    """(domain, kind, section) of every rule of the list, in the list's order."""
    section = None
    for line in list_text().splitlines():
        mark = SECTION_MARK.match(line)
        if mark:
            section = mark.group(1).lower()
            continue
        rule = line.strip().split(" ")[0]
        if section and rule and not rule.startswith("//"):
            domain, kind = parse_rule(rule)
            yield domain, kind, section


def public_suffix_rows() -> list[tuple[str, str, str]]:
    """public_suffixes.csv: one row per distinct (domain, kind), sorted; ICANN's section wins a duplicate."""
    unique: dict[tuple[str, str], str] = {}
    for domain, kind, section in rules():
        unique.setdefault((domain, kind), section)
    return sorted((domain, kind, section) for (domain, kind), section in unique.items())


def seeds() -> list[GeneratedSeed]:
    header = ("public_suffix", "public_suffix_rule_kind", "public_suffix_section")
    return [GeneratedSeed("public_suffixes.csv", header, public_suffix_rows, source())]
