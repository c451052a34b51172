"""The benchmark's report: medians and ranges, aligned tables, and targets judged on the medians."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from icp_scoring.benchmark import report
from icp_scoring.benchmark.daily import DAILY_STAGES, DailyData, DailyRunResult
from icp_scoring.benchmark.measure import Measurement
from tests.benchmark.support import fake_engine, fake_size


def test_summaries_are_median_and_range() -> None:
    assert report.summarise([3.0, 1.0, 2.0]) == report.Summary(2.0, 1.0, 3.0)
    assert report.summarise([4.0, 1.0, 2.0, 10.0]).median == 3.0
    with pytest.raises(ValueError, match="no values"):
        report.summarise([])


def test_tables_align_their_columns() -> None:
    table = report.format_table(["stage", "s"], [["dbt_build", "271.4"], ["publish", "9.0"]], "lr")

    assert table.splitlines() == [
        "| stage     |     s |",
        "| --------- | ----: |",
        "| dbt_build | 271.4 |",
        "| publish   |   9.0 |",
    ]
    with pytest.raises(ValueError, match="one entry per header"):
        report.format_table(["a", "b"], [["only one"]], "lr")


def test_targets_are_judged_on_the_medians() -> None:
    rows = report.target_rows(fake_size(1_000_000, build_seconds=25.0, peak_gib=5.0))

    assert [row[2] for row in rows] == ["met", "met", "MISSED", "not measured"]
    assert rows[0][1] == "15.0 s vs 23.0 s"  # scoring 12 + start-up 3 against 2 x reference 10 + start-up 3
    assert rows[2][1] == "5.00 GiB"


def test_the_daily_target_compares_the_daily_build_with_the_full_one() -> None:
    size = fake_size(1_000_000, build_seconds=100.0, peak_gib=3.0)
    stages = {stage: Measurement(20.0, 1.0, 2**30) for stage in DAILY_STAGES}
    daily = [DailyRunResult(stages, size.runs[0].dbt)] * 3
    data = DailyData(Path("raw"), Path("a"), Path("b"), Path("d.csv"), 100, 10)
    with_daily = dataclasses.replace(size, daily=daily, daily_data=data)
    rows = report.target_rows(with_daily)
    assert rows[-1] == ["daily refresh dbt build <= 20% of the full dbt build", "20%", "met"]
    assert "| dbt_build           |" in report.size_report(with_daily)


def test_the_engine_table_sets_each_engines_build_next_to_duckdbs() -> None:
    size = dataclasses.replace(
        fake_size(100_000, build_seconds=40.0, peak_gib=1.0),
        engines=[
            fake_engine("postgres", 400.0),
            fake_engine("spark", 300.0, ("marts.account_scores: 100,000 rows on DuckDB, 99,999 on spark",)),
        ],
    )
    lines = report.engine_table(size).splitlines()

    assert [line.split("|")[1].strip() for line in lines[2:]] == ["DuckDB", "PostgreSQL", "Spark"]
    duckdb, postgres, spark = ([cell.strip() for cell in line.split("|")[2:-1]] for line in lines[2:])
    assert duckdb == [
        "3",
        "none (reads the landed files)",
        "",
        "",
        "40.0 (40.0-40.0)",
        "1.0",
        "1.00",
        "reference",
    ]
    assert postgres == ["1", "5.0 (5.0-5.0)", "4.0", "0.50", "400.0 (400.0-400.0)", "200.0", "1.50", "yes"]
    assert spark[-1] == "no (1 of 1 runs)"
    assert size.engine_differences == ("marts.account_scores: 100,000 rows on DuckDB, 99,999 on spark",)
    assert "account_scores, account_score_breakdown" in report.engine_report(size)
    assert report.engine_report(size).startswith("100,000 accounts on DuckDB, PostgreSQL and Spark, ")
    assert "13.7 min for the other engines in all" in report.engine_report(size)  # 460 s + 360 s


def test_the_grid_edit_target_is_judged_on_the_median_rescore() -> None:
    size = fake_size(1_000_000, build_seconds=25.0, peak_gib=3.0)
    edits = [Measurement(seconds, 9.0, 2**30) for seconds in (8.0, 12.0, 9.5)]
    with_edits = dataclasses.replace(size, grid_edits=edits, grid_edit_nodes=140)
    assert report.target_rows(with_edits)[3] == [
        "grid edit re-scored, tested and summarised <= 10 s (#21)",
        "9.5 s",
        "met",
    ]
    assert "icp rescore` of the last run's warehouse" in report.size_report(with_edits)
    assert "9.5 (8.0-12.0) s wall, 9.0 CPU s, peak 1.00 GiB; 140 nodes rebuilt and tested" in (
        report.grid_edit_line(with_edits)
    )
    assert "grid edit" not in report.targets_table(size)
    # The first proposal from a new work folder, then the analyst's next one in the same folder: each judged
    # on its own row, each said in the grid edit's line.
    whatifs = [Measurement(seconds, 20.0, 2**31) for seconds in (16.0, 14.0, 15.5)]
    next_whatifs = [Measurement(seconds, 15.0, 2**31) for seconds in (12.0, 13.0, 14.0)]
    with_whatifs = dataclasses.replace(with_edits, whatifs=whatifs)
    with_next = dataclasses.replace(with_whatifs, next_whatifs=next_whatifs)
    assert "next proposal" not in report.grid_edit_line(with_whatifs)
    rows = report.target_rows(with_next)
    assert rows[4] == ["what-if of a proposed grid against the live one <= 15 s (#21)", "15.5 s", "MISSED"]
    assert rows[5] == [
        "what-if of the analyst's next proposal (same work folder) <= 15 s (#21)",
        "13.0 s",
        "met",
    ]
    line = report.grid_edit_line(with_next)
    assert "`icp whatif` of a proposal holding the same edit" in line
    assert "15.5 (14.0-16.0) s wall, 20.0 CPU s, peak 2.00 GiB." in line
    assert "The analyst's next proposal (`default,industry,professional_services,10`" in line
    assert "13.0 (12.0-14.0) s wall, 15.0 CPU s, peak 2.00 GiB." in line
