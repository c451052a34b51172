"""CRM exports: headers and values of the HubSpot and Salesforce files, deltas, --full, --icp, refusals."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from icp_scoring import export as exporter

HUBSPOT_HEADER = [
    "domain",
    "hs_ideal_customer_profile",
    "icp_fit_score",
    "icp_fit_grade",
    "icp_play",
    "icp_next_step",
    "icp_top_reasons",
    "icp_committee_coverage",
    "icp_committee_completeness",
    "icp_empty_seats",
    "icp_unscored_reason",
    "icp_excluded_reason",
    "icp_scored_date",
    "icp_profile",
]
SALESFORCE_HEADER = [
    "Id",
    "ICP_Fit_Score__c",
    "ICP_Fit_Grade__c",
    "ICP_Tier__c",
    "ICP_Play__c",
    "ICP_Next_Step__c",
    "ICP_Top_Reasons__c",
    "ICP_Committee_Coverage__c",
    "ICP_Committee_Completeness__c",
    "ICP_Empty_Seats__c",
    "ICP_Unscored_Reason__c",
    "ICP_Excluded_Reason__c",
    "ICP_Scored_Date__c",
    "ICP_Profile__c",
]

# account_id, icp_id, account_name, domain, website_status, is_scored, icp_score, icp_grade, icp_tier,
# play_name, top_reasons, unscored_reason, is_best_icp (excluded_reason: EXCLUDED)
ACCOUNTS = [
    (
        "001A00000000001",
        "default",
        "Alpha",
        "alpha.com",
        "valid",
        True,
        92.5,
        "A",
        1,
        "1:1 campaign",
        "industry: technology (+25); crm: hubspot (+20)",
        None,
        True,
    ),
    (
        "001B00000000001",
        "default",
        "Beta",
        "beta.io",
        "valid",
        True,
        65.0,
        "B",
        2,
        "Segment campaign",
        "industry: media (+10)",
        None,
        True,
    ),
    (
        "001C00000000001",
        "default",
        "Gamma",
        "gamma.de",
        "valid",
        True,
        12.0,
        "F",
        3,
        "No active spend",
        None,
        None,
        True,
    ),
    (
        "001D00000000001",
        "default",
        "Delta, Inc.",
        None,
        "missing",
        False,
        None,
        None,
        None,
        None,
        None,
        "missing_website",
        True,
    ),
    (
        "001E00000000001",
        "default",
        "Echo",
        "echo.fr",
        "valid",
        False,
        None,
        None,
        None,
        None,
        None,
        "insufficient_data",
        True,
    ),
    # Two CRM accounts on one domain: one HubSpot company, the better score is exported.
    (
        "001F00000000001",
        "default",
        "Fox Group",
        "fox.com",
        "valid",
        True,
        70.0,
        "B",
        2,
        "Segment campaign",
        None,
        None,
        True,
    ),
    (
        "001G00000000001",
        "default",
        "Fox Retail",
        "fox.com",
        "valid",
        True,
        30.0,
        "D",
        3,
        "Automated nurture",
        None,
        None,
        True,
    ),
    # A second ICP: exported only with --icp enterprise.
    (
        "001A00000000001",
        "enterprise",
        "Alpha",
        "alpha.com",
        "valid",
        True,
        40.0,
        "C",
        3,
        "Nurture",
        None,
        None,
        False,
    ),
]


# Knocked out of the ranking (icp_knockouts.csv): Gamma is a competitor.
EXCLUDED = {("001C00000000001", "default"): "competitor"}
# Buying committees (coverage, completeness, empty required seats, next step); the other accounts have none
# covered: (none, 0, "Economic buyer, Champion", their play).
COMMITTEES = {
    ("001A00000000001", "default"): (
        "partial",
        0.5,
        "Champion",
        "Find the champion first, then: 1:1 campaign",
    ),
}
NO_COMMITTEE = ("none", 0.0, "Economic buyer, Champion")


def make_published_database(path: Path, rows: list[tuple], scoring_date: str = "2026-06-30") -> Path:
    """A published database holding only what the exporter reads: marts.account_scores."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute("""
            create table marts.account_scores (
                account_id varchar, icp_id varchar, account_name varchar, domain varchar,
                website_status varchar, is_scored boolean, icp_score decimal(5, 2), icp_grade varchar,
                icp_tier integer, play_name varchar, top_reasons varchar, unscored_reason varchar,
                is_best_icp boolean, excluded_reason varchar, scoring_date date, committee_coverage varchar,
                committee_completeness decimal(5, 4), empty_required_seats varchar, next_step varchar
            )
        """)
        connection.executemany(
            "insert into marts.account_scores values "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?, ?, ?, ?)",
            [
                (
                    *row,
                    EXCLUDED.get((row[0], row[1])),
                    scoring_date,
                    *COMMITTEES.get((row[0], row[1]), (*NO_COMMITTEE, row[9])),
                )
                for row in rows
            ],
        )
    return path


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def published(tmp_path: Path) -> Path:
    return make_published_database(tmp_path / "icp_scores.duckdb", ACCOUNTS)


def test_hubspot_file_is_keyed_by_domain_with_hubspot_tier_values(published: Path, tmp_path: Path) -> None:
    [result] = exporter.export(published, tmp_path / "exports", ["hubspot"])
    [path] = result.paths
    header, rows = read_csv(path)
    assert header == HUBSPOT_HEADER
    by_domain = {row["domain"]: row for row in rows}
    assert sorted(by_domain) == ["alpha.com", "beta.io", "echo.fr", "fox.com", "gamma.de"]
    assert by_domain["alpha.com"] == {
        "domain": "alpha.com",
        "hs_ideal_customer_profile": "tier_1",
        "icp_fit_score": "92.50",
        "icp_fit_grade": "A",
        "icp_play": "1:1 campaign",
        "icp_next_step": "Find the champion first, then: 1:1 campaign",
        "icp_top_reasons": "industry: technology (+25); crm: hubspot (+20)",
        "icp_committee_coverage": "partial",
        "icp_committee_completeness": "50",
        "icp_empty_seats": "Champion",
        "icp_unscored_reason": "none",
        "icp_excluded_reason": "none",
        "icp_scored_date": "2026-06-30",
        "icp_profile": "default",
    }
    assert [by_domain[d]["hs_ideal_customer_profile"] for d in ("beta.io", "gamma.de")] == [
        "tier_2",
        "tier_3",
    ]
    # Unscored: its reason, and explicit values that replace a stale score and tier (HubSpot ignores blanks).
    assert by_domain["echo.fr"]["icp_fit_score"] == "0"
    assert by_domain["echo.fr"]["hs_ideal_customer_profile"] == "tier_3"
    assert by_domain["echo.fr"]["icp_fit_grade"] == "unscored"
    assert by_domain["echo.fr"]["icp_unscored_reason"] == "insufficient_data"
    assert by_domain["echo.fr"]["icp_play"] == by_domain["echo.fr"]["icp_top_reasons"] == "none"
    # Knocked out: the export says why the account is out of the ranking.
    assert by_domain["gamma.de"]["icp_excluded_reason"] == "competitor"
    assert all(value != "" for row in rows for value in row.values())
    # Shared domain: the better-scored account stands for the company.
    assert by_domain["fox.com"]["icp_fit_score"] == "70.00"
    assert (result.rows, result.accounts, result.not_exported) == (5, 5, 2)


def test_accounts_hubspot_cannot_key_are_listed_with_why(published: Path, tmp_path: Path) -> None:
    exporter.export(published, tmp_path / "exports", ["hubspot"])
    header, rows = read_csv(tmp_path / "exports" / "hubspot" / "hubspot_companies_not_exported.csv")
    assert header == ["account_id", "account_name", "domain", "icp_id", "reason"]
    reasons = {row["account_id"]: row["reason"] for row in rows}
    assert reasons == {
        "001D00000000001": "no valid domain to key the company on (website missing)",
        "001G00000000001": "domain shared with account 001F00000000001, which is exported for it",
    }


def test_salesforce_file_is_keyed_by_crm_id_and_clears_with_na(published: Path, tmp_path: Path) -> None:
    [result] = exporter.export(published, tmp_path / "exports", ["salesforce"])
    [path] = result.paths
    header, rows = read_csv(path)
    assert header == SALESFORCE_HEADER
    by_id = {row["Id"]: row for row in rows}
    assert sorted(by_id) == [
        "001A00000000001",
        "001B00000000001",
        "001C00000000001",
        "001D00000000001",
        "001E00000000001",
        "001F00000000001",
        "001G00000000001",
    ]
    assert by_id["001A00000000001"] == {
        "Id": "001A00000000001",
        "ICP_Fit_Score__c": "92.50",
        "ICP_Fit_Grade__c": "A",
        "ICP_Tier__c": "1",
        "ICP_Play__c": "1:1 campaign",
        "ICP_Next_Step__c": "Find the champion first, then: 1:1 campaign",
        "ICP_Top_Reasons__c": "industry: technology (+25); crm: hubspot (+20)",
        "ICP_Committee_Coverage__c": "partial",
        "ICP_Committee_Completeness__c": "50",
        "ICP_Empty_Seats__c": "Champion",
        "ICP_Unscored_Reason__c": "#N/A",
        "ICP_Excluded_Reason__c": "#N/A",
        "ICP_Scored_Date__c": "2026-06-30",
        "ICP_Profile__c": "default",
    }
    missing_website = by_id["001D00000000001"]
    assert [missing_website[c] for c in ("ICP_Fit_Score__c", "ICP_Fit_Grade__c", "ICP_Tier__c")] == [
        "#N/A"
    ] * 3
    assert missing_website["ICP_Unscored_Reason__c"] == "missing_website"
    assert (result.rows, result.not_exported) == (7, 0)


def test_second_export_holds_only_changed_accounts(published: Path, tmp_path: Path) -> None:
    output_dir = tmp_path / "exports"
    exporter.export(published, output_dir, ["hubspot", "salesforce"])

    # Nothing changed but the scoring date: nothing to import, no file.
    make_published_database(published, ACCOUNTS, scoring_date="2026-07-01")
    unchanged = exporter.export(published, output_dir, ["hubspot", "salesforce"])
    assert [(r.mode, r.rows, r.paths) for r in unchanged] == [("delta", 0, ()), ("delta", 0, ())]

    # Beta moves up to tier 1 and Echo gets a score: two accounts change.
    changed_accounts = [
        (*row[:6], 85.0, "A", 1, *row[9:])
        if row[0] in ("001B00000000001", "001E00000000001") and row[1] == "default"
        else row
        for row in ACCOUNTS
    ]
    make_published_database(published, changed_accounts, scoring_date="2026-07-02")
    hubspot, salesforce = exporter.export(published, output_dir, ["hubspot", "salesforce"])
    assert hubspot.mode == salesforce.mode == "delta"
    assert [row["domain"] for row in read_csv(hubspot.paths[0])[1]] == ["beta.io", "echo.fr"]
    delta_rows = read_csv(salesforce.paths[0])[1]
    assert [(row["Id"], row["ICP_Tier__c"], row["ICP_Scored_Date__c"]) for row in delta_rows] == [
        ("001B00000000001", "1", "2026-07-02"),
        ("001E00000000001", "1", "2026-07-02"),
    ]

    [full] = exporter.export(published, output_dir, ["salesforce"], full=True)
    assert (full.mode, full.rows) == ("full", 7)
    log_header, log_rows = read_csv(output_dir / "exports_log.csv")
    assert log_header[:4] == ["exported_at", "crm", "selection", "mode"]
    assert [(row["crm"], row["mode"], row["rows"]) for row in log_rows] == [
        ("hubspot", "full", "5"),
        ("salesforce", "full", "7"),
        ("hubspot", "delta", "0"),
        ("salesforce", "delta", "0"),
        ("hubspot", "delta", "2"),
        ("salesforce", "delta", "2"),
        ("salesforce", "full", "7"),
    ]


def test_a_filled_seat_alone_is_a_change_to_export(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beta's champion was found: its score is the same, its committee is not; the CRMs hear of it."""
    output_dir = tmp_path / "exports"
    exporter.export(published, output_dir, ["hubspot", "salesforce"])
    monkeypatch.setitem(
        COMMITTEES, ("001B00000000001", "default"), ("partial", 0.5, "Economic buyer", "Call")
    )
    make_published_database(published, ACCOUNTS, scoring_date="2026-07-01")
    hubspot, salesforce = exporter.export(published, output_dir, ["hubspot", "salesforce"])
    [beta] = read_csv(hubspot.paths[0])[1]
    assert (beta["domain"], beta["icp_committee_completeness"], beta["icp_empty_seats"]) == (
        "beta.io",
        "50",
        "Economic buyer",
    )
    assert [row["Id"] for row in read_csv(salesforce.paths[0])[1]] == ["001B00000000001"]


