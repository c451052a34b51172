"""Tests of `icp sample`'s command line (icp_scoring.sample.command): --help, bad arguments, exit codes."""

import datetime as dt
import pathlib
import re

import pytest

from icp_scoring.sample import command, injection
from icp_scoring.sample.ownership import RECORD_NAME
from tests.sample.helpers import AS_OF_TEXT, FILES, STEMS, read_rows
from tests.support import run_icp


def test_help_describes_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--accounts", "--seed", "--as-of", "--output-dir", "--technologies-per-account"):
        assert option in text
    assert "--events-per-account" in text
    assert "today's UTC date" in text


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--accounts", "0"], "use between 2"),
        (["--accounts", "1"], "planted"),
        (["--accounts", "many"], "whole number"),
        (["--as-of", "2025-02-30"], "real calendar date"),
        (["--as-of", "30/06/2025"], "YYYY-MM-DD"),
        (["--seed", "-1"], "0 or more"),
        (["--events-per-account", "-3"], "between 0 and"),
        (["--technologies-per-account", "nan"], "between 0 and"),
        (["--colour", "blue"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_exit_2_with_a_hint(
    argv: list[str], hint: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main([*argv, "--output-dir", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert hint in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_output_dir_that_is_a_file_is_rejected(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    with pytest.raises(SystemExit) as exit_info:
        command.main(["--accounts", "10", "--output-dir", str(blocker)])
    assert exit_info.value.code == 2
    assert "not a directory" in capsys.readouterr().err


def test_script_runs_from_the_command_line(tmp_path: pathlib.Path) -> None:
    output_dir = tmp_path / "nested" / "raw"
    result = run_icp(
        "sample", "--accounts", "200", "--seed", "3", "--as-of", AS_OF_TEXT, "--output-dir", output_dir
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert re.search(r"crm_accounts\.csv: [\d,]+ rows \(\d+\.\d s\)", result.stderr)
    assert "done in" in result.stderr
    assert sorted(path.name for path in output_dir.iterdir()) == sorted([*FILES, RECORD_NAME])


def test_as_of_defaults_to_today_utc(tmp_path: pathlib.Path) -> None:
    before = dt.datetime.now(dt.UTC).date()
    assert command.main(["--accounts", "20", "--output-dir", str(tmp_path)]) == 0
    after = dt.datetime.now(dt.UTC).date()
    planted = [
        row for row in read_rows(tmp_path / "intent_signals.csv") if "worked-example-x" in row["domain"]
    ]
    assert planted[0]["occurred_at"] in {f"{before} 00:00:00", f"{after} 00:00:00"}


def test_inject_classes_are_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        "bad-numbers",
        "text-employees",
        "conflicting-duplicates",
        "shared-domains",
        "bad-websites",
        "unknown-values",
        "future-events",
        "events-before-creation",
        "unknown-domains",
        "bad-encoding",
        "odd-quoting",
        "stray-quotes",
        "unknown-account-ids",
        "closed-before-created",
        "bad-amounts",
        *(f"empty-file:{stem}" for stem in STEMS),
        *(f"missing-file:{stem}" for stem in STEMS),
    ) == injection.INJECT_CLASSES
    with pytest.raises(SystemExit):
        command.main(["--help"])
    lines = capsys.readouterr().out.splitlines()
    for name in injection.INJECT_CLASSES:
        assert sum(line.split()[:1] == [name] for line in lines) == 1, name
    assert "--inject CLASS" in "\n".join(lines)


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--inject", "bad-number"], "valid classes: all, bad-numbers, text-employees"),
        (["--inject", "empty-file:crm"], "missing-file:intent_signals"),
        (["--inject", "empty-file:technographics", "--inject", "missing-file:technographics"], "both"),
    ],
)
def test_bad_inject_classes_exit_2(
    argv: list[str], hint: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main([*argv, "--accounts", "10", "--output-dir", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert hint in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
