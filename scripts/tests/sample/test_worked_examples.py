"""Tests of the two planted worked-example accounts (icp_scoring.sample.worked_examples)."""

import pathlib

from tests.sample.helpers import AS_OF_TEXT, read_rows, run


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
