"""The daily refresh: intent delivered as daily files is staged incrementally, and an incremental run gives
exactly what a full refresh gives on the same files and date.

Day 1 scores the history (intent_signals.csv without its last day) as of the day before the sample's date.
Day 2 adds that last day as a delivery (intent_signals_<date>.csv), changes 1% of the CRM accounts and scores
as of the sample's date: the incremental warehouse must then equal a warehouse built from scratch on the same
files, table for table, and must not have staged the history again. Day 3 removes the delivery and edits the
signal-type vocabulary (a new alias): both must reach the staged rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from icp_scoring.quality.batches import load_raw
from icp_scoring.raw import landing
from tests.support import MODELS_BUILD, SAMPLE_AS_OF, DbtRunner

DAY_1 = SAMPLE_AS_OF - dt.timedelta(days=1)
DELIVERY = f"intent_signals_{SAMPLE_AS_OF.isoformat()}.csv"
# Tables compared between the incremental and the from-scratch warehouse (the history marts differ by design:
# the incremental warehouse has one more run).
COMPARED = (
    "staging.stg_intent__signals",
    "staging.stg_technographics__detections",
    "intermediate.int_intent_signals__matched_to_accounts",
    "intermediate.int_account_intent__decayed_points",
    "marts.account_scores",
    "marts.account_score_breakdown",
    "marts.data_quality_summary",
    "marts.unmapped_values",
)
# Columns that say when or in which run a row was written, not what it holds.
RUN_COLUMNS = {
    "scored_at",
    "staged_at",
    "dbt_scd_id",
    "dbt_updated_at",
    "dbt_valid_from",
    "dbt_valid_to",
}


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def split_last_day(raw_dir: Path) -> tuple[list[str], list[list[str]]]:
    """Move the events of SAMPLE_AS_OF out of intent_signals.csv, but every 10th of them (reported early: in
    the history, they are future events on day 1 and count on day 2); returns the header and the rows moved,
    the day's delivery."""
    header, rows = read_rows(raw_dir / "intent_signals.csv")
    column = header.index("occurred_at")
    last_day = [
        index for index, row in enumerate(rows) if row[column].strip().startswith(SAMPLE_AS_OF.isoformat())
    ]
    moved = set(last_day) - set(last_day[::10])
    write_rows(
        raw_dir / "intent_signals.csv", header, [row for index, row in enumerate(rows) if index not in moved]
    )
    return header, [rows[index] for index in sorted(moved)]


def change_one_percent_of_accounts(raw_dir: Path) -> int:
    """Every 100th CRM record gets another employee count and industry; returns how many changed."""
    header, rows = read_rows(raw_dir / "crm_accounts.csv")
    employees, industry = header.index("employees"), header.index("industry")
    changed = 0
    for row in rows[::100]:
        row[employees], row[industry] = "120", "Financial Services"
        changed += 1
    write_rows(raw_dir / "crm_accounts.csv", header, rows)
    return changed


def differences(left: Path, right: Path) -> dict[str, tuple[int, int, int]]:
    """Per compared table: rows only in left, rows only in right, rows in left (run columns left out)."""
    found = {}
    with duckdb.connect() as connection:
        connection.execute(f"attach '{left}' as l (read_only)")
        connection.execute(f"attach '{right}' as r (read_only)")
        for table in COMPARED:
            schema, name = table.split(".")
            columns = [
                row[0]
                for row in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_catalog = 'l' and table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [schema, name],
                ).fetchall()
                if row[0] not in RUN_COLUMNS
            ]
            listed = ", ".join(f'"{column}"' for column in columns)
            only_left, only_right, rows = connection.execute(
                f"select (select count(*) from (select {listed} from l.{table} except all "
                f"select {listed} from r.{table})), (select count(*) from (select {listed} from r.{table} "
                f"except all select {listed} from l.{table})), (select count(*) from l.{table})"
            ).fetchone()
            found[table] = (only_left, only_right, rows)
    return found


