"""The benchmark's reference query scores exactly like the project, and the benchmark's helpers measure and
report what they say. Nothing here is timed: the figures themselves are BENCHMARKS.md's business."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from icp_scoring import sample
from icp_scoring.benchmark import run as benchmark
from icp_scoring.sample.injection import ROW_INJECT_CLASSES
from tests.dbt_project.test_grid_changes_need_no_sql import SECOND_ICP_ROWS, append_rows
from tests.support import SAMPLE_AS_OF, DbtRunner

# Every class of bad rows the generator can inject into files the project can read.
READABLE_BAD_ROWS = frozenset(ROW_INJECT_CLASSES) - {"bad-encoding", "stray-quotes"}


def test_reference_query_gives_the_projects_scores_on_messy_data_and_two_icps(
    tmp_path: Path, project_copy: Path, run_dbt: DbtRunner
) -> None:
    """Every readable class of bad rows, and a second ICP (country values, revenue bands, no tier capacity)
    added as CSV rows: the reference reads the same seed files and must still give the project's scores."""
    append_rows(project_copy, SECOND_ICP_ROWS)
    raw_dir = tmp_path / "raw"
    sample.generate(1500, 5, SAMPLE_AS_OF, raw_dir, inject=READABLE_BAD_ROWS)
    finished = run_dbt(project_copy, raw_dir, "build")
    assert finished.returncode == 0, finished.stdout[-4000:]
    reference_output = tmp_path / "reference.parquet"
    settings = benchmark.DuckDBSettings(threads=2, memory_limit="2GB")
    benchmark.run_reference_query(
        tmp_path / "landed", SAMPLE_AS_OF, reference_output, settings, project_copy / "seeds"
    )

    comparison = benchmark.compare_scores(reference_output, tmp_path / "warehouse.duckdb")

    assert comparison.mismatching_rows == 0, benchmark.describe_mismatches(comparison)
    assert comparison.reference_rows == comparison.project_rows >= 2 * 1500
    with duckdb.connect() as db:
        reasons = db.execute(
            f"select distinct unscored_reason from '{reference_output}' where unscored_reason is not null"
        ).fetchall()
        tiers = db.execute(
            f"select icp_id, count(distinct icp_tier) from '{reference_output}' "
            "where is_scored group by icp_id"
        ).fetchall()
    # The sample exercises every reason and, per ICP, several tiers, so the equality above covers them.
    assert {reason for (reason,) in reasons} == {"missing_website", "invalid_website", "insufficient_data"}
    assert dict(tiers) == {"default": 3, "enterprise": 3}


def small_scores(path: Path, icp_score: str) -> None:
    """A warehouse file with a two-row marts.account_scores; the second row's score is `icp_score``."""
    columns = ", ".join(
        [
            "account_id",
            "icp_id",
            "true as is_scored",
            "null::varchar as unscored_reason",
            "1.0::decimal(5, 4) as data_completeness",
            *(f"10.00::decimal(7, 2) as {name}" for name in ("firmographic_points", "technographic_points")),
            "0.00::decimal(7, 2) as intent_points",
            "50.00::decimal(5, 2) as fit_score",
            "0.00::decimal(5, 2) as intent_score",
            "icp_score::decimal(5, 2) as icp_score",
            "'D' as icp_grade",
            "3 as grade_tier",
            "3 as icp_tier",
            "rank::bigint as icp_rank",
        ]
    )
    rows = f"values ('A1', 'default', 20.00, 1), ('A2', 'default', {icp_score}, 2)"
    with duckdb.connect(str(path)) as db:
        db.execute("create schema marts")
        db.execute(
            f"create table marts.account_scores as select {columns} "
            f"from ({rows}) as t(account_id, icp_id, icp_score, rank)"
        )


def test_the_score_check_counts_every_differing_or_missing_row(tmp_path: Path) -> None:
    small_scores(tmp_path / "project.duckdb", "20.00")
    small_scores(tmp_path / "reference.duckdb", "20.01")
    with duckdb.connect(str(tmp_path / "reference.duckdb")) as db:
        db.execute(f"copy marts.account_scores to '{tmp_path / 'reference.parquet'}' (format parquet)")
        db.execute(
            f"copy (select * from marts.account_scores where account_id = 'A1') "
            f"to '{tmp_path / 'one_row.parquet'}' (format parquet)"
        )

    differing = benchmark.compare_scores(tmp_path / "reference.parquet", tmp_path / "project.duckdb")
    missing = benchmark.compare_scores(tmp_path / "one_row.parquet", tmp_path / "project.duckdb")

    assert differing.mismatching_rows == 1
    assert differing.per_column["icp_score"] == 1
    assert sum(differing.per_column.values()) == 1
    assert "icp_score 1" in benchmark.describe_mismatches(differing)
    assert (missing.mismatching_rows, missing.reference_rows, missing.project_rows) == (1, 1, 2)


