"""Generate deterministic, deliberately messy raw sample data for the ICP scoring project.

Five CSV files are written to ``--output-dir``, imitating extracts before any cleaning:

* ``crm_accounts.csv``: a CRM account export (firmographics), one row per account plus duplicates;
* ``technographics.csv``: a technographic vendor feed, keyed by domain;
* ``intent_signals.csv``: first- and third-party intent events over the year before ``--as-of``, by domain;
* ``crm_opportunities.csv``: the CRM's opportunities opened during the outcome window (the
  ``OUTCOME_WINDOW_DAYS``, 180, before ``--as-of``), open and closed;
* ``crm_activities.csv``: the CRM's sales activities (calls, e-mails, meetings) on the accounts worked.

Every column is text for the dbt sources. Values come in the messy forms real feeds use (URLs instead
of domains, ``1,200`` or ``51-200`` employees, ``$2.5M`` revenue, industry codes, country aliases,
blanks, garbage, duplicates, unknown domains, events from the future) so the models have something
to clean. Two worked-example accounts are always planted: ``001WORKEDEX000X`` (a perfect fit with a
pricing-page visit on the as-of date) and ``001WORKEDEX000Y`` (a poor fit without intent).

The outcomes follow a known truth, ``PLANTED_ICP``: a grid over the default grid's criteria, deliberately
unlike the shipped one, whose true points drive who sales works and which deals are won, how large and how
fast. The truth is point-in-time: it is evaluated as of the outcome window's start, from the intent events
before that day (from the account's CRM creation date on, as the models count them), so a backtest that
grades accounts as of the window start (`icp backtest`, default ``--window-days`` 180 =
``OUTCOME_WINDOW_DAYS``) sees what drove the window's deals.
``true_icp_points`` gives the truth per account, so that learning and backtests can be checked, and
``write_planted_grid`` writes it as scoring-grid seed files, to backtest the truth itself.

``--inject CLASS`` (repeatable, or ``all``) adds a class of bad input in noticeable quantity for tests:
unparseable numbers, conflicting duplicates, bad websites, unknown values, events in the future or before
the account's creation, unknown domains, invalid UTF-8, odd quoting, and empty or missing files
(``--help`` lists them). Without it the files hold no injected row: the CRM and technographic files are
byte for byte those of before the option existed.

The output is deterministic: the same arguments give byte-identical files, and the three scored files do not
change with the outcome files (those draw from their own random streams). All randomness comes from
``numpy.random.default_rng(seed)``; the wall clock is only the default of ``--as-of``. Generation is
vectorised with numpy and pyarrow (no Python loop over rows, bar the raw lines of two injection
classes), so a million accounts take about a minute.

Example::

    icp sample --accounts 5000 --seed 42 --as-of 2025-06-30
    icp sample --accounts 500 --inject bad-websites --inject future-events
"""

import argparse
import csv
import datetime as dt
import math
import os
import pathlib
import re
import sys
import textwrap
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from icp_scoring import settings
from icp_scoring.raw.contract import RAW_CONTRACT

CRM_FILE = "crm_accounts.csv"
TECHNOGRAPHICS_FILE = "technographics.csv"
INTENT_FILE = "intent_signals.csv"
OPPORTUNITIES_FILE = "crm_opportunities.csv"
ACTIVITIES_FILE = "crm_activities.csv"

# The column names are the raw data contract, defined once in icp_scoring.raw.landing.
CRM_COLUMNS = RAW_CONTRACT[CRM_FILE]
TECHNOGRAPHICS_COLUMNS = RAW_CONTRACT[TECHNOGRAPHICS_FILE]
INTENT_COLUMNS = RAW_CONTRACT[INTENT_FILE]
OPPORTUNITY_COLUMNS = RAW_CONTRACT[OPPORTUNITIES_FILE]
ACTIVITY_COLUMNS = RAW_CONTRACT[ACTIVITIES_FILE]

DEFAULT_ACCOUNTS = 5000
DEFAULT_SEED = 42
DEFAULT_TECHNOLOGIES_PER_ACCOUNT = 8.0
DEFAULT_EVENTS_PER_ACCOUNT = 20.0
MAX_RATE = 1000.0
MAX_ACCOUNTS = 10_000_000  # memory: about 2.5 GB per million accounts at the default rates
MIN_AS_OF_YEAR, MAX_AS_OF_YEAR = 1990, 2999
HELP_WIDTH = 100
PLANTED_ACCOUNTS = 2
SECONDS_PER_DAY = 86_400
EPOCH = dt.date(1970, 1, 1)

# --- Firmographics --------------------------------------------------------------------------------

INDUSTRIES = (
    "technology",
    "professional_services",
    "financial_services",
    "media",
    "manufacturing",
    "retail",
    "logistics",
    "healthcare",
    "education",
    "public_sector",
)
INDUSTRY_SHARES = (0.18, 0.12, 0.10, 0.06, 0.16, 0.12, 0.07, 0.09, 0.05, 0.05)
# In-market accounts lean towards the ICP (technology, then services and media).
IN_MARKET_INDUSTRY_SHARES = (0.36, 0.14, 0.10, 0.07, 0.09, 0.08, 0.04, 0.06, 0.03, 0.03)
# Raw values as CRMs and enrichment vendors write them (names, SIC and NAF codes), with weights.
INDUSTRY_VARIANTS: tuple[tuple[tuple[str, float], ...], ...] = (
    (
        ("Software", 5),
        ("Computer Software", 3),
        ("SaaS", 2),
        ("Tech", 2),
        ("Technology", 3),
        ("Information Technology", 3),
        ("Internet", 1),
        ("7372", 1),
        ("62.01Z", 1),
    ),
    (
        ("Professional Services", 4),
        ("Consulting", 3),
        ("Management Consulting", 2),
        ("8742", 1),
        ("70.22Z", 1),
    ),
    (("Financial Services", 4), ("Banking", 2), ("Insurance", 2), ("Finance", 2), ("6021", 1)),
    (("Media", 3), ("Marketing & Advertising", 3), ("Publishing", 2), ("7311", 1)),
    (
        ("Manufacturing", 4),
        ("Industrial Manufacturing", 2),
        ("Mfg", 1),
        ("Machinery", 2),
        ("3559", 1),
        ("28.99B", 1),
    ),
    (("Retail", 4), ("E-commerce", 2), ("Consumer Goods", 2), ("5311", 1)),
    (("Logistics", 4), ("Transportation", 3), ("4213", 1)),
    (("Healthcare", 4), ("Hospital & Health Care", 3), ("Pharmaceuticals", 2), ("8062", 1)),
    (("Education", 4), ("Higher Education", 3), ("8221", 1)),
    (("Government", 4), ("Public Sector", 3), ("9199", 1)),
)
UNMAPPED_INDUSTRIES = ("Other", "Aerospace & Defense", "Misc.", "N/A")
INDUSTRY_BLANK_SHARE = 0.05
INDUSTRY_UNMAPPED_SHARE = 0.02
INDUSTRY_NOISE_SHARE = 0.08
# Industry kinds (AccountTruth.industry_kind): a clean raw variant, blank, unmapped, case/space noise.
INDUSTRY_KIND_OK, INDUSTRY_KIND_BLANK, INDUSTRY_KIND_UNMAPPED, INDUSTRY_KIND_NOISE = 0, 1, 2, 3

# Company size: a mixture of log-normal components (median employees, sigma of the log).
SIZE_MEDIANS = (6.0, 110.0, 700.0)
SIZE_SIGMAS = (0.9, 0.45, 1.3)
SIZE_MIX = (0.36, 0.33, 0.31)
IN_MARKET_SIZE_MIX = (0.18, 0.62, 0.20)
MAX_EMPLOYEES = 50_000
EMPLOYEE_RANGES = (
    (1, "1-10"),
    (11, "11-50"),
    (51, "51-200"),
    (201, "201-500"),
    (501, "501-1000"),
    (1001, "1001-5000"),
    (5001, "5001-10000"),
    (10_001, "10001+"),
)
EMPLOYEE_TEXTS = ("unknown", "n/a", "self-employed")
# Employee formats: plain, thousands separator, range, "1000+", "10k", "about 300" (weights).
EMPLOYEE_FORMAT_WEIGHTS = (0.70, 0.08, 0.10, 0.03, 0.04, 0.05)
EMPLOYEES_BLANK_SHARE = 0.04
EMPLOYEES_TEXT_SHARE = 0.015
EMPLOYEES_NEGATIVE_SHARE = 0.002
# Employee kinds 0-5 are the formats above; then blank, text and negative values.
EMPLOYEE_KIND_BLANK, EMPLOYEE_KIND_TEXT, EMPLOYEE_KIND_NEGATIVE = 6, 7, 8

# Revenue formats: plain, thousands, $compact, compact, EUR compact, "USD n", "n.00" (weights).
REVENUE_FORMAT_WEIGHTS = (0.38, 0.13, 0.09, 0.09, 0.06, 0.07, 0.08)
REVENUE_BLANK_SHARE = 0.08
REVENUE_GARBAGE_SHARE = 0.003
REVENUE_NEGATIVE_SHARE = 0.002
REVENUE_GARBAGE = ("confidential", "n/a", "tbd")
USD_TO_EUR = 0.92

# Countries: ISO code, share of accounts, raw variants with weights.
COUNTRIES: tuple[tuple[str, float, tuple[tuple[str, float], ...]], ...] = (
    ("US", 0.34, (("US", 4), ("USA", 3), ("United States", 4), ("U.S.", 1))),
    ("GB", 0.10, (("United Kingdom", 4), ("UK", 3), ("GB", 2), ("England", 1))),
    ("FR", 0.10, (("France", 5), ("FR", 3), ("FRA", 1))),
    ("DE", 0.10, (("Germany", 5), ("Deutschland", 1), ("DE", 3))),
    ("ES", 0.04, (("Spain", 4), ("España", 2), ("ES", 2))),
    ("IT", 0.04, (("Italy", 5), ("IT", 2))),
    ("NL", 0.04, (("Netherlands", 5), ("Holland", 1), ("NL", 2))),
    ("BE", 0.02, (("Belgium", 5), ("BE", 2))),
    ("CH", 0.02, (("Switzerland", 5), ("CH", 2))),
    ("SE", 0.02, (("Sweden", 5), ("SE", 2))),
    ("CA", 0.05, (("Canada", 5), ("CA", 2))),
    ("AU", 0.03, (("Australia", 5), ("AU", 2))),
    ("IN", 0.04, (("India", 5), ("IN", 2))),
    ("BR", 0.02, (("Brazil", 5), ("BR", 2))),
    ("JP", 0.01, (("Japan", 5), ("JP", 2))),
    ("IE", 0.03, (("Ireland", 5), ("IE", 2))),
)
COUNTRY_CODES = tuple(code for code, _, _ in COUNTRIES)
COUNTRY_SHARES = tuple(share for _, share, _ in COUNTRIES)
COUNTRY_VARIANTS = tuple(variants for _, _, variants in COUNTRIES)
UNKNOWN_COUNTRIES = ("Atlantis", "EU")
COUNTRY_BLANK_SHARE = 0.04
COUNTRY_UNKNOWN_SHARE = 0.003
COUNTRY_CASE_NOISE_SHARE = 0.04
LEGAL_SUFFIXES = {
    "US": ("Inc.", "LLC", "Corp."),
    "GB": ("Ltd", "PLC"),
    "FR": ("SAS", "SA", "SARL"),
    "DE": ("GmbH", "AG"),
    "ES": ("S.L.", "S.A."),
    "IT": ("S.p.A.", "S.r.l."),
    "NL": ("B.V.",),
    "BE": ("NV", "SRL"),
    "CH": ("AG", "SA"),
    "SE": ("AB",),
    "CA": ("Inc.", "Ltd."),
    "AU": ("Pty Ltd",),
    "IN": ("Pvt. Ltd.",),
    "BR": ("Ltda.",),
    "JP": ("K.K.",),
    "IE": ("Ltd",),
}
LEGAL_SUFFIX_SHARE = 0.45
LEGAL_SUFFIX_COMMA_SHARE = 0.15

# --- Names and domains ----------------------------------------------------------------------------


def words(text: str) -> tuple[str, ...]:
    """A word list written as one space-separated string."""
    return tuple(text.split())


NAME_FIRST_WORDS = words(
    "acme alder alpine amber anchor apex arbor arctic argon aspen astra atlas aurora azure banyan basalt bay "
    "beacon birch blue bold boulder bright brook cedar cinder citadel clear cliff cloud cobalt comet copper "
    "coral crest crimson crystal cypress dawn delta desert drift dune eagle east echo elm ember emerald "
    "everest falcon fern field fir flint forest fox frontier frost galaxy garnet glacier gold granite green "
    "grove harbor hawk hazel helix highland horizon hudson indigo iris iron ivory jade juniper kestrel "
    "lake lantern laurel legacy lime linden lotus lumen lunar magnolia maple marble meadow mesa metro "
    "midway mint monarch moss mountain nimbus noble north nova oak ocean olive onyx opal orbit orchid "
    "pacific palm paragon peak pearl pine pioneer pixel polar prairie prime quartz quill radiant rapid "
    "raven red "
    "redwood ridge river rock ruby sable sage salt sapphire scarlet sequoia shore sierra silver sky slate "
    "solar south spruce star steel stone storm summit sun swift tango terra thunder tide timber topaz "
    "true tundra union urban valley vector velvet venture verde vista vivid west willow wind wolf zenith"
)
NAME_SECOND_WORDS = words(
    "arc axis base bay beam bell bird bit block bloom bolt bond bridge brook byte cast cell chain core "
    "craft crest cube dale deck dock dome door drive edge field fire flow forge form fort frame gate gear "
    "glen grid grove guard hall harbor haven hill hive hub key lab land lane leaf light line link lock "
    "loft loop mark mill mind mint moor nest net node path peak pier pillar pine plane point pond port "
    "post quest rail range reach ridge ring rise road rock root scale scape shift shore side signal sky "
    "smith source span spark spring spire square stack star stead stone stream street sync tech tower "
    "track trail tree vale vault view village ware wave way well wharf wing wood works worth yard"
)
NAME_THIRD_WORDS = words(
    "labs systems group partners solutions analytics digital works technologies consulting industries "
    "logistics health media capital foods software networks dynamics ventures studio holdings services "
    "energy robotics learning supply retail finance data"
)
NAME_THIRD_WORD_SHARE = 0.55
DOMAIN_FORMS_WITH_THIRD_WORD = (2, 3, 5, 6, 7)  # indexes into the candidate domains that use it
TLDS = ("com", "io", "net", "fr", "de", "co.uk")
GLOBAL_TLD_SHARES = (0.72, 0.16, 0.12, 0.0, 0.0, 0.0)
LOCAL_TLD = {"FR": 3, "DE": 4, "GB": 5}
LOCAL_TLD_SHARE = 0.55
UNKNOWN_TLDS = ("biz", "co", "org", "xyz", "ai")
SHARED_DOMAIN_SHARE = 0.005
SUBSIDIARY_LABELS = ("Europe", "UK", "France", "Germany", "Holdings", "Services")

# Website forms: the share of each rendering of a good domain.
WEBSITE_FORM_WEIGHTS = (0.34, 0.20, 0.16, 0.06, 0.06, 0.03, 0.02, 0.04, 0.04, 0.05)
WEBSITE_BLANK_SHARE = 0.03
WEBSITE_GARBAGE_SHARE = 0.01
WEBSITE_IP_SHARE = 0.005
WEBSITE_EMAIL_SHARE = 0.005
WEBSITE_FREEMAIL_SHARE = 0.005
# Website kinds (AccountTruth.website_kind): the quota codes of the shares above, 0 for a real URL.
WEBSITE_KIND_OK, WEBSITE_KIND_BLANK, WEBSITE_KIND_GARBAGE = 0, 1, 2
WEBSITE_KIND_IP, WEBSITE_KIND_EMAIL, WEBSITE_KIND_FREEMAIL = 3, 4, 5
WEBSITE_GARBAGE = ("n/a", "-", "tbd", "asdf", "none", "?")
EMAIL_LOCAL_PARTS = ("info", "contact", "sales", "hello")
FREE_MAIL_DOMAINS = ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com")

CRM_DUPLICATE_SHARE = 0.02
CREATED_MIN_DAYS = 30
CREATED_MAX_DAYS = 8 * 365
CREATED_BLANK_SHARE = 0.02
CREATED_RECENT_SHARE = 0.01
CREATED_LEGACY_SHARE = 0.005

# --- Technographics -------------------------------------------------------------------------------

