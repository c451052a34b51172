"""The backtest command: its checks of the method's targets, its refusals, and its grid swap.

The backtest figures themselves are proven by the dbt unit test of marts.backtest_by_grade on hand-made rows.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from icp_scoring.console import UserError
from icp_scoring.grid import backtest
from tests.support import REPO_ROOT


def segment(segment_type: str, name: str, rank: int, **figures: object) -> dict:
    row = {
        "icp_id": "default",
        "segment_type": segment_type,
        "segment": name,
        "segment_rank": rank,
        "share_of_accounts": None,
        "share_of_won_deals": None,
        "win_rate": None,
    }
    row.update(figures)
    return row


ROWS = [
    segment("grade", "A", 1, win_rate=Decimal("0.8000")),
    segment("grade", "B", 2, win_rate=Decimal("0.5000")),
    segment("grade", "F", 3, win_rate=Decimal("0.0500")),
    segment("grade", "unscored", 99, win_rate=Decimal("0.9000")),
    segment(
        "top_grades", "A+B", 0, share_of_accounts=Decimal("0.2500"), share_of_won_deals=Decimal("0.6500")
    ),
]


def test_targets_are_met_when_the_best_grades_capture_the_wins() -> None:
    checks = backtest.check_targets(ROWS, "default")
    assert [(check.name, check.met) for check in checks] == [
        ("A+B share of accounts", True),
        ("A+B share of won deals", True),
        ("A win rate / F win rate", True),
    ]
    assert checks[2].measured == pytest.approx(16.0)


def test_targets_are_missed() -> None:
    rows = [
        segment("grade", "A", 1, win_rate=Decimal("0.3000")),
        segment("grade", "F", 2, win_rate=Decimal("0.0500")),
        segment(
            "top_grades", "A", 0, share_of_accounts=Decimal("0.4000"), share_of_won_deals=Decimal("0.5000")
        ),
    ]
    checks = backtest.check_targets(rows, "default")
    assert [check.met for check in checks] == [False, False, False]
    assert checks[2].measured == pytest.approx(6.0)


def test_an_f_that_won_none_of_its_closed_deals_meets_the_ratio_and_says_on_how_many() -> None:
    """A >= 10 x F holds when F closed deals and won none; an F that closed nothing has no win rate: no claim.
    Fewer F wins never make the verdict worse (1 win of 40 is 31x, met; 0 of 40, met)."""
    verdicts = {}
    for won, closed in ((1, 40), (0, 40), (0, 0)):
        rows = [
            segment("grade", "A", 1, win_rate=Decimal("0.7800")),
            segment(
                "grade",
                "F",
                2,
                win_rate=Decimal(won) / closed if closed else None,
                closed_opportunities=closed,
            ),
        ]
        check = backtest.check_targets(rows, "default")[2]
        verdicts[(won, closed)] = (check.met, backtest.format_check(check))
    assert verdicts[(1, 40)] == (True, "A win rate / F win rate: 31.2x (target >= 10x) met")
    assert verdicts[(0, 40)] == (
        True,
        "A win rate / F win rate: unbounded, F won none of its 40 closed deals (target >= 10x) met",
    )
    assert verdicts[(0, 0)] == (False, "A win rate / F win rate: - (target >= 10x) MISSED")


def test_a_grid_folder_replaces_only_the_seeds_it_holds(tmp_path: Path) -> None:
    grid = tmp_path / "proposal"
    grid.mkdir()
    criteria = (REPO_ROOT / "seeds" / "scoring_grid" / "icp_criteria.csv").read_text(encoding="utf-8")
    (grid / "icp_criteria.csv").write_text(criteria.replace("Industry of", "Sector of"), encoding="utf-8")
    project = backtest.prepare_project(tmp_path / "work", grid)
    copied = (project / "seeds" / "scoring_grid" / "icp_criteria.csv").read_text(encoding="utf-8")
    assert "Sector of the company" in copied
    assert (project / "seeds" / "scoring_grid" / "icp_grade_bands.csv").read_bytes() == (
        REPO_ROOT / "seeds" / "scoring_grid" / "icp_grade_bands.csv"
    ).read_bytes()


def test_a_grid_folder_with_unknown_files_is_refused(tmp_path: Path) -> None:
    grid = tmp_path / "proposal"
    grid.mkdir()
    (grid / "icp_weights.csv").write_text("icp_id\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"unknown: icp_weights\.csv"):
        backtest.prepare_project(tmp_path / "work", grid)


def test_raw_files_without_outcomes_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["--raw-dir", str(tmp_path), "--as-of", "2026-06-30", "--work-dir", str(tmp_path / "bt")]
    assert backtest.main(arguments) == 1
    assert "no crm_opportunities.csv" in capsys.readouterr().err


def test_help_and_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        backtest.main(["--help"])
    assert exit_info.value.code == 0
    assert "--window-days" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        backtest.main(["--as-of", "30/06/2026"])
    assert exit_info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
