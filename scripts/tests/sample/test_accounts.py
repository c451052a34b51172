"""Tests of the CRM accounts (icp_scoring.sample.accounts): their truth and the mess of the CRM export
(N = 2,000)."""

import re

import numpy as np

from icp_scoring.sample import generation, vocabulary
from tests.sample.helpers import MESSY_ACCOUNTS, MESSY_SEED, bare_domain, count_matching, values


def test_account_ids_look_like_salesforce_ids(messy: dict[str, list[dict[str, str]]]) -> None:
    ids = [row["account_id"] for row in messy["crm_accounts.csv"]]
    assert len(set(ids)) == MESSY_ACCOUNTS
    assert all(re.fullmatch(r"[0-9A-Za-z]{15}", account_id) for account_id in ids)
    assert sum(account_id.startswith("0015g00000") for account_id in set(ids)) == MESSY_ACCOUNTS - 2


def test_websites_are_messy(messy: dict[str, list[dict[str, str]]]) -> None:
    websites = values(messy, "crm_accounts.csv", "website")
    blank = sum(not website.strip() for website in websites)
    assert 0.02 < blank / len(websites) < 0.045
    assert count_matching(websites, r"\d{1,3}(\.\d{1,3}){3}") >= 5
    assert count_matching(websites, r"[a-z]+@[a-z0-9.-]+") >= 5
    assert (
        sum(website in {"gmail.com", "hotmail.com", "yahoo.com", "outlook.com"} for website in websites) >= 5
    )
    assert sum(website in {"n/a", "-", "tbd", "asdf", "none", "?"} for website in websites) >= 10
    assert any(website.startswith("www.") for website in websites)
    assert any(website.startswith("https://www.") and website.endswith("/") for website in websites)
    assert any(website.startswith("HTTPS://WWW.") and website.endswith("/about?x=1") for website in websites)
    assert any(re.fullmatch(r"http://[a-z0-9.-]+:8080/", website) for website in websites)
    assert any(website != website.rstrip() and website.strip() for website in websites)
    assert any(website.isupper() and "." in website and "://" not in website for website in websites)
    assert {website.rsplit(".", 1)[-1].strip().rstrip("/") for website in websites} >= {
        "com",
        "io",
        "fr",
        "de",
    }
    assert any(website.strip().endswith(".co.uk") for website in websites)


def test_some_accounts_share_a_domain(messy: dict[str, list[dict[str, str]]]) -> None:
    ids_by_domain: dict[str, set[str]] = {}
    for row in messy["crm_accounts.csv"]:
        domain = bare_domain(row["website"])
        if "." in domain and "@" not in domain and not re.fullmatch(r"[\d.]+", domain):
            ids_by_domain.setdefault(domain, set()).add(row["account_id"])
    shared = [
        domain for domain, ids in ids_by_domain.items() if len(ids) > 1 and not domain.endswith("mail.com")
    ]
    assert 3 <= len(shared) <= 20


def test_industries_are_messy(messy: dict[str, list[dict[str, str]]]) -> None:
    industries = values(messy, "crm_accounts.csv", "industry")
    assert 0.04 < sum(not value for value in industries) / len(industries) < 0.07
    assert sum(value in {"Other", "Aerospace & Defense", "Misc.", "N/A"} for value in industries) >= 20
    assert {"7372", "62.01Z", "Software", "SaaS", "Hospital & Health Care"} <= set(industries)
    assert any(value != value.strip() for value in industries)
    assert any(value.isupper() and len(value) > 4 for value in industries)
    assert any("  " in value.strip() for value in industries)


def test_employees_are_messy(messy: dict[str, list[dict[str, str]]]) -> None:
    employees = values(messy, "crm_accounts.csv", "employees")
    assert count_matching(employees, r"\d+") > 0.5 * len(employees)
    assert count_matching(employees, r"\d{1,3}(,\d{3})+") >= 5
    assert count_matching(employees, r"\d+-\d+") >= 50
    assert {"51-200", "11-50", "201-500", "1001-5000"} <= set(employees)
    assert "1000+" in employees
    assert count_matching(employees, r"\d+k") >= 3
    assert count_matching(employees, r"about \d+") >= 10
    assert sum(value in {"unknown", "n/a", "self-employed"} for value in employees) >= 10
    assert count_matching(employees, r"-\d+") >= 2
    assert 0.03 < sum(not value for value in employees) / len(employees) < 0.06


