"""`icp benchmark`'s command line: bad arguments stop with a message; the daily refresh can be left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_scoring.benchmark.command import parse_args
from icp_scoring.benchmark.report import target_rows
from tests.benchmark.support import fake_size


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--runs", "0"], "use at least 1 run"),
        (["--runs", "three"], "invalid int value: 'three'"),
        (["--accounts", "1"], "use between 2"),
        (["--accounts", "1000", "1000"], "lists a size twice"),
        (["--scoring-date", "2026-02-30"], "not a real calendar date"),
        (["--markdown", "BENCHMARKS.md", "--runs", "2"], "at least 3 runs"),
    ],
)
def test_bad_arguments_stop_with_a_message(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(arguments)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_a_work_dir_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "results.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    with pytest.raises(SystemExit):
        parse_args(["--work-dir", str(a_file)])
    assert "is not a folder" in capsys.readouterr().err


def test_the_daily_refresh_can_be_left_out() -> None:
    assert parse_args(["--accounts", "1000"]).daily_refresh
    assert not parse_args(["--accounts", "1000", "--no-daily-refresh"]).daily_refresh
    rows = target_rows(fake_size(1_000_000, build_seconds=25.0, peak_gib=3.0))
    assert rows[-1][1:] == ["not run (--no-daily-refresh)", "not measured"]
