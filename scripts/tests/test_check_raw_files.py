"""The raw-file check: a missing, empty, misnamed or non-UTF-8 raw file stops the run with a clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import load_script

check = load_script("check_raw_files")


@pytest.fixture
def raw_dir(small_raw_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(small_raw_dir, copy)
    return copy


def run_check(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = check.main(["--raw-dir", str(raw_dir)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_generated_sample_passes(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_check(raw_dir, capsys)
    assert code == 0
    assert output.count("ok: ") == len(check.RAW_CONTRACT) == 5


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
    assert "intent_signals.csv (0 lines after the header)" in output


def test_missing_columns_are_listed(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = raw_dir / "crm_accounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("annual_revenue", "revenue").replace("country", "pays")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert "lacks column(s) annual_revenue, country" in output


def test_non_utf8_lines_are_located(raw_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = raw_dir / "crm_accounts.csv"
    with path.open("ab") as handle:
        handle.write("X1,Soci\u00e9t\u00e9 G\u00e9n\u00e9rale,sg.fr,Banking,100,,FR,,\n".encode("latin-1"))
    line_count = path.read_bytes().count(b"\n")
    code, output = run_check(raw_dir, capsys)
    assert code == 1
    assert f"not UTF-8 on line(s) {line_count}" in output


def test_help_names_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        check.main(["--help"])
    assert exit_info.value.code == 0
    assert "section 'Raw data" in capsys.readouterr().out
