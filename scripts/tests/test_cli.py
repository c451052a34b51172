"""The icp command: every subcommand answers --help, and a user's mistake ends in one sentence, not a
traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_scoring.cli import COMMANDS, main
from tests.support import REPO_ROOT, run_icp


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help(command: str) -> None:
    finished = run_icp(command, "--help")
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith(f"usage: icp {command}")


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    listed = capsys.readouterr().out
    for command in COMMANDS:
        assert f"\n  {command} " in listed


def test_an_unknown_command_is_named_with_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score"]) == 2
    error = capsys.readouterr().err
    assert "unknown command 'score'" in error
    assert "learn-grid" in error


def test_a_users_mistake_is_one_sentence_without_a_traceback(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    finished = run_icp(
        "backtest", "--raw-dir", raw_dir, "--as-of", "2026-06-30", "--work-dir", tmp_path / "w"
    )
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    assert f"no crm_opportunities.csv in {raw_dir}" in finished.stderr


def test_a_bad_option_value_says_what_is_expected() -> None:
    finished = run_icp("build", "--scoring-date", "30/06/2026")
    assert finished.returncode == 2
    assert "'30/06/2026' is not a date written YYYY-MM-DD" in finished.stderr


def test_the_cli_page_documents_every_command_with_the_current_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = (REPO_ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert main(["--help"]) == 0
    assert capsys.readouterr().out in page
    assert [name for name in COMMANDS if f"\n## icp {name}\n" not in page] == []
