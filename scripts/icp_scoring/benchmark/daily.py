"""The daily refresh: day 1 builds the history (not timed), day 2 brings a day's delivery of intent and 1% of
the CRM records changed, and its stages are timed against the full build's; the reference checks the result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import time
from pathlib import Path

import duckdb

from icp_scoring.benchmark import progress
from icp_scoring.benchmark.measure import Measurement, format_measurement, run_command
from icp_scoring.benchmark.raw_data import RawData
from icp_scoring.benchmark.reference import DuckDBSettings, run_and_check_reference
from icp_scoring.benchmark.stages import (
    DbtBreakdown,
    RunPaths,
    dbt_breakdown,
    remove_warehouse,
    stage_commands,
    stage_environment,
)
from icp_scoring.raw.contract import CSV_OPTIONS
from icp_scoring.sql import sql_string

# The daily refresh: a day of intent arrives as a delivery (one event in DAILY_DELIVERY_SHARE of the year's,
# by a hash of the row), and every DAILY_CHANGE_EVERY-th CRM record (by a hash of its id: 1%) changes its
# employees and industry.
DAILY_STAGES = ("check_raw_files", "gx_raw", "dbt_build")
DAILY_DELIVERY_SHARE = 365
DAILY_CHANGE_EVERY = 100


@dataclasses.dataclass(frozen=True)
class DailyData:
    """The size's raw files split for a daily refresh: day 1 is the history (intent without a day's delivery,
    the CRM export as generated), day 2 adds the delivery and 1% of the CRM records changed. One raw
    folder serves both days (a daily run reads the same paths every day), the files are swapped in."""

    raw_dir: Path
    crm_day_1: Path
    crm_day_2: Path
    delivery: Path  # kept outside raw_dir on day 1
    delivered_rows: int
    changed_records: int

    def set_day(self, day: int) -> None:
        """Put the day's CRM export and (day 2) the delivery into raw_dir, by hard links."""
        crm = self.raw_dir / "crm_accounts.csv"
        crm.unlink(missing_ok=True)
        os.link(self.crm_day_1 if day == 1 else self.crm_day_2, crm)
        delivered = self.raw_dir / self.delivery.name
        delivered.unlink(missing_ok=True)
        if day == 2:
            os.link(self.delivery, delivered)


def prepare_daily_data(raw: RawData, daily_dir: Path, scoring_date: dt.date) -> DailyData:
    """Split the size's raw files into the two days (not timed; the other raw files are hard links)."""
    shutil.rmtree(daily_dir, ignore_errors=True)
    raw_dir = daily_dir / "raw"
    raw_dir.mkdir(parents=True)
    for path in raw.raw_dir.glob("*.csv"):
        if path.name not in ("crm_accounts.csv", "intent_signals.csv"):
            os.link(path, raw_dir / path.name)
    source = sql_string(raw.raw_dir / "intent_signals.csv")
    # A day's delivery: one event in DAILY_DELIVERY_SHARE of the year's (a provider reports late, so a day's
    # file holds events of earlier days too; the generated last day alone is thin for that reason).
    last_day = f"hash(domain, signal_type, topic, occurred_at, source) % {DAILY_DELIVERY_SHARE} = 0"
    delivery = daily_dir / f"intent_signals_{scoring_date.isoformat()}.csv"
    crm_day_1, crm_day_2 = daily_dir / "crm_accounts_day_1.csv", daily_dir / "crm_accounts_day_2.csv"
    os.link(raw.raw_dir / "crm_accounts.csv", crm_day_1)
    changed = f"hash(account_id) % {DAILY_CHANGE_EVERY} = 0"
    with duckdb.connect() as connection:
        connection.execute("set preserve_insertion_order = true")  # the files keep their row order
        connection.execute(
            f"copy (select * from read_csv({source}, {CSV_OPTIONS}) where not {last_day}) "
            f"to {sql_string(raw_dir / 'intent_signals.csv')} (header true)"
        )
        connection.execute(
            f"copy (select * from read_csv({source}, {CSV_OPTIONS}) where {last_day}) "
            f"to {sql_string(delivery)} (header true)"
        )
        connection.execute(
            f"copy (select * replace (case when {changed} then '120' else employees end as employees, "
            f"case when {changed} then 'Financial Services' else industry end as industry) "
            f"from read_csv({sql_string(crm_day_1)}, {CSV_OPTIONS})) to {sql_string(crm_day_2)} (header true)"
        )
        (delivered_rows,) = connection.execute(
            f"select count(*) from read_csv({sql_string(delivery)}, {CSV_OPTIONS})"
        ).fetchone()
        (changed_records,) = connection.execute(
            f"select count(*) from read_csv({sql_string(crm_day_1)}, {CSV_OPTIONS}) where {changed}"
        ).fetchone()
    return DailyData(raw_dir, crm_day_1, crm_day_2, delivery, delivered_rows, changed_records)


