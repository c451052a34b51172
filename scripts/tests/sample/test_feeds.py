"""Tests of the technographic and intent feeds (icp_scoring.sample.feeds): vocabularies, CRM shares, domain
spellings, mess, heavy tails and reporting lag (N = 2,000)."""

import datetime as dt
from collections import Counter

import numpy as np

from icp_scoring.sample import vocabulary
from tests.sample.helpers import AS_OF, AS_OF_TEXT, MESSY_ACCOUNTS, bare_domain, values


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
