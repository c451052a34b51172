"""The Public Suffix List as a seed: rules by kind and section, in ASCII, no longer than the SQL matches."""

from __future__ import annotations

from icp_scoring.reference import public_suffixes


def test_rules_are_parsed_by_kind_in_ascii() -> None:
    assert public_suffixes.parse_rule("co.uk") == ("co.uk", "normal")
    assert public_suffixes.parse_rule("*.ck") == ("ck", "wildcard")
    assert public_suffixes.parse_rule("!www.ck") == ("www.ck", "exception")
    assert public_suffixes.parse_rule("公司.cn") == ("xn--55qx5d.cn", "normal")


def test_the_seed_holds_both_sections_and_no_rule_beyond_six_labels() -> None:
    rows = public_suffixes.public_suffix_rows()
    by_rule = {(domain, kind): section for domain, kind, section in rows}
    assert by_rule[("co.uk", "normal")] == "icann"
    assert by_rule[("com.au", "normal")] == "icann"
    assert by_rule[("github.io", "normal")] == "private"
    assert max(domain.count(".") + 1 for domain, _, _ in rows) <= 6  # registrable_domain_map matches 6 labels
    assert "1.1.2.20261023" in public_suffixes.source()
