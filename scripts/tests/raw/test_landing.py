"""The raw-file check: a missing, empty, misnamed or non-UTF-8 raw file stops the run with a clear message."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from icp_scoring.quality.batches import load_raw
from icp_scoring.raw import landing as check
from icp_scoring.raw.contract import RAW_CONTRACT
from tests.support import DbtRunner


@pytest.fixture
def raw_dir(small_raw_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(small_raw_dir, copy)
    return copy


def run_check(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = check.main(["--raw-dir", str(raw_dir), "--landed-dir", str(raw_dir.parent / "landed")])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_generated_sample_passes(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_check(raw_dir, capsys)
    assert code == 0
    assert output.count("ok: ") == len(RAW_CONTRACT) == 6


def test_missing_file_is_named_with_the_fix(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (raw_dir / "technographics.csv").unlink()
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert "technographics.csv: missing" in output
    assert "ICP_RAW_DIR" in output


def test_file_without_header_is_rejected(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (raw_dir / "intent_signals.csv").write_bytes(b"")
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert "intent_signals.csv: the file is empty" in output


def test_header_only_file_is_fine(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = raw_dir / "intent_signals.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    code, output = run_check(raw_dir, capsys)
    assert code == 0
    assert "intent_signals.csv (0 lines after the header; landed in" in output


def test_missing_columns_are_listed(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = raw_dir / "crm_accounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("annual_revenue", "revenue").replace("country", "pays")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert "lacks column(s) annual_revenue, country" in output


def rewrite(path: Path, delimiter: str, *, bom: bool, line_end: str) -> None:
    """The CSV file as Excel saves it: another delimiter, a UTF-8 byte-order mark, CRLF line ends."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator=line_end).writerows(rows)


def landed_rows(landed: Path) -> list[tuple]:
    with duckdb.connect() as connection:
        return connection.execute(
            "select * exclude (file_row_number) from read_parquet(?, file_row_number = true) "
            "order by file_row_number",
            [str(landed)],
        ).fetchall()


@pytest.mark.parametrize(
    ("delimiter", "bom", "line_end", "described"),
    [
        (";", True, "\r\n", "`;`-delimited, UTF-8 with a BOM, CRLF line ends"),
        (";", False, "\n", "`;`-delimited, UTF-8, LF line ends"),
        (",", True, "\r\n", "`,`-delimited, UTF-8 with a BOM, CRLF line ends"),
        (",", False, "\r\n", "`,`-delimited, UTF-8, CRLF line ends"),
        (";", False, "\r", "`;`-delimited, UTF-8, CR line ends"),
    ],
)
def test_excel_csv_dialects_land_the_same_rows(
    raw_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    delimiter: str,
    bom: bool,
    line_end: str,
    described: str,
) -> None:
    """Excel's CSV (`;` in French, a BOM for "CSV UTF-8", CRLF) lands exactly the rows of the plain file,
    and the check says which dialect it read."""
    plain = tmp_path / "plain"
    assert check.main(["--raw-dir", str(raw_dir), "--landed-dir", str(plain), "--check-only"]) == 0
    check.land_raw_files(raw_dir, plain)
    for name in ("crm_accounts.csv", "crm_activities.csv"):
        rewrite(raw_dir / name, delimiter, bom=bom, line_end=line_end)
    code, output = run_check(raw_dir, capsys)
    assert code == 0, output
    assert "crm_accounts.csv (" in output
    assert output.count(described) == 2, output
    for name in ("crm_accounts.parquet", "crm_activities.parquet"):
        assert landed_rows(raw_dir.parent / "landed" / name) == landed_rows(plain / name), name