@dataclasses.dataclass(frozen=True)
class DailyRunResult:
    """One daily refresh: its stages and where dbt build's time went."""

    stages: dict[str, Measurement]
    dbt: DbtBreakdown


def daily_refresh(
    raw: RawData, size_dir: Path, scoring_date: dt.date, settings: DuckDBSettings, runs: int, label: str
) -> tuple[DailyData, list[DailyRunResult]]:
    """Land, validate and build day 1 (the history, as of the day before: not timed), keep that state (the
    warehouse, the landed files, what Great Expectations validated), then ``runs`` times:
    restore it, bring day 2 (a day's delivery of intent, 1% of the accounts changed) and time the refresh as
    of scoring_date (raw check and landing, Great Expectations on the raw files, dbt build), then check that
    the reference query on day 2's files gives exactly the refreshed project's scores."""
    daily_dir = size_dir / "daily"
    data = prepare_daily_data(raw, daily_dir, scoring_date)
    paths = RunPaths(data.raw_dir, daily_dir / "run", size_dir / "dbt_target")
    data.set_day(1)
    shutil.rmtree(paths.landed_dir, ignore_errors=True)
    remove_warehouse(paths)
    commands = stage_commands(paths)
    day_1 = stage_environment(paths, scoring_date - dt.timedelta(days=1))
    progress(f"{label}: day 1 (the history as of the day before, not timed) ...")
    for stage in DAILY_STAGES:
        run_command(commands[stage], day_1, paths.log(f"day_1_{stage}"))
    environment = stage_environment(paths, scoring_date)
    saved_warehouse, saved_landed = daily_dir / "warehouse_day_1.duckdb", daily_dir / "landed_day_1"
    saved_docs = daily_dir / "great_expectations_docs_day_1"  # what day 1 validated, as day 2 finds it
    with duckdb.connect(str(paths.warehouse)) as connection:
        connection.execute("checkpoint")  # everything in the file, nothing left in a .wal
    shutil.copy2(paths.warehouse, saved_warehouse)
    shutil.copytree(paths.landed_dir, saved_landed, copy_function=os.link)
    shutil.copytree(paths.docs_dir, saved_docs)
    results = []
    for index in range(1, runs + 1):
        shutil.copy2(saved_warehouse, paths.warehouse)
        shutil.rmtree(paths.landed_dir)
        shutil.copytree(saved_landed, paths.landed_dir, copy_function=os.link)
        shutil.rmtree(paths.docs_dir)
        shutil.copytree(saved_docs, paths.docs_dir)  # copies: the summary is rewritten in place
        (paths.target_dir / "run_results.json").unlink(missing_ok=True)
        data.set_day(2)
        stages: dict[str, Measurement] = {}
        build_launched_at = 0.0
        for stage in DAILY_STAGES:
            progress(f"{label}: daily refresh {index}/{runs}: {stage} ...")
            if stage == "dbt_build":
                build_launched_at = time.time()
            stages[stage] = run_command(commands[stage], environment, paths.log(f"daily_{stage}"))
            progress(f"{label}: daily refresh {index}/{runs}: {stage} {format_measurement(stages[stage])}")
        breakdown = dbt_breakdown(paths.target_dir, build_launched_at, stages["dbt_build"])
        run_and_check_reference(
            paths, scoring_date, settings, f"After a daily refresh; the files are kept in {daily_dir}."
        )
        progress(f"{label}: daily refresh {index}/{runs}: reference scores = project scores")
        results.append(DailyRunResult(stages, breakdown))
        data.set_day(1)
    shutil.rmtree(daily_dir)
    return data, results
