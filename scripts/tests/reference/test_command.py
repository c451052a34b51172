"""icp reference: the committed generated seeds equal what their pinned sources give, and a drift fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_scoring.reference import command
from icp_scoring.reference.command import GeneratedSeed


def test_the_committed_seeds_equal_their_sources() -> None:
    assert command.main(["--check"]) == 0


def fake_seed() -> GeneratedSeed:
    return GeneratedSeed(
        "codes.csv", ("code", "label"), lambda: [("01", "Crop"), ("02", None)], "a test list"
    )


def test_check_fails_on_a_hand_edited_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(command, "generated_seeds", lambda: [fake_seed()])
    assert command.main(["--output-dir", str(tmp_path)]) == 0
    assert (tmp_path / "codes.csv").read_text(encoding="utf-8") == "code,label\n01,Crop\n02,\n"
    assert command.main(["--check", "--output-dir", str(tmp_path)]) == 0
    (tmp_path / "codes.csv").write_text("code,label\n01,Crops\n02,\n", encoding="utf-8")
    assert command.main(["--check", "--output-dir", str(tmp_path)]) == 1
    assert "codes.csv differs from a test list" in capsys.readouterr().err
