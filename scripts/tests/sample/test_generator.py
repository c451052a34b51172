"""Tests for the sample generator (icp sample): CLI, determinism, contract, planted rows, mess, grade mix."""

import csv
import datetime as dt
import hashlib
import io
import math
import pathlib
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from icp_scoring.sample import command, generation, injection, vocabulary
from tests.support import run_icp

AS_OF = dt.date(2025, 6, 30)
AS_OF_TEXT = AS_OF.isoformat()
FILES = (
    "crm_accounts.csv",
    "technographics.csv",
    "intent_signals.csv",
    "crm_opportunities.csv",
    "crm_activities.csv",
)
HEADERS = {
    "crm_accounts.csv": "account_id,account_name,website,industry,employees,annual_revenue,country,"
    "created_date,last_modified_at",
    "technographics.csv": "domain,technology,technology_category,first_detected_date,last_detected_date",
    "intent_signals.csv": "domain,signal_type,topic,occurred_at,source",
    "crm_opportunities.csv": "opportunity_id,account_id,created_date,closed_date,stage,is_won,amount",
    "crm_activities.csv": "account_id,activity_date,activity_type",
}
MESSY_ACCOUNTS = 2000
MESSY_SEED = 7


def read_rows(path: pathlib.Path) -> list[dict[str, str]]:
    """All data rows of a CSV file as dicts of text (empty string for blank/null)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run(output_dir: pathlib.Path, accounts: int = 300, seed: int = 42) -> dict[str, int]:
    """Generate the files with the fixed as-of date."""
    return generation.generate(accounts, seed, AS_OF, output_dir)


def bare_domain(value: str) -> str:
    """A crude normalisation of a website or feed domain: lower case, no scheme, www., port or path."""
    text = value.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("/")[0].split("?")[0].split(":")[0]
    return text.removeprefix("www.")


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    """The three files for 2,000 accounts, parsed."""
    output_dir = tmp_path_factory.mktemp("messy")
    generation.generate(MESSY_ACCOUNTS, MESSY_SEED, AS_OF, output_dir)
    return {name: read_rows(output_dir / name) for name in FILES}


@pytest.fixture(scope="module")
def truth_domains() -> set[str]:
    """The true domains of the 2,000-account run, plus the planted ones."""
    simulation = generation.simulate(MESSY_ACCOUNTS, MESSY_SEED)
    return set(simulation.accounts.domain.to_pylist()) | {"worked-example-x.com", "worked-example-y.com"}


# --- Command line ---------------------------------------------------------------------------------


def test_help_describes_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--accounts", "--seed", "--as-of", "--output-dir", "--technologies-per-account"):
        assert option in text
    assert "--events-per-account" in text
    assert "today's UTC date" in text


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--accounts", "0"], "use between 2"),
        (["--accounts", "1"], "planted"),
        (["--accounts", "many"], "whole number"),
        (["--as-of", "2025-02-30"], "real calendar date"),
        (["--as-of", "30/06/2025"], "YYYY-MM-DD"),
        (["--seed", "-1"], "0 or more"),
        (["--events-per-account", "-3"], "between 0 and"),
        (["--technologies-per-account", "nan"], "between 0 and"),
        (["--colour", "blue"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_exit_2_with_a_hint(
    argv: list[str], hint: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main([*argv, "--output-dir", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert hint in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_output_dir_that_is_a_file_is_rejected(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    with pytest.raises(SystemExit) as exit_info:
        command.main(["--accounts", "10", "--output-dir", str(blocker)])
    assert exit_info.value.code == 2
    assert "not a directory" in capsys.readouterr().err


def test_generate_rejects_fewer_accounts_than_planted(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="at least 2"):
        generation.generate(1, 42, AS_OF, tmp_path)


def test_script_runs_from_the_command_line(tmp_path: pathlib.Path) -> None:
    output_dir = tmp_path / "nested" / "raw"
    result = run_icp(
        "sample", "--accounts", "200", "--seed", "3", "--as-of", AS_OF_TEXT, "--output-dir", output_dir
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert re.search(r"crm_accounts\.csv: [\d,]+ rows \(\d+\.\d s\)", result.stderr)
    assert "done in" in result.stderr
    assert sorted(path.name for path in output_dir.iterdir()) == sorted(FILES)


def test_as_of_defaults_to_today_utc(tmp_path: pathlib.Path) -> None:
    before = dt.datetime.now(dt.UTC).date()
    assert command.main(["--accounts", "20", "--output-dir", str(tmp_path)]) == 0
    after = dt.datetime.now(dt.UTC).date()
    planted = [
        row for row in read_rows(tmp_path / "intent_signals.csv") if "worked-example-x" in row["domain"]
    ]
    assert planted[0]["occurred_at"] in {f"{before} 00:00:00", f"{after} 00:00:00"}


# --- Determinism, layout, counts ------------------------------------------------------------------


def test_same_arguments_give_byte_identical_files(tmp_path: pathlib.Path) -> None:
    run(tmp_path / "a")
    run(tmp_path / "b")
    run(tmp_path / "c", seed=43)
    for name in FILES:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes()
        assert first != (tmp_path / "c" / name).read_bytes()


def test_headers_are_exact_and_files_are_clean_utf8(tmp_path: pathlib.Path) -> None:
    run(tmp_path)
    for name in FILES:
        raw = (tmp_path / name).read_bytes()
        assert raw.decode("utf-8").split("\n", 1)[0] == HEADERS[name]
        assert b"\x00" not in raw
        assert raw.endswith(b"\n")


def test_returned_counts_match_the_files(tmp_path: pathlib.Path) -> None:
    written = run(tmp_path)
    assert set(written) == set(FILES)
    for name in FILES:
        rows = read_rows(tmp_path / name)
        assert written[name] == len(rows)
        assert all(None not in row and len(row) == len(HEADERS[name].split(",")) for row in rows)


def test_rate_options_scale_the_feeds(tmp_path: pathlib.Path) -> None:
    none = generation.generate(
        500, 42, AS_OF, tmp_path / "none", technologies_per_account=0, events_per_account=0
    )
    assert none["technographics.csv"] == 2  # only the planted rows
    assert none["intent_signals.csv"] == 1
    busy = generation.generate(
        500, 42, AS_OF, tmp_path / "busy", technologies_per_account=4, events_per_account=40
    )
    assert 3.2 < busy["technographics.csv"] / 500 < 4.8
    assert 32 < busy["intent_signals.csv"] / 500 < 48


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: pathlib.Path) -> None:
    run(tmp_path)
    (tmp_path / "crm_accounts.csv").write_text("stale")
    run(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(FILES)
    assert (tmp_path / "crm_accounts.csv").read_text().startswith("account_id,")


def test_two_accounts_means_only_the_planted_ones(tmp_path: pathlib.Path) -> None:
    written = generation.generate(2, 42, AS_OF, tmp_path)
    assert written == {
        "crm_accounts.csv": 2,
        "technographics.csv": 2,
        "intent_signals.csv": 1,
        "crm_opportunities.csv": 0,  # the worked examples have no outcomes: header-only files
        "crm_activities.csv": 0,
    }
    ids = {row["account_id"] for row in read_rows(tmp_path / "crm_accounts.csv")}
    assert ids == {"001WORKEDEX000X", "001WORKEDEX000Y"}


# --- Planted worked examples ----------------------------------------------------------------------


def test_planted_accounts_are_exactly_as_documented(tmp_path: pathlib.Path) -> None:
    run(tmp_path)
    crm = read_rows(tmp_path / "crm_accounts.csv")
    planted = {row["account_id"]: row for row in crm if row["account_id"].startswith("001WORKEDEX")}
    assert set(planted) == {"001WORKEDEX000X", "001WORKEDEX000Y"}
    assert [row["account_id"] for row in crm].count("001WORKEDEX000X") == 1
    assert [row["account_id"] for row in crm].count("001WORKEDEX000Y") == 1
    x, y = planted["001WORKEDEX000X"], planted["001WORKEDEX000Y"]
    assert (x["account_name"], x["website"], x["industry"], x["employees"]) == (
        "Worked Example X",
        "https://www.worked-example-x.com/",
        "Software",
        "150",
    )
    assert (x["annual_revenue"], x["country"], x["created_date"]) == ("25000000", "US", "2023-06-30")
    assert x["created_date"] < x["last_modified_at"] <= f"{AS_OF_TEXT} 00:00:00"
    assert (y["account_name"], y["website"], y["industry"], y["employees"]) == (
        "Worked Example Y",
        "worked-example-y.com",
        "Manufacturing",
        "1000",
    )
    assert (y["annual_revenue"], y["country"]) == ("150000000", "Germany")


def test_planted_feed_rows_are_the_only_ones_for_their_domains(tmp_path: pathlib.Path) -> None:
    run(tmp_path)
    technographics = [
        row for row in read_rows(tmp_path / "technographics.csv") if "worked-example" in row["domain"].lower()
    ]
    assert [(row["domain"], row["technology"], row["technology_category"]) for row in technographics] == [
        ("worked-example-x.com", "HubSpot", "CRM"),
        ("worked-example-y.com", "SAP", "CRM"),
    ]
    assert all(
        row["first_detected_date"] <= row["last_detected_date"] <= AS_OF_TEXT for row in technographics
    )
    intent = [
        row for row in read_rows(tmp_path / "intent_signals.csv") if "worked-example" in row["domain"].lower()
    ]
    assert intent == [
        {
            "domain": "worked-example-x.com",
            "signal_type": "Pricing Page Visit",
            "topic": "CRM software",
            "occurred_at": f"{AS_OF_TEXT} 00:00:00",
            "source": "website",
        }
    ]
    websites = [row["website"].lower() for row in read_rows(tmp_path / "crm_accounts.csv")]
    assert sum("worked-example" in website for website in websites) == 2


# --- Contract invariants --------------------------------------------------------------------------


def test_account_ids_look_like_salesforce_ids(messy: dict[str, list[dict[str, str]]]) -> None:
    ids = [row["account_id"] for row in messy["crm_accounts.csv"]]
    assert len(set(ids)) == MESSY_ACCOUNTS
    assert all(re.fullmatch(r"[0-9A-Za-z]{15}", account_id) for account_id in ids)
    assert sum(account_id.startswith("0015g00000") for account_id in set(ids)) == MESSY_ACCOUNTS - 2


def test_dates_are_ordered_and_not_after_as_of(messy: dict[str, list[dict[str, str]]]) -> None:
    as_of_midnight = f"{AS_OF_TEXT} 00:00:00"
    oldest_usual = (AS_OF - dt.timedelta(days=8 * 365)).isoformat()
    created = [row["created_date"] for row in messy["crm_accounts.csv"] if row["created_date"]]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in created)
    assert sum(oldest_usual <= value <= AS_OF_TEXT for value in created) / len(created) > 0.98
    for row in messy["crm_accounts.csv"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", row["last_modified_at"])
        assert row["last_modified_at"] <= as_of_midnight
        assert not row["created_date"] or row["created_date"] <= row["last_modified_at"]
    for row in messy["technographics.csv"]:
        assert row["first_detected_date"] <= row["last_detected_date"] <= AS_OF_TEXT
    window_start = f"{AS_OF - dt.timedelta(days=vocabulary.INTENT_HISTORY_DAYS)} 00:00:00"
    occurred = [row["occurred_at"] for row in messy["intent_signals.csv"]]
    past = [value for value in occurred if value <= as_of_midnight]
    assert all(value >= window_start for value in past)
    assert 0.001 < (len(occurred) - len(past)) / len(occurred) < 0.004


def test_feeds_use_only_the_documented_vocabularies(messy: dict[str, list[dict[str, str]]]) -> None:
    signals = {row["signal_type"] for row in messy["intent_signals.csv"]}
    assert signals == {
        "Pricing Page Visit",
        "pricing_page_view",
        "Demo Request",
        "demo_requested",
        "Content Download",
        "whitepaper_download",
        "G2 category view",
        "Capterra category view",
        "Webinar",
        "webinar_attended",
        "Comparison page view",
        "newsletter_open",
    }
    assert {row["source"] for row in messy["intent_signals.csv"]} == {
        "website",
        "g2",
        "bombora",
        "capterra",
        "webinar_platform",
    }
    technologies = {row["technology"] for row in messy["technographics.csv"]}
    assert technologies == set(vocabulary.TECHNOLOGY_NAMES)
    assert {"HubSpot", "hubspot crm", "SFDC", "SAP C/4HANA", "GA4", "Acme Internal Tool"} <= technologies


def test_crms_per_account_and_shares(messy: dict[str, list[dict[str, str]]], truth_domains: set[str]) -> None:
    crm_of = dict(zip(vocabulary.TECHNOLOGY_NAMES, vocabulary.TECHNOLOGY_CRM, strict=True))
    crms: dict[str, set[int]] = {}
    rows: Counter[str] = Counter()
    for row in messy["technographics.csv"]:
        domain = bare_domain(row["domain"])
        if domain not in truth_domains:
            continue
        rows[domain] += 1
        if crm_of[row["technology"]] >= 0:
            crms.setdefault(domain, set()).add(crm_of[row["technology"]])
    assert max(len(found) for found in crms.values()) == 2
    main_crm = Counter(min(found) if len(found) == 1 else -1 for found in crms.values())
    single = sum(count for crm, count in main_crm.items() if crm >= 0)
    hubspot, salesforce = main_crm[0] / single, main_crm[1] / single
    assert 0.18 < hubspot < 0.34
    assert 0.27 < salesforce < 0.43
    without_rows = 1 - len(rows) / MESSY_ACCOUNTS
    assert 0.08 < without_rows < 0.24  # about 15%


# --- Messiness classes (N = 2,000) ----------------------------------------------------------------


def values(messy: dict[str, list[dict[str, str]]], file_name: str, column: str) -> list[str]:
    """One column of one file."""
    return [row[column] for row in messy[file_name]]


def count_matching(items: list[str], pattern: str) -> int:
    """How many values fully match a regular expression."""
    return sum(bool(re.fullmatch(pattern, item)) for item in items)


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


def test_feeds_have_unknown_and_variant_domains(
    messy: dict[str, list[dict[str, str]]], truth_domains: set[str]
) -> None:
    for name in ("technographics.csv", "intent_signals.csv"):
        domains = values(messy, name, "domain")
        unknown = sum(bare_domain(domain) not in truth_domains for domain in domains)
        assert 0.007 < unknown / len(domains) < 0.013
        assert any(domain.startswith("www.") for domain in domains)
        assert any(domain.isupper() for domain in domains)
        assert sum(
            domain == domain.lower() and not domain.startswith("www.") for domain in domains
        ) > 0.8 * len(domains)


def test_technographics_are_messy(messy: dict[str, list[dict[str, str]]]) -> None:
    rows = messy["technographics.csv"]
    categories = Counter(row["technology_category"] for row in rows)
    assert {"CRM", "Customer Relationship Management", "Marketing Automation", "Analytics", "CMS"} <= set(
        categories
    )
    assert {"ERP", "Collaboration"} <= set(categories)
    assert 0.03 < categories[""] / len(rows) < 0.09
    unmapped = sum(row["technology"] in {"Acme Internal Tool", "Unknown Widget"} for row in rows)
    assert 0.005 < unmapped / len(rows) < 0.015
    exact_duplicates = sum(count - 1 for count in Counter(tuple(row.values()) for row in rows).values())
    assert 5 <= exact_duplicates <= 0.005 * len(rows)


def test_intent_signals_are_messy_and_heavy_tailed(
    messy: dict[str, list[dict[str, str]]], truth_domains: set[str]
) -> None:
    rows = messy["intent_signals.csv"]
    signals = Counter(row["signal_type"] for row in rows)
    demo = (signals["Demo Request"] + signals["demo_requested"]) / len(rows)
    pricing = (signals["Pricing Page Visit"] + signals["pricing_page_view"]) / len(rows)
    content = (signals["Content Download"] + signals["whitepaper_download"]) / len(rows)
    reviews = (signals["G2 category view"] + signals["Capterra category view"]) / len(rows)
    assert 0.005 < demo < 0.02
    assert demo < pricing < min(content, reviews)
    assert 0.005 < signals["newsletter_open"] / len(rows) < 0.015
    assert 0.08 < sum(not row["topic"] for row in rows) / len(rows) < 0.16
    per_account = Counter(
        bare_domain(row["domain"]) for row in rows if bare_domain(row["domain"]) in truth_domains
    )
    counts = np.array(sorted(per_account.values()) + [0] * (MESSY_ACCOUNTS - len(per_account)))
    assert 15 < len(rows) / MESSY_ACCOUNTS < 25
    assert np.median(counts) < 8
    assert np.mean(counts == 0) > 0.3
    assert counts.max() > 100


def test_recent_events_are_rarer_than_old_ones(messy: dict[str, list[dict[str, str]]]) -> None:
    """Providers report background events with a lag: the last 30 days hold fewer events per day than the
    half year before the outcome window (older than 180 days), whose events are all reported."""
    occurred = [row["occurred_at"][:10] for row in messy["intent_signals.csv"]]
    last_month = (AS_OF - dt.timedelta(days=30)).isoformat()
    window_start = (AS_OF - dt.timedelta(days=180)).isoformat()
    history_start = (AS_OF - dt.timedelta(days=vocabulary.INTENT_HISTORY_DAYS)).isoformat()
    recent = sum(last_month < value <= AS_OF_TEXT for value in occurred) / 30
    old = sum(history_start < value <= window_start for value in occurred) / (
        vocabulary.INTENT_HISTORY_DAYS - 180
    )
    print(f"intent events per day: {recent:.0f} in the last 30 days, {old:.0f} before the window")
    assert recent < 0.5 * old


# --- Estimated grade mix --------------------------------------------------------------------------

# The default ICP grid (seeds/scoring_grid), copied here to estimate scores from the clean truth.
INDUSTRY_POINTS = np.array([25, 15, 15, 10, 5, 5, 5, 5, 0, 0])  # in vocabulary.INDUSTRIES order
CRM_POINTS = np.array([20, 10, 15, 10, 5, 5])  # in vocabulary.CRMS order
SIGNAL_POINTS = {  # vocabulary.SIGNALS index: (points, half-life in days, cap)
    0: (35, 14, 35),
    1: (35, 21, 35),
    2: (5, 30, 15),
    3: (10, 14, 20),
    4: (10, 30, 15),
    5: (15, 14, 20),
}
INTENT_CAP = 35


def estimated_scores(simulation: Any) -> np.ndarray:
    """ICP score per regular account from the clean truth, minus what the mess hides.

    Blank or unmapped industries and unparseable employee counts score 0; accounts whose website is
    unusable (blank, garbage, IP, free-mail) cannot be joined to the feeds. Ranges and ``about``
    values are scored at their true size, future events are ignored.
    """
    truth = simulation.accounts
    usable_industry = np.isin(
        truth.industry_kind, [vocabulary.INDUSTRY_KIND_OK, vocabulary.INDUSTRY_KIND_NOISE]
    )
    industry = np.where(usable_industry, INDUSTRY_POINTS[truth.industry], 0)
    employees = truth.employees
    size = np.select([employees < 10, employees < 50, employees <= 200, employees < 1000], [0, 10, 20, 10], 0)
    size = np.where(truth.employees_kind < vocabulary.EMPLOYEE_KIND_BLANK, size, 0)
    rows = simulation.technologies
    crm = np.asarray(vocabulary.TECHNOLOGY_CRM)[rows.technology]
    crm_points = np.zeros(truth.size)
    np.maximum.at(crm_points, rows.account, np.where(crm >= 0, CRM_POINTS[np.maximum(crm, 0)], 0))
    events = simulation.events
    age_days = events.age_seconds / 86_400
    intent = np.zeros(truth.size)
    for signal, (points, half_life, cap) in SIGNAL_POINTS.items():
        chosen = (events.signal == signal) & (age_days >= 0)
        decayed = np.zeros(truth.size)
        np.add.at(decayed, events.account[chosen], points * 0.5 ** (age_days[chosen] / half_life))
        intent += np.minimum(decayed, cap)
    joinable = np.isin(truth.website_kind, [vocabulary.WEBSITE_KIND_OK, vocabulary.WEBSITE_KIND_EMAIL])
    feeds = crm_points[truth.owner] + np.minimum(intent, INTENT_CAP)[truth.owner]
    return industry + size + np.where(joinable, feeds, 0)


def grade_mix(scores: np.ndarray) -> dict[str, float]:
    """Share of accounts per grade band (A >= 80, B 60-80, C 40-60, D 20-40, F < 20)."""
    bands = {"A": (80, 101), "B": (60, 80), "C": (40, 60), "D": (20, 40), "F": (0, 20)}
    return {grade: float(np.mean((scores >= low) & (scores < high))) for grade, (low, high) in bands.items()}


@pytest.mark.parametrize("seed", [42, 1])
def test_estimated_grade_mix_on_5000_accounts(seed: int) -> None:
    scores = estimated_scores(generation.simulate(5000, seed))
    # The planted accounts: X scores 100 (A), Y scores 5 + 0 + 5 = 10 (F).
    scores = np.concatenate([scores, [100, 10]])
    mix = grade_mix(scores)
    print(f"seed {seed}: " + ", ".join(f"{grade} {share:.2%}" for grade, share in mix.items()))
    assert 0.005 <= mix["A"] <= 0.015
    assert 0.03 <= mix["B"] <= 0.06
    assert mix["D"] + mix["F"] > 0.6


def test_in_market_accounts_lean_towards_the_icp() -> None:
    truth = generation.simulate(20_000, 42).accounts
    in_market = truth.in_market
    technology = truth.industry == vocabulary.INDUSTRIES.index("technology")
    mid_size = (truth.employees >= 50) & (truth.employees <= 200)
    hubspot = truth.crm_primary == vocabulary.CRMS.index("hubspot")
    for trait in (technology, mid_size, hubspot):
        assert trait[in_market].mean() > 1.3 * trait[~in_market].mean()


# --- Injected bad input (--inject) ----------------------------------------------------------------

INJECT_ACCOUNTS = 300
INJECT_SEED = 7
INJECT_AS_OF = dt.date(2026, 6, 30)
# md5 of the files without --inject for the arguments above. The CRM and technographic files are those
# recorded before --inject existed; the intent file was re-recorded when intent spread over a year of history
# (point-in-time outcomes). Floating point steps could in principle round differently on another platform, so
# the check only runs with the numpy and pyarrow versions pinned in constraints.txt.
NO_INJECT_MD5 = {
    "crm_accounts.csv": "bf2c9f3006f08231095994c3b369c8d9",
    "technographics.csv": "d168f7096fb70992b778c9251500a073",
    "intent_signals.csv": "80bcbf6f1736d7fe62703de76dc36895",
}
MD5_VERSIONS = {"numpy": "2.4.6", "pyarrow": "26.0.1"}
STEMS = {
    "crm_accounts": "crm_accounts.csv",
    "technographics": "technographics.csv",
    "intent_signals": "intent_signals.csv",
    "crm_opportunities": "crm_opportunities.csv",
    "crm_activities": "crm_activities.csv",
}
Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., pathlib.Path]:
    """Output directory of the 300-account run with the given classes injected (each run made once)."""
    cache: dict[frozenset[str], pathlib.Path] = {}

    def output(*classes: str) -> pathlib.Path:
        key = frozenset(classes)
        if key not in cache:
            directory = tmp_path_factory.mktemp("inject")
            generation.generate(INJECT_ACCOUNTS, INJECT_SEED, INJECT_AS_OF, directory, inject=key)
            cache[key] = directory
        return cache[key]

    return output


def threshold(base_rows: int) -> int:
    """The promised quantity: at least 1% of the file's rows and at least 5 rows."""
    return max(5, math.ceil(0.01 * base_rows))