CRMS = ("hubspot", "salesforce", "pipedrive", "zoho_crm", "microsoft_dynamics", "sap")
# CRM weights by company size (<50, 50-999, >=1000 employees); tuned so that, among accounts with a
# CRM, the shares are about HubSpot 25%, Salesforce 35%, Pipedrive 8%, Zoho 7%, Dynamics 10%, SAP 15%.
CRM_WEIGHTS_BY_SIZE = (
    (0.26, 0.26, 0.12, 0.10, 0.08, 0.06),
    (0.22, 0.42, 0.07, 0.06, 0.10, 0.13),
    (0.08, 0.40, 0.01, 0.02, 0.16, 0.33),
)
HUBSPOT_IN_MARKET_BOOST = 2.5
HUBSPOT_TECH_BOOST = 1.3
SAP_MANUFACTURING_BOOST = 1.6
HAS_TECHNOLOGY_SHARE = 0.85
HAS_CRM_SHARE = 0.80
SECOND_CRM_SHARE = 0.10
CRM_ALIAS_ROW_SHARE = 0.2
CRM_RAW_NAMES: tuple[tuple[tuple[str, float], ...], ...] = (
    (("HubSpot", 5), ("hubspot crm", 2), ("HubSpot Marketing Hub", 1), ("HubSpot Sales Hub", 1)),
    (("Salesforce", 5), ("salesforce.com", 2), ("SFDC", 1)),
    (("Pipedrive", 1),),
    (("Zoho CRM", 1),),
    (("Microsoft Dynamics 365", 3), ("Dynamics CRM", 2)),
    (("SAP", 3), ("SAP C/4HANA", 1)),
)
OTHER_TECHNOLOGIES = (
    ("Marketo", 4),
    ("Pardot", 4),
    ("Mailchimp", 8),
    ("Google Analytics", 14),
    ("GA4", 8),
    ("Segment", 5),
    ("WordPress", 12),
    ("Webflow", 5),
    ("NetSuite", 5),
    ("Slack", 12),
    ("Zoom", 12),
)
UNMAPPED_TECHNOLOGIES = ("Acme Internal Tool", "Unknown Widget")
UNMAPPED_TECHNOLOGY_SHARE = 0.01
TECHNOLOGY_COUNT_SHAPE = 2.0  # gamma shape of the per-account rate: counts are over-dispersed
TECHNOLOGY_CATEGORIES = (
    "CRM",
    "Customer Relationship Management",
    "Marketing Automation",
    "Analytics",
    "CMS",
    "ERP",
    "Collaboration",
    "Other",
)
TECHNOLOGY_CATEGORY_BLANK_SHARE = 0.06
TECHNOGRAPHICS_DUPLICATE_SHARE = 0.002
FEED_UNKNOWN_DOMAIN_SHARE = 0.01
FEED_DOMAIN_FORM_WEIGHTS = (0.90, 0.06, 0.04)  # bare, www., upper case
DETECTION_RECENT_SHARE = 0.7

# --- Intent ---------------------------------------------------------------------------------------

SIGNALS = (
    "pricing_page_visit",
    "demo_request",
    "content_download",
    "review_site_category_view",
    "webinar_attendance",
    "competitor_comparison",
    "unmapped",
)
# Per canonical signal: (raw signal_type, source, weight).
SIGNAL_RAW: tuple[tuple[tuple[str, str, float], ...], ...] = (
    (("Pricing Page Visit", "website", 1), ("pricing_page_view", "website", 1)),
    (("Demo Request", "website", 1), ("demo_requested", "website", 1)),
    (
        ("Content Download", "bombora", 0.6),
        ("Content Download", "website", 0.4),
        ("whitepaper_download", "website", 1),
    ),
    (("G2 category view", "g2", 1.2), ("Capterra category view", "capterra", 0.8)),
    (("Webinar", "webinar_platform", 1), ("webinar_attended", "webinar_platform", 1)),
    (("Comparison page view", "website", 0.7), ("Comparison page view", "g2", 0.3)),
    (("newsletter_open", "website", 1),),
)
SOURCES = ("website", "g2", "bombora", "capterra", "webinar_platform")
TOPICS = (
    ("CRM software", 5),
    ("sales automation", 3),
    ("marketing automation", 3),
    ("ABM", 2),
    ("lead scoring", 2),
    ("sales engagement", 1),
    ("customer data platform", 1),
)
TOPIC_BLANK_SHARE = 0.12
# Intent profiles: none, low, active (researching), in market (buying). Shares of accounts and the
# relative event volume; in-market accounts are a fixed share drawn with the firmographics.
INTENT_NONE, INTENT_LOW, INTENT_ACTIVE, INTENT_IN_MARKET = 0, 1, 2, 3
IN_MARKET_SHARE = 0.03
INTENT_LOW_SHARE = 0.32
INTENT_ACTIVE_SHARE = 0.22
INTENT_VOLUME = (0.0, 1.0, 3.0, 3.0)
# Each account has one intensity (log-normal), kept over the whole history: it scales its background and
# its bursts alike, so an account busy before the outcome window starts tends to stay busy during it.
INTENT_VOLUME_SIGMA = 1.0
# Events are spread over the year before --as-of: before the outcome window (whose truth they make) and
# during it (what a backtest's second run sees).
INTENT_HISTORY_DAYS = 365.0
# Signal mix (canonical signals in SIGNALS order) of background events and of in-market bursts.
BACKGROUND_SIGNAL_WEIGHTS = (0.016, 0.007, 0.42, 0.36, 0.09, 0.097, 0.01)
BURST_SIGNAL_WEIGHTS = (0.12, 0.05, 0.24, 0.28, 0.10, 0.20, 0.01)
# In-market accounts research in bursts: 1 + Poisson(EXTRA_BURSTS_MEAN) of them, each starting at a random
# time of the history, of BURST_EVENTS events on average (at the default --events-per-account).
BURST_EVENTS = 15.0
EXTRA_BURSTS_MEAN = 1.0
BURST_MAX_START_DAYS = INTENT_HISTORY_DAYS - 30.0
BURST_MEAN_DAYS = 5.0
# Background research happens at a steady rate over the history, but the feed holds an event only once
# its provider has reported it, after an exponential lag of this mean: the last weeks are thinner.
BACKGROUND_REPORTING_LAG_DAYS = 60.0
FUTURE_EVENT_SHARE = 0.002
FUTURE_MAX_DAYS = 20.0


# --- Outcomes: the planted ICP and what sales did ---------------------------------------------------
#
# The outcome files (opportunities, activities) need a known truth, so that a grid learned from won
# customers and a backtest of grades against won deals can be checked. PLANTED_ICP is that truth: which
# criteria and values of the default grid really drive wins, written like a scoring grid (same criteria,
# bands and signal types as seeds/scoring_grid) and computed from the clean attributes the raw files
# express. It deliberately differs from the shipped grid: other weights (intent 40 > industry 30 > CRM 20
# > size 10, against 35/25/20/20), other best values (financial services, Salesforce, 201-999 employees,
# demo requests, slower decay), so that learning has something to find.


@dataclass(frozen=True)
class PlantedBand:
    """An employee band of the planted ICP: lower bound in, upper bound out (None: no limit)."""

    band_label: str
    lower_bound: int
    upper_bound: int | None
    points: float


@dataclass(frozen=True)
class PlantedSignal:
    """A signal type of the planted ICP: points halved every half-life (in whole days), capped per type."""

    points: float
    half_life_days: float
    max_points: float


@dataclass(frozen=True)
class PlantedCriterion:
    """One criterion of the planted ICP: its weight and the true points of its values, bands or signals."""

    max_points: float
    values: Mapping[str, float] = field(default_factory=dict)
    bands: tuple[PlantedBand, ...] = ()
    signals: Mapping[str, PlantedSignal] = field(default_factory=dict)


# The true ICP, keyed by the default grid's criterion ids, most important first. Values missing from a
# criterion (and accounts without a CRM) earn 0.
PLANTED_ICP: dict[str, PlantedCriterion] = {
    "buying_intent": PlantedCriterion(
        max_points=40,
        signals={
            "demo_request": PlantedSignal(points=40, half_life_days=60, max_points=40),
            "pricing_page_visit": PlantedSignal(points=30, half_life_days=45, max_points=40),
            "competitor_comparison": PlantedSignal(points=20, half_life_days=45, max_points=30),
            "webinar_attendance": PlantedSignal(points=12, half_life_days=60, max_points=20),
            "review_site_category_view": PlantedSignal(points=6, half_life_days=45, max_points=15),
            "content_download": PlantedSignal(points=3, half_life_days=60, max_points=10),
        },
    ),
    "industry": PlantedCriterion(
        max_points=30,
        values={
            "financial_services": 30,
            "technology": 24,
            "professional_services": 21,
            "healthcare": 15,
            "manufacturing": 9,
            "logistics": 6,
            "media": 3,
            "retail": 3,
            "education": 0,
            "public_sector": 0,
        },
    ),
    "compatible_crm": PlantedCriterion(
        max_points=20,
        values={
            "salesforce": 20,
            "hubspot": 14,
            "microsoft_dynamics": 10,
            "pipedrive": 6,
            "zoho_crm": 4,
            "sap": 2,
        },
    ),
    "company_size": PlantedCriterion(
        max_points=10,
        bands=(
            PlantedBand("1-9", 0, 10, 0),
            PlantedBand("10-49", 10, 50, 3),
            PlantedBand("50-200", 50, 201, 7),
            PlantedBand("201-999", 201, 1000, 10),
            PlantedBand("1000+", 1000, None, 5),
        ),
    ),
}
# Who sales works: a fixed share of accounts is never worked (no territory, no rep), whatever the fit;
# the others are worked, and given opportunities, more often the better their true fit. Logits are
# centred on FIT_CENTRE true points.
NEVER_WORKED_SHARE = 0.20
FIT_CENTRE = 40.0
WORKED_LOGIT, WORKED_LOGIT_PER_POINT = -0.8, 0.04
OPPORTUNITY_LOGIT, OPPORTUNITY_LOGIT_PER_POINT = 0.3, 0.03
EXTRA_OPPORTUNITIES_MEAN = 0.5  # Poisson mean of opportunities beyond the first ...
MAX_OPPORTUNITIES = 4  # ... up to this many per account
# Win probability of a closed opportunity: logistic in the true points, plus noise per account.
WIN_LOGIT, WIN_LOGIT_PER_POINT, WIN_LOGIT_NOISE = -4.5, 0.07, 0.5
# The outcomes are point-in-time: opportunities are opened during the outcome window, the
# OUTCOME_WINDOW_DAYS before --as-of (never before the account's creation), and the truth that drives them
# is the planted ICP as of the window's start, from the intent before it. A backtest that grades accounts as
# of the window start (`icp backtest`, whose default --window-days is this same 180) sees what
# sales knew. Cycles and amounts are log-normal. ICP accounts close ~45% larger deals ~35% faster (the
# method's figures): the effect grows linearly from ICP_RAMP[0] true points to its full size at
# ICP_RAMP[1], around the B threshold (60).
OUTCOME_WINDOW_DAYS = 180
CYCLE_MEDIAN_DAYS, CYCLE_SIGMA = 75.0, 0.4
DEAL_MEDIAN, DEAL_SIGMA, DEAL_ROUNDING, DEAL_MINIMUM = 20_000.0, 0.4, 100, 500
ICP_DEAL_SIZE_UPLIFT, ICP_CYCLE_CUT = 0.45, 0.35
ICP_RAMP = (45.0, 75.0)
# Stages in pipeline order; open opportunities are in the stage their elapsed share of the cycle reaches.
OPPORTUNITY_STAGES = ("prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost")
CLOSED_WON, CLOSED_LOST = OPPORTUNITY_STAGES.index("closed_won"), OPPORTUNITY_STAGES.index("closed_lost")
OPEN_STAGES = CLOSED_WON  # the stages before closed_won
STAGE_RAW: tuple[tuple[tuple[str, float], ...], ...] = (
    (("Prospecting", 1),),
    (("Qualification", 3), ("Needs Analysis", 1)),
    (("Proposal", 3), ("Proposal/Price Quote", 1)),
    (("Negotiation", 3), ("Negotiation/Review", 1)),
    (("Closed Won", 9), ("closed won", 1)),
    (("Closed Lost", 9), ("CLOSED LOST", 1)),
)
IS_WON_UPPER_SHARE = 0.03  # TRUE / FALSE as spreadsheets write them
# Amount formats: plain, "n.00", thousands, "$" thousands, "USD n", compact (weights).
AMOUNT_FORMAT_WEIGHTS = (0.55, 0.20, 0.12, 0.05, 0.04, 0.04)
PROSPECTING_AMOUNT_BLANK_SHARE = 0.4
AMOUNT_BLANK_SHARE = 0.005
# Activities: 1 + Poisson(mean) per opportunity, from ACTIVITY_LEAD_DAYS before its creation to its close
# (or --as-of), and 1 + Poisson(mean) prospecting activities per worked account over the outcome window.
ACTIVITY_TYPES = ("call", "email", "meeting")  # the order of ACTIVITY_RAW and the activity mixes
ACTIVITY_RAW: tuple[tuple[tuple[str, float], ...], ...] = (
    (("Call", 6), ("Phone Call", 2), ("call", 1)),
    (("Email", 6), ("E-mail", 2), ("email", 1)),
    (("Meeting", 6), ("Video Meeting", 2), ("meeting", 1)),
)
ACTIVITIES_PER_OPPORTUNITY = 3.0
PROSPECTING_ACTIVITIES = 1.5
ACTIVITY_LEAD_DAYS = 14
OPPORTUNITY_ACTIVITY_MIX = (0.35, 0.40, 0.25)
PROSPECTING_ACTIVITY_MIX = (0.45, 0.50, 0.05)
OUTCOME_STREAM = 7  # SeedSequence spawn key of the outcome streams (random_streams 0-5, injections 6)


@dataclass(frozen=True)
class AccountTruth:
    """The clean truth about the regular (non-planted) accounts, one array entry per account."""

    domain: pa.Array
    name_stem: pa.Array
    industry: np.ndarray
    industry_kind: np.ndarray
    employees: np.ndarray
    employees_kind: np.ndarray
    revenue: np.ndarray
    country: np.ndarray
    created_days: np.ndarray
    website_kind: np.ndarray
    owner: np.ndarray
    in_market: np.ndarray
    has_technology: np.ndarray
    crm_primary: np.ndarray
    crm_secondary: np.ndarray
    intent_profile: np.ndarray

    @property
    def size(self) -> int:
        """Number of regular accounts."""
        return len(self.industry)


@dataclass(frozen=True)
class TechnologyRows:
    """Technographic detections: account index, raw technology index, category index, dates."""

    account: np.ndarray
    technology: np.ndarray
    category: np.ndarray
    first_days: np.ndarray
    last_days: np.ndarray


@dataclass(frozen=True)
class EventRows:
    """Intent events: account index, canonical signal, raw (signal, source) pair, topic, age in seconds."""

    account: np.ndarray
    signal: np.ndarray
    raw_pair: np.ndarray
    topic: np.ndarray
    age_seconds: np.ndarray


@dataclass(frozen=True)
class TruePoints:
    """The planted ICP's points per criterion (PLANTED_ICP order) for each regular account."""

    by_criterion: dict[str, np.ndarray]

    @property
    def total(self) -> np.ndarray:
        """The true ICP score, 0-100."""
        return np.sum(list(self.by_criterion.values()), axis=0)


@dataclass(frozen=True)
class OpportunityRows:
    """Opportunities: account index, created age in days before as-of, cycle in days, stage, amount.

    An opportunity closed ``created_age - cycle_days`` days before as-of when that is 0 or more (a negative
    cycle, only injected, closes it before it was created); otherwise it is open.
    """

    account: np.ndarray
    created_age: np.ndarray
    cycle_days: np.ndarray
    stage: np.ndarray
    amount: np.ndarray


@dataclass(frozen=True)
class ActivityRows:
    """Sales activities: account index, age in days before as-of, activity type index."""

    account: np.ndarray
    age_days: np.ndarray
    activity_type: np.ndarray


@dataclass(frozen=True)
class Outcomes:
    """What sales did with the regular accounts, and the truth it was drawn from."""

    true_points: TruePoints
    win_probability: np.ndarray
    is_worked: np.ndarray
    opportunities: OpportunityRows
    activities: ActivityRows


@dataclass(frozen=True)
class Simulation:
    """Everything drawn for one run, before rendering to text."""

    accounts: AccountTruth
    technologies: TechnologyRows
    events: EventRows
    outcomes: Outcomes


@dataclass(frozen=True)
class WeightedGroups:
    """Weighted values grouped by a key, sampled per row with one vectorised searchsorted."""

    values: tuple[str, ...]
    cumulative: np.ndarray
    group_end: np.ndarray

    @classmethod
    def build(cls, groups: Sequence[Sequence[tuple[str, float]]]) -> "WeightedGroups":
        """Group g owns cumulative weights in (g, g + 1]; the last one is exactly g + 1."""
        values: list[str] = []
        cumulative: list[np.ndarray] = []
        ends: list[int] = []
        for group, members in enumerate(groups):
            weights = np.array([weight for _, weight in members], dtype=np.float64)
            share = np.cumsum(weights) / weights.sum()
            share[-1] = 1.0
            values.extend(value for value, _ in members)
            cumulative.append(group + share)
            ends.append(len(values))
        return cls(tuple(values), np.concatenate(cumulative), np.array(ends, dtype=np.int64))

    def sample(self, rng: np.random.Generator, groups: np.ndarray) -> np.ndarray:
        """Index into ``values`` of one weighted draw within each row's group."""
        groups = np.asarray(groups, dtype=np.int64)
        picked = np.searchsorted(self.cumulative, groups + rng.random(len(groups)), side="right")
        return np.minimum(picked, self.group_end[groups] - 1)

    def strings(self) -> pa.Array:
        """The values as an Arrow string array (for dictionary encoding and ``take``)."""
        return pa.array(self.values, type=pa.string())


