"""`icp benchmark`'s command line: bad arguments stop with a message; the daily refresh can be left out; other
engines are asked for by name and must be installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_scoring.benchmark import command
from icp_scoring.benchmark.command import parse_args
from icp_scoring.benchmark.report import target_rows
from icp_scoring.console import UserError
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
        (["--engines", "postgres"], "list duckdb too"),
        (["--engines", "duckdb", "spark", "spark"], "lists an engine twice"),
        (["--engines", "duckdb", "oracle"], "invalid choice: 'oracle'"),
        (["--engine-runs", "0"], "--engine-runs 0: use at least 1 run"),
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


def test_duckdb_alone_is_the_default_and_other_engines_run_once() -> None:
    default = parse_args([])
    assert (default.engines, default.engine_runs) == (["duckdb"], 1)
    chosen = parse_args(["--engines", "duckdb", "postgres", "spark", "--engine-runs", "2"])
    assert (chosen.engines, chosen.engine_runs) == (["duckdb", "postgres", "spark"], 2)


def test_an_engine_that_is_not_installed_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_postgres() -> None:
        raise UserError("PostgreSQL is not installed: `make postgres` installs it.")

    monkeypatch.setattr(command.postgres, "server_binaries", no_postgres)
    monkeypatch.setattr(command.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit):
        parse_args(["--engines", "duckdb", "postgres"])
    assert "`make postgres` installs it" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse_args(["--engines", "duckdb", "spark"])
    assert "run `make java`" in capsys.readouterr().err
    assert parse_args(["--engines", "duckdb"]).engines == ["duckdb"]
