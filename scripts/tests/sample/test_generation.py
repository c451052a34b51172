"""Tests of one run (icp_scoring.sample.generation): determinism, counts, rates, the smallest run, and
dates that hold across the files."""

import datetime as dt
import pathlib
import re

import pytest

from icp_scoring.sample import generation, vocabulary
from tests.sample.helpers import AS_OF, AS_OF_TEXT, FILES, HEADERS, read_rows, run


def test_generate_rejects_fewer_accounts_than_planted(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="at least 2"):
        generation.generate(1, 42, AS_OF, tmp_path)


def test_same_arguments_give_byte_identical_files(tmp_path: pathlib.Path) -> None:
    run(tmp_path / "a")
    run(tmp_path / "b")
    run(tmp_path / "c", seed=43)
    for name in FILES:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes()
        assert first != (tmp_path / "c" / name).read_bytes()


def test_returned_counts_match_the_files(tmp_path: pathlib.Path) -> None:
    written = run(tmp_path)
    assert set(written) == set(FILES)
    for name in FILES:
        rows = read_rows(tmp_path / name)
        assert written[name] == len(rows)
        assert all(None not in row and len(row) == len(HEADERS[name].split(",")) for row in rows)


def test_rate_options_scale_the_feeds(tmp_path: pathlib.Path) -> None:
    none = generation.generate(
        500, 42, AS_OF, tmp_path / "none", technologies_per_account=0, events_per_account=0
    )
    assert none["technographics.csv"] == 2  # only the planted rows
    assert none["intent_signals.csv"] == 1
    busy = generation.generate(
        500, 42, AS_OF, tmp_path / "busy", technologies_per_account=4, events_per_account=40
    )
    assert 3.2 < busy["technographics.csv"] / 500 < 4.8
    assert 32 < busy["intent_signals.csv"] / 500 < 48


def test_two_accounts_means_only_the_planted_ones(tmp_path: pathlib.Path) -> None:
    written = generation.generate(2, 42, AS_OF, tmp_path)
    assert written == {
        "crm_accounts.csv": 2,
        "technographics.csv": 2,
        "intent_signals.csv": 1,
        "crm_opportunities.csv": 0,  # the worked examples have no outcomes: header-only files
        "crm_activities.csv": 0,
        "crm_contacts.csv": 0,
    }
    ids = {row["account_id"] for row in read_rows(tmp_path / "crm_accounts.csv")}
    assert ids == {"001WORKEDEX000X", "001WORKEDEX000Y"}


def test_dates_are_ordered_and_not_after_as_of(messy: dict[str, list[dict[str, str]]]) -> None:
    as_of_midnight = f"{AS_OF_TEXT} 00:00:00"
    oldest_usual = (AS_OF - dt.timedelta(days=8 * 365)).isoformat()
    created = [row["created_date"] for row in messy["crm_accounts.csv"] if row["created_date"]]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in created)
    assert sum(oldest_usual <= value <= AS_OF_TEXT for value in created) / len(created) > 0.98
    for row in messy["crm_accounts.csv"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", row["last_modified_at"])
        assert row["last_modified_at"] <= as_of_midnight
        assert not row["created_date"] or row["created_date"] <= row["last_modified_at"]
    for row in messy["technographics.csv"]:
        assert row["first_detected_date"] <= row["last_detected_date"] <= AS_OF_TEXT
    window_start = f"{AS_OF - dt.timedelta(days=vocabulary.INTENT_HISTORY_DAYS)} 00:00:00"
    occurred = [row["occurred_at"] for row in messy["intent_signals.csv"]]
    past = [value for value in occurred if value <= as_of_midnight]
    assert all(value >= window_start for value in past)
    assert 0.001 < (len(occurred) - len(past)) / len(occurred) < 0.004