def staged_row_ids(warehouse: Path) -> dict[str, tuple[int, int, int]]:
    """(min rowid, max rowid, rows) of the history file in intent staging and of the technographics file in
    its staging: rows staged again get new rowids."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {
            table: connection.execute(
                f"select min(rowid), max(rowid), count(*) from {table} where source_file = ?", [source_file]
            ).fetchone()
            for table, source_file in (
                ("staging.stg_intent__signals", "intent_signals"),
                ("staging.stg_technographics__detections", "technographics"),
            )
        }


def assert_same(differences_found: dict[str, tuple[int, int, int]]) -> None:
    for table, (only_left, only_right, rows) in differences_found.items():
        assert rows > 0, f"{table} is empty: the comparison would prove nothing"
        assert (only_left, only_right) == (0, 0), (
            f"{table}: {only_left} rows only incremental, {only_right} only full"
        )


def test_an_incremental_daily_refresh_equals_a_full_refresh(
    small_raw_dir: Path, project_copy: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    raw_dir = tmp_path / "raw"
    shutil.copytree(small_raw_dir, raw_dir)
    header, delivered = split_last_day(raw_dir)
    assert len(delivered) > 0

    # Day 1: the history, as of the day before.
    day_1 = run_dbt(project_copy, raw_dir, *MODELS_BUILD, scoring_date=DAY_1, warehouse="incremental.duckdb")
    assert day_1.returncode == 0, day_1.stdout[-3000:]
    staged_before = staged_row_ids(tmp_path / "incremental.duckdb")
    assert early_future_events(tmp_path / "incremental.duckdb") > 0

    # Day 2: the day's delivery arrives, 1% of the accounts changed in the CRM.
    write_rows(raw_dir / DELIVERY, header, delivered)
    assert change_one_percent_of_accounts(raw_dir) >= 4
    day_2 = run_dbt(project_copy, raw_dir, *MODELS_BUILD, warehouse="incremental.duckdb")
    assert day_2.returncode == 0, day_2.stdout[-3000:]
    full = run_dbt(project_copy, raw_dir, *MODELS_BUILD, warehouse="full.duckdb")
    assert full.returncode == 0, full.stdout[-3000:]
    assert_same(differences(tmp_path / "incremental.duckdb", tmp_path / "full.duckdb"))
    assert staged_row_ids(tmp_path / "incremental.duckdb") == staged_before, (
        "unchanged files were staged again"
    )
    assert early_future_events(tmp_path / "incremental.duckdb") == 0
    with duckdb.connect(str(tmp_path / "incremental.duckdb"), read_only=True) as connection:
        files = connection.execute(
            "select source_file, count(*) from staging.stg_intent__signals group by all order by all"
        ).fetchall()
    history_rows = staged_before["staging.stg_intent__signals"][2]
    assert files == [("intent_signals", history_rows), (Path(DELIVERY).stem, len(delivered))]

    # Day 3: the delivery is withdrawn and an analyst maps a new signal-type spelling: both reach staging.
    (raw_dir / DELIVERY).unlink()
    aliases = project_copy / "seeds" / "reference" / "intent_signal_type_aliases.csv"
    alias_header, alias_rows = read_rows(aliases)
    unmapped = unmapped_signal_types(tmp_path / "incremental.duckdb")
    assert unmapped, "the sample has no unmapped signal type to map"
    alias_rows.append(new_alias_row(alias_header, alias_rows, unmapped[0]))
    write_rows(aliases, alias_header, alias_rows)
    for warehouse in ("incremental.duckdb", "full.duckdb"):
        if warehouse == "full.duckdb":
            (tmp_path / warehouse).unlink()
        day_3 = run_dbt(project_copy, raw_dir, *MODELS_BUILD, warehouse=warehouse)
        assert day_3.returncode == 0, day_3.stdout[-3000:]
    assert_same(differences(tmp_path / "incremental.duckdb", tmp_path / "full.duckdb"))
    assert unmapped[0] not in unmapped_signal_types(tmp_path / "incremental.duckdb")


def early_future_events(warehouse: Path) -> int:
    """Events of the history dated SAMPLE_AS_OF that are not used because they lie after the scoring date."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(
            "select count(distinct signal_id) from intermediate.int_intent_signals__matched_to_accounts "
            "where cast(occurred_at as date) = ? and signal_id < 10000000000 "
            "and signal_exclusion_reason = 'future_event'",
            [SAMPLE_AS_OF],
        ).fetchone()[0]


