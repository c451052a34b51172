"""What the sample is drawn from: the vocabularies, shares and shapes of each kind of value.

Firmographics (industries, sizes, revenue, countries, legal suffixes), names and domains (name words, TLDs,
website forms and their mess), technographics (CRMs and other technologies, their categories, detections)
and intent (signal types and their raw spellings, sources, topics, intent profiles, bursts, reporting lag),
then the lookup tables derived from them. The outcomes' parameters are in `outcomes`, the planted truth in
`planted_icp`.
"""

from icp_scoring.sample.vectorised import WeightedGroups

# The mean rows per account of the two feeds (--technologies-per-account, --events-per-account).
DEFAULT_TECHNOLOGIES_PER_ACCOUNT = 8.0
DEFAULT_EVENTS_PER_ACCOUNT = 20.0

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


# --- Lookup tables derived from the vocabularies --------------------------------------------------

INDUSTRY_GROUPS = WeightedGroups.build(INDUSTRY_VARIANTS)
COUNTRY_GROUPS = WeightedGroups.build(COUNTRY_VARIANTS)
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
