"""Tests of each row-level --inject class (icp_scoring.sample.injectors): the bad rows it adds, in the
promised quantity (300 accounts)."""

import csv
import datetime as dt
import io
import pathlib
import re
from collections import Counter
from collections.abc import Callable

from tests.sample.helpers import (
    HEADERS,
    INJECT_AS_OF,
    Rows,
    added,
    bare_domain,
    crm_domains,
    read_rows,
    threshold,
)
from tests.support import REFERENCE_SEEDS_DIR


def test_inject_bad_numbers(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "bad-numbers", "crm_accounts.csv")
    assert len(rows) >= threshold(len(base))
    texts = {"12 employees approx", "1.2.3", "$", "ten"}

    def bad(value: str) -> bool:
        return value in texts or bool(re.fullmatch(r"-\d+", value))

    assert all(bad(row["employees"]) or bad(row["annual_revenue"]) for row in rows)
    for column in ("employees", "annual_revenue"):
        assert texts <= {row[column] for row in rows}
        assert any(re.fullmatch(r"-\d+", row[column]) for row in rows)
    assert not {row["account_id"] for row in rows} & {row["account_id"] for row in base}


def test_inject_text_employees(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "text-employees", "crm_accounts.csv")
    assert len(rows) >= threshold(len(base))
    assert {row["employees"] for row in rows} == {"fifty", "a few", "small team", "enterprise"}


def test_inject_conflicting_duplicates(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "conflicting-duplicates", "crm_accounts.csv")
    assert len(rows) >= threshold(len(base))
    by_id: dict[str, Rows] = {}
    for row in rows:
        by_id.setdefault(row["account_id"], []).append(row)
    assert all(len(records) >= 2 for records in by_id.values())
    differing: Counter[str] = Counter()
    ties = 0
    for records in by_id.values():
        assert len({tuple(record.items()) for record in records}) == len(records)
        for column in ("industry", "employees", "website"):
            differing[column] += len({record[column] for record in records}) > 1
        ties += len({record["last_modified_at"] for record in records}) == 1
    assert all(differing[column] for column in ("industry", "employees", "website"))
    assert 0 < ties < len(by_id)
    assert any(len(records) == 3 for records in by_id.values())


def test_inject_shared_domains(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "shared-domains", "crm_accounts.csv")
    assert len(rows) >= threshold(len(base))
    everyone = crm_domains(read_rows(injected("shared-domains") / "crm_accounts.csv"))
    shared = {bare_domain(row["website"]) for row in rows}
    assert all(len(everyone[domain]) >= 3 for domain in shared)
    base_ids = {row["account_id"] for row in base}
    assert any(everyone[domain] & base_ids for domain in shared)  # some join an existing account


def test_inject_bad_websites(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "bad-websites", "crm_accounts.csv")
    assert len(rows) >= threshold(len(base))
    websites = {row["website"] for row in rows}
    assert {"", " ", "n/a", "-", "asdf", "http://", "10.0.0.1", "http://192.168.1.20/home"} <= websites
    assert {"sales@acme.com", "mailto:info@acme.io", "gmail.com", "https://www.hotmail.com"} <= websites
    assert any(website.startswith("mailto:info@") and website.endswith(".com") for website in websites - {""})
    raw = (injected("bad-websites") / "crm_accounts.csv").read_text(encoding="utf-8")
    ids = {row["account_id"] for row in rows}
    lines = [line for line in raw.splitlines() if line[1:16] in ids]
    assert any('","",' in line for line in lines)  # empty string
    assert any('",,"' in line for line in lines)  # null


def test_inject_unknown_values_are_in_no_reference_list(injected: Callable[..., pathlib.Path]) -> None:
    reference = REFERENCE_SEEDS_DIR
    assert sorted(reference.glob("*.csv"))
    known = {
        value.strip().lower()
        for path in reference.glob("*.csv")
        for row in read_rows(path)
        for value in row.values()
    }
    crm, crm_base = added(injected, "unknown-values", "crm_accounts.csv")
    technographics, technographics_base = added(injected, "unknown-values", "technographics.csv")
    intent, intent_base = added(injected, "unknown-values", "intent_signals.csv")
    opportunities, opportunities_base = added(injected, "unknown-values", "crm_opportunities.csv")
    activities, activities_base = added(injected, "unknown-values", "crm_activities.csv")
    found = {
        "industry": {row["industry"] for row in crm},
        "country": {row["country"] for row in crm},
        "technology": {row["technology"] for row in technographics},
        "signal_type": {row["signal_type"] for row in intent},
        "stage": {row["stage"] for row in opportunities},
        "activity_type": {row["activity_type"] for row in activities},
    }
    assert {"Aerospace & Defense", "Quantum Widgets"} <= found["industry"]
    assert "Atlantis" in found["country"]
    assert "carrier_pigeon_visit" in found["signal_type"]
    assert {"Parked", "On Hold - Legal", "Stage 7"} == found["stage"]
    assert "Carrier Pigeon" in found["activity_type"]
    for values in found.values():
        assert values
        assert not {value.lower() for value in values} & known
    for rows, base in (
        (crm, crm_base),
        (technographics, technographics_base),
        (intent, intent_base),
        (opportunities, opportunities_base),
        (activities, activities_base),
    ):
        assert len(rows) >= threshold(len(base))
    # The unknown stages and types sit on the class's own new accounts: only the value is wrong.
    crm_ids = {row["account_id"] for row in crm}
    assert {row["account_id"] for row in opportunities + activities} <= crm_ids


