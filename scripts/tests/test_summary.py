"""The summary script: figures from the marts, and clear errors when there are none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from icp_scoring import summary as summary_script

# Each account's seats (role rank 1: economic buyer, 2: champion, 3: the optional technical evaluator).
SEATS = {
    "a": ("filled", "filled", "filled"),
    "b": ("filled", "empty", "empty"),
    "c": ("unreachable", "empty", "empty"),
    "d": ("empty", "empty", "empty"),
}


def make_warehouse(path: Path, reviewed_on: str = "2026-03-01") -> None:
    """Four accounts of ICP default, its grid reviewed on `reviewed_on` (every 6 months), as of 2026-06-30,
    with their buying committees."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute(
            """
            create table marts.account_scores as
            select *, excluded_reason is not null as is_excluded,
                cast($reviewed_on as date) as grid_reviewed_on,
                cast(cast($reviewed_on as date) + interval 6 month as date) as grid_review_due_on
            from (values
                ('a', 'default', true, null, null, 'A', 1, date '2026-06-30', 'v1', 'complete', 1.0),
                ('b', 'default', true, null, null, 'A', 2, date '2026-06-30', 'v1', 'partial', 0.5),
                ('c', 'default', true, null, 'competitor', 'F', 3, date '2026-06-30', 'v1', 'none', 0.0),
                ('d', 'default', false, 'missing_website', 'competitor', null, null, date '2026-06-30', 'v1',
                    'none', 0.0)
            ) as t (
                account_id, icp_id, is_scored, unscored_reason, excluded_reason,
                icp_grade, icp_tier, scoring_date, grid_version, committee_coverage, committee_completeness
            )
            """,
            {"reviewed_on": reviewed_on},
        )
        connection.execute(
            "create table marts.account_persona_seats (account_id varchar, icp_id varchar, icp_tier integer, "
            "persona_name varchar, role_rank integer, is_required boolean, seat_status varchar, "
            "is_filled boolean)"
        )
        add_seats(connection, SEATS)


def add_seats(connection: duckdb.DuckDBPyConnection, seats: dict[str, tuple[str, str, str]]) -> None:
    """Each account's economic buyer, champion (both required) and technical evaluator seats, by status;
    the tier is the account's."""
    personas = (("Economic buyer", 1, True), ("Champion", 2, True), ("Technical evaluator", 3, False))
    for account_id, statuses in seats.items():
        for (persona_name, role_rank, is_required), status in zip(personas, statuses, strict=True):
            connection.execute(
                "insert into marts.account_persona_seats select account_id, icp_id, icp_tier, ?, ?, ?, ?, ? "
                "from marts.account_scores where account_id = ?",
                [persona_name, role_rank, is_required, status, status == "filled", account_id],
            )


def test_summary_counts_grades_tiers_and_reasons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "w.duckdb"
    make_warehouse(database)
    assert summary_script.main(["--database", str(database)]) == 0
    output = capsys.readouterr().out
    assert (
        "ICP 'default': 4 accounts, scored as of 2026-06-30, grid v1 "
        "(reviewed 2026-03-01, next review due 2026-09-01)"
    ) in output
    assert "by grade:  A 2, F 1" in output
    assert "by tier:   tier 1 1, tier 2 1, tier 3 1" in output
    assert "unscored:  missing_website 1" in output
    assert "excluded:  competitor 2" in output  # excluded is not unscored: both are counted
    assert (
        "  committee (required buyer personas with a recent, reachable contact):\n"
        "    tier 1: 1 of 1 complete (100%), 100% of required seats filled on average\n"
        "    tier 2: 0 of 1 complete (0%), 50% of required seats filled on average, "
        "most often empty: Champion (1)\n"
        "    tier 3: 0 of 1 complete (0%), 0% of required seats filled on average, "
        "most often empty: Economic buyer (1)\n"
        "    unscored: 0 of 1 complete (0%), 0% of required seats filled on average, "
        "most often empty: Economic buyer (1)\n"
    ) in output
    assert "marts.account_scores" in output
    assert "this run:" not in output  # no history marts in this warehouse