def test_true_company_sizes_span_the_range() -> None:
    employees = generation.simulate(MESSY_ACCOUNTS, MESSY_SEED).accounts.employees
    assert employees.min() >= 1
    assert employees.max() <= 50_000
    assert employees.max() > 5_000
    assert 0.2 < np.mean((employees >= 50) & (employees <= 200)) < 0.45


def test_revenues_are_messy(messy: dict[str, list[dict[str, str]]]) -> None:
    revenues = values(messy, "crm_accounts.csv", "annual_revenue")
    assert count_matching(revenues, r"\d+") > 0.25 * len(revenues)
    assert count_matching(revenues, r"\d{1,3}(,\d{3})+") >= 10
    assert count_matching(revenues, r"\$\d+(\.\d)?[kMB]") >= 10
    assert count_matching(revenues, r"\d+(\.\d)?[kMB]") >= 10
    assert count_matching(revenues, r"€\d+(,\d)? [kMB]") >= 10
    assert count_matching(revenues, r"USD \d+") >= 10
    assert count_matching(revenues, r"\d+\.00") >= 10
    assert "confidential" in revenues
    assert count_matching(revenues, r"-\d+") >= 2
    assert 0.07 < sum(not value for value in revenues) / len(revenues) < 0.1


def test_countries_are_messy(messy: dict[str, list[dict[str, str]]]) -> None:
    countries = values(messy, "crm_accounts.csv", "country")
    assert {"US", "USA", "United States", "UK", "United Kingdom", "Deutschland", "FR"} <= set(countries)
    assert any(value in {"Atlantis", "EU"} for value in countries)
    assert any(value.islower() for value in countries)
    assert 0.03 < sum(not value for value in countries) / len(countries) < 0.06


def test_created_dates_are_sometimes_blank(messy: dict[str, list[dict[str, str]]]) -> None:
    created = values(messy, "crm_accounts.csv", "created_date")
    assert 0.01 < sum(not value for value in created) / len(created) < 0.03


def test_duplicate_accounts_are_exact_or_conflicting(messy: dict[str, list[dict[str, str]]]) -> None:
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in messy["crm_accounts.csv"]:
        by_id.setdefault(row["account_id"], []).append(row)
    duplicated = [rows for rows in by_id.values() if len(rows) > 1]
    assert all(len(rows) == 2 for rows in duplicated)
    assert len(duplicated) == round(0.02 * (MESSY_ACCOUNTS - 2))
    exact = [rows for rows in duplicated if rows[0] == rows[1]]
    conflicting = [rows for rows in duplicated if rows[0] != rows[1]]
    assert len(exact) >= 15
    assert len(conflicting) >= 15
    for first, second in conflicting:
        assert first["last_modified_at"] != second["last_modified_at"]
        assert first["employees"] != second["employees"] or first["industry"] != second["industry"]
        different = {key for key in first if first[key] != second[key]}
        assert different <= {"employees", "industry", "last_modified_at"}
    assert any(a["employees"] != b["employees"] for a, b in conflicting)
    assert any(a["industry"] != b["industry"] for a, b in conflicting)


def test_in_market_accounts_lean_towards_the_icp() -> None:
    truth = generation.simulate(20_000, 42).accounts
    in_market = truth.in_market
    technology = truth.industry == vocabulary.INDUSTRIES.index("technology")
    mid_size = (truth.employees >= 50) & (truth.employees <= 200)
    hubspot = truth.crm_primary == vocabulary.CRMS.index("hubspot")
    for trait in (technology, mid_size, hubspot):
        assert trait[in_market].mean() > 1.3 * trait[~in_market].mean()
