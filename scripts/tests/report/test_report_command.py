"""icp report without a browser: its command line, its errors, its two languages."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from icp_scoring.report import LANGUAGES, page, tables
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
    assert set(labels) == set(LANGUAGES)
    assert set(labels["fr"]) == set(labels["en"])
    assert all(value.strip() for language in labels.values() for value in language.values())


def test_numbers_read_in_each_language() -> None:
    assert tables.number(1234.5, "en", 1) == "1,234.5"
    assert tables.number(1234.5, "fr", 1) == "1\u202f234,5"
    assert tables.percent(0.125, "en") == "12.5%"
    assert tables.percent(0.125, "fr") == "12,5\u202f%"
    assert tables.number(None, "en") == "-"


def test_knock_outs_and_committees_read_as_tables_in_french() -> None:
    t = page.labels("fr")
    excluded = pd.DataFrame(
        [
            {
                "icp_id": "default",
                "excluded_reason": "competitor",
                "excluded_by": "rivals",
                "account_count": 1200,
            }
        ]
    )
    assert [[cell["text"] for cell in row] for row in tables.excluded_table(excluded, t, "fr").rows] == [
        ["competitor", "rivals", "1\u202f200"]
    ]
    committees = pd.DataFrame(
        [
            {
                "icp_tier": 1.0,
                "account_count": 20,
                "complete_accounts": 3,
                "uncovered_accounts": 12,
                "mean_completeness": 0.275,
                "most_empty_seat": "Champion",
                "most_empty_seat_accounts": 16,
            },
            {
                "icp_tier": float("nan"),
                "account_count": 394,
                "complete_accounts": 20,
                "uncovered_accounts": 287,
                "mean_completeness": 0.1612,
                "most_empty_seat": None,
                "most_empty_seat_accounts": 0,
            },
        ]
    )
    rows = [[cell["text"] for cell in row] for row in tables.committees_table(committees, t, "fr").rows]
    assert rows == [
        ["Niveau 1", "20", "3", "12", "27,5\u202f%", "Champion (16)"],
        ["non scoré", "394", "20", "287", "16,1\u202f%", "-"],
    ]
    seat = pd.DataFrame([{"committee_completeness": 0.5, "empty_required_seats": "Champion"}])
    none_required = pd.DataFrame([{"committee_completeness": None, "empty_required_seats": None}])
    assert (
        tables.committee_text(next(seat.itertuples()), t, "fr")
        == "50,0\u202f% des sièges requis pourvus; vides: Champion"
    )
    assert tables.committee_text(next(none_required.itertuples()), t, "fr") == "-"


def test_marts_of_an_older_version_are_one_sentence(tmp_path: Path) -> None:
    database = tmp_path / "old.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema marts")
        for name in ("account_scores", "account_persona_seats", "data_quality_summary", "unmapped_values"):
            connection.execute(f"create table marts.{name} (account_id varchar)")
    finished = run_icp("report", "--database", database, "--output", tmp_path / "r.html")
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    assert "published by an older version; run the scoring again" in finished.stderr
    assert not (tmp_path / "r.html").exists()


def test_committees_table_names_the_seat_most_often_empty_with_its_accounts() -> None:
    """One row per tier as the summary's query returns it: the seat most often empty with in how many
    accounts, '-' for a tier where every required seat is filled."""
    frame = pd.DataFrame(
        {
            "icp_id": ["default"] * 3,
            "icp_tier": [1, 3, None],
            "account_count": [20, 2644, 236],
            "complete_accounts": [20, 116, 8],
            "uncovered_accounts": [0, 1500, 150],
            "mean_completeness": [1.0, 0.2041, 0.17],
            "most_empty_seat": [None, "Champion", "Economic buyer"],
            "most_empty_seat_accounts": [0, 2199, 199],
        }
    )
    table = tables.committees_table(frame, page.labels("en"), "en")
    assert table.columns[-1].title == "Seat most often empty (accounts)"
    assert [[cell["text"] for cell in row] for row in table.rows] == [
        ["Tier 1", "20", "20", "0", "100.0%", "-"],
        ["Tier 3", "2,644", "116", "1,500", "20.4%", "Champion (2,199)"],
        ["unscored", "236", "8", "150", "17.0%", "Economic buyer (199)"],
    ]
