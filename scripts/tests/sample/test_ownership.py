"""The generator never overwrites files it did not write, nor files changed since it wrote them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from icp_scoring.console import UserError
from icp_scoring.sample import generate
from tests.support import run_icp

AS_OF = dt.date(2026, 6, 30)


def test_it_writes_again_into_its_own_folder(tmp_path: Path) -> None:
    generate(30, 1, AS_OF, tmp_path / "raw")
    generate(40, 2, AS_OF, tmp_path / "raw")
    assert (tmp_path / "raw" / "crm_accounts.csv").read_text(encoding="utf-8").count("\n") > 40


def test_a_teams_extract_is_never_overwritten(tmp_path: Path) -> None:
    own = tmp_path / "extracts"
    own.mkdir()
    (own / "crm_accounts.csv").write_text("account_id,account_name\n001,Ours\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"holds crm_accounts\.csv, which `icp sample` did not write"):
        generate(30, 1, AS_OF, own)
    assert (own / "crm_accounts.csv").read_text(encoding="utf-8") == "account_id,account_name\n001,Ours\n"
    assert sorted(path.name for path in own.iterdir()) == ["crm_accounts.csv"]


def test_a_generated_file_edited_by_hand_is_kept(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate(30, 1, AS_OF, raw)
    with (raw / "crm_accounts.csv").open("a", encoding="utf-8") as handle:
        handle.write("001ADDEDBYHAND0,Added by hand,added.com,,,,,,\n")
    finished = run_icp("sample", "--accounts", "30", "--output-dir", raw)
    assert finished.returncode == 1
    assert "crm_accounts.csv, which `icp sample` did not write or which changed since" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert "Added by hand" in (raw / "crm_accounts.csv").read_text(encoding="utf-8")
