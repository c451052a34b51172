"""icp report without a browser: its command line, its errors, its two languages."""

from __future__ import annotations

from pathlib import Path

from icp_scoring.report import page, tables
from tests.support import run_icp


def test_help_names_the_options() -> None:
    finished = run_icp("report", "--help")
    assert finished.returncode == 0
    for option in ("--database", "--output", "--language", "--top"):
        assert option in finished.stdout


def test_missing_marts_is_one_sentence_without_traceback(tmp_path: Path) -> None:
    finished = run_icp("report", "--database", tmp_path / "none.duckdb", "--output", tmp_path / "r.html")
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    assert finished.stderr.strip().splitlines() == [
        f"icp report: error: no published marts at {tmp_path / 'none.duckdb'}: run the scoring first "
        "(make run), or point --database at the DuckDB file icp publish wrote."
    ]
    assert not (tmp_path / "r.html").exists()


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    finished = run_icp("report", "--language", "de", "--output", tmp_path / "r.html")
    assert finished.returncode == 2
    assert "'de' is not a report language; choose one of en, fr" in finished.stderr


def test_every_language_has_every_label() -> None:
    labels = page.all_labels()
    assert set(labels) == set(page.LANGUAGES)
    assert set(labels["fr"]) == set(labels["en"])
    assert all(value.strip() for language in labels.values() for value in language.values())


def test_numbers_read_in_each_language() -> None:
    assert tables.number(1234.5, "en", 1) == "1,234.5"
    assert tables.number(1234.5, "fr", 1) == "1\u202f234,5"
    assert tables.percent(0.125, "en") == "12.5%"
    assert tables.percent(0.125, "fr") == "12,5\u202f%"
    assert tables.number(None, "en") == "-"