def unmapped_signal_types(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return [
            row[0]
            for row in connection.execute(
                "select distinct signal_type_raw from staging.stg_intent__signals "
                "where signal_exclusion_reason = 'unmapped_signal_type' and signal_type_raw is not null "
                "order by 1"
            ).fetchall()
        ]


def new_alias_row(header: list[str], rows: list[list[str]], spelling: str) -> list[str]:
    """An alias row mapping spelling to the canonical signal type of the seed's first row."""
    row = list(rows[0])
    row[header.index("signal_type_alias")] = spelling
    return row


@pytest.mark.parametrize("name", ["intent_signals_2026-7-1.csv", "intent_signals_latest.csv"])
def test_a_delivery_without_a_date_in_its_name_is_refused(
    small_raw_dir: Path, tmp_path: Path, name: str
) -> None:
    check = landing
    raw_dir = tmp_path / "raw"
    shutil.copytree(small_raw_dir, raw_dir)
    shutil.copy(raw_dir / "intent_signals.csv", raw_dir / name)
    reports = check.check_raw_dir(raw_dir, tmp_path / "landed")
    problems = [problem for report in reports for problem in report.problems]
    assert problems == [
        f"{raw_dir / name}: not a daily delivery name: a delivery of intent_signals.csv is named "
        "intent_signals_YYYY-MM-DD.csv (the delivery date); rename or move the file."
    ]


def test_each_delivery_is_landed_and_validated_on_its_own(small_raw_dir: Path, tmp_path: Path) -> None:
    """A delivery lands as its own Parquet file, Great Expectations validates it with the feed's suite under
    its own name, and once its CSV is removed, its landed file goes too."""
    check = landing
    raw_dir, landed_dir = tmp_path / "raw", tmp_path / "landed"
    shutil.copytree(small_raw_dir, raw_dir)
    header, delivered = split_last_day(raw_dir)
    write_rows(raw_dir / DELIVERY, header, delivered)
    reports = {report.file_name: report for report in check.check_raw_dir(raw_dir, landed_dir)}
    assert reports[DELIVERY].problems == ()
    assert reports[DELIVERY].data_lines == len(delivered)
    landed = landed_dir / DELIVERY.replace(".csv", ".parquet")
    with duckdb.connect() as connection:
        assert connection.execute("select count(*) from read_parquet(?)", [str(landed)]).fetchone() == (
            len(delivered),
        )
    stage = load_raw(raw_dir, landed_dir)
    assert stage.errors == []
    suites = [batch.suite.name for batch in stage.batches]
    assert suites.count("raw.intent_signals") == 1
    assert f"raw.{Path(DELIVERY).stem}" in suites
    (raw_dir / DELIVERY).unlink()
    check.check_raw_dir(raw_dir, landed_dir)
    assert not landed.exists()
    assert (landed_dir / "intent_signals.parquet").exists()


STAGED_FEEDS = ("stg_intent__signals", "stg_technographics__detections")
STAGED_IN_RUN = re.compile(r"staged_at = cast\('([^']+)' as timestamp\)")


def staging_tests_checked(project_dir: Path, warehouse: Path) -> dict[str, int]:
    """Per data test of a feed staging model in the last dbt invocation (its run_results.json): how many
    staged rows its filter kept, read from the staged_at it compiled to; the test must have passed."""
    results = json.loads((project_dir / "target" / "run_results.json").read_text(encoding="utf-8"))
    checked = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for result in results["results"]:
            name = result["unique_id"].split(".")[2]
            model = next((model for model in STAGED_FEEDS if model in name), None)
            if not result["unique_id"].startswith("test.") or model is None:
                continue
            assert result["status"] == "pass", (name, result["message"])
            filters = STAGED_IN_RUN.findall(result["compiled_code"])
            assert len(filters) == 1, f"{name} does not filter on the rows staged in the run"
            checked[name] = connection.execute(
                f"select count(*) from staging.{model} where staged_at = cast(? as timestamp)", filters
            ).fetchone()[0]
    return checked


def test_the_feeds_tests_check_the_rows_staged_in_the_run(
    small_raw_dir: Path, project_copy: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    """A build tests the feeds' rows it staged (every row on day 1; on day 2 the day's delivery only, nothing
    of the unchanged technographics); `dbt test` alone tests the latest staged rows, where a duplicate fails
    the key test, while a duplicate among the rows staged and tested before is not read again."""
    raw_dir = tmp_path / "raw"
    shutil.copytree(small_raw_dir, raw_dir)
    header, delivered = split_last_day(raw_dir)
    # The feeds' staging with its tests (what it is built from is built first, untested).
    feeds = ("build", "--select", *STAGED_FEEDS, "--indirect-selection", "cautious")
    upstream = (
        *("build", "--select", *(f"+{model}" for model in STAGED_FEEDS), "--exclude", *STAGED_FEEDS),
        *("--exclude-resource-type", "test", "unit_test"),
    )
    warehouse = tmp_path / "warehouse.duckdb"

    seeds = run_dbt(project_copy, raw_dir, *upstream, scoring_date=DAY_1)
    assert seeds.returncode == 0, seeds.stdout[-3000:]
    day_1 = run_dbt(project_copy, raw_dir, *feeds, scoring_date=DAY_1)
    assert day_1.returncode == 0, day_1.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        staged = {
            model: connection.execute(f"select count(*) from staging.{model}").fetchone()[0]
            for model in STAGED_FEEDS
        }
    checked = staging_tests_checked(project_copy, warehouse)
    assert {name for name in checked if "unique" in name} == {
        "unique_stg_intent__signals_signal_id",
        "unique_stg_technographics__detections_detection_id",
    }
    assert all(rows == staged[next(m for m in STAGED_FEEDS if m in name)] for name, rows in checked.items())

    write_rows(raw_dir / DELIVERY, header, delivered)
    day_2 = run_dbt(project_copy, raw_dir, *feeds)
    assert day_2.returncode == 0, day_2.stdout[-3000:]
    checked = staging_tests_checked(project_copy, warehouse)
    assert {rows for name, rows in checked.items() if "stg_intent__signals" in name} == {len(delivered)}
    assert {rows for name, rows in checked.items() if "stg_technographics__detections" in name} == {0}

    with duckdb.connect(str(warehouse)) as connection:
        for source_file in ("intent_signals", Path(DELIVERY).stem):
            connection.execute(
                "insert into staging.stg_intent__signals select * from staging.stg_intent__signals "
                "where source_file = ? order by signal_id limit 1",
                [source_file],
            )
    tested = run_dbt(project_copy, raw_dir, "test", "--select", "stg_intent__signals")
    assert tested.returncode == 1, tested.stdout[-3000:]
    results = json.loads((project_copy / "target" / "run_results.json").read_text(encoding="utf-8"))
    failed = {result["unique_id"].split(".")[2]: result["failures"] for result in results["results"]}
    assert {name: count for name, count in failed.items() if count} == {
        "unique_stg_intent__signals_signal_id": 1
    }