INDUSTRY_GROUPS = WeightedGroups.build(INDUSTRY_VARIANTS)
COUNTRY_GROUPS = WeightedGroups.build(COUNTRY_VARIANTS)
STAGE_GROUPS = WeightedGroups.build(STAGE_RAW)
ACTIVITY_GROUPS = WeightedGroups.build(ACTIVITY_RAW)
CRM_GROUPS = WeightedGroups.build(CRM_RAW_NAMES)
SIGNAL_GROUPS = WeightedGroups.build([[(raw, weight) for raw, _, weight in group] for group in SIGNAL_RAW])
SIGNAL_PAIR_SOURCE = tuple(SOURCES.index(source) for group in SIGNAL_RAW for _, source, _ in group)
TECHNOLOGY_NAMES = CRM_GROUPS.values + tuple(name for name, _ in OTHER_TECHNOLOGIES) + UNMAPPED_TECHNOLOGIES
# Canonical CRM (index into CRMS, -1 for other technologies) and usual vendor category per raw name.
TECHNOLOGY_CRM = tuple(group for group, members in enumerate(CRM_RAW_NAMES) for _ in members) + tuple(
    -1 for _ in OTHER_TECHNOLOGIES + UNMAPPED_TECHNOLOGIES
)
TECHNOLOGY_CATEGORY_OF = {
    "HubSpot Marketing Hub": "Marketing Automation",
    "Marketo": "Marketing Automation",
    "Pardot": "Marketing Automation",
    "Mailchimp": "Marketing Automation",
    "Google Analytics": "Analytics",
    "GA4": "Analytics",
    "Segment": "Analytics",
    "WordPress": "CMS",
    "Webflow": "CMS",
    "NetSuite": "ERP",
    "Slack": "Collaboration",
    "Zoom": "Collaboration",
}
TECHNOLOGY_BASE_CATEGORY = tuple(
    TECHNOLOGY_CATEGORIES.index(TECHNOLOGY_CATEGORY_OF.get(name, "CRM" if crm >= 0 else "Other"))
    for name, crm in zip(TECHNOLOGY_NAMES, TECHNOLOGY_CRM, strict=True)
)


# --- Small vectorised helpers ---------------------------------------------------------------------