def test_inject_future_events(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "future-events", "intent_signals.csv")
    assert len(rows) >= threshold(len(base))
    assert all(row["occurred_at"] > f"{INJECT_AS_OF} 23:59:59" for row in rows)
    accounts = crm_domains(read_rows(injected("future-events") / "crm_accounts.csv"))
    assert all(bare_domain(row["domain"]) in accounts for row in rows)


def test_inject_events_before_creation(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "events-before-creation", "intent_signals.csv")
    assert len(rows) >= threshold(len(base))
    crm = read_rows(injected("events-before-creation") / "crm_accounts.csv")
    created = {row["account_id"]: row["created_date"] for row in crm}
    accounts = crm_domains(crm)
    for row in rows:
        (account,) = accounts[bare_domain(row["domain"])]
        assert created[account]
        assert row["occurred_at"] < created[account]


def test_inject_unknown_domains(injected: Callable[..., pathlib.Path]) -> None:
    accounts = crm_domains(read_rows(injected("unknown-domains") / "crm_accounts.csv"))
    for file_name in ("technographics.csv", "intent_signals.csv"):
        rows, base = added(injected, "unknown-domains", file_name)
        assert len(rows) >= threshold(len(base))
        assert not {bare_domain(row["domain"]) for row in rows} & set(accounts)


def test_inject_bad_encoding(injected: Callable[..., pathlib.Path]) -> None:
    lines = (injected("bad-encoding") / "crm_accounts.csv").read_bytes().split(b"\n")
    base = (injected() / "crm_accounts.csv").read_bytes().split(b"\n")

    def invalid(line: bytes) -> bool:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return True
        return False

    bad = [line for line in lines if invalid(line)]
    assert len(bad) == len(lines) - len(base) >= threshold(len(base) - 2)
    rows = list(csv.reader(line.decode("latin-1") for line in bad))
    assert all(len(row) == len(HEADERS["crm_accounts.csv"].split(",")) for row in rows)
    names, industries = {row[1] for row in rows}, {row[3] for row in rows}
    assert {"Société Générale", "Müller GmbH"} <= names
    assert "Télécommunications" in industries
    assert all(any(ord(char) > 127 for char in row[1] + row[3]) for row in rows)


def test_inject_odd_quoting(injected: Callable[..., pathlib.Path]) -> None:
    data = (injected("odd-quoting") / "crm_accounts.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    base = read_rows(injected() / "crm_accounts.csv")
    names = [row["account_name"] for row in rows]
    assert len(rows) - len(base) >= threshold(len(base))
    assert sum(name.endswith(", Inc.") for name in names) >= 2
    assert any(name.startswith('The "') and name.endswith('" Co') for name in names)
    assert any(name.startswith('"') for name in names)
    assert any("\r\n" in name for name in names)
    assert any("\n" in name and "\r" not in name for name in names)
    assert all(len(row) == 11 and None not in row and None not in row.values() for row in rows)


def test_inject_stray_quotes(injected: Callable[..., pathlib.Path]) -> None:
    data = (injected("stray-quotes") / "crm_accounts.csv").read_bytes().decode("utf-8")
    stray = [line for line in data.split("\n") if "Displays" in line]
    assert len(stray) == 3
    assert all(line.count('"') % 2 == 1 for line in stray)
    # A quote in an unquoted name, an unescaped quote in a quoted name, a quoted name never closed.
    assert sorted(line.split(",")[1].startswith('"') for line in stray) == [False, True, True]


def test_inject_unknown_account_ids(injected: Callable[..., pathlib.Path]) -> None:
    crm_ids = {row["account_id"] for row in read_rows(injected("unknown-account-ids") / "crm_accounts.csv")}
    assert crm_ids == {row["account_id"] for row in read_rows(injected() / "crm_accounts.csv")}
    for file_name in ("crm_opportunities.csv", "crm_activities.csv"):
        rows, base = added(injected, "unknown-account-ids", file_name)
        assert len(rows) >= threshold(len(base))
        assert all(re.fullmatch(r"0015g00000[0-9A-Za-z]{5}", row["account_id"]) for row in rows)
        assert not {row["account_id"] for row in rows} & crm_ids
        assert {row["account_id"] for row in base} <= crm_ids


def test_inject_closed_before_created(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "closed-before-created", "crm_opportunities.csv")
    assert len(rows) >= threshold(len(base))
    for row in rows:
        created = dt.date.fromisoformat(row["created_date"])
        closed = dt.date.fromisoformat(row["closed_date"])
        assert 1 <= (created - closed).days <= 60
        assert row["stage"] in {"Closed Won", "Closed Lost", "closed won", "CLOSED LOST"}
    crm_ids = {row["account_id"] for row in read_rows(injected("closed-before-created") / "crm_accounts.csv")}
    assert {row["account_id"] for row in rows} <= crm_ids
    assert all(row["closed_date"] >= row["created_date"] for row in base if row["closed_date"])


def test_inject_bad_amounts(injected: Callable[..., pathlib.Path]) -> None:
    rows, base = added(injected, "bad-amounts", "crm_opportunities.csv")
    assert len(rows) >= threshold(len(base))
    amounts = [row["amount"] for row in rows]
    assert {"tbd", "1.2.3", "n/a", "twenty k"} <= set(amounts)
    assert any(re.fullmatch(r"-\d+", amount) for amount in amounts)
    assert all(amount in {"tbd", "1.2.3", "n/a", "twenty k"} or amount.startswith("-") for amount in amounts)
    crm_ids = {row["account_id"] for row in read_rows(injected("bad-amounts") / "crm_accounts.csv")}
    assert {row["account_id"] for row in rows} <= crm_ids
