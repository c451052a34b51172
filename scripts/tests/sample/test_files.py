"""Tests of how the five files are written (icp_scoring.sample.files): exact headers, clean UTF-8, atomic
writes, and the file-level --inject classes (header-only or missing files)."""

import pathlib

import pytest

from icp_scoring.raw.contract import RAW_CONTRACT
from icp_scoring.sample import command, generation
from icp_scoring.sample.ownership import RECORD_NAME
from tests.sample.helpers import AS_OF, FILES, HEADERS, STEMS, run


def test_headers_are_exact_and_files_are_clean_utf8(tmp_path: pathlib.Path) -> None:
    run(tmp_path)
    for name in FILES:
        raw = (tmp_path / name).read_bytes()
        assert raw.decode("utf-8").split("\n", 1)[0] == HEADERS[name]
        assert b"\x00" not in raw
        assert raw.endswith(b"\n")


def test_rewrites_its_own_files_and_leaves_no_temporary_files(tmp_path: pathlib.Path) -> None:
    run(tmp_path, accounts=20)
    run(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*FILES, RECORD_NAME])
    assert (tmp_path / "crm_accounts.csv").read_text().startswith("account_id,")


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_inject_empty_file(stem: str, tmp_path: pathlib.Path) -> None:
    written = generation.generate(20, 1, AS_OF, tmp_path, inject=frozenset({f"empty-file:{stem}", "all"}))
    name = STEMS[stem]
    # An emptied file has the contract's header only (the CRM file's custom fields are left out).
    assert (tmp_path / name).read_text() == ",".join(RAW_CONTRACT[name]) + "\n"
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
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted((set(FILES) - {name}) | {RECORD_NAME})
    assert f"{name}: not written" in capsys.readouterr().err
    written = generation.generate(20, 1, AS_OF, tmp_path, inject=frozenset({f"missing-file:{stem}"}))
    assert set(written) == set(FILES) - {name}
