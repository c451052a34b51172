"""The runs of a size: each run empties the warehouse and the landed files, times every stage, then runs and
checks the reference; after the runs, the other engines asked for (on the last run's landed files, against its
marts), a grid edit rescored in the last run's warehouse and a what-if of it, then the daily refresh."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from icp_scoring.benchmark import progress
from icp_scoring.benchmark.daily import DailyData, DailyRunResult, daily_refresh
from icp_scoring.benchmark.engine_runs import EngineResult, benchmark_engines
from icp_scoring.benchmark.grid_edit import grid_edit_rescores, whatif_runs
from icp_scoring.benchmark.measure import (
    Measurement,
    format_measurement,
    machine_busy_seconds,
    own_cpu_seconds,
    run_command,
)
from icp_scoring.benchmark.raw_data import RawData, prepare_raw_data
from icp_scoring.benchmark.reference import DuckDBSettings, run_and_check_reference
from icp_scoring.benchmark.stages import (
    REFERENCE_STAGE,
    DbtBreakdown,
    RunPaths,
    dbt_breakdown,
    remove_warehouse,
    stage_commands,
    stage_environment,
)


@dataclasses.dataclass(frozen=True)
class RunResult:
    """Everything measured in one run of one size."""

    stages: dict[str, Measurement]
    dbt: DbtBreakdown
    reference_seconds: float  # the query alone, in its process (connect to Parquet written)
    reference_cpu_seconds: float
    mismatching_rows: int
    other_cpu_seconds: float  # CPU used by other processes of the machine during the run


def run_once(paths: RunPaths, scoring_date: dt.date, settings: DuckDBSettings, label: str) -> RunResult:
    """One run: every build stage, then the reference query and the check of its scores."""
    shutil.rmtree(paths.run_dir, ignore_errors=True)
    paths.run_dir.mkdir(parents=True)
    shutil.rmtree(paths.landed_dir, ignore_errors=True)  # every run checks and lands the CSVs again
    remove_warehouse(paths)
    (paths.target_dir / "run_results.json").unlink(missing_ok=True)
    busy_before, own_before = machine_busy_seconds(), own_cpu_seconds()
    environment = stage_environment(paths, scoring_date)
    stages: dict[str, Measurement] = {}
    build_launched_at = 0.0
    for stage, command in stage_commands(paths).items():
        progress(f"{label}: {stage} ...")
        if stage == "dbt_build":
            build_launched_at = time.time()
        stages[stage] = run_command(command, environment, paths.log(stage))
        progress(f"{label}: {stage} {format_measurement(stages[stage])}")
    breakdown = dbt_breakdown(paths.target_dir, build_launched_at, stages["dbt_build"])
    progress(f"{label}: {REFERENCE_STAGE} ...")
    (query_seconds, query_cpu_seconds), stages[REFERENCE_STAGE], comparison = run_and_check_reference(
        paths, scoring_date, settings, f"The run's files are kept in {paths.run_dir}."
    )
    progress(f"{label}: {REFERENCE_STAGE} {format_measurement(stages[REFERENCE_STAGE])}")
    progress(f"{label}: reference scores = project scores on all {comparison.project_rows:,} rows")
    other = (machine_busy_seconds() - busy_before) - (own_cpu_seconds() - own_before)
    shutil.rmtree(paths.run_dir)
    return RunResult(
        stages, breakdown, query_seconds, query_cpu_seconds, comparison.mismatching_rows, max(other, 0.0)
    )


@dataclasses.dataclass(frozen=True)
class SizeResult:
    """All runs of one size."""

    accounts: int
    raw: RawData
    runs: list[RunResult]
    started_at: dt.datetime
    wall_seconds: float
    daily: list[DailyRunResult] = dataclasses.field(default_factory=list)
    daily_data: DailyData | None = None
    engines: list[EngineResult] = dataclasses.field(default_factory=list)
    grid_edits: list[Measurement] = dataclasses.field(default_factory=list)
    grid_edit_nodes: int = 0
    whatifs: list[Measurement] = dataclasses.field(default_factory=list)
    next_whatifs: list[Measurement] = dataclasses.field(default_factory=list)

    @property
    def engine_differences(self) -> tuple[str, ...]:
        """One sentence per mart another engine built otherwise than DuckDB."""
        return tuple(sentence for engine in self.engines for sentence in engine.differences)


def benchmark_size(
    accounts: int,
    runs: int,
    work_dir: Path,
    seed: int,
    scoring_date: dt.date,
    keep_data: bool,
    with_daily_refresh: bool = True,
    other_engines: Sequence[str] = (),
    engine_runs: int = 1,
) -> SizeResult:
    """Generate (or reuse) one size's raw files and run the stages ``runs`` times, then each of
    ``other_engines`` ``engine_runs`` times, then ``runs`` rescores of a grid edit and what-ifs, then (when
    ``with_daily_refresh``) the daily refresh ``runs`` times. The size's folder is kept with ``keep_data``
    or when an engine's marts differ from DuckDB's."""
    started_at, started = dt.datetime.now(dt.UTC), time.perf_counter()
    size_dir = work_dir / f"{accounts}-accounts"
    raw = prepare_raw_data(size_dir, accounts, seed, scoring_date)
    settings = DuckDBSettings.from_environment()
    results = []
    label = f"{accounts:,} accounts"
    for index in range(1, runs + 1):
        paths = RunPaths(raw.raw_dir, size_dir / f"run-{index}", size_dir / "dbt_target")
        results.append(run_once(paths, scoring_date, settings, f"{label}, run {index}/{runs}"))
    engines = benchmark_engines(list(other_engines), paths, size_dir, scoring_date, engine_runs, label)
    grid_edits, grid_edit_nodes = grid_edit_rescores(paths, size_dir, scoring_date, runs, label)
    whatifs, next_whatifs = whatif_runs(paths, size_dir, runs, label)
    daily_data, daily = None, []
    if with_daily_refresh:
        daily_data, daily = daily_refresh(raw, size_dir, scoring_date, settings, runs, label)
    # The size's time is DuckDB's: the other engines' time is reported with them.
    wall_seconds = time.perf_counter() - started - sum(engine.wall_seconds for engine in engines)
    result = SizeResult(
        accounts,
        raw,
        results,
        started_at,
        wall_seconds,
        daily,
        daily_data,
        engines,
        grid_edits,
        grid_edit_nodes,
        whatifs,
        next_whatifs,
    )
    if not keep_data and not result.engine_differences:
        shutil.rmtree(size_dir)
    return result