def test_a_change_of_committee_coverage_alone_is_a_change_to_export(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beta's ICP had no personas, then personas none of which is required: no seat to fill either way (no
    completeness, no empty seat, the same next step), only the coverage says what changed; both CRMs hear of
    it, each with its own empty values."""
    output_dir = tmp_path / "exports"
    beta = ("001B00000000001", "default")
    monkeypatch.setitem(COMMITTEES, beta, ("no_personas", None, None, "Call"))
    make_published_database(published, ACCOUNTS)
    exporter.export(published, output_dir, ["hubspot", "salesforce"])
    monkeypatch.setitem(COMMITTEES, beta, ("no_required_seats", None, None, "Call"))
    make_published_database(published, ACCOUNTS, scoring_date="2026-07-01")
    hubspot, salesforce = exporter.export(published, output_dir, ["hubspot", "salesforce"])
    [hubspot_row] = read_csv(hubspot.paths[0])[1]
    [salesforce_row] = read_csv(salesforce.paths[0])[1]
    committee = ("committee_coverage", "committee_completeness", "empty_seats", "next_step")
    assert hubspot_row["domain"] == "beta.io"
    assert [hubspot_row[f"icp_{name}"] for name in committee] == ["no_required_seats", "0", "none", "Call"]
    assert salesforce_row["Id"] == beta[0]
    assert [salesforce_row[f"ICP_{name.title()}__c"] for name in committee] == [
        "no_required_seats",
        "#N/A",
        "#N/A",
        "Call",
    ]


def test_a_state_from_before_a_new_column_gives_a_full_export(published: Path, tmp_path: Path) -> None:
    """The last export's state lacks a column the file has gained (an upgrade): what changed cannot be told,
    so every row is exported once, and the next export is a delta again."""
    output_dir = tmp_path / "exports"
    exporter.export(published, output_dir, ["salesforce"])
    state = output_dir / "salesforce" / ".last_export_best_icp.parquet"
    assert state.is_file(), sorted(path.name for path in (output_dir / "salesforce").iterdir())
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select * exclude (ICP_Excluded_Reason__c) from '{state}') "
            f"to '{state}.old' (format parquet)"
        )
    state.with_name(state.name + ".old").replace(state)
    [upgraded] = exporter.export(published, output_dir, ["salesforce"])
    [again] = exporter.export(published, output_dir, ["salesforce"])
    assert (upgraded.mode, upgraded.rows) == ("full", 7)
    assert (again.mode, again.rows) == ("delta", 0)


def test_icp_option_exports_that_icp_with_its_own_reference(published: Path, tmp_path: Path) -> None:
    output_dir = tmp_path / "exports"
    [best] = exporter.export(published, output_dir, ["salesforce"])
    [enterprise] = exporter.export(published, output_dir, ["salesforce"], icp_id="enterprise")
    # Its own first export: full, not a delta against the best-ICP export.
    assert (enterprise.mode, enterprise.rows) == ("full", 1)
    assert read_csv(enterprise.paths[0])[1][0]["ICP_Fit_Grade__c"] == "C"
    assert (output_dir / "salesforce" / ".last_export_icp_enterprise.parquet").is_file()
    assert best.rows == 7


def test_command_line_refuses_missing_database_and_unknown_icp(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exporter.main(["--database", str(tmp_path / "nowhere.duckdb"), "--output-dir", str(tmp_path)]) == 1
    assert "no published scores at" in capsys.readouterr().err
    arguments = ["--database", str(published), "--output-dir", str(tmp_path / "exports"), "--icp", "smb"]
    assert exporter.main(arguments) == 1
    assert "--icp smb: no such ICP" in capsys.readouterr().err
    assert not (tmp_path / "exports" / "salesforce").exists()
    assert exporter.main(["--database", str(published), "--output-dir", str(tmp_path / "exports")]) == 0
    printed = capsys.readouterr().out
    assert "hubspot: 5 of 5 accounts (all accounts)" in printed
    assert "salesforce: 7 of 7 accounts (all accounts)" in printed


def test_help_describes_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        exporter.main(["--help"])
    assert exit_info.value.code == 0
    assert "--full" in capsys.readouterr().out


def test_data_loader_clears_with_empty_cells(published: Path, tmp_path: Path) -> None:
    options = exporter.ExportOptions(salesforce_load="data-loader")
    [result] = exporter.export(published, tmp_path / "exports", ["salesforce"], options=options)
    by_id = {row["Id"]: row for row in read_csv(result.paths[0])[1]}
    missing_website = by_id["001D00000000001"]
    assert [missing_website[c] for c in ("ICP_Fit_Score__c", "ICP_Fit_Grade__c", "ICP_Tier__c")] == [""] * 3
    assert "#N/A" not in result.paths[0].read_text(encoding="utf-8")


def test_formulas_are_neutralised_and_ids_that_cannot_key_salesforce_are_left_out(tmp_path: Path) -> None:
    hostile = [
        (*ACCOUNTS[0][:9], '=HYPERLINK("http://x","click")', "@SUM(A1)", None, True),
        ('=HYPERLINK("http://x","click")', *ACCOUNTS[1][1:]),
        ("001-not-an-id", *ACCOUNTS[2][1:]),
    ]
    published = make_published_database(tmp_path / "icp_scores.duckdb", hostile)
    hubspot, salesforce = exporter.export(published, tmp_path / "exports", ["hubspot", "salesforce"])
    alpha = {row["domain"]: row for row in read_csv(hubspot.paths[0])[1]}["alpha.com"]
    assert (alpha["icp_play"], alpha["icp_top_reasons"]) == ('\'=HYPERLINK("http://x","click")', "'@SUM(A1)")
    assert [row["Id"] for row in read_csv(salesforce.paths[0])[1]] == ["001A00000000001"]
    left_out = read_csv(tmp_path / "exports" / "salesforce" / "salesforce_accounts_not_exported.csv")[1]
    reasons = {row["account_id"]: row["reason"] for row in left_out}
    assert reasons == {
        '=HYPERLINK("http://x","click")': "not a Salesforce record id (15 or 18 letters and digits)",
        "001-not-an-id": "not a Salesforce record id (15 or 18 letters and digits)",
    }


@pytest.mark.parametrize(
    ("options", "expected_rows"),
    [
        (exporter.ExportOptions(max_rows=3), [3, 3, 1]),
        (exporter.ExportOptions(max_file_mb=1), [7]),
    ],
)
def test_files_are_split_to_the_crm_limits_each_with_its_header(
    published: Path, tmp_path: Path, options: exporter.ExportOptions, expected_rows: list[int]
) -> None:
    [result] = exporter.export(published, tmp_path / "exports", ["salesforce"], options=options)
    assert [len(read_csv(path)[1]) for path in result.paths] == expected_rows
    assert all(read_csv(path)[0] == SALESFORCE_HEADER for path in result.paths)
    if len(result.paths) > 1:
        assert [path.name.rsplit("_", 1)[1] for path in result.paths] == [
            "part1of3.csv",
            "part2of3.csv",
            "part3of3.csv",
        ]
    ids = [row["Id"] for path in result.paths for row in read_csv(path)[1]]
    assert ids == sorted(ids) and len(ids) == 7


def test_a_file_over_the_size_limit_is_split_by_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("Id,Note\n" + "".join(f"{i:015d},{'x' * 90}\n" for i in range(30)), encoding="utf-8")
    parts = exporter.split_file(path, max_bytes=1_000, max_rows=None)
    assert len(parts) == 4 and not path.exists()
    assert all(part.stat().st_size <= 1_000 for part in parts)
    assert sum(len(read_csv(part)[1]) for part in parts) == 30