def added(injected: Callable[..., pathlib.Path], name: str, file_name: str) -> tuple[Rows, Rows]:
    """Rows the class added to a file (multiset difference with the run without it), and the base rows."""
    base = read_rows(injected() / file_name)
    rows = read_rows(injected(name) / file_name)
    extra = Counter(tuple(row.items()) for row in rows) - Counter(tuple(row.items()) for row in base)
    return [dict(items) for items in extra.elements()], base


def crm_domains(rows: Rows) -> dict[str, set[str]]:
    """Account ids per bare website domain."""
    ids: dict[str, set[str]] = {}
    for row in rows:
        ids.setdefault(bare_domain(row["website"]), set()).add(row["account_id"])
    return ids


def test_inject_classes_are_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        "bad-numbers",
        "text-employees",
        "conflicting-duplicates",
        "shared-domains",
        "bad-websites",
        "unknown-values",
        "future-events",
        "events-before-creation",
        "unknown-domains",
        "bad-encoding",
        "odd-quoting",
        "stray-quotes",
        "unknown-account-ids",
        "closed-before-created",
        "bad-amounts",
        *(f"empty-file:{stem}" for stem in STEMS),
        *(f"missing-file:{stem}" for stem in STEMS),
    ) == injection.INJECT_CLASSES
    with pytest.raises(SystemExit):
        command.main(["--help"])
    lines = capsys.readouterr().out.splitlines()
    for name in injection.INJECT_CLASSES:
        assert sum(line.split()[:1] == [name] for line in lines) == 1, name
    assert "--inject CLASS" in "\n".join(lines)


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--inject", "bad-number"], "valid classes: all, bad-numbers, text-employees"),
        (["--inject", "empty-file:crm"], "missing-file:intent_signals"),
        (["--inject", "empty-file:technographics", "--inject", "missing-file:technographics"], "both"),
    ],
)
def test_bad_inject_classes_exit_2(
    argv: list[str], hint: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main([*argv, "--accounts", "10", "--output-dir", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert hint in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_generate_rejects_unknown_classes(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="valid classes: all, bad-numbers"):
        generation.generate(10, 1, AS_OF, tmp_path, inject=frozenset({"bad-numbers", "typo"}))
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(
    {"numpy": np.__version__, "pyarrow": pa.__version__} != MD5_VERSIONS,
    reason="recorded with the pinned numpy and pyarrow versions",
)
def test_output_without_inject_is_unchanged(injected: Callable[..., pathlib.Path]) -> None:
    for name, digest in NO_INJECT_MD5.items():
        assert hashlib.md5((injected() / name).read_bytes()).hexdigest() == digest, name


def test_inject_is_deterministic_and_keeps_every_original_line(
    injected: Callable[..., pathlib.Path], tmp_path: pathlib.Path
) -> None:
    everything = injected("all")
    written = generation.generate(
        INJECT_ACCOUNTS, INJECT_SEED, INJECT_AS_OF, tmp_path, inject=frozenset({"all"})
    )
    for name in FILES:
        data = (everything / name).read_bytes()
        assert data == (tmp_path / name).read_bytes()
        base = (injected() / name).read_bytes()
        assert written[name] > len(base.splitlines()) - 1
        # The original lines are all still there, in their order.
        remaining = iter(data.split(b"\n"))
        assert all(line in remaining for line in base.split(b"\n")), name


def test_all_means_every_row_level_class(injected: Callable[..., pathlib.Path]) -> None:
    everything = injected("all")
    for name in ("bad-numbers", "conflicting-duplicates", "unknown-domains"):
        alone = injected(name)
        for file_name in ("crm_accounts.csv", "technographics.csv"):
            base = set((injected() / file_name).read_bytes().split(b"\n"))
            extra = set((alone / file_name).read_bytes().split(b"\n")) - base
            assert extra <= set((everything / file_name).read_bytes().split(b"\n")), (name, file_name)
    assert sorted(path.name for path in everything.iterdir()) == sorted(FILES)


def test_inject_leaves_the_planted_accounts_alone(injected: Callable[..., pathlib.Path]) -> None:
    def planted(directory: pathlib.Path, name: str) -> list[bytes]:
        return [line for line in (directory / name).read_bytes().split(b"\n") if b"orked" in line.lower()]

    for name in FILES:
        assert planted(injected("all"), name) == planted(injected(), name)


def test_intent_file_stays_in_time_order(injected: Callable[..., pathlib.Path]) -> None:
    occurred = [row["occurred_at"] for row in read_rows(injected("all") / "intent_signals.csv")]
    assert occurred == sorted(occurred)


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
    reference = pathlib.Path(__file__).resolve().parents[2] / "seeds" / "reference"
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
    assert all(len(row) == 9 and None not in row for row in rows)


def test_inject_stray_quotes(injected: Callable[..., pathlib.Path]) -> None:
    data = (injected("stray-quotes") / "crm_accounts.csv").read_bytes().decode("utf-8")
    stray = [line for line in data.split("\n") if "Displays" in line]
    assert len(stray) == 3
    assert all(line.count('"') % 2 == 1 for line in stray)
    # A quote in an unquoted name, an unescaped quote in a quoted name, a quoted name never closed.
    assert sorted(line.split(",")[1].startswith('"') for line in stray) == [False, True, True]


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_inject_empty_file(stem: str, tmp_path: pathlib.Path) -> None:
    written = generation.generate(20, 1, AS_OF, tmp_path, inject=frozenset({f"empty-file:{stem}", "all"}))
    name = STEMS[stem]
    assert (tmp_path / name).read_text() == HEADERS[name] + "\n"
    assert written[name] == 0
    assert all(written[other] > 0 for other in FILES if other != name)


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_inject_missing_file(stem: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(tmp_path, accounts=20)
    assert (
        command.main(["--accounts", "20", "--output-dir", str(tmp_path), "--inject", f"missing-file:{stem}"])
        == 0
    )
    name = STEMS[stem]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(set(FILES) - {name})
    assert f"{name}: not written" in capsys.readouterr().err
    written = generation.generate(20, 1, AS_OF, tmp_path, inject=frozenset({f"missing-file:{stem}"}))
    assert set(written) == set(FILES) - {name}


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
