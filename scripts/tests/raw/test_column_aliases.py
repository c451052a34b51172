"""CRM exports load under their own headers; a duplicated column the run reads is refused, naming it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from icp_scoring.console import UserError
from icp_scoring.raw import column_aliases, landing
from icp_scoring.raw.contract import RAW_CONTRACT

SALESFORCE_ACCOUNT_HEADER = {
    "account_id": "Id",
    "account_name": "Name",
    "website": "Website",
    "industry": "Industry",
    "employees": "NumberOfEmployees",
    "annual_revenue": "AnnualRevenue",
    "country": "BillingCountry",
    "created_date": "CreatedDate",
    "last_modified_at": "LastModifiedDate",
}
HUBSPOT_COMPANY_HEADER = {
    "account_id": "Record ID",
    "account_name": "Company name",
    "website": "Company Domain Name",
    "industry": "Industry",
    "employees": "Number of Employees",
    "annual_revenue": "Annual Revenue",
    "country": "Country/Region",
    "created_date": "Create Date",
    "last_modified_at": "Last Modified Date",
}


@pytest.fixture
def raw_dir(small_raw_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(small_raw_dir, copy)
    return copy


def rewrite_accounts(
    raw_dir: Path, header: dict[str, str], extra: dict[str, str] | None = None
) -> list[dict]:
    """Rewrite crm_accounts.csv under an export's header (columns shuffled, extra columns first); returns the
    original rows."""
    path = raw_dir / "crm_accounts.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    extra = extra or {}
    columns = list(reversed(RAW_CONTRACT["crm_accounts.csv"]))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*extra, *(header[column] for column in columns)])
        for row in rows:
            writer.writerow(
                [*(row[source] for source in extra.values()), *(row[column] for column in columns)]
            )
    return rows


def contract_columns(rows: list[dict]) -> list[dict]:
    """The rows with the contract's columns only (rewrite_accounts leaves the sample's custom fields out)."""
    return [{column: row[column] for column in RAW_CONTRACT["crm_accounts.csv"]} for row in rows]


def landed_accounts(raw_dir: Path) -> list[dict]:
    with duckdb.connect() as connection:
        relation = connection.sql(
            f"select * from read_parquet('{raw_dir.parent / 'landed'}/crm_accounts.parquet')"
        )
        names = relation.columns
        # DuckDB reads an empty cell as null.
        return [
            {name: value or "" for name, value in zip(names, row, strict=True)} for row in relation.fetchall()
        ]


def land(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = landing.main(["--raw-dir", str(raw_dir), "--landed-dir", str(raw_dir.parent / "landed")])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize(
    "header", [SALESFORCE_ACCOUNT_HEADER, HUBSPOT_COMPANY_HEADER], ids=["salesforce", "hubspot"]
)
def test_a_crm_export_lands_under_its_own_headers(
    header: dict[str, str], raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rewrite_accounts(raw_dir, header)
    code, output = land(raw_dir, capsys)
    assert code == 0, output
    assert landed_accounts(raw_dir) == contract_columns(rows)
    assert f"account_id <- {header['account_id']}" in output
    assert "country <- " in output


def test_the_contract_name_wins_over_an_alias_then_the_first_alias_listed(tmp_path: Path) -> None:
    aliases = column_aliases.read_aliases()["crm_accounts.csv"]
    header = ["Website URL", "Company Domain Name", "Record ID", "account_id", "hs_object_id"]
    found = column_aliases.resolve_header(tmp_path, header, ("account_id", "website"), aliases)
    assert found.problems == ()
    assert found.positions == {"account_id": 3, "website": 1}
    assert found.renamed == (("Company Domain Name", "website"),)


def test_headers_match_ignoring_case_spaces_and_a_byte_order_mark(tmp_path: Path) -> None:
    aliases = column_aliases.read_aliases()["crm_accounts.csv"]
    found = column_aliases.resolve_header(
        tmp_path, ["\ufeffRECORD  id ", "Account_ID "], ("account_id",), aliases
    )
    assert found.positions == {"account_id": 1}


def test_a_duplicated_column_the_run_reads_is_refused_naming_it(
    raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A parent id exported first under the same name: reading the first column would key every account on it.
    rewrite_accounts(
        raw_dir, {column: column for column in RAW_CONTRACT["crm_accounts.csv"]}, {"account_id": "account_id"}
    )
    code, output = land(raw_dir, capsys)
    assert code == 1
    assert (
        'crm_accounts.csv: the column "account_id" appears 2 times in the header (columns 1 and 10)' in output
    )
    assert not (raw_dir.parent / "landed" / "crm_accounts.parquet").exists()


def test_a_duplicated_column_the_run_ignores_is_left_alone(
    raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rewrite_accounts(
        raw_dir, SALESFORCE_ACCOUNT_HEADER, {"Description": "account_name", "description": "country"}
    )
    code, output = land(raw_dir, capsys)
    assert code == 0, output
    # An extra column is landed too (a grid can score it), the first of two spelled alike only.
    expected = [
        {**row, "Description": original["account_name"]}
        for row, original in zip(contract_columns(rows), rows, strict=True)
    ]
    assert landed_accounts(raw_dir) == expected
    assert "other columns landed too (a grid can score them): Description" in output


def test_an_alias_row_naming_no_contract_column_is_refused(tmp_path: Path) -> None:
    aliases = tmp_path / "raw_column_aliases.csv"
    aliases.write_text(
        "raw_file,column_name,header,exported_by\ncrm_accounts.csv,acount_id,Id,Salesforce\n",
        encoding="utf-8",
    )
    with pytest.raises(
        UserError, match=r"line 2: column_name 'acount_id' is not a column of crm_accounts\.csv"
    ):
        column_aliases.read_aliases(aliases)


def test_every_shipped_alias_names_a_contract_column() -> None:
    aliases = column_aliases.read_aliases()
    assert set(aliases) == {"crm_accounts.csv", "crm_opportunities.csv", "crm_activities.csv"}
    # Industry is written so by both CRMs: the contract's own name, read ignoring case.
    assert set(RAW_CONTRACT["crm_accounts.csv"]) - {column for _, column in aliases["crm_accounts.csv"]} == {
        "industry"
    }