def test_summary_names_the_required_seat_most_often_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Counted seat by seat: in tier 3 the champion is missing in 3 accounts and the economic buyer (listed
    first when both are) in 2; the optional evaluator, empty in 4, does not count. An ICP requiring no seat
    is left out."""
    database = tmp_path / "w.duckdb"
    make_warehouse(database)
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            """
            insert into marts.account_scores by name
            select account_id, icp_id, true as is_scored, 'C' as icp_grade, 3 as icp_tier,
                date '2026-06-30' as scoring_date, 'v1' as grid_version, committee_coverage,
                committee_completeness
            from (values
                ('e', 'default', 'none', 0.0), ('f', 'default', 'partial', 0.5),
                ('g', 'default', 'complete', 1.0), ('h', 'partners', 'no_required_seats', null)
            ) as t (account_id, icp_id, committee_coverage, committee_completeness)
            """
        )
        add_seats(
            connection,
            {
                "e": ("empty", "unreachable", "empty"),
                "f": ("filled", "empty", "empty"),
                "g": ("filled", "filled", "empty"),
            },
        )
    assert summary_script.main(["--database", str(database)]) == 0
    output = capsys.readouterr().out
    assert (
        "    tier 3: 1 of 4 complete (25%), 38% of required seats filled on average, "
        "most often empty: Champion (3)\n"
    ) in output
    assert "ICP 'partners'" in output
    assert output.split("ICP 'partners'")[1].count("committee: none (the ICP requires no buyer persona)") == 1


def test_summary_says_when_the_grids_review_is_overdue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "w.duckdb"
    make_warehouse(database, reviewed_on="2025-11-15")
    assert summary_script.main(["--database", str(database)]) == 0
    output = capsys.readouterr().out
    assert "grid v1 (reviewed 2025-11-15, review OVERDUE since 2026-05-15: review it with sales" in output


def test_summary_tells_what_moved_in_the_latest_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "w.duckdb"
    make_warehouse(database)
    with duckdb.connect(str(database)) as connection:
        connection.execute("alter table marts.account_scores add column scored_at timestamp")
        connection.execute("update marts.account_scores set scored_at = timestamp '2026-07-01 06:00:00'")
        connection.execute(
            """
            create table marts.account_score_movers as
            select * from (values
                ('a', 'default', 'Alpha', 'up', 'points_changed', 'B', 'A', 2, 1, 12.5, 'intent +12.5',
                 timestamp '2026-07-01 06:00:00'),
                ('b', 'default', 'Beta', 'down', 'displaced_by_capacity', 'A', 'A', 1, 2, 0.0, null,
                 timestamp '2026-07-01 06:00:00'),
                ('c', 'default', 'Gamma', 'up', 'points_changed', 'D', 'F', 3, 3, 2.0, 'size +2',
                 timestamp '2026-07-01 06:00:00'),
                ('c', 'default', 'Gamma', 'down', 'points_changed', 'F', 'D', 3, 3, -2.0, 'size -2',
                 timestamp '2026-06-01 06:00:00')
            ) as t (
                account_id, icp_id, account_name, movement, move_reason, previous_icp_grade, icp_grade,
                previous_icp_tier, icp_tier, score_change, criteria_moved, scored_at
            )
            """
        )
        connection.execute(
            "create table marts.new_top_targets as select 'a' as account_id, 'default' as icp_id, "
            "'Alpha' as account_name, 92.5 as icp_score, 'A' as icp_grade, 2 as previous_icp_tier"
        )
    assert summary_script.main(["--database", str(database)]) == 0
    output = capsys.readouterr().out
    assert (
        "this run:  moved grade or tier: down 1, up 2 (why: points_changed 2, displaced_by_capacity 1); "
        "new in tier 1: 1" in output
    )
    # Named, tier changes first: the seat Alpha took is the one Beta lost.
    assert "    a  Alpha: up, B/tier 2 -> A/tier 1 +12.50 (intent +12.5)" in output
    assert "    b  Beta: down, A/tier 1 -> A/tier 2 +0.00 (displaced_by_capacity)" in output
    assert output.index("  a  Alpha: up") < output.index("  b  Beta") < output.index("  c  Gamma")
    assert "new in tier 1 (the 1 best of 1):\n    a  Alpha: A 92.5, from tier 2" in output


def test_missing_warehouse_says_what_to_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert summary_script.main(["--database", str(tmp_path / "nope.duckdb")]) == 2
    assert "make run" in capsys.readouterr().err


def test_warehouse_without_marts_says_what_to_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "empty.duckdb"
    duckdb.connect(str(database)).close()
    assert summary_script.main(["--database", str(database)]) == 2
    assert "dbt build" in capsys.readouterr().err


def test_marts_of_an_older_version_and_a_locked_warehouse_are_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "old.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema marts")
        connection.execute("create table marts.account_scores (account_id varchar)")
    assert summary_script.main(["--database", str(database)]) == 2
    assert "built by an older version; run the scoring again" in capsys.readouterr().err
    # A build holding the file: DuckDB lets one process write it, and no other open it meanwhile.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "time.sleep(60)",
            str(database),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert summary_script.main(["--database", str(database)]) == 2
        assert "a build may be writing it" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()


def test_help_describes_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        summary_script.main(["--help"])
    assert exit_info.value.code == 0
    assert "--database" in capsys.readouterr().out