def test_summaries_are_median_and_range() -> None:
    assert benchmark.summarise([3.0, 1.0, 2.0]) == benchmark.Summary(2.0, 1.0, 3.0)
    assert benchmark.summarise([4.0, 1.0, 2.0, 10.0]).median == 3.0
    with pytest.raises(ValueError, match="no values"):
        benchmark.summarise([])


def test_tables_align_their_columns() -> None:
    table = benchmark.format_table(["stage", "s"], [["dbt_build", "271.4"], ["publish", "9.0"]], "lr")

    assert table.splitlines() == [
        "| stage     |     s |",
        "| --------- | ----: |",
        "| dbt_build | 271.4 |",
        "| publish   |   9.0 |",
    ]
    with pytest.raises(ValueError, match="one entry per header"):
        benchmark.format_table(["a", "b"], [["only one"]], "lr")


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
        benchmark.parse_args(arguments)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_a_work_dir_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "results.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    with pytest.raises(SystemExit):
        benchmark.parse_args(["--work-dir", str(a_file)])
    assert "is not a folder" in capsys.readouterr().err


def test_tree_memory_counts_the_children_of_a_process() -> None:
    allocate = (
        "import sys; block = bytearray(200 * 1024 * 1024); print('ready', flush=True); sys.stdin.read()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", allocate], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        own = benchmark.tree_rss_bytes(child.pid)
        with_parent = benchmark.tree_rss_bytes(benchmark.os.getpid())
    finally:
        child.communicate("")
    assert own >= 200 * 1024 * 1024
    assert with_parent >= own + 10 * 1024 * 1024  # this pytest process comes on top


def test_scoring_models_are_account_scores_and_its_model_ancestors() -> None:
    manifest = {
        "parent_map": {
            "model.icp_scoring.account_scores": ["model.icp_scoring.int_b", "seed.icp_scoring.grid"],
            "model.icp_scoring.int_b": ["model.icp_scoring.stg_a"],
            "model.icp_scoring.stg_a": ["source.icp_scoring.crm.accounts"],
            "model.icp_scoring.data_quality_summary": ["model.icp_scoring.stg_a"],
        }
    }
    assert benchmark.scoring_models(manifest) == {
        "model.icp_scoring.account_scores",
        "model.icp_scoring.int_b",
        "model.icp_scoring.stg_a",
    }


def node(unique_id: str, seconds: float, start: str, end: str) -> dict[str, object]:
    """A run_results.json entry that executed from ``start`` to ``end`` (seconds past 12:00:00 UTC)."""
    timing = [
        {
            "name": "execute",
            "started_at": f"2026-06-30T12:00:{start}Z",
            "completed_at": f"2026-06-30T12:00:{end}Z",
        }
    ]
    return {"unique_id": unique_id, "execution_time": seconds, "timing": timing}


