"""The generated contacts look like a CRM's: several per large account and none for some, titles in English
and in French with their variants, e-mails on the company domain and elsewhere, shared phones, stale
contacts; and the planted truth makes the buying committee matter for winning."""

from collections import Counter, defaultdict

from icp_scoring.sample.contacts import TITLES_EN, TITLES_FR
from tests.sample.helpers import AS_OF, MESSY_ACCOUNTS

Rows = dict[str, list[dict[str, str]]]
SALES_LEADER_TITLES = {title for title, _ in TITLES_EN["sales_leader"] + TITLES_FR["sales_leader"]}


def contacts_per_account(messy: Rows) -> Counter[str]:
    return Counter(row["account_id"] for row in messy["crm_contacts.csv"])


def test_larger_accounts_have_more_contacts_and_some_have_none(messy: Rows) -> None:
    per_account = contacts_per_account(messy)
    employees = {
        row["account_id"]: int(row["employees"])
        for row in messy["crm_accounts.csv"]
        if row["employees"].isdigit()
    }
    small = [per_account[account] for account, size in employees.items() if size < 50]
    large = [per_account[account] for account, size in employees.items() if size >= 1000]
    assert sum(large) / len(large) > 1.5 * sum(small) / len(small)
    without = sum(1 for account in employees if per_account[account] == 0) / len(employees)
    assert 0.15 < without < 0.45
    assert 1.0 < len(messy["crm_contacts.csv"]) / MESSY_ACCOUNTS < 2.5


def test_titles_come_in_english_and_french_with_variants_and_blanks(messy: Rows) -> None:
    titles = Counter(row["job_title"] for row in messy["crm_contacts.csv"])
    french = {title for title, _ in sum(TITLES_FR.values(), ())}
    assert sum(count for title, count in titles.items() if title in french) > 100
    assert titles["DIRECTEUR COMMERCIAL"] > 0 and titles["head of sales"] > 0  # case variants
    assert 0.02 < titles[""] / sum(titles.values()) < 0.12


def test_emails_phones_and_activity_are_messy_like_a_crm(messy: Rows) -> None:
    rows = messy["crm_contacts.csv"]
    domains = {row["account_id"]: row["website"] for row in messy["crm_accounts.csv"]}
    on_domain = sum(
        1
        for row in rows
        if "@" in row["email"]
        and domains.get(row["account_id"], "")
        and row["email"].split("@")[1] in domains[row["account_id"]]
    )
    assert on_domain / len(rows) > 0.5
    assert any(row["email"].endswith("@gmail.com") for row in rows)
    assert any(row["email"] and "@" not in row["email"] for row in rows)  # malformed
    phones = Counter(row["phone"] for row in rows if row["phone"])
    assert max(phones.values()) > 5  # a switchboard or a call centre on many contacts
    two_years_ago = AS_OF.replace(year=AS_OF.year - 2).isoformat()
    stale = sum(1 for row in rows if row["last_activity_date"] and row["last_activity_date"] < two_years_ago)
    assert 0.05 < stale / len(rows) < 0.25
    ids = Counter(row["contact_id"] for row in rows)
    assert any(count > 1 for count in ids.values())  # the export repeats a few contacts


def test_accounts_that_won_knew_their_sales_leader_more_often(messy: Rows) -> None:
    won = {
        row["account_id"]
        for row in messy["crm_opportunities.csv"]
        if row["stage"].lower().replace(" ", "_") == "closed_won"
    }
    leaders: defaultdict[str, bool] = defaultdict(bool)
    for row in messy["crm_contacts.csv"]:
        leaders[row["account_id"]] |= row["job_title"] in SALES_LEADER_TITLES
    accounts = {row["account_id"] for row in messy["crm_accounts.csv"]}
    winners = [leaders[account] for account in accounts & won]
    others = [leaders[account] for account in accounts - won]
    assert len(winners) > 50
    assert sum(winners) / len(winners) > sum(others) / len(others) + 0.25
