"""What the benchmark's tests share: a benchmarked size of fixed measurements, without running anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icp_scoring.benchmark.engine_runs import EngineResult, EngineRunResult
from icp_scoring.benchmark.measure import Measurement
from icp_scoring.benchmark.raw_data import RawData
from icp_scoring.benchmark.runs import RunResult, SizeResult
from icp_scoring.benchmark.stages import REFERENCE_STAGE, STAGES, DbtBreakdown


def fake_size(accounts: int, build_seconds: float, peak_gib: float) -> SizeResult:
    """A benchmarked size of three identical runs, without running anything."""
    stages = {
        stage: Measurement(build_seconds if stage == "dbt_build" else 1.0, 1.0, int(peak_gib * 2**30))
        for stage in (*STAGES, REFERENCE_STAGE)
    }
    dbt = DbtBreakdown(20.0, 12.0, 5.0, 1.0, 0.1, 3.0, 4.0)
    run = RunResult(stages, dbt, 10.0, 18.0, 0, 0.0)
    raw = RawData(Path("raw"), {"crm_accounts.csv": accounts, "intent_signals.csv": 20 * accounts}, None)
    return SizeResult(accounts, raw, [run, run, run], dt.datetime(2026, 6, 30), 60.0)


def fake_engine(engine: str, build_seconds: float, differences: tuple[str, ...] = ()) -> EngineResult:
    """One run of another engine: a 5 s load, a build of ``build_seconds`` at 1.5 GiB, and its marts'
    differences from DuckDB's."""
    stages = {
        "load": Measurement(5.0, 4.0, int(0.5 * 2**30)),
        "dbt_build": Measurement(build_seconds, build_seconds / 2, int(1.5 * 2**30)),
    }
    return EngineResult(engine, [EngineRunResult(stages, differences)], wall_seconds=build_seconds + 60.0)