def categorical(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    """Draw ``size`` category indices with the given (unnormalised) weights."""
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    picked = np.searchsorted(cumulative / cumulative[-1], rng.random(size), side="right")
    return np.minimum(picked, len(cumulative) - 1)


def quota_codes(rng: np.random.Generator, size: int, shares: Sequence[float]) -> np.ndarray:
    """Give codes 1..len(shares) to exactly round(share * size) random rows each; 0 elsewhere.

    Exact quotas (rather than independent coin flips) make rare messiness classes reliably present.
    """
    counts = [round(share * size) for share in shares]
    total = min(sum(counts), size)
    chosen = rng.choice(size, size=total, replace=False) if total else np.empty(0, dtype=np.int64)
    codes = np.zeros(size, dtype=np.int8)
    start = 0
    for code, count in enumerate(counts, start=1):
        codes[chosen[start : start + count]] = code
        start += count
    return codes


def as_text(values: np.ndarray) -> pa.Array:
    """Integers as decimal strings."""
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise string concatenation (a null part gives a null result)."""
    return pc.binary_join_element_wise(*parts, "")


def choose(codes: np.ndarray, options: Sequence[pa.Array | str | None]) -> pa.Array:
    """Pick, per row, the option given by ``codes`` (arrays are row-aligned; strings/None are constants)."""
    values = [
        pa.scalar(option, pa.string()) if option is None or isinstance(option, str) else option
        for option in options
    ]
    return pc.choose(pa.array(np.asarray(codes, dtype=np.int8)), *values)


def pick(strings: Sequence[str], indices: np.ndarray) -> pa.Array:
    """Look ``indices`` up in a small list of strings."""
    return pa.array(list(strings), type=pa.string()).take(pa.array(np.asarray(indices, dtype=np.int64)))


def with_thousands(values: np.ndarray, separator: str = ",") -> pa.Array:
    """Non-negative integers with a thousands separator (``1200`` -> ``1,200``)."""
    values = np.asarray(values, dtype=np.int64)
    groups = []
    rest = values.copy()
    while True:
        groups.append(rest % 1000)
        rest //= 1000
        if not rest.any():
            break
    text = pa.nulls(len(values), pa.string())
    for power in range(len(groups) - 1, -1, -1):
        group = groups[power]
        padded = join(separator, pc.utf8_lpad(as_text(group), 3, "0"))
        started = pc.is_valid(text)
        leading = pa.array(values >= 1000**power) if power else pa.array(np.ones(len(values), dtype=bool))
        text = pc.if_else(started, join(text, padded), pc.if_else(leading, as_text(group), text))
    return text


def one_decimal(tenths: np.ndarray, decimal_mark: str = ".") -> pa.Array:
    """Tenths as a number with at most one decimal: 25 -> ``2.5``, 30 -> ``3``."""
    tenths = np.asarray(tenths, dtype=np.int64)
    whole = as_text(tenths // 10)
    fraction = join(decimal_mark, as_text(tenths % 10))
    return pc.if_else(pa.array(tenths % 10 == 0), whole, join(whole, fraction))


def compact_amount(values: np.ndarray, decimal_mark: str = ".", unit_gap: str = "") -> pa.Array:
    """Amounts as ``12k``, ``2.5M`` or ``1.2B``."""
    values = np.asarray(values, dtype=np.float64)
    billions = join(one_decimal(np.rint(values / 1e8), decimal_mark), unit_gap, "B")
    millions = join(one_decimal(np.rint(values / 1e5), decimal_mark), unit_gap, "M")
    thousands = join(as_text(np.maximum(np.rint(values / 1e3), 1)), unit_gap, "k")
    codes = np.where(values >= 1e9, 2, np.where(values >= 1e6, 1, 0))
    return choose(codes, [thousands, millions, billions])


def later_duplicates(values: pa.Array) -> np.ndarray:
    """True for every occurrence of a value after its first one."""
    codes = pc.dictionary_encode(values).indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    duplicate = np.empty(len(codes), dtype=bool)
    duplicate[order] = ~first
    return duplicate


def days_to_dates(days: np.ndarray) -> pa.Array:
    """Days since 1970-01-01 as an Arrow date32 array."""
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32())


def seconds_to_timestamps(seconds: np.ndarray) -> pa.Array:
    """Seconds since the epoch as an Arrow timestamp array (written as ``YYYY-MM-DD HH:MM:SS``)."""
    return pa.array(np.asarray(seconds, dtype=np.int64), type=pa.timestamp("s"))


def dictionary(indices: np.ndarray, values: pa.Array, mask: np.ndarray | None = None) -> pa.DictionaryArray:
    """A dictionary-encoded column (cheap for repeated strings); ``mask`` marks nulls."""
    index_array = pa.array(np.asarray(indices, dtype=np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(index_array, values)


def epoch_day(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


# --- Simulation of the clean truth ----------------------------------------------------------------


def simulate_sizes(rng: np.random.Generator, in_market: np.ndarray) -> np.ndarray:
    """True employee counts, log-normal mixture; in-market accounts are more often mid-size."""
    size = len(in_market)
    component = np.where(
        in_market, categorical(rng, IN_MARKET_SIZE_MIX, size), categorical(rng, SIZE_MIX, size)
    )
    median = np.asarray(SIZE_MEDIANS)[component]
    sigma = np.asarray(SIZE_SIGMAS)[component]
    log_size = np.log(median) + sigma * rng.standard_normal(size)
    return np.clip(np.rint(np.exp(log_size)), 1, MAX_EMPLOYEES).astype(np.int64)


def simulate_crms(
    rng: np.random.Generator, employees: np.ndarray, industry: np.ndarray, in_market: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who has any technographic data, the main CRM (-1: none) and a rare second CRM."""
    size = len(employees)
    has_technology = rng.random(size) < HAS_TECHNOLOGY_SHARE
    band = np.searchsorted(np.array([50, 1000]), employees, side="right")
    weights = np.asarray(CRM_WEIGHTS_BY_SIZE)[band].copy()
    weights[:, 0] *= np.where(in_market, HUBSPOT_IN_MARKET_BOOST, 1.0)
    weights[:, 0] *= np.where(industry == INDUSTRIES.index("technology"), HUBSPOT_TECH_BOOST, 1.0)
    weights[:, 5] *= np.where(industry == INDUSTRIES.index("manufacturing"), SAP_MANUFACTURING_BOOST, 1.0)
    cumulative = np.cumsum(weights, axis=1)
    draw = rng.random(size) * cumulative[:, -1]
    primary = np.minimum((cumulative <= draw[:, None]).sum(axis=1), len(CRMS) - 1)
    has_crm = has_technology & (rng.random(size) < HAS_CRM_SHARE)
    primary = np.where(has_crm, primary, -1)
    other = (primary + 1 + rng.integers(0, len(CRMS) - 1, size)) % len(CRMS)
    secondary = np.where(has_crm & (rng.random(size) < SECOND_CRM_SHARE), other, -1)
    return has_technology, primary.astype(np.int8), secondary.astype(np.int8)


def domain_candidates(
    rng: np.random.Generator, country: np.ndarray
) -> tuple[list[pa.Array], pa.Array, pa.Array]:
    """Candidate domains (short to long) for each account, plus the name stem and third word."""
    size = len(country)
    first = pick(NAME_FIRST_WORDS, rng.integers(0, len(NAME_FIRST_WORDS), size))
    second = pick(NAME_SECOND_WORDS, rng.integers(0, len(NAME_SECOND_WORDS), size))
    third = pick(NAME_THIRD_WORDS, rng.integers(0, len(NAME_THIRD_WORDS), size))
    tld_index = categorical(rng, GLOBAL_TLD_SHARES, size)
    local = np.array([LOCAL_TLD.get(code, -1) for code in COUNTRY_CODES])[country]
    tld_index = np.where((local >= 0) & (rng.random(size) < LOCAL_TLD_SHARE), local, tld_index)
    tld = join(".", pick(TLDS, tld_index))
    other_tld = join(".", pick(TLDS, (tld_index + 1 + rng.integers(0, 2, size)) % 3))
    # Shortest first; forms in DOMAIN_FORMS_WITH_THIRD_WORD put the third word in the name too.
    candidates = [
        join(first, second, tld),
        join("get", first, second, tld),
        join(first, second, "-", third, tld),
        join(first, second, third, tld),
        join(first, second, "hq", tld),
        join(first, second, "-", third, other_tld),
        join(first, "-", second, "-", third, tld),
        join(first, second, "-", third, "-", as_text(np.arange(size)), tld),  # unique by construction
    ]
    spaced = pc.binary_join_element_wise(pc.utf8_capitalize(first), pc.utf8_capitalize(second), " ")
    glued = join(pc.utf8_capitalize(first), pc.utf8_capitalize(second))
    stem = pc.if_else(pa.array(rng.random(size) < 0.6), spaced, glued)
    return candidates, stem, pc.utf8_capitalize(third)


def unique_domains(candidates: list[pa.Array]) -> tuple[pa.Array, np.ndarray]:
    """Give each account its shortest candidate domain not already taken; return domains and form used."""
    domains = candidates[0]
    form = np.zeros(len(domains), dtype=np.int8)
    for level, candidate in enumerate(candidates[1:], start=1):
        taken = later_duplicates(domains)
        if not taken.any():
            break
        domains = pc.if_else(pa.array(taken), candidate, domains)
        form[taken] = level
    return domains, form


def share_domains(rng: np.random.Generator, size: int) -> np.ndarray:
    """Domain owner per account: about 0.5% of accounts reuse another account's domain."""
    owner = np.arange(size, dtype=np.int64)
    if size < 2:
        return owner
    sharers = np.flatnonzero(quota_codes(rng, size, [SHARED_DOMAIN_SHARE]))
    candidates = np.setdiff1d(owner, sharers)
    owner[sharers] = candidates[rng.integers(0, len(candidates), len(sharers))]
    return owner


def simulate_accounts(rng: np.random.Generator, size: int) -> AccountTruth:
    """Draw the firmographic and technographic truth of ``size`` regular accounts."""
    in_market = quota_codes(rng, size, [IN_MARKET_SHARE]) == 1
    industry = np.where(
        in_market,
        categorical(rng, IN_MARKET_INDUSTRY_SHARES, size),
        categorical(rng, INDUSTRY_SHARES, size),
    ).astype(np.int8)
    employees = simulate_sizes(rng, in_market)
    revenue_per_employee = 10 ** rng.normal(np.log10(150_000), 0.25, size)
    services = industry <= INDUSTRIES.index("financial_services")  # technology and services earn more
    revenue = employees * revenue_per_employee * np.where(services, 1.3, 1.0)
    country = categorical(rng, COUNTRY_SHARES, size).astype(np.int8)
    candidates, stem, third = domain_candidates(rng, country)
    domain, form = unique_domains(candidates)
    with_third = np.isin(form, DOMAIN_FORMS_WITH_THIRD_WORD) | (rng.random(size) < NAME_THIRD_WORD_SHARE)
    name_stem = pc.if_else(pa.array(with_third), pc.binary_join_element_wise(stem, third, " "), stem)
    owner = share_domains(rng, size)
    domain = domain.take(pa.array(owner))
    has_technology, crm_primary, crm_secondary = simulate_crms(rng, employees, industry, in_market)
    intent_profile = quota_codes(rng, size, [INTENT_LOW_SHARE, INTENT_ACTIVE_SHARE])
    intent_profile[in_market] = INTENT_IN_MARKET
    return AccountTruth(
        domain=domain,
        name_stem=name_stem,
        industry=industry,
        industry_kind=quota_codes(
            rng, size, [INDUSTRY_BLANK_SHARE, INDUSTRY_UNMAPPED_SHARE, INDUSTRY_NOISE_SHARE]
        ),
        employees=employees,
        employees_kind=employee_kinds(rng, size),
        revenue=revenue,
        country=country,
        created_days=created_days(rng, size),
        website_kind=quota_codes(
            rng,
            size,
            [
                WEBSITE_BLANK_SHARE,
                WEBSITE_GARBAGE_SHARE,
                WEBSITE_IP_SHARE,
                WEBSITE_EMAIL_SHARE,
                WEBSITE_FREEMAIL_SHARE,
            ],
        ),
        owner=owner,
        in_market=in_market[owner],
        has_technology=has_technology[owner],
        crm_primary=crm_primary[owner],
        crm_secondary=crm_secondary[owner],
        intent_profile=intent_profile[owner],
    )


def employee_kinds(rng: np.random.Generator, size: int) -> np.ndarray:
    """Employee format per account: 0-5 formats of a true value, then blank, text, negative."""
    kinds = categorical(rng, EMPLOYEE_FORMAT_WEIGHTS, size).astype(np.int8)
    special = quota_codes(rng, size, [EMPLOYEES_BLANK_SHARE, EMPLOYEES_TEXT_SHARE, EMPLOYEES_NEGATIVE_SHARE])
    return np.where(special > 0, EMPLOYEE_KIND_BLANK - 1 + special, kinds).astype(np.int8)


def created_days(rng: np.random.Generator, size: int) -> np.ndarray:
    """Account age in days at the as-of date: mostly 30 days to 8 years, a few newer or legacy ones."""
    days = rng.integers(CREATED_MIN_DAYS, CREATED_MAX_DAYS + 1, size)
    special = quota_codes(rng, size, [CREATED_RECENT_SHARE, CREATED_LEGACY_SHARE])
    days = np.where(special == 1, rng.integers(1, CREATED_MIN_DAYS, size), days)
    return np.where(special == 2, rng.integers(CREATED_MAX_DAYS, 15 * 365, size), days)


def simulate_technographics(
    rng: np.random.Generator, truth: AccountTruth, technologies_per_account: float
) -> TechnologyRows:
    """Technographic detections for every domain-owning account with technographic data."""
    size = truth.size
    owner = truth.owner == np.arange(size)
    keep_share = min(1.0, technologies_per_account / 2.0)
    emits = owner & truth.has_technology & (rng.random(size) < keep_share)
    crm_account, crm_technology = crm_detections(rng, truth, emits)
    rate = max(0.0, technologies_per_account * size - len(crm_account)) / max(int(emits.sum()), 1)
    account_rate = rate * rng.gamma(TECHNOLOGY_COUNT_SHAPE, 1 / TECHNOLOGY_COUNT_SHAPE, size)
    other_account, other_technology = other_detections(rng, np.where(emits, rng.poisson(account_rate), 0))
    account = np.concatenate([crm_account, other_account])
    technology = np.concatenate([crm_technology, other_technology])
    order = np.argsort(account, kind="stable")
    account, technology = account[order], technology[order]
    rows = len(account)
    last_days = np.where(
        rng.random(rows) < DETECTION_RECENT_SHARE, rng.integers(0, 31, rows), rng.integers(31, 721, rows)
    )
    return TechnologyRows(
        account=account,
        technology=technology.astype(np.int16),
        category=technology_categories(rng, technology),
        first_days=last_days + rng.integers(0, 1500, rows),
        last_days=last_days,
    )


def crm_detections(
    rng: np.random.Generator, truth: AccountTruth, emits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """CRM rows (account, raw technology): the main CRM, sometimes also under another name, a second CRM."""
    primary = np.where(emits, truth.crm_primary, -1)
    secondary = np.where(emits, truth.crm_secondary, -1)
    has_primary = np.flatnonzero(primary >= 0)
    primary_name = CRM_GROUPS.sample(rng, primary[has_primary])
    group_start = np.concatenate([[0], CRM_GROUPS.group_end[:-1]])
    start = group_start[primary[has_primary]]
    names = CRM_GROUPS.group_end[primary[has_primary]] - start
    alias = (names > 1) & (rng.random(len(has_primary)) < CRM_ALIAS_ROW_SHARE)
    alias_name = start + (primary_name - start + 1) % names
    has_secondary = np.flatnonzero(secondary >= 0)
    account = np.concatenate([has_primary, has_primary[alias], has_secondary])
    technology = np.concatenate(
        [primary_name, alias_name[alias], CRM_GROUPS.sample(rng, secondary[has_secondary])]
    )
    return account, technology


def other_detections(rng: np.random.Generator, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-CRM rows (account, raw technology): ``counts[i]`` for account i, distinct names first.

    Names are drawn by weight without replacement (Gumbel top-k on one matrix); only counts beyond the
    number of names repeat a name (a re-detection). About 1% of the rows get an unmapped name.
    """
    pool = len(OTHER_TECHNOLOGIES)
    log_weights = np.log([weight for _, weight in OTHER_TECHNOLOGIES])
    emitting = np.flatnonzero(counts)
    ranked = np.argsort(-(log_weights + rng.gumbel(size=(len(emitting), pool))), axis=1)
    distinct = np.minimum(counts[emitting], pool)
    account = np.repeat(emitting, distinct)
    technology = ranked[np.arange(pool) < distinct[:, None]]
    repeats = counts[emitting] - distinct
    repeat_account = np.repeat(emitting, repeats)
    repeat_technology = categorical(rng, np.exp(log_weights), len(repeat_account))
    technology = len(CRM_GROUPS.values) + np.concatenate([technology, repeat_technology])
    unmapped = quota_codes(rng, len(technology), [UNMAPPED_TECHNOLOGY_SHARE]) == 1
    first_unmapped = len(CRM_GROUPS.values) + pool
    technology[unmapped] = first_unmapped + rng.integers(0, len(UNMAPPED_TECHNOLOGIES), int(unmapped.sum()))
    return np.concatenate([account, repeat_account]), technology


def technology_categories(rng: np.random.Generator, technology: np.ndarray) -> np.ndarray:
    """Vendor category text index per detection (-1 for blank); CRM wording varies, SAP is sometimes ERP."""
    rows = len(technology)
    category = np.asarray(TECHNOLOGY_BASE_CATEGORY, dtype=np.int8)[technology]
    long_form = (category == TECHNOLOGY_CATEGORIES.index("CRM")) & (rng.random(rows) < 0.4)
    category[long_form] = TECHNOLOGY_CATEGORIES.index("Customer Relationship Management")
    sap_as_erp = (technology == TECHNOLOGY_NAMES.index("SAP")) & (rng.random(rows) < 0.3)
    category[sap_as_erp] = TECHNOLOGY_CATEGORIES.index("ERP")
    category[rng.random(rows) < TECHNOLOGY_CATEGORY_BLANK_SHARE] = -1
    return category


def simulate_intent(rng: np.random.Generator, truth: AccountTruth, events_per_account: float) -> EventRows:
    """Intent events over the history: bursts for in-market accounts, heavy-tailed old-skewed background.

    Every account keeps one intensity over the whole history (so intent before the outcome window predicts
    intent during it). Burst sizes scale with ``events_per_account``; the background fills the rest of the
    requested mean.
    """
    size = truth.size
    owner = truth.owner == np.arange(size)
    profile = np.where(owner, truth.intent_profile, INTENT_NONE)
    account_intensity = rng.lognormal(0.0, INTENT_VOLUME_SIGMA, size)
    in_market = profile == INTENT_IN_MARKET
    bursts = np.where(in_market, 1 + rng.poisson(EXTRA_BURSTS_MEAN, size), 0)
    burst_account = np.repeat(np.arange(size), bursts)
    burst_mean = BURST_EVENTS * events_per_account / DEFAULT_EVENTS_PER_ACCOUNT
    burst_size = rng.poisson(burst_mean * account_intensity[burst_account])
    volume = np.asarray(INTENT_VOLUME)[profile] * account_intensity
    background_total = max(0.0, events_per_account * size - burst_size.sum())
    scale = background_total / volume.sum() if volume.sum() > 0 else 0.0
    burst = burst_events(rng, burst_account, burst_size)
    background = background_events(rng, volume * scale)
    account, age_days, signal = (np.concatenate(pair) for pair in zip(burst, background, strict=True))
    rows = len(account)
    age_seconds = np.maximum(np.rint(age_days * SECONDS_PER_DAY), 1).astype(np.int64)
    future = quota_codes(rng, rows, [FUTURE_EVENT_SHARE]) == 1
    age_seconds[future] = -rng.integers(600, int(FUTURE_MAX_DAYS * SECONDS_PER_DAY), int(future.sum()))
    topic = categorical(rng, [weight for _, weight in TOPICS], rows).astype(np.int8)
    topic[rng.random(rows) < TOPIC_BLANK_SHARE] = -1
    return EventRows(
        account=account,
        signal=signal,
        raw_pair=SIGNAL_GROUPS.sample(rng, signal).astype(np.int8),
        topic=topic,
        age_seconds=age_seconds,
    )


def burst_events(
    rng: np.random.Generator, burst_account: np.ndarray, burst_size: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """In-market bursts (account, age in days, signal): each clustered after its random start, rich in
    pricing visits; ``burst_account`` and ``burst_size`` give each burst's account and number of events."""
    account = np.repeat(burst_account, burst_size)
    start = np.repeat(rng.uniform(0.0, BURST_MAX_START_DAYS, len(burst_account)), burst_size)
    age = np.minimum(start + rng.exponential(BURST_MEAN_DAYS, len(account)), INTENT_HISTORY_DAYS)
    return account, age, categorical(rng, BURST_SIGNAL_WEIGHTS, len(account)).astype(np.int8)


def background_events(
    rng: np.random.Generator, expected: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Background research (account, age in days, signal), ``expected[i]`` events in the feed on average for
    account i: events at a steady rate over the history, kept when reported by --as-of (recent ones rarer).

    Thinning a Poisson count leaves a Poisson count, so drawing ``expected / reported share`` events and
    keeping the reported ones gives each account ``Poisson(expected)`` events.
    """
    lag, history = BACKGROUND_REPORTING_LAG_DAYS, INTENT_HISTORY_DAYS
    reported_share = 1.0 - lag / history * (1.0 - math.exp(-history / lag))
    account = np.repeat(np.arange(len(expected)), rng.poisson(expected / reported_share))
    age = history * rng.random(len(account))
    reported = rng.exponential(lag, len(account)) < age
    account, age = account[reported], age[reported]
    return account, age, categorical(rng, BACKGROUND_SIGNAL_WEIGHTS, len(account)).astype(np.int8)


def logistic(logit: np.ndarray) -> np.ndarray:
    """The logistic function, element-wise."""
    return 1.0 / (1.0 + np.exp(-logit))


def planted_points(
    truth: AccountTruth, events: EventRows, days_before_as_of: int = OUTCOME_WINDOW_DAYS
) -> TruePoints:
    """PLANTED_ICP applied to the clean truth as of ``days_before_as_of`` days before --as-of (default: the
    outcome window's start): points per criterion for every regular account.

    Industry and employees are the true ones (before any blank or unparseable rendering); the CRM is the
    better of the main and second CRM; intent is computed from the account's events up to that day, as the
    grid computes it when scoring as of that day.
    """
    industry = PLANTED_ICP["industry"].values
    crm = PLANTED_ICP["compatible_crm"].values
    crm_points = np.array([crm.get(name, 0.0) for name in CRMS] + [0.0])  # index -1: no CRM
    bands = PLANTED_ICP["company_size"].bands
    band = np.searchsorted([band.lower_bound for band in bands], truth.employees, side="right") - 1
    points = {
        "buying_intent": planted_intent_points(truth, events, days_before_as_of),
        "industry": np.array([industry.get(name, 0.0) for name in INDUSTRIES])[truth.industry],
        "compatible_crm": np.maximum(crm_points[truth.crm_primary], crm_points[truth.crm_secondary]),
        "company_size": np.array([band.points for band in bands])[band],
    }
    return TruePoints({criterion: points[criterion] for criterion in PLANTED_ICP})


def planted_intent_points(truth: AccountTruth, events: EventRows, days_before_as_of: int) -> np.ndarray:
    """Intent points per account as the grid computes them when scoring as of ``days_before_as_of`` days
    before --as-of: each event is worth its points halved every half-life (age in whole days before that
    day: 0 on the day itself; events after it never count), summed and capped per signal type, then capped
    at the criterion's maximum.

    Events belong to the domain's owner; every account on the domain counts them, but only from its own CRM
    creation date on, as the models do (an event dated before the account's created_date is
    `before_account_created`): what the company did before it was an account is not what scoring can see.
    The decay is looked up in a small (signal type x age) table, so each of the millions of events costs one
    gather.
    """
    criterion = PLANTED_ICP["buying_intent"]
    planted = [criterion.signals.get(signal) for signal in SIGNALS]
    account, signal, event_day = events_per_account(truth, events)
    # Whole days before --as-of as dbt counts them (the date of the event to the scoring date), then before
    # the truth's day.
    age_days = event_day - days_before_as_of
    oldest = int(age_days.max(initial=0))
    not_counted = (age_days < 0) | (event_day > truth.created_days[account])
    age_days[not_counted] = oldest + 1  # the table's last column, worth nothing
    ages = np.arange(oldest + 2)
    table = np.array(
        [
            np.zeros(len(ages)) if item is None else item.points * np.exp2(-ages / item.half_life_days)
            for item in planted
        ]
    )
    table[:, -1] = 0.0
    decayed = table.ravel()[signal.astype(np.int64) * len(ages) + age_days]
    kinds = len(SIGNALS)
    per_signal = np.bincount(account * kinds + signal, weights=decayed, minlength=truth.size * kinds).reshape(
        truth.size, kinds
    )
    cap = np.array([0.0 if item is None else item.max_points for item in planted])
    return np.minimum(np.minimum(per_signal, cap).sum(axis=1), criterion.max_points)


def events_per_account(truth: AccountTruth, events: EventRows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(account, signal, whole days before --as-of) of every event for every account on its domain: the
    owner's events as they are, plus a copy for each account that shares the owner's domain."""
    event_day = -(-events.age_seconds // SECONDS_PER_DAY)
    sharers = np.flatnonzero(truth.owner != np.arange(truth.size))
    if not len(sharers):
        return events.account, events.signal, event_day
    order = np.argsort(events.account, kind="stable")
    by_owner = events.account[order]
    starts = np.searchsorted(by_owner, truth.owner[sharers], side="left")
    ends = np.searchsorted(by_owner, truth.owner[sharers], side="right")
    counts = ends - starts
    # Positions starts[i] .. ends[i] - 1 of the sorted events, for each sharer i, in one vector.
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    copied = order[np.repeat(starts, counts) + offsets]
    return (
        np.concatenate([events.account, np.repeat(sharers, counts)]),
        np.concatenate([events.signal, events.signal[copied]]),
        np.concatenate([event_day, event_day[copied]]),
    )


def simulate_outcomes(rng: np.random.Generator, truth: AccountTruth, events: EventRows) -> Outcomes:
    """Who sales works, their opportunities and activities in the outcome window, drawn from the planted
    ICP's true points as of the window's start (what sales could know when the window opened)."""
    true_points = planted_points(truth, events, OUTCOME_WINDOW_DAYS)
    score = true_points.total
    size = truth.size
    centred = score - FIT_CENTRE
    covered = rng.random(size) >= NEVER_WORKED_SHARE
    worked = covered & (rng.random(size) < logistic(WORKED_LOGIT + WORKED_LOGIT_PER_POINT * centred))
    pursued = rng.random(size) < logistic(OPPORTUNITY_LOGIT + OPPORTUNITY_LOGIT_PER_POINT * centred)
    extra = np.minimum(rng.poisson(EXTRA_OPPORTUNITIES_MEAN, size), MAX_OPPORTUNITIES - 1)
    noise = WIN_LOGIT_NOISE * rng.standard_normal(size)
    win_probability = logistic(WIN_LOGIT + WIN_LOGIT_PER_POINT * score + noise)
    account = np.repeat(np.arange(size), np.where(worked & pursued, 1 + extra, 0))
    opportunities = draw_opportunities(
        rng, account, truth.created_days[account], score[account], win_probability[account]
    )
    return Outcomes(
        true_points=true_points,
        win_probability=win_probability,
        is_worked=worked,
        opportunities=opportunities,
        activities=simulate_activities(rng, truth.created_days, worked, opportunities),
    )


def icp_ramp(score: np.ndarray) -> np.ndarray:
    """How much of the ICP effect on deal size and cycle an account gets: 0 up to ICP_RAMP[0], 1 from [1]."""
    low, high = ICP_RAMP
    return np.clip((score - low) / (high - low), 0.0, 1.0)


def window_ages(rng: np.random.Generator, account_age: np.ndarray) -> np.ndarray:
    """A random day of the outcome window per entry, as its age in days before --as-of (0 to
    OUTCOME_WINDOW_DAYS - 1: after the window's start), never before the account's creation."""
    return rng.integers(0, np.minimum(account_age, OUTCOME_WINDOW_DAYS - 1) + 1)


def draw_opportunities(
    rng: np.random.Generator,
    account: np.ndarray,
    account_age: np.ndarray,
    score: np.ndarray,
    win_probability: np.ndarray,
) -> OpportunityRows:
    """One opportunity per entry of ``account``, oldest first: created in the outcome window (not before the
    account), a cycle and an amount shaped by the true score, and the stage it has reached at as-of."""
    rows = len(account)
    created_age = window_ages(rng, account_age)
    ramp = icp_ramp(score)
    cycle = CYCLE_MEDIAN_DAYS * (1 - ICP_CYCLE_CUT * ramp) * rng.lognormal(0.0, CYCLE_SIGMA, rows)
    cycle_days = np.maximum(np.rint(cycle), 1).astype(np.int64)
    amount = DEAL_MEDIAN * (1 + ICP_DEAL_SIZE_UPLIFT * ramp) * rng.lognormal(0.0, DEAL_SIGMA, rows)
    amount = np.maximum(np.rint(amount / DEAL_ROUNDING) * DEAL_ROUNDING, DEAL_MINIMUM)
    won = rng.random(rows) < win_probability
    open_stage = np.minimum(created_age * OPEN_STAGES // cycle_days, OPEN_STAGES - 1)
    stage = np.where(cycle_days <= created_age, np.where(won, CLOSED_WON, CLOSED_LOST), open_stage)
    order = np.argsort(-created_age, kind="stable")
    return OpportunityRows(
        account=account[order],
        created_age=created_age[order],
        cycle_days=cycle_days[order],
        stage=stage[order].astype(np.int8),
        amount=amount[order],
    )


def simulate_activities(
    rng: np.random.Generator, account_age: np.ndarray, worked: np.ndarray, opportunities: OpportunityRows
) -> ActivityRows:
    """Calls, e-mails and meetings, oldest first: around each opportunity, and prospecting on every worked
    account over the window. No activity predates its account."""
    per_opportunity = 1 + rng.poisson(ACTIVITIES_PER_OPPORTUNITY, len(opportunities.account))
    index = np.repeat(np.arange(len(per_opportunity)), per_opportunity)
    deal_account = opportunities.account[index]
    created_age = opportunities.created_age[index]
    oldest = np.minimum(created_age + ACTIVITY_LEAD_DAYS, account_age[deal_account])
    newest = np.maximum(created_age - opportunities.cycle_days[index], 0)
    deal_age = newest + rng.integers(0, oldest - newest + 1)
    prospecting = np.where(worked, 1 + rng.poisson(PROSPECTING_ACTIVITIES, len(worked)), 0)
    prospect_account = np.repeat(np.arange(len(worked)), prospecting)
    account = np.concatenate([deal_account, prospect_account])
    age_days = np.concatenate([deal_age, window_ages(rng, account_age[prospect_account])])
    activity_type = np.concatenate(
        [
            categorical(rng, OPPORTUNITY_ACTIVITY_MIX, len(deal_account)),
            categorical(rng, PROSPECTING_ACTIVITY_MIX, len(prospect_account)),
        ]
    )
    order = np.argsort(-age_days, kind="stable")
    return ActivityRows(account[order], age_days[order], activity_type[order].astype(np.int8))


def true_icp_points(simulation: Simulation, days_before_as_of: int = OUTCOME_WINDOW_DAYS) -> pa.Table:
    """The planted truth per regular account id, as of ``days_before_as_of`` days before --as-of (default:
    OUTCOME_WINDOW_DAYS, the start of the outcome window, the truth the outcomes were drawn from; 0: as of
    --as-of itself): PLANTED_ICP's points per criterion (``<criterion>_points``), with intent from the events
    up to that day only, and their sum ``true_icp_score`` (0-100). Then what the outcomes drew from the
    truth at the window start, whatever ``days_before_as_of``: the account's ``true_win_probability`` for a
    closed deal, and ``is_worked`` (whether sales worked it: it has activities, and perhaps opportunities, in
    the files).

    The two planted worked-example accounts and injected accounts have no outcomes and are not listed.
    Recompute with the generator's own arguments: ``true_icp_points(simulate(accounts, seed, ...))``.
    """
    outcomes = simulation.outcomes
    points = planted_points(simulation.accounts, simulation.events, days_before_as_of)
    return pa.table(
        {
            "account_id": account_ids(np.arange(simulation.accounts.size)),
            **{f"{criterion}_points": values for criterion, values in points.by_criterion.items()},
            "true_icp_score": points.total,
            "true_win_probability": outcomes.win_probability,
            "is_worked": outcomes.is_worked,
        }
    )


# The planted ICP written as scoring-grid seed files (seeds/scoring_grid format), e.g. to backtest the truth:
# pillar and account attribute of each criterion, as in the default grid.
PLANTED_CRITERION_KINDS = {
    "buying_intent": ("intent", "intent_signal"),
    "industry": ("firmographic", "industry"),
    "compatible_crm": ("technographic", "technology"),
    "company_size": ("firmographic", "employee_count"),
}
PLANTED_GRID_HEADERS = {
    "icp_criteria.csv": (
        "icp_id",
        "criterion_id",
        "pillar",
        "account_attribute",
        "max_points",
        "criterion_description",
    ),
    "icp_criterion_value_points.csv": ("icp_id", "criterion_id", "matched_value", "points"),
    "icp_criterion_band_points.csv": (
        "icp_id",
        "criterion_id",
        "band_label",
        "lower_bound",
        "upper_bound",
        "points",
    ),
    "icp_intent_signal_points.csv": (
        "icp_id",
        "criterion_id",
        "signal_type",
        "points",
        "half_life_days",
        "max_points",
    ),
}


def planted_grid_rows(icp_id: str = "default") -> dict[str, list[tuple[object, ...]]]:
    """PLANTED_ICP as the rows of the four scoring-grid seed files that hold criteria and points, per file."""
    rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in PLANTED_GRID_HEADERS}
    for criterion_id, item in PLANTED_ICP.items():
        pillar, attribute = PLANTED_CRITERION_KINDS[criterion_id]
        description = (
            f"Planted truth of the sample generator (PLANTED_ICP): {criterion_id.replace('_', ' ')}."
        )
        rows["icp_criteria.csv"].append(
            (icp_id, criterion_id, pillar, attribute, item.max_points, description)
        )
        rows["icp_criterion_value_points.csv"] += [
            (icp_id, criterion_id, value, points) for value, points in item.values.items()
        ]
        rows["icp_criterion_band_points.csv"] += [
            (icp_id, criterion_id, band.band_label, band.lower_bound, band.upper_bound, band.points)
            for band in item.bands
        ]
        rows["icp_intent_signal_points.csv"] += [
            (icp_id, criterion_id, signal_type, signal.points, signal.half_life_days, signal.max_points)
            for signal_type, signal in item.signals.items()
        ]
    return rows


def write_planted_grid(directory: pathlib.Path, icp_id: str = "default") -> list[pathlib.Path]:
    """Write PLANTED_ICP as scoring-grid seed CSVs (icp_criteria, value, band and intent signal points) into
    ``directory``, for `icp backtest` --grid``; the other seed files (grade bands, plays, ...) are
    left to the live grid. Returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in planted_grid_rows(icp_id).items():
        path = directory / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(PLANTED_GRID_HEADERS[name])
            writer.writerows(tuple(grid_text(value) for value in row) for row in rows)
        written.append(path)
    return written


def grid_text(value: object) -> str:
    """A seed cell: numbers without a needless decimal part (40, 2.5), None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def random_streams(seed: int) -> list[np.random.Generator]:
    """Six independent generators from one seed: three to simulate the truth, three to render the files."""
    return np.random.default_rng(seed).spawn(6)


def simulate(
    accounts: int,
    seed: int,
    technologies_per_account: float = DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
    events_per_account: float = DEFAULT_EVENTS_PER_ACCOUNT,
) -> Simulation:
    """Draw the clean truth for the regular accounts (all but the two planted ones)."""
    truth_rng, technology_rng, intent_rng = random_streams(seed)[:3]
    truth = simulate_accounts(truth_rng, accounts - PLANTED_ACCOUNTS)
    events = simulate_intent(intent_rng, truth, events_per_account)
    return Simulation(
        accounts=truth,
        technologies=simulate_technographics(technology_rng, truth, technologies_per_account),
        events=events,
        outcomes=simulate_outcomes(outcome_streams(seed)[0], truth, events),
    )


def outcome_streams(seed: int) -> list[np.random.Generator]:
    """Three generators for the outcomes (simulate, render opportunities, render activities), independent
    of the other streams so that the three older files stay byte-identical."""
    return [
        np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(OUTCOME_STREAM, number)))
        for number in range(3)
    ]


# --- Rendering to messy text ----------------------------------------------------------------------


def account_ids(indices: np.ndarray) -> pa.Array:
    """Salesforce-like 15-character account ids: ``0015g00000`` plus 5 base-62 characters from the index."""
    return record_ids(b"0015g00000", indices)


def opportunity_ids(indices: np.ndarray) -> pa.Array:
    """Salesforce-like 15-character opportunity ids: ``0065g00000`` plus 5 base-62 characters."""
    return record_ids(b"0065g00000", indices)


def record_ids(prefix: bytes, indices: np.ndarray) -> pa.Array:
    """15-character ids: the 10-byte prefix and 5 base-62 characters scrambled one-to-one from the index."""
    alphabet = np.frombuffer(
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8
    )
    space = 62**5
    scrambled = (np.asarray(indices, dtype=np.int64) * 387_420_489 + 12_345_678) % space
    chars = np.empty((len(scrambled), 15), dtype=np.uint8)
    chars[:, :10] = np.frombuffer(prefix, dtype=np.uint8)
    for position in range(5):
        chars[:, 14 - position] = alphabet[(scrambled // 62**position) % 62]
    return pc.cast(pa.array(chars.view("S15").ravel()), pa.string())


def render_names(rng: np.random.Generator, truth: AccountTruth) -> pa.Array:
    """Company names: the stem, sometimes a legal suffix; domain sharers copy or extend the owner's name."""
    size = truth.size
    suffix_groups = WeightedGroups.build(
        [[(suffix, 1.0) for suffix in LEGAL_SUFFIXES[code]] for code in COUNTRY_CODES]
    )
    suffix = suffix_groups.strings().take(pa.array(suffix_groups.sample(rng, truth.country)))
    separator = pick([" ", ", "], (rng.random(size) < LEGAL_SUFFIX_COMMA_SHARE).astype(np.int64))
    code = np.where(rng.random(size) < LEGAL_SUFFIX_SHARE, 1, 0)
    names = choose(code, [truth.name_stem, join(truth.name_stem, separator, suffix)])
    sharer = truth.owner != np.arange(size)
    label = pick(SUBSIDIARY_LABELS, rng.integers(0, len(SUBSIDIARY_LABELS), size))
    owner_names = names.take(pa.array(truth.owner))
    subsidiary = pc.binary_join_element_wise(truth.name_stem.take(pa.array(truth.owner)), label, " ")
    sharer_code = np.where(sharer, np.where(rng.random(size) < 0.5, 1, 2), 0)
    return choose(sharer_code, [names, owner_names, subsidiary])


def render_websites(rng: np.random.Generator, truth: AccountTruth) -> pa.Array:
    """Website field: the domain in many URL forms, or blank, garbage, an IP, e-mail or free-mail domain."""
    size = truth.size
    domain = truth.domain
    upper = pc.utf8_upper(domain)
    forms = [
        domain,
        join("www.", domain),
        join("https://www.", domain, "/"),
        join("http://", domain),
        join("https://", domain, "/"),
        join("HTTPS://WWW.", upper, "/about?x=1"),
        join("http://", domain, ":8080/"),
        join(domain, pick(["  ", " ", "   "], rng.integers(0, 3, size))),
        upper,
        join("https://www.", domain, "/en/contact"),
    ]
    good = choose(categorical(rng, WEBSITE_FORM_WEIGHTS, size), forms)
    octets = [as_text(rng.integers(1, 255, size)) for _ in range(4)]
    private = join(
        pick(["192.168", "10.0", "172.16"], rng.integers(0, 3, size)), ".", octets[2], ".", octets[3]
    )
    public = pc.binary_join_element_wise(*octets, ".")
    ip = pc.if_else(pa.array(rng.random(size) < 0.7), private, public)
    email = join(pick(EMAIL_LOCAL_PARTS, rng.integers(0, len(EMAIL_LOCAL_PARTS), size)), "@", domain)
    free_mail = pick(FREE_MAIL_DOMAINS, rng.integers(0, len(FREE_MAIL_DOMAINS), size))
    garbage = pick(WEBSITE_GARBAGE, rng.integers(0, len(WEBSITE_GARBAGE), size))
    blank = pick(["", " "], (rng.random(size) < 0.2).astype(np.int64))
    blank = pc.if_else(pa.array(rng.random(size) < 0.5), pa.scalar(None, pa.string()), blank)
    options = {
        WEBSITE_KIND_OK: good,
        WEBSITE_KIND_BLANK: blank,
        WEBSITE_KIND_GARBAGE: garbage,
        WEBSITE_KIND_IP: ip,
        WEBSITE_KIND_EMAIL: email,
        WEBSITE_KIND_FREEMAIL: free_mail,
    }
    return choose(truth.website_kind, [options[code] for code in sorted(options)])


def render_industries(rng: np.random.Generator, industry: np.ndarray, kind: np.ndarray) -> pa.Array:
    """Industry field: raw variants and codes, case/whitespace noise, blanks and unmapped values."""
    size = len(industry)
    raw = INDUSTRY_GROUPS.strings().take(pa.array(INDUSTRY_GROUPS.sample(rng, industry)))
    lower = pc.utf8_lower(raw)
    noisy = choose(
        rng.integers(0, 4, size),
        [
            join("  ", lower, " "),
            pc.utf8_upper(raw),
            pc.replace_substring(lower, " ", "  "),
            join(raw, " "),
        ],
    )
    unmapped = pick(UNMAPPED_INDUSTRIES, rng.integers(0, len(UNMAPPED_INDUSTRIES), size))
    options: dict[int, pa.Array | None] = {
        INDUSTRY_KIND_OK: raw,
        INDUSTRY_KIND_BLANK: None,
        INDUSTRY_KIND_UNMAPPED: unmapped,
        INDUSTRY_KIND_NOISE: noisy,
    }
    return choose(kind, [options[code] for code in sorted(options)])


def rounded_about(employees: np.ndarray) -> np.ndarray:
    """Employees rounded to two significant digits (for ``about 300``)."""
    magnitude = 10 ** np.maximum(np.floor(np.log10(np.maximum(employees, 1))) - 1, 0)
    return (np.rint(employees / magnitude) * magnitude).astype(np.int64)


def render_employees(rng: np.random.Generator, employees: np.ndarray, kind: np.ndarray) -> pa.Array:
    """Employees: plain, ``1,200``, ``51-200``, ``1000+``, ``10k``, ``about 300``, blank, text, negative."""
    size = len(employees)
    plain = as_text(employees)
    large = pa.array(employees >= 1000)
    bounds = np.array([low for low, _ in EMPLOYEE_RANGES])
    ranges = pick(
        [label for _, label in EMPLOYEE_RANGES], np.searchsorted(bounds, employees, side="right") - 1
    )
    forms = [
        plain,
        with_thousands(employees),
        ranges,
        pc.if_else(large, pa.scalar("1000+"), ranges),
        pc.if_else(large, join(as_text(np.rint(employees / 1000)), "k"), plain),
        pc.if_else(pa.array(employees >= 10), join("about ", as_text(rounded_about(employees))), plain),
        None,
        pick(EMPLOYEE_TEXTS, rng.integers(0, len(EMPLOYEE_TEXTS), size)),
        join("-", as_text(rng.integers(1, 50, size))),
    ]
    return choose(kind, forms)


def render_revenue(rng: np.random.Generator, revenue: np.ndarray) -> pa.Array:
    """Revenue field in mixed formats and currencies, with blanks, garbage and a few negatives."""
    size = len(revenue)
    whole = np.rint(revenue).astype(np.int64)
    plain = as_text(whole)
    forms = [
        plain,
        with_thousands(whole),
        join("$", compact_amount(revenue)),
        compact_amount(revenue),
        join("€", compact_amount(revenue * USD_TO_EUR, decimal_mark=",", unit_gap=" ")),
        join("USD ", plain),
        join(plain, ".00"),
    ]
    special = quota_codes(rng, size, [REVENUE_BLANK_SHARE, REVENUE_GARBAGE_SHARE, REVENUE_NEGATIVE_SHARE])
    code = np.where(special > 0, len(forms) - 1 + special, categorical(rng, REVENUE_FORMAT_WEIGHTS, size))
    garbage = pick(REVENUE_GARBAGE, rng.integers(0, len(REVENUE_GARBAGE), size))
    return choose(code, [*forms, None, garbage, join("-", plain)])


def render_countries(rng: np.random.Generator, country: np.ndarray) -> pa.Array:
    """Country field: ISO codes and names in variants, case noise, blanks and unknown values."""
    size = len(country)
    raw = COUNTRY_GROUPS.strings().take(pa.array(COUNTRY_GROUPS.sample(rng, country)))
    special = quota_codes(
        rng,
        size,
        [
            COUNTRY_BLANK_SHARE,
            COUNTRY_UNKNOWN_SHARE,
            COUNTRY_CASE_NOISE_SHARE / 2,
            COUNTRY_CASE_NOISE_SHARE / 2,
        ],
    )
    unknown = pick(UNKNOWN_COUNTRIES, rng.integers(0, len(UNKNOWN_COUNTRIES), size))
    return choose(special, [raw, None, unknown, pc.utf8_upper(raw), pc.utf8_lower(raw)])


def render_dates(
    rng: np.random.Generator, as_of: dt.date, age_days: np.ndarray
) -> tuple[pa.Array, pa.Array, np.ndarray]:
    """Created date (2% blank), last-modified timestamp after it and not after as-of, and those seconds."""
    as_of_seconds = epoch_day(as_of) * SECONDS_PER_DAY
    created_day = epoch_day(as_of) - age_days
    created = pc.cast(days_to_dates(created_day), pa.string())
    blank = quota_codes(rng, len(age_days), [CREATED_BLANK_SHARE]) == 1
    created = pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), created)
    modified_seconds = modified_between(rng, created_day * SECONDS_PER_DAY, as_of_seconds)
    return created, pc.cast(seconds_to_timestamps(modified_seconds), pa.string()), modified_seconds


def modified_between(rng: np.random.Generator, start_seconds: np.ndarray, end_seconds: int) -> np.ndarray:
    """A timestamp after ``start_seconds`` and not after ``end_seconds``, skewed towards recent."""
    span = np.maximum(end_seconds - start_seconds, 1)
    return start_seconds + np.maximum(np.rint(span * np.sqrt(rng.random(len(span)))), 1).astype(np.int64)


def render_crm(
    rng: np.random.Generator, truth: AccountTruth, as_of: dt.date
) -> tuple[pa.Table, pa.ChunkedArray]:
    """The CRM export (regular, planted, duplicates; shuffled) and each regular account's created_date."""
    created, modified, modified_seconds = render_dates(rng, as_of, truth.created_days)
    columns = {
        "account_id": account_ids(np.arange(truth.size)),
        "account_name": render_names(rng, truth),
        "website": render_websites(rng, truth),
        "industry": render_industries(rng, truth.industry, truth.industry_kind),
        "employees": render_employees(rng, truth.employees, truth.employees_kind),
        "annual_revenue": render_revenue(rng, truth.revenue),
        "country": render_countries(rng, truth.country),
        "created_date": created,
        "last_modified_at": modified,
    }
    regular = pa.table(columns)
    duplicates = crm_duplicates(rng, regular, truth, as_of, modified_seconds)
    table = pa.concat_tables([regular, planted_crm(as_of), duplicates])
    return table.take(pa.array(rng.permutation(table.num_rows))), regular["created_date"]


def crm_duplicates(
    rng: np.random.Generator,
    regular: pa.Table,
    truth: AccountTruth,
    as_of: dt.date,
    modified_seconds: np.ndarray,
) -> pa.Table:
    """About 2% of accounts again: half exact copies, half with another employees or industry value."""
    chosen = np.flatnonzero(quota_codes(rng, truth.size, [CRM_DUPLICATE_SHARE]))
    exact, conflicting = chosen[: len(chosen) // 2], chosen[len(chosen) // 2 :]
    copies = regular.take(pa.array(exact))
    changed = regular.take(pa.array(conflicting))
    count = len(conflicting)
    true_employees = truth.employees[conflicting]
    other_employees = np.maximum(np.rint(true_employees * rng.uniform(0.3, 3.0, count)), 1).astype(np.int64)
    other_employees = np.where(other_employees == true_employees, true_employees + 1, other_employees)
    other_industry = (truth.industry[conflicting] + rng.integers(1, len(INDUSTRIES), count)) % len(INDUSTRIES)
    change_employees = pa.array(rng.random(count) < 0.5)
    employees = pc.if_else(change_employees, as_text(other_employees), changed["employees"])
    industry = pc.if_else(
        change_employees,
        changed["industry"],
        render_industries(rng, other_industry, np.zeros(count, np.int8)),
    )
    created_seconds = (epoch_day(as_of) - truth.created_days[conflicting]) * SECONDS_PER_DAY
    modified = modified_between(rng, created_seconds, epoch_day(as_of) * SECONDS_PER_DAY)
    modified = np.where(modified == modified_seconds[conflicting], modified - 1, modified)
    changed = changed.set_column(CRM_COLUMNS.index("employees"), "employees", employees)
    changed = changed.set_column(CRM_COLUMNS.index("industry"), "industry", industry)
    changed = changed.set_column(
        CRM_COLUMNS.index("last_modified_at"),
        "last_modified_at",
        pc.cast(seconds_to_timestamps(modified), pa.string()),
    )
    return pa.concat_tables([copies, changed])


def feed_domains(
    rng: np.random.Generator, truth: AccountTruth, rows: int, account: np.ndarray
) -> tuple[pa.Array, np.ndarray]:
    """Dictionary of domain spellings (bare, www., upper case, unknown) and each feed row's index into it."""
    size = truth.size
    unknown_count = max(1, round(FEED_UNKNOWN_DOMAIN_SHARE * rows))
    unknown = join(
        pick(NAME_FIRST_WORDS, rng.integers(0, len(NAME_FIRST_WORDS), unknown_count)),
        pick(NAME_SECOND_WORDS, rng.integers(0, len(NAME_SECOND_WORDS), unknown_count)),
        ".",
        pick(UNKNOWN_TLDS, rng.integers(0, len(UNKNOWN_TLDS), unknown_count)),
    )
    spellings = pa.concat_arrays(
        [truth.domain, join("www.", truth.domain), pc.utf8_upper(truth.domain), unknown]
    )
    form = categorical(rng, FEED_DOMAIN_FORM_WEIGHTS, rows)
    index = form.astype(np.int64) * size + account
    if rows:
        unknown_rows = quota_codes(rng, rows, [FEED_UNKNOWN_DOMAIN_SHARE]) == 1
        index[unknown_rows] = 3 * size + rng.integers(0, unknown_count, int(unknown_rows.sum()))
    return spellings, index


def render_technographics(rng: np.random.Generator, simulation: Simulation, as_of: dt.date) -> pa.Table:
    """The technographic feed, grouped by domain, with a few exact duplicate rows and the planted rows."""
    rows = simulation.technologies
    count = len(rows.account)
    spellings, domain_index = feed_domains(rng, simulation.accounts, count, rows.account)
    as_of_day = epoch_day(as_of)
    category = rows.category
    table = pa.table(
        {
            "domain": dictionary(domain_index, spellings),
            "technology": dictionary(rows.technology, pa.array(TECHNOLOGY_NAMES)),
            "technology_category": dictionary(
                np.maximum(category, 0), pa.array(TECHNOLOGY_CATEGORIES), category < 0
            ),
            "first_detected_date": days_to_dates(as_of_day - rows.first_days),
            "last_detected_date": days_to_dates(as_of_day - rows.last_days),
        }
    )
    duplicated = np.flatnonzero(quota_codes(rng, count, [TECHNOGRAPHICS_DUPLICATE_SHARE]))
    order = np.sort(np.concatenate([np.arange(count), duplicated]), kind="stable")
    table = table.take(pa.array(order))
    planted = planted_technographics(as_of)
    return pa.concat_tables([table, planted.cast(table.schema)])


def render_intent(rng: np.random.Generator, simulation: Simulation, as_of: dt.date) -> pa.Table:
    """The intent feed in event-time order, with the planted pricing visit in its place."""
    events = simulation.events
    count = len(events.account)
    spellings, domain_index = feed_domains(rng, simulation.accounts, count, events.account)
    as_of_seconds = epoch_day(as_of) * SECONDS_PER_DAY
    occurred = as_of_seconds - events.age_seconds
    order = np.argsort(occurred, kind="stable")
    pair_source = np.asarray(SIGNAL_PAIR_SOURCE)
    raw_pair = events.raw_pair[order]
    topic = events.topic[order]
    table = pa.table(
        {
            "domain": dictionary(domain_index[order], spellings),
            "signal_type": dictionary(raw_pair, SIGNAL_GROUPS.strings()),
            "topic": dictionary(np.maximum(topic, 0), pa.array([name for name, _ in TOPICS]), topic < 0),
            "occurred_at": seconds_to_timestamps(occurred[order]),
            "source": dictionary(pair_source[raw_pair], pa.array(SOURCES)),
        }
    )
    position = int(np.searchsorted(occurred[order], as_of_seconds, side="right"))
    planted = planted_intent(as_of).cast(table.schema)
    return pa.concat_tables([table.slice(0, position), planted, table.slice(position)])


def render_opportunities(
    rng: np.random.Generator,
    rows: OpportunityRows,
    opportunity_id: pa.Array,
    account_id: pa.Array,
    as_of: dt.date,
) -> pa.Table:
    """Opportunity rows: stage in the CRM's words, is_won only once closed, amounts in CRM money formats."""
    as_of_day = epoch_day(as_of)
    closed = rows.stage >= CLOSED_WON
    closed_day = as_of_day - (rows.created_age - rows.cycle_days)
    upper = rng.random(len(closed)) < IS_WON_UPPER_SHARE
    won_text = np.where(rows.stage == CLOSED_WON, 1, 0) + np.where(upper, 2, 0)
    return pa.table(
        {
            "opportunity_id": opportunity_id,
            "account_id": account_id,
            "created_date": days_to_dates(as_of_day - rows.created_age),
            "closed_date": pa.array(np.asarray(closed_day, dtype=np.int32), pa.date32(), mask=~closed),
            "stage": dictionary(STAGE_GROUPS.sample(rng, rows.stage), STAGE_GROUPS.strings()),
            "is_won": dictionary(won_text, pa.array(["false", "true", "FALSE", "TRUE"]), ~closed),
            "amount": render_amounts(rng, rows.amount, rows.stage),
        }
    )


def render_amounts(rng: np.random.Generator, amount: np.ndarray, stage: np.ndarray) -> pa.Array:
    """Deal amounts in the CRM's money formats (one currency); often blank while prospecting."""
    size = len(amount)
    whole = np.rint(amount).astype(np.int64)
    plain = as_text(whole)
    thousands = with_thousands(whole)
    forms = [
        plain,
        join(plain, ".00"),
        thousands,
        join("$", thousands),
        join("USD ", plain),
        compact_amount(amount),
    ]
    blank_share = np.where(stage == 0, PROSPECTING_AMOUNT_BLANK_SHARE, AMOUNT_BLANK_SHARE)
    code = np.where(rng.random(size) < blank_share, len(forms), categorical(rng, AMOUNT_FORMAT_WEIGHTS, size))
    return choose(code, [*forms, None])


def render_activities(
    rng: np.random.Generator, rows: ActivityRows, account_id: pa.Array, as_of: dt.date
) -> pa.Table:
    """Activity rows: the account, the day and the type in the CRM's words."""
    return pa.table(
        {
            "account_id": account_id,
            "activity_date": days_to_dates(epoch_day(as_of) - rows.age_days),
            "activity_type": dictionary(
                ACTIVITY_GROUPS.sample(rng, rows.activity_type), ACTIVITY_GROUPS.strings()
            ),
        }
    )


# --- Planted worked examples ----------------------------------------------------------------------


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def planted_crm(as_of: dt.date) -> pa.Table:
    """The two worked-example accounts, exactly as documented."""
    rows = [
        (
            "001WORKEDEX000X",
            "Worked Example X",
            "https://www.worked-example-x.com/",
            "Software",
            "150",
            "25000000",
            "US",
            years_before(as_of, 2).isoformat(),
            f"{(as_of - dt.timedelta(days=10)).isoformat()} 09:30:00",
        ),
        (
            "001WORKEDEX000Y",
            "Worked Example Y",
            "worked-example-y.com",
            "Manufacturing",
            "1000",
            "150000000",
            "Germany",
            years_before(as_of, 5).isoformat(),
            f"{(as_of - dt.timedelta(days=40)).isoformat()} 14:05:00",
        ),
    ]
    return pa.table(
        {name: pa.array([row[i] for row in rows], pa.string()) for i, name in enumerate(CRM_COLUMNS)}
    )


def planted_technographics(as_of: dt.date) -> pa.Table:
    """One HubSpot detection for X and one SAP detection for Y."""
    as_of_day = epoch_day(as_of)
    return pa.table(
        {
            "domain": pa.array(["worked-example-x.com", "worked-example-y.com"]),
            "technology": pa.array(["HubSpot", "SAP"]),
            "technology_category": pa.array(["CRM", "CRM"]),
            "first_detected_date": days_to_dates(np.array([as_of_day - 400, as_of_day - 900])),
            "last_detected_date": days_to_dates(np.array([as_of_day - 3, as_of_day - 5])),
        }
    )


def planted_intent(as_of: dt.date) -> pa.Table:
    """Exactly one event for X: a pricing-page visit at midnight of the as-of date (age 0 days)."""
    return pa.table(
        {
            "domain": pa.array(["worked-example-x.com"]),
            "signal_type": pa.array(["Pricing Page Visit"]),
            "topic": pa.array(["CRM software"]),
            "occurred_at": seconds_to_timestamps(np.array([epoch_day(as_of) * SECONDS_PER_DAY])),
            "source": pa.array(["website"]),
        }
    )


# --- Injected bad input (--inject) ----------------------------------------------------------------

INJECT_ALL = "all"
FILE_STEMS = {
    CRM_FILE: "crm_accounts",
    TECHNOGRAPHICS_FILE: "technographics",
    INTENT_FILE: "intent_signals",
    OPPORTUNITIES_FILE: "crm_opportunities",
    ACTIVITIES_FILE: "crm_activities",
}
FILE_COLUMNS = {
    CRM_FILE: CRM_COLUMNS,
    TECHNOGRAPHICS_FILE: TECHNOGRAPHICS_COLUMNS,
    INTENT_FILE: INTENT_COLUMNS,
    OPPORTUNITIES_FILE: OPPORTUNITY_COLUMNS,
    ACTIVITIES_FILE: ACTIVITY_COLUMNS,
}
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
    "unknown-account-ids": "opportunities and activities on account ids that no CRM record has",
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
INJECT_STREAM = 6  # SeedSequence spawn key of the injection streams (random_streams uses 0-5)
INJECT_ID_BLOCK = 1_000_000  # account indexes reserved per class after the regular accounts
EVENTS_PER_TARGET = 8  # injected intent events per targeted account
RECENT_ACCOUNT_DAYS = 120  # age of new accounts that receive events before their creation
SHARED_GROUP_SIZE = 3
BAD_NUMBER_TEXTS = ("12 employees approx", "1.2.3", "$", "ten")
TEXT_EMPLOYEES = ("fifty", "a few", "small team", "enterprise")
BAD_WEBSITES = (
    None,
    "",
    " ",
    "   ",
    "n/a",
    "-",
    "asdf",
    "http://",
    "10.0.0.1",
    "http://192.168.1.20/home",
    "sales@acme.com",
    "mailto:info@acme.io",
    "gmail.com",
    "https://www.hotmail.com",
)
UNKNOWN_INDUSTRY_VALUES = ("Aerospace & Defense", "Quantum Widgets", "Underwater Basket Weaving")
UNKNOWN_COUNTRY_VALUES = ("Atlantis", "Narnia", "Wakanda")
UNKNOWN_TECHNOLOGY_VALUES = ("Quantum Widgets", "Flux Capacitor Cloud", "Zorg ERP 3000")
UNKNOWN_SIGNAL_VALUES = ("carrier_pigeon_visit", "smoke_signal_seen", "crystal_ball_reading")
UNKNOWN_STAGE_VALUES = ("Parked", "On Hold - Legal", "Stage 7")
UNKNOWN_ACTIVITY_VALUES = ("Carrier Pigeon", "Smoke Signal", "Telepathy Session")
BAD_AMOUNT_TEXTS = ("tbd", "1.2.3", "n/a", "twenty k")
INJECTED_WIN_PROBABILITY = 0.3
LATIN1_NAMES = ("Société Générale", "Müller GmbH", "Crédit Agricole", "Bäckerei Schäfer AG", "Nestlé España")
LATIN1_INDUSTRIES = ("Télécommunications", "Électronique", "Ingénierie", "Maschinenbau & Lüftung")
# Names written without escaping: a quote inside an unquoted field, an unescaped quote inside a quoted
# field, and a quoted field that is never closed on its line.
STRAY_QUOTE_NAMES = ('{} 5" Displays', '"{} 5" Displays"', '"{} Displays')

RawLine = tuple[int, bytes]  # bytes written as they are, before the table row at the given position


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
    crm_lines: tuple[bytes, ...] = ()

    def tables(self) -> dict[str, pa.Table | None]:
        """The table added to each file name (None: nothing)."""
        return {
            CRM_FILE: self.crm,
            TECHNOGRAPHICS_FILE: self.technographics,
            INTENT_FILE: self.intent,
            OPPORTUNITIES_FILE: self.opportunities,
            ACTIVITIES_FILE: self.activities,
        }

    def counts(self) -> dict[str, int]:
        """Rows added per file name."""
        tables = self.tables()
        counts = {name: 0 if table is None else table.num_rows for name, table in tables.items()}
        counts[CRM_FILE] += len(self.crm_lines)
        return {name: count for name, count in counts.items() if count}


@dataclass(frozen=True)
class FreshAccounts:
    """New accounts for injected CRM rows: clean text columns and the values behind them."""

    columns: dict[str, pa.Array]
    domain: pa.Array
    stem: pa.Array
    industry: np.ndarray
    employees: np.ndarray
    created_seconds: np.ndarray
    modified_seconds: np.ndarray

    def select(self, rows: np.ndarray) -> "FreshAccounts":
        """The given rows (repeats allowed)."""
        index = pa.array(np.asarray(rows, dtype=np.int64))
        return FreshAccounts(
            columns={name: values.take(index) for name, values in self.columns.items()},
            domain=self.domain.take(index),
            stem=self.stem.take(index),
            industry=self.industry[rows],
            employees=self.employees[rows],
            created_seconds=self.created_seconds[rows],
            modified_seconds=self.modified_seconds[rows],
        )

    def table(self, **changes: pa.Array) -> pa.Table:
        """The CRM rows with some columns replaced."""
        columns = self.columns | changes
        return pa.table({name: pc.cast(columns[name], pa.string()) for name in CRM_COLUMNS})

    def age_days(self, as_of: dt.date) -> np.ndarray:
        """Whole days from each account's creation to the as-of date."""
        return (epoch_day(as_of) * SECONDS_PER_DAY - self.created_seconds) // SECONDS_PER_DAY

    def text_rows(self) -> list[list[str]]:
        """The CRM values as Python strings, row by row (for the few rows written as raw lines)."""
        columns = [self.columns[name].to_pylist() for name in CRM_COLUMNS]
        return [list(row) for row in zip(*columns, strict=True)]


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


def cycle(strings: Sequence[str], count: int) -> pa.Array:
    """``count`` values going round ``strings`` (so that every one appears)."""
    return pick(strings, np.arange(count) % len(strings))


def fresh_accounts(
    rng: np.random.Generator,
    first_index: int,
    count: int,
    as_of: dt.date,
    max_age_days: int = CREATED_MAX_DAYS,
) -> FreshAccounts:
    """New accounts with clean values and their own domain (``<first><second><index>.com``, unused so far).

    Regular domains never mix letters and digits without a hyphen, so these cannot collide with them.
    """
    index = first_index + np.arange(count)
    first = pick(NAME_FIRST_WORDS, rng.integers(0, len(NAME_FIRST_WORDS), count))
    second = pick(NAME_SECOND_WORDS, rng.integers(0, len(NAME_SECOND_WORDS), count))
    stem = pc.binary_join_element_wise(pc.utf8_capitalize(first), pc.utf8_capitalize(second), " ")
    domain = join(first, second, as_text(index), ".com")
    industry = categorical(rng, INDUSTRY_SHARES, count)
    employees = simulate_sizes(rng, np.zeros(count, dtype=bool))
    country = categorical(rng, COUNTRY_SHARES, count)
    as_of_seconds = epoch_day(as_of) * SECONDS_PER_DAY
    age_days = rng.integers(CREATED_MIN_DAYS, max_age_days + 1, count)
    created_seconds = as_of_seconds - age_days * SECONDS_PER_DAY
    modified_seconds = created_seconds + rng.integers(3 * SECONDS_PER_DAY, age_days * SECONDS_PER_DAY + 1)
    columns = {
        "account_id": account_ids(index),
        "account_name": stem,
        "website": join("https://www.", domain, "/"),
        "industry": INDUSTRY_GROUPS.strings().take(pa.array(INDUSTRY_GROUPS.sample(rng, industry))),
        "employees": as_text(employees),
        "annual_revenue": as_text(np.rint(employees * 150_000.0)),
        "country": COUNTRY_GROUPS.strings().take(pa.array(COUNTRY_GROUPS.sample(rng, country))),
        "created_date": pc.cast(days_to_dates(created_seconds // SECONDS_PER_DAY), pa.string()),
        "last_modified_at": pc.cast(seconds_to_timestamps(modified_seconds), pa.string()),
    }
    return FreshAccounts(columns, domain, stem, industry, employees, created_seconds, modified_seconds)


def usable_accounts(truth: AccountTruth) -> np.ndarray:
    """Regular accounts that alone own their domain and show it in a usable website."""
    index = np.arange(truth.size)
    sharing = np.bincount(truth.owner, minlength=truth.size)
    return np.flatnonzero((truth.owner == index) & (sharing == 1) & (truth.website_kind == WEBSITE_KIND_OK))


def technographic_rows(
    rng: np.random.Generator, domain: pa.Array, technology: pa.Array, category: pa.Array, as_of: dt.date
) -> pa.Table:
    """Technographic rows for the given domains, detected in the last two years."""
    count = len(domain)
    last_day = epoch_day(as_of) - rng.integers(0, 61, count)
    return pa.table(
        {
            "domain": domain,
            "technology": technology,
            "technology_category": category,
            "first_detected_date": days_to_dates(last_day - rng.integers(0, 700, count)),
            "last_detected_date": days_to_dates(last_day),
        }
    )


def intent_rows(
    rng: np.random.Generator,
    domain: pa.Array,
    occurred_seconds: np.ndarray,
    signal_type: pa.Array | None = None,
) -> pa.Table:
    """Intent rows for the given domains and times, with burst-like signals (or the given signal types)."""
    count = len(domain)
    raw_pair = SIGNAL_GROUPS.sample(rng, categorical(rng, BURST_SIGNAL_WEIGHTS, count))
    topic = categorical(rng, [weight for _, weight in TOPICS], count)
    if signal_type is None:
        signal_type = SIGNAL_GROUPS.strings().take(pa.array(raw_pair))
    return pa.table(
        {
            "domain": domain,
            "signal_type": signal_type,
            "topic": pick([name for name, _ in TOPICS], topic),
            "occurred_at": seconds_to_timestamps(occurred_seconds),
            "source": pick(SOURCES, np.asarray(SIGNAL_PAIR_SOURCE)[raw_pair]),
        }
    )


def past_seconds(rng: np.random.Generator, as_of: dt.date, count: int) -> np.ndarray:
    """Event times within the intent history before the as-of date."""
    window = int(INTENT_HISTORY_DAYS * SECONDS_PER_DAY)
    return epoch_day(as_of) * SECONDS_PER_DAY - rng.integers(60, window, count)


def event_targets(
    context: InjectionContext, rng: np.random.Generator, first_index: int, events: int, youngest: bool
) -> tuple[pa.Array, np.ndarray, pa.Table | None]:
    """Domain and created_date (epoch seconds) per event, spread over about events / 8 accounts.

    The accounts are usable regular accounts with a created_date, the most recently created first or a
    random choice; when there is none (very small runs), new recent accounts, returned as CRM rows to add.
    """
    truth = context.truth
    wanted = math.ceil(events / EVENTS_PER_TARGET)
    candidates = usable_accounts(truth)
    candidates = candidates[pc.is_valid(context.created).to_numpy()[candidates]]
    if youngest:
        chosen = candidates[np.argsort(truth.created_days[candidates], kind="stable")[:wanted]]
    else:
        chosen = rng.choice(candidates, size=min(wanted, len(candidates)), replace=False)
    if len(chosen):
        account = chosen[np.arange(events) % len(chosen)]
        created = (epoch_day(context.as_of) - truth.created_days[account]) * SECONDS_PER_DAY
        return truth.domain.take(pa.array(account)), created, None
    fresh = fresh_accounts(rng, first_index, wanted, context.as_of, RECENT_ACCOUNT_DAYS)
    account = np.arange(events) % wanted
    return fresh.domain.take(pa.array(account)), fresh.created_seconds[account], fresh.table()


def csv_line(fields: Sequence[bytes | None], quote: bool = True) -> bytes:
    """One CSV line as pyarrow writes it (strings quoted, quotes doubled, null empty), or unquoted as is."""
    if not quote:
        return b",".join(field or b"" for field in fields) + b"\n"
    return (
        b",".join(b"" if field is None else b'"' + field.replace(b'"', b'""') + b'"' for field in fields)
        + b"\n"
    )


def inject_bad_numbers(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts with unparseable or negative employees, revenue or both."""
    variants = len(BAD_NUMBER_TEXTS) + 1
    count = inject_count(context.rows[CRM_FILE], 3 * variants)
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    row = np.arange(count)
    target, variant = row % 3, row // 3 % variants  # target 0: employees, 1: revenue, 2: both
    employees = fresh.columns["employees"]
    revenue = fresh.columns["annual_revenue"]
    bad_employees = choose(variant, [*BAD_NUMBER_TEXTS, join("-", employees)])
    bad_revenue = choose(variant, [*BAD_NUMBER_TEXTS, join("-", revenue)])
    return Injection(
        crm=fresh.table(
            employees=pc.if_else(pa.array(target != 1), bad_employees, employees),
            annual_revenue=pc.if_else(pa.array(target != 0), bad_revenue, revenue),
        )
    )


def inject_text_employees(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts whose employees field is free text."""
    count = inject_count(context.rows[CRM_FILE], len(TEXT_EMPLOYEES))
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    return Injection(crm=fresh.table(employees=cycle(TEXT_EMPLOYEES, count)))


def inject_conflicting_duplicates(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """New accounts with 2 or 3 records that disagree on industry, employees or website.

    Every other account's records share one last_modified_at (a tie); in the others the timestamps
    differ and the first record is not always the latest.
    """
    groups = math.ceil(inject_count(context.rows[CRM_FILE], 6) / 2)
    sizes = np.where(np.arange(groups) % 3 == 2, 3, 2)
    group = np.repeat(np.arange(groups), sizes)
    rank = np.arange(len(group)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    base = fresh_accounts(rng, first_index, groups, context.as_of)
    records = base.select(group)
    rows = len(group)
    changed = np.where(rank > 0, (group + rank) % 3, -1)  # 0: industry, 1: employees, 2: website
    other_industry = (records.industry + rng.integers(1, len(INDUSTRIES), rows)) % len(INDUSTRIES)
    industry = INDUSTRY_GROUPS.strings().take(pa.array(INDUSTRY_GROUPS.sample(rng, other_industry)))
    employees = np.maximum(np.rint(records.employees * rng.uniform(0.3, 3.0, rows)), 1).astype(np.int64)
    employees = np.where(employees == records.employees, employees + 1, employees)
    website = join("https://www.", pc.replace_substring_regex(records.domain, r"\.com$", ".io"), "/")
    gap = rng.integers(1, (base.modified_seconds - base.created_seconds) // 3)[group]
    offset = np.where(group % 2 == 0, 0, (rank + group) % sizes[group])
    modified = records.modified_seconds - gap * offset
    return Injection(
        crm=records.table(
            industry=pc.if_else(pa.array(changed == 0), industry, records.columns["industry"]),
            employees=pc.if_else(pa.array(changed == 1), as_text(employees), records.columns["employees"]),
            website=pc.if_else(pa.array(changed == 2), website, records.columns["website"]),
            last_modified_at=pc.cast(seconds_to_timestamps(modified), pa.string()),
        )
    )


def inject_shared_domains(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """Groups of three new accounts on one domain; every other group joins an existing account's domain."""
    groups = math.ceil(inject_count(context.rows[CRM_FILE], SHARED_GROUP_SIZE) / SHARED_GROUP_SIZE)
    rows = groups * SHARED_GROUP_SIZE
    fresh = fresh_accounts(rng, first_index, rows, context.as_of)
    group, member = np.divmod(np.arange(rows), SHARED_GROUP_SIZE)
    leader = pa.array(group * SHARED_GROUP_SIZE)
    domain, stem = fresh.domain.take(leader), fresh.stem.take(leader)
    truth = context.truth
    candidates = usable_accounts(truth)
    joining = np.arange(1, groups, 2)
    hosts = rng.choice(candidates, size=min(len(joining), len(candidates)), replace=False)
    host = np.full(groups, -1)
    host[joining[: len(hosts)]] = hosts
    row_host = host[group]
    if len(hosts):
        joins = pa.array(row_host >= 0)
        host_index = pa.array(np.maximum(row_host, 0))
        domain = pc.if_else(joins, truth.domain.take(host_index), domain)
        stem = pc.if_else(joins, truth.name_stem.take(host_index), stem)
    label = pick(SUBSIDIARY_LABELS, (group + member) % len(SUBSIDIARY_LABELS))
    labelled = pa.array((member > 0) | (row_host >= 0))
    name = pc.if_else(labelled, pc.binary_join_element_wise(stem, label, " "), stem)
    website = choose(member, [join("https://www.", domain, "/"), domain, join("http://", domain, "/contact")])
    return Injection(crm=fresh.table(account_name=name, website=website))


def inject_bad_websites(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts whose website is blank, whitespace, garbage, an IP, an e-mail or a free-mail domain."""
    count = inject_count(context.rows[CRM_FILE], len(BAD_WEBSITES) + 2)
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    options = [*BAD_WEBSITES, join("sales@", fresh.domain), join("mailto:info@", fresh.domain)]
    return Injection(crm=fresh.table(website=choose(np.arange(count) % len(options), options)))


def inject_unknown_values(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts with unknown industries and countries, and unknown technologies and signals for them."""
    count = inject_count(context.rows[CRM_FILE], len(UNKNOWN_INDUSTRY_VALUES))
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    crm = fresh.table(
        industry=cycle(UNKNOWN_INDUSTRY_VALUES, count), country=cycle(UNKNOWN_COUNTRY_VALUES, count)
    )
    technologies = inject_count(context.rows[TECHNOGRAPHICS_FILE], len(UNKNOWN_TECHNOLOGY_VALUES))
    technographics = technographic_rows(
        rng,
        fresh.domain.take(pa.array(np.arange(technologies) % count)),
        cycle(UNKNOWN_TECHNOLOGY_VALUES, technologies),
        cycle(["Other"], technologies),
        context.as_of,
    )
    events = inject_count(context.rows[INTENT_FILE], len(UNKNOWN_SIGNAL_VALUES))
    intent = intent_rows(
        rng,
        fresh.domain.take(pa.array(np.arange(events) % count)),
        past_seconds(rng, context.as_of, events),
        cycle(UNKNOWN_SIGNAL_VALUES, events),
    )
    deals = inject_count(context.rows[OPPORTUNITIES_FILE], len(UNKNOWN_STAGE_VALUES))
    account_id, account_age = fresh.columns["account_id"], fresh.age_days(context.as_of)
    deals = inject_count(context.rows[OPPORTUNITIES_FILE], len(UNKNOWN_STAGE_VALUES))
    rows = opportunities_of(rng, account_age, deals)
    opportunities = render_injected_opportunities(context, rng, first_index, rows, account_id)
    activities = inject_count(context.rows[ACTIVITIES_FILE], len(UNKNOWN_ACTIVITY_VALUES))
    activity_table = injected_activities(rng, account_id, account_age, activities, context.as_of)
    activity_type = cycle(UNKNOWN_ACTIVITY_VALUES, activities)
    return Injection(
        crm=crm,
        technographics=technographics,
        intent=intent,
        opportunities=opportunities.set_column(
            OPPORTUNITY_COLUMNS.index("stage"), "stage", cycle(UNKNOWN_STAGE_VALUES, deals)
        ),
        activities=activity_table.set_column(
            ACTIVITY_COLUMNS.index("activity_type"), "activity_type", activity_type
        ),
    )


def inject_future_events(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """Intent events 1 to 366 days after the as-of date (after its last second) on usable accounts."""
    count = inject_count(context.rows[INTENT_FILE])
    domain, _, crm = event_targets(context, rng, first_index, count, youngest=False)
    start = (epoch_day(context.as_of) + 1) * SECONDS_PER_DAY
    occurred = start + rng.integers(0, 365 * SECONDS_PER_DAY, count)
    return Injection(crm=crm, intent=intent_rows(rng, domain, occurred))


def inject_events_before_creation(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """Intent events from an hour to 60 days before the created_date of the most recently created accounts."""
    count = inject_count(context.rows[INTENT_FILE])
    domain, created, crm = event_targets(context, rng, first_index, count, youngest=True)
    occurred = created - rng.integers(3600, 60 * SECONDS_PER_DAY, count)
    return Injection(crm=crm, intent=intent_rows(rng, domain, occurred))


def inject_unknown_domains(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """Technographic and intent rows for new domains (``<first><second>-<number>.<tld>``) of no account."""
    technologies = inject_count(context.rows[TECHNOGRAPHICS_FILE])
    events = inject_count(context.rows[INTENT_FILE])
    pool = max(INJECT_MIN_ROWS, math.ceil(max(technologies, events) / EVENTS_PER_TARGET))
    tlds = TLDS + UNKNOWN_TLDS
    bare = join(
        pick(NAME_FIRST_WORDS, rng.integers(0, len(NAME_FIRST_WORDS), pool)),
        pick(NAME_SECOND_WORDS, rng.integers(0, len(NAME_SECOND_WORDS), pool)),
        "-",
        as_text(first_index + np.arange(pool)),
        ".",
        pick(tlds, rng.integers(0, len(tlds), pool)),
    )
    form = categorical(rng, FEED_DOMAIN_FORM_WEIGHTS, pool)
    domain = choose(form, [bare, join("www.", bare), pc.utf8_upper(bare)])
    technology = rng.integers(0, len(TECHNOLOGY_NAMES), technologies)
    technographics = technographic_rows(
        rng,
        domain.take(pa.array(np.arange(technologies) % pool)),
        pick(TECHNOLOGY_NAMES, technology),
        pick(TECHNOLOGY_CATEGORIES, np.asarray(TECHNOLOGY_BASE_CATEGORY)[technology]),
        context.as_of,
    )
    intent = intent_rows(
        rng, domain.take(pa.array(np.arange(events) % pool)), past_seconds(rng, context.as_of, events)
    )
    return Injection(technographics=technographics, intent=intent)


def inject_bad_encoding(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts written as raw lines with latin-1 bytes in account_name, industry or both."""
    count = inject_count(context.rows[CRM_FILE], 3 * len(LATIN1_NAMES))
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    name_at, industry_at = CRM_COLUMNS.index("account_name"), CRM_COLUMNS.index("industry")
    lines = []
    for row, values in enumerate(fresh.text_rows()):
        fields: list[bytes | None] = [value.encode("utf-8") for value in values]
        if row % 3 != 1:
            fields[name_at] = LATIN1_NAMES[row % len(LATIN1_NAMES)].encode("latin-1")
        if row % 3 != 0:
            fields[industry_at] = LATIN1_INDUSTRIES[row % len(LATIN1_INDUSTRIES)].encode("latin-1")
        lines.append(csv_line(fields))
    return Injection(crm_lines=tuple(lines))


def inject_odd_quoting(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts with commas, doubled quotes and line breaks in correctly quoted names."""
    count = inject_count(context.rows[CRM_FILE], 5)
    quoted = fresh_accounts(rng, first_index, count, context.as_of)
    stem = quoted.stem
    forms = [
        join(stem, ", Inc."),
        join('The "', stem, '" Co'),
        join('"', stem, '" Corp'),
        join(stem, "\nRobotics"),
        join(stem, "\r\nSystems"),
    ]
    return Injection(crm=quoted.table(account_name=choose(np.arange(count) % len(forms), forms)))


def inject_stray_quotes(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """Three new accounts written as raw lines whose names hold an unbalanced double quote.

    Every other field is unquoted, so each line has an odd number of quotes: no CSV reader can split it.
    """
    fresh = fresh_accounts(rng, first_index, len(STRAY_QUOTE_NAMES), context.as_of)
    name_at = CRM_COLUMNS.index("account_name")
    lines = []
    for template, values in zip(STRAY_QUOTE_NAMES, fresh.text_rows(), strict=True):
        values[name_at] = template.format(values[name_at])
        lines.append(csv_line([value.encode("utf-8") for value in values], quote=False))
    return Injection(crm_lines=tuple(lines))


def inject_unknown_account_ids(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """Opportunities and activities on new account ids (from this class's id block) of no CRM record."""
    count = inject_count(context.rows[OPPORTUNITIES_FILE])
    accounts = max(INJECT_MIN_ROWS, math.ceil(count / 2))
    account_id = account_ids(first_index + np.arange(accounts))
    account_age = np.full(accounts, OUTCOME_WINDOW_DAYS)
    rows = opportunities_of(rng, account_age, count)
    activities = inject_count(context.rows[ACTIVITIES_FILE])
    return Injection(
        opportunities=render_injected_opportunities(context, rng, first_index, rows, account_id),
        activities=injected_activities(rng, account_id, account_age, activities, context.as_of),
    )


def inject_closed_before_created(
    context: InjectionContext, rng: np.random.Generator, first_index: int
) -> Injection:
    """New accounts with a closed opportunity whose closed_date is 1 to 60 days before its created_date."""
    count = inject_count(context.rows[OPPORTUNITIES_FILE])
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    rows = opportunities_of(rng, fresh.age_days(context.as_of), count)
    rows = replace(
        rows,
        cycle_days=-rng.integers(1, 61, count),
        stage=np.where(rng.random(count) < INJECTED_WIN_PROBABILITY, CLOSED_WON, CLOSED_LOST).astype(np.int8),
    )
    return Injection(
        crm=fresh.table(),
        opportunities=render_injected_opportunities(
            context, rng, first_index, rows, fresh.columns["account_id"]
        ),
    )


def inject_bad_amounts(context: InjectionContext, rng: np.random.Generator, first_index: int) -> Injection:
    """New accounts with an opportunity whose amount is not a number or is negative."""
    variants = len(BAD_AMOUNT_TEXTS) + 1
    count = inject_count(context.rows[OPPORTUNITIES_FILE], variants)
    fresh = fresh_accounts(rng, first_index, count, context.as_of)
    rows = opportunities_of(rng, fresh.age_days(context.as_of), count)
    table = render_injected_opportunities(context, rng, first_index, rows, fresh.columns["account_id"])
    negative = join("-", as_text(rows.amount))
    amount = choose(np.arange(count) % variants, [*BAD_AMOUNT_TEXTS, negative])
    return Injection(
        crm=fresh.table(),
        opportunities=table.set_column(OPPORTUNITY_COLUMNS.index("amount"), "amount", amount),
    )


def opportunities_of(rng: np.random.Generator, account_age: np.ndarray, count: int) -> OpportunityRows:
    """``count`` plain opportunities, whatever the fit, going round the accounts of the given ages (days);
    ``account`` indexes ``account_age``."""
    account = np.arange(count) % len(account_age)
    win_probability = np.full(count, INJECTED_WIN_PROBABILITY)
    return draw_opportunities(rng, account, account_age[account], np.zeros(count), win_probability)


def render_injected_opportunities(
    context: InjectionContext,
    rng: np.random.Generator,
    first_index: int,
    rows: OpportunityRows,
    account_id: pa.Array,
) -> pa.Table:
    """Injected opportunity rows; ``rows.account`` indexes ``account_id``. Their ids follow the regular
    opportunities' in the class's own id block, so they never collide."""
    block = first_index - context.truth.size
    index = context.rows[OPPORTUNITIES_FILE] + block + np.arange(len(rows.account))
    return render_opportunities(
        rng, rows, opportunity_ids(index), account_id.take(pa.array(rows.account)), context.as_of
    )


def injected_activities(
    rng: np.random.Generator, account_id: pa.Array, account_age: np.ndarray, count: int, as_of: dt.date
) -> pa.Table:
    """``count`` prospecting activities spread over the given accounts, within the window and their age."""
    account = np.arange(count) % len(account_id)
    rows = ActivityRows(
        account=account,
        age_days=window_ages(rng, account_age[account]),
        activity_type=categorical(rng, PROSPECTING_ACTIVITY_MIX, count).astype(np.int8),
    )
    return render_activities(rng, rows, account_id.take(pa.array(account)), as_of)


Injector = Callable[[InjectionContext, np.random.Generator, int], Injection]
INJECTORS: dict[str, Injector] = {
    "bad-numbers": inject_bad_numbers,
    "text-employees": inject_text_employees,
    "conflicting-duplicates": inject_conflicting_duplicates,
    "shared-domains": inject_shared_domains,
    "bad-websites": inject_bad_websites,
    "unknown-values": inject_unknown_values,
    "future-events": inject_future_events,
    "events-before-creation": inject_events_before_creation,
    "unknown-domains": inject_unknown_domains,
    "bad-encoding": inject_bad_encoding,
    "odd-quoting": inject_odd_quoting,
    "stray-quotes": inject_stray_quotes,
    "unknown-account-ids": inject_unknown_account_ids,
    "closed-before-created": inject_closed_before_created,
    "bad-amounts": inject_bad_amounts,
}


def build_injections(seed: int, context: InjectionContext, classes: frozenset[str]) -> list[Injection]:
    """The rows of every requested row-level class, each from its own random stream and id block."""
    injections = []
    for number, name in enumerate(ROW_INJECT_CLASSES):
        if name in classes:
            first_index = context.truth.size + number * INJECT_ID_BLOCK
            injection = INJECTORS[name](context, inject_stream(seed, number), first_index)
            log(f"inject {name}: " + ", ".join(f"+{n:,} {file}" for file, n in injection.counts().items()))
            injections.append(injection)
    return injections


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


def merge_by_time(base: pa.Table, extras: list[pa.Table]) -> pa.Table:
    """The extra intent rows put in their place in the event-time order of ``base``."""
    if not extras:
        return base
    extra = pa.concat_tables([table.cast(base.schema) for table in extras])
    extra = extra.take(pc.sort_indices(extra, [("occurred_at", "ascending")]))
    seconds = pc.cast(base["occurred_at"], pa.int64()).to_numpy()
    extra_seconds = pc.cast(extra["occurred_at"], pa.int64()).to_numpy()
    return insert_rows(base, extra, np.searchsorted(seconds, extra_seconds, side="right"))


def raw_line_positions(rng: np.random.Generator, rows: int, lines: list[bytes]) -> list[RawLine]:
    """Raw lines in random order at random positions, each before some table row (never the last line)."""
    positions = np.sort(rng.integers(0, max(rows, 1), len(lines)))
    order = rng.permutation(len(lines))
    return [(int(position), lines[index]) for position, index in zip(positions, order, strict=True)]


# --- Output ---------------------------------------------------------------------------------------


def write_csv_atomic(table: pa.Table, path: pathlib.Path, lines: Sequence[RawLine] = ()) -> None:
    """Write a header line and the rows to a temporary file next to ``path``, then rename it into place.

    The header is written unquoted by hand; values use pyarrow's quoting (strings quoted, "" doubled).
    ``lines`` are raw lines (bytes as given, which need not be valid UTF-8 or CSV), each written before
    the table row at its position.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as sink:
            sink.write((",".join(table.column_names) + "\n").encode("utf-8"))
            write_rows(sink, table, lines)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_rows(sink: BinaryIO, table: pa.Table, lines: Sequence[RawLine]) -> None:
    """The table's rows through pyarrow's CSV writer, with the raw lines written in between.

    Empty record batches are skipped: pyarrow's CSV writer emits garbage bytes when a table starts with
    an empty batch (apache/arrow#36889).
    """
    options = pa_csv.WriteOptions(include_header=False)
    with pa_csv.CSVWriter(sink, table.schema, write_options=options) as writer:
        start = 0
        for position, line in [*lines, (table.num_rows, b"")]:
            for batch in table.slice(start, position - start).to_batches():
                if batch.num_rows:
                    writer.write_batch(batch)
            sink.write(line)
            start = position


def log(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def dropped(file_name: str, classes: frozenset[str]) -> bool:
    """Whether an injection class empties or removes the file (so it need not be rendered)."""
    stem = FILE_STEMS[file_name]
    return bool({f"empty-file:{stem}", f"missing-file:{stem}"} & classes)


def save(
    output_dir: pathlib.Path,
    file_name: str,
    table: pa.Table | None,
    lines: Sequence[RawLine],
    classes: frozenset[str],
) -> int | None:
    """Write one file (header only for empty-file, nothing for missing-file); return its data rows."""
    path = output_dir / file_name
    stem = FILE_STEMS[file_name]
    if f"missing-file:{stem}" in classes:
        path.unlink(missing_ok=True)
        return None
    if table is None or f"empty-file:{stem}" in classes:
        table = pa.table({name: pa.array([], pa.string()) for name in FILE_COLUMNS[file_name]})
        lines = ()
    write_csv_atomic(table, path, lines)
    return table.num_rows + len(lines)


def generate(
    accounts: int,
    seed: int,
    as_of: dt.date,
    output_dir: pathlib.Path,
    technologies_per_account: float = DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
    events_per_account: float = DEFAULT_EVENTS_PER_ACCOUNT,
    *,
    inject: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Write the raw CSV files and return the number of data rows written per file name.

    ``inject`` names classes of bad input to add (INJECT_CLASSES, or "all" for every row-level class);
    a file removed by ``missing-file:NAME`` is left out of the result. Without it no injected row is
    written.
    """
    classes = resolve_inject(inject)
    if accounts < PLANTED_ACCOUNTS:
        raise ValueError(
            f"accounts must be at least {PLANTED_ACCOUNTS} (the planted worked examples), got {accounts}"
        )
    started = time.perf_counter()
    output_dir.mkdir(parents=True, exist_ok=True)
    simulation = simulate(accounts, seed, technologies_per_account, events_per_account)
    log(f"simulated {accounts:,} accounts ({time.perf_counter() - started:.1f} s)")
    crm_rng, technology_rng, intent_rng = random_streams(seed)[3:]
    opportunity_rng, activity_rng = outcome_streams(seed)[1:]
    mix_rng = inject_stream(seed, len(ROW_INJECT_CLASSES))
    step = time.perf_counter()
    crm, created = render_crm(crm_rng, simulation.accounts, as_of)
    outcomes = simulation.outcomes
    rows = {
        CRM_FILE: crm.num_rows,
        TECHNOGRAPHICS_FILE: len(simulation.technologies.account) + planted_technographics(as_of).num_rows,
        INTENT_FILE: len(simulation.events.account) + planted_intent(as_of).num_rows,
        OPPORTUNITIES_FILE: len(outcomes.opportunities.account),
        ACTIVITIES_FILE: len(outcomes.activities.account),
    }
    context = InjectionContext(as_of, simulation.accounts, created, rows)
    injections = build_injections(seed, context, classes)

    def added(file_name: str) -> list[pa.Table]:
        return [table for item in injections if (table := item.tables()[file_name]) is not None]

    crm = mix_at_random(mix_rng, crm, added(CRM_FILE))
    lines = raw_line_positions(
        mix_rng, crm.num_rows, [line for item in injections for line in item.crm_lines]
    )
    regular_ids = account_ids(np.arange(simulation.accounts.size))
    producers: dict[str, Callable[[], tuple[pa.Table, Sequence[RawLine]]]] = {
        CRM_FILE: lambda: (crm, lines),
        TECHNOGRAPHICS_FILE: lambda: (
            mix_at_random(
                mix_rng, render_technographics(technology_rng, simulation, as_of), added(TECHNOGRAPHICS_FILE)
            ),
            (),
        ),
        INTENT_FILE: lambda: (
            merge_by_time(render_intent(intent_rng, simulation, as_of), added(INTENT_FILE)),
            (),
        ),
        OPPORTUNITIES_FILE: lambda: (
            mix_at_random(
                mix_rng,
                render_opportunities(
                    opportunity_rng,
                    outcomes.opportunities,
                    opportunity_ids(np.arange(rows[OPPORTUNITIES_FILE])),
                    dictionary(outcomes.opportunities.account, regular_ids),
                    as_of,
                ),
                added(OPPORTUNITIES_FILE),
            ),
            (),
        ),
        ACTIVITIES_FILE: lambda: (
            mix_at_random(
                mix_rng,
                render_activities(
                    activity_rng,
                    outcomes.activities,
                    dictionary(outcomes.activities.account, regular_ids),
                    as_of,
                ),
                added(ACTIVITIES_FILE),
            ),
            (),
        ),
    }
    written: dict[str, int] = {}
    for file_name, produce in producers.items():
        table, file_lines = (None, ()) if dropped(file_name, classes) else produce()
        count = save(output_dir, file_name, table, file_lines, classes)
        if count is None:
            log(f"{file_name}: not written (missing-file:{FILE_STEMS[file_name]})")
        else:
            written[file_name] = count
            log(f"{file_name}: {count:,} rows ({time.perf_counter() - step:.1f} s)")
        step = time.perf_counter()
    log(f"done in {time.perf_counter() - started:.1f} s -> {output_dir}")
    return written


# --- Command line ---------------------------------------------------------------------------------


def iso_date(text: str) -> dt.date:
    """Parse a strict YYYY-MM-DD date for argparse."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a real calendar date ({error})") from None
    if not MIN_AS_OF_YEAR <= day.year <= MAX_AS_OF_YEAR:
        raise argparse.ArgumentTypeError(
            f"use an as-of date between {MIN_AS_OF_YEAR}-01-01 and {MAX_AS_OF_YEAR}-12-31, got {text}"
        )
    return day


def account_count(text: str) -> int:
    """Parse the number of accounts for argparse (at least the two planted accounts)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of accounts, got {text!r}") from None
    if not PLANTED_ACCOUNTS <= value <= MAX_ACCOUNTS:
        raise argparse.ArgumentTypeError(
            f"use between {PLANTED_ACCOUNTS} (the two planted worked examples count toward N) "
            f"and {MAX_ACCOUNTS:,} accounts, got {value:,}"
        )
    return value


def seed_value(text: str) -> int:
    """Parse a non-negative integer seed for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number as seed, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"use a seed of 0 or more, got {value}")
    return value


def rate(text: str) -> float:
    """Parse a mean rows-per-account for argparse (0 to 1000)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_RATE:
        raise argparse.ArgumentTypeError(f"use a number between 0 and {MAX_RATE:g}, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    description = (
        "Write deterministic, deliberately messy raw CSV extracts for the ICP scoring project: "
        f"{CRM_FILE} (CRM firmographics), {TECHNOGRAPHICS_FILE} (technographic vendor feed), "
        f"{INTENT_FILE} (intent events), and the outcomes {OPPORTUNITIES_FILE} and {ACTIVITIES_FILE} "
        "(drawn from the planted ICP, PLANTED_ICP in the script). Same arguments, byte-identical files. "
        "Two worked-example accounts (001WORKEDEX000X and 001WORKEDEX000Y) are always included."
    )
    parser = argparse.ArgumentParser(
        prog="icp sample",
        description=textwrap.fill(description, HELP_WIDTH),
        epilog=inject_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--accounts",
        type=account_count,
        default=DEFAULT_ACCOUNTS,
        metavar="N",
        help=(
            "distinct accounts, including the two planted ones; the CRM file adds ~2%% duplicate rows. "
            "Needs about 2.5 GB of memory per million accounts (default: %(default)s)"
        ),
    )
    parser.add_argument(
        "--seed", type=seed_value, default=DEFAULT_SEED, help="random seed, 0 or more (default: %(default)s)"
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=(
            "reference date the history leads up to: intent events over the year before it (~0.2%% land "
            f"after it on purpose), opportunities opened in the {OUTCOME_WINDOW_DAYS} days before it, drawn "
            "from the planted truth as of the start of those days (default: today's UTC date)"
        ),
    )
    parser.add_argument(
        "--output-dir",
        type=pathlib.Path,
        default=settings.raw_dir(),
        metavar="DIR",
        help="directory for the CSV files, created if missing (default: %(default)s)",
    )
    parser.add_argument(
        "--technologies-per-account",
        type=rate,
        default=DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
        metavar="MEAN",
        help="mean technographic rows per account (default: %(default)s)",
    )
    parser.add_argument(
        "--events-per-account",
        type=rate,
        default=DEFAULT_EVENTS_PER_ACCOUNT,
        metavar="MEAN",
        help="mean intent events per account, heavy-tailed: most have few or none (default: %(default)s)",
    )
    parser.add_argument(
        "--inject",
        type=inject_name,
        action="append",
        default=[],
        metavar="CLASS",
        help=(
            "add a class of bad input for tests (repeatable); 'all' adds every class except the "
            "empty-file and missing-file ones. Classes are listed below (default: none)"
        ),
    )
    return parser


def inject_name(text: str) -> str:
    """Check one --inject value for argparse."""
    if text != INJECT_ALL and text not in INJECT_CLASSES:
        raise argparse.ArgumentTypeError(
            f"unknown class {text!r}; valid classes: {INJECT_ALL}, {', '.join(INJECT_CLASSES)}"
        )
    return text


def inject_epilog() -> str:
    """The help text listing the injection classes, one per line, and an example."""
    width = max(map(len, INJECT_CLASSES)) + 2
    classes = [f"  {name:<{width}}{text}" for name, text in INJECT_DESCRIPTIONS.items()]
    return "\n".join(
        [
            "injection classes (--inject CLASS, repeatable; 'all' = every class but the file ones):",
            *classes,
            "",
            "Example: icp sample --accounts 5000 --seed 42 --as-of 2025-06-30",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate the files and return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.output_dir.exists() and not args.output_dir.is_dir():
        parser.error(f"--output-dir {args.output_dir} exists and is not a directory; pass a directory path")
    try:
        inject = resolve_inject(args.inject)
    except ValueError as error:
        parser.error(str(error))
    as_of = args.as_of or dt.datetime.now(dt.UTC).date()
    try:
        generate(
            args.accounts,
            args.seed,
            as_of,
            args.output_dir,
            args.technologies_per_account,
            args.events_per_account,
            inject=inject,
        )
    except OSError as error:
        log(f"error: cannot write to {args.output_dir}: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