def test_a_hubspot_export_saved_by_excel_fr_lands_through_its_aliases(
    raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export names (HubSpot's, with spaces and a slash) and Excel FR's dialect together."""
    path = raw_dir / "crm_accounts.csv"
    header = {
        "account_id": "Record ID",
        "account_name": "Company name",
        "website": "Company Domain Name",
        "employees": "Number of Employees",
        "annual_revenue": "Annual Revenue",
        "country": "Country/Region",
        "created_date": "Create Date",
        "last_modified_at": "Last Modified Date",
    }
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    path.write_text(",".join(header.get(name, name) for name in first.split(",")) + "\n" + rest)
    rewrite(path, ";", bom=True, line_end="\r\n")
    code, output = run_check(raw_dir, capsys)
    assert code == 0, output
    assert "account_id <- Record ID" in output
    assert output.count("`;`-delimited, UTF-8 with a BOM, CRLF line ends") == 1


def test_a_tab_delimited_file_is_refused_naming_its_delimiter(
    raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite(raw_dir / "technographics.csv", "\t", bom=False, line_end="\n")
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert "technographics.csv: the columns are separated by tabs" in output
    assert "lacks column" not in output


def test_missing_columns_of_a_semicolon_file_name_its_delimiter(
    raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw_dir / "crm_accounts.csv"
    rewrite(path, ";", bom=True, line_end="\r\n")
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("country", "pays", 1), encoding="utf-8-sig", newline="")
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert "the header lacks column(s) country (found, split by semicolons (;): account_id, " in output


def test_the_raw_gate_reads_a_semicolon_file_not_yet_landed(raw_dir: Path) -> None:
    rewrite(raw_dir / "crm_accounts.csv", ";", bom=True, line_end="\r\n")
    stage = load_raw(raw_dir, landed_dir=None)
    assert stage.errors == []
    accounts = next(batch.frame for batch in stage.batches if batch.suite.name == "raw.crm_accounts")
    assert "account_id" in accounts.columns
    assert accounts["country"].notna().any()


def test_non_utf8_lines_are_located(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = raw_dir / "crm_accounts.csv"
    with path.open("ab") as handle:
        handle.write("X1,Soci\u00e9t\u00e9 G\u00e9n\u00e9rale,sg.fr,Banking,100,,FR,,\n".encode("latin-1"))
    line_count = path.read_bytes().count(b"\n")
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert f"not UTF-8 on line(s) {line_count}" in output


def test_passing_files_are_landed_as_parquet_in_file_order(
    raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run_check(raw_dir, capsys)
    assert code == 0
    assert output.count("landed in ") == len(RAW_CONTRACT)
    for file_name, columns in RAW_CONTRACT.items():
        with (raw_dir / file_name).open(encoding="utf-8", newline="") as handle:
            expected = [tuple(row[column] or None for column in columns) for row in csv.DictReader(handle)]
        landed = raw_dir.parent / "landed" / file_name.replace(".csv", ".parquet")
        with duckdb.connect() as connection:
            rows = connection.execute(
                f"select {', '.join(columns)} from read_parquet(?, file_row_number = true) "
                "order by file_row_number",
                [str(landed)],
            ).fetchall()
        assert rows == expected, file_name


def test_only_files_changed_since_landing_are_landed_again(
    raw_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_check(raw_dir, capsys)[0] == 0
    path = raw_dir / "crm_accounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    code, output = run_check(raw_dir, capsys)
    assert code == 0
    assert output.count("unchanged since it was landed") == len(RAW_CONTRACT) - 1
    assert f"crm_accounts.csv ({len(lines) - 2:,} lines after the header; landed in" in output
    with duckdb.connect() as connection:
        landed = raw_dir.parent / "landed" / "crm_accounts.parquet"
        assert connection.execute("select count(*) from read_parquet(?)", [str(landed)]).fetchone() == (
            len(lines) - 2,
        )


def test_check_only_lands_nothing(raw_dir: Path) -> None:
    assert (
        check.main(
            ["--raw-dir", str(raw_dir), "--landed-dir", str(raw_dir.parent / "landed"), "--check-only"]
        )
        == 0
    )
    assert not (raw_dir.parent / "landed").exists()


def test_dbt_refuses_a_landed_file_that_is_not_the_current_csv(
    raw_dir: Path, project_copy: Path, run_dbt: DbtRunner
) -> None:
    """A CSV edited after landing: the source test fails the build and says how to land it again."""
    landed = run_dbt(
        project_copy, raw_dir, "test", "--select", "test_name:is_landed_from_the_current_raw_file"
    )
    assert landed.returncode == 0, landed.stdout[-3000:]
    path = raw_dir / "technographics.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra.com,HubSpot,CRM,2026-01-01,2026-06-01\n")
    stale = run_dbt(
        project_copy, raw_dir, "test", "--select", "test_name:is_landed_from_the_current_raw_file", land=False
    )
    assert stale.returncode == 1
    assert "FAIL 1 source_is_landed_from_the_current_raw_file_technographics" in stale.stdout
    assert "run `icp land` (make build does)" in stale.stdout


def test_help_names_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        check.main(["--help"])
    assert exit_info.value.code == 0
    assert "docs/raw-data.md" in capsys.readouterr().out


def test_a_link_to_a_file_outside_the_raw_folder_is_refused_without_quoting_it(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "outside" / "credentials.txt"
    secret.parent.mkdir()
    secret.write_text("password=hunter2,token=abc\nsecond line\n", encoding="utf-8")
    (raw_dir / "intent_signals_2026-07-01.csv").symlink_to(secret)
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert "intent_signals_2026-07-01.csv: the header lacks column(s) domain" in output
    assert "hunter2" not in output
    assert "token" not in output