def test_dbt_time_is_split_into_node_kinds_and_start_up(tmp_path: Path) -> None:
    results = [
        node("seed.icp_scoring.grid", 1.0, "05", "06"),
        node("model.icp_scoring.stg_a", 2.0, "06", "08"),
        node("model.icp_scoring.account_scores", 3.0, "08", "11"),
        node("model.icp_scoring.data_quality_summary", 4.0, "08", "12"),
        node("test.icp_scoring.unique_a", 0.5, "11", "11.5"),
        node("unit_test.icp_scoring.a_rule", 0.25, "12", "12.25"),
        node("operation.icp_scoring.on-run-end-0", 0.1, "12.25", "12.35"),
    ]
    (tmp_path / "run_results.json").write_text(json.dumps({"results": results}), encoding="utf-8")
    manifest = {"parent_map": {"model.icp_scoring.account_scores": ["model.icp_scoring.stg_a"]}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    launched_at = benchmark.parse_timestamp("2026-06-30T12:00:00Z")
    build = benchmark.Measurement(seconds=20.0, cpu_seconds=15.0, peak_rss_bytes=1)

    split = benchmark.dbt_breakdown(tmp_path, launched_at, build)

    assert split.model_seconds == pytest.approx(6.0)  # 06-12: the two models after 08 overlap
    assert split.scoring_model_seconds == pytest.approx(5.0)
    assert split.test_seconds == pytest.approx(0.75)
    assert (split.seed_seconds, split.hook_seconds) == pytest.approx((1.0, 0.1))
    assert split.startup_seconds == pytest.approx(5.0)
    assert split.overhead_seconds == pytest.approx(20.0 - 7.35)


def test_covered_time_counts_overlaps_once() -> None:
    assert benchmark.covered_seconds([(0.0, 2.0), (1.0, 3.0), (5.0, 6.0), (5.5, 5.7)]) == 4.0
    assert benchmark.covered_seconds([]) == 0.0


def fake_size(accounts: int, build_seconds: float, peak_gib: float) -> object:
    """A benchmarked size of three identical runs, without running anything."""
    stages = {
        stage: benchmark.Measurement(
            build_seconds if stage == "dbt_build" else 1.0, 1.0, int(peak_gib * 2**30)
        )
        for stage in (*benchmark.STAGES, benchmark.REFERENCE_STAGE)
    }
    dbt = benchmark.DbtBreakdown(20.0, 12.0, 5.0, 1.0, 0.1, 3.0, 4.0)
    run = benchmark.RunResult(stages, dbt, 10.0, 18.0, 0, 0.0)
    raw = benchmark.RawData(
        Path("raw"), {"crm_accounts.csv": accounts, "intent_signals.csv": 20 * accounts}, None
    )
    return benchmark.SizeResult(accounts, raw, [run, run, run], benchmark.dt.datetime(2026, 6, 30), 60.0)


def test_targets_are_judged_on_the_medians() -> None:
    rows = benchmark.target_rows(fake_size(1_000_000, build_seconds=25.0, peak_gib=5.0))

    assert [row[2] for row in rows] == ["met", "met", "MISSED", "not measured"]
    assert rows[0][1] == "15.0 s vs 23.0 s"  # scoring 12 + start-up 3 against 2 x reference 10 + start-up 3
    assert rows[2][1] == "5.00 GiB"


def test_markdown_keeps_the_sections_of_sizes_not_measured_again(tmp_path: Path) -> None:
    results = tmp_path / "BENCHMARKS.md"
    benchmark.update_markdown(results, [fake_size(100_000, 40.0, 1.0)], "first command")
    benchmark.update_markdown(results, [fake_size(1_000_000, 300.0, 8.0)], "second command")
    written = results.read_text(encoding="utf-8")
    notes = "<!-- notes start -->\n## What we read in these figures\n<!-- notes end -->"
    results.write_text(
        written.replace("<!-- benchmark start: 100000", notes + "\n\n<!-- benchmark start: 100000")
    )
    benchmark.update_markdown(results, [fake_size(100_000, 30.0, 1.0)], "third command")

    text = results.read_text(encoding="utf-8")
    assert text.count("## 100,000 accounts") == 1
    assert text.count("## 1,000,000 accounts") == 1
    assert text.index("## 100,000 accounts") < text.index("## 1,000,000 accounts")
    assert "third command" in text and "second command" in text and "first command" not in text
    assert "| full dbt build <= 30 s" in text
    assert text.count("## What we read in these figures") == 1


def test_the_daily_refresh_splits_a_day_of_intent_and_one_percent_of_the_accounts(
    small_raw_dir: Path, tmp_path: Path
) -> None:
    """Day 1's intent plus the delivery are the generated intent, every row once; 1% of the CRM records change
    (employees 120, Financial Services) on day 2 only; the days swap the files in one raw folder."""
    raw = benchmark.RawData(small_raw_dir, {}, None)
    data = benchmark.prepare_daily_data(raw, tmp_path / "daily", SAMPLE_AS_OF)
    read = "read_csv(?, all_varchar = true)"
    with duckdb.connect() as connection:
        whole, history, delivered = (
            connection.execute(f"select count(*) from {read}", [str(path)]).fetchone()[0]
            for path in (
                small_raw_dir / "intent_signals.csv",
                data.raw_dir / "intent_signals.csv",
                data.delivery,
            )
        )
        assert data.delivered_rows == delivered > 0
        assert history + delivered == whole
        data.set_day(2)
        changed = connection.execute(
            f"select count(*) from (select * from {read} except all select * from {read})",
            [str(data.raw_dir / "crm_accounts.csv"), str(small_raw_dir / "crm_accounts.csv")],
        ).fetchone()[0]
    assert 0 < data.changed_records <= 0.03 * 400
    assert 0 < changed <= data.changed_records
    assert (data.raw_dir / data.delivery.name).exists()
    data.set_day(1)
    assert not (data.raw_dir / data.delivery.name).exists()
    assert (data.raw_dir / "crm_accounts.csv").read_bytes() == (
        small_raw_dir / "crm_accounts.csv"
    ).read_bytes()


def test_the_daily_target_compares_the_daily_build_with_the_full_one() -> None:
    size = fake_size(1_000_000, build_seconds=100.0, peak_gib=3.0)
    stages = {stage: benchmark.Measurement(20.0, 1.0, 2**30) for stage in benchmark.DAILY_STAGES}
    daily = [benchmark.DailyRunResult(stages, size.runs[0].dbt)] * 3
    data = benchmark.DailyData(Path("raw"), Path("a"), Path("b"), Path("d.csv"), 100, 10)
    with_daily = benchmark.dataclasses.replace(size, daily=daily, daily_data=data)
    rows = benchmark.target_rows(with_daily)
    assert rows[-1] == ["daily refresh dbt build <= 20% of the full dbt build", "20%", "met"]
    assert "| dbt_build           |" in benchmark.size_report(with_daily)


def test_the_daily_refresh_can_be_left_out() -> None:
    assert benchmark.parse_args(["--accounts", "1000"]).daily_refresh
    assert not benchmark.parse_args(["--accounts", "1000", "--no-daily-refresh"]).daily_refresh
    rows = benchmark.target_rows(fake_size(1_000_000, build_seconds=25.0, peak_gib=3.0))
    assert rows[-1][1:] == ["not run (--no-daily-refresh)", "not measured"]
