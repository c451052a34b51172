"""The build on the other engines (`--engines postgres spark`): after a size's DuckDB runs, each other engine
loads the same landed files and builds the whole project (every seed, model and test) from nothing, timed
like DuckDB's stages, and its marts are compared row by row with those of DuckDB's last run.

    postgres  a throwaway local PostgreSQL server per run (engines.postgres.local_server; its processes'
              CPU time and memory are counted with the command's), loaded by COPY
    spark     a local Spark session in dbt's process, a new warehouse and metastore folder per run
              (ICP_SPARK_DIR), loaded as Parquet tables
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from icp_scoring.benchmark import progress
from icp_scoring.benchmark.measure import Measurement, format_measurement, run_command
from icp_scoring.benchmark.stages import RunPaths
from icp_scoring.engines import marts_parity, postgres
from icp_scoring.project import dbt_environment, dbt_executable, scoring_date_environment
from icp_scoring.settings import PROJECT_DIR

# DuckDB's marts are the reference the other engines (icp_scoring.engines.ENGINES) are compared with.
REFERENCE_ENGINE = "duckdb"
ENGINE_NAMES = {"duckdb": "DuckDB", "postgres": "PostgreSQL", "spark": "Spark"}


@dataclasses.dataclass(frozen=True)
class EngineRunResult:
    """One run of another engine: its load and its build, and the compared marts that differ from DuckDB's
    (one sentence each; none when the marts are equal)."""

    stages: dict[str, Measurement]
    differences: tuple[str, ...]

    @property
    def marts_equal(self) -> bool:
        return not self.differences


@dataclasses.dataclass(frozen=True)
class EngineResult:
    """All runs of another engine at one size."""

    engine: str
    runs: list[EngineRunResult]
    wall_seconds: float = 0.0  # all its runs, the engine's start and stop and the comparisons included

    @property
    def differences(self) -> tuple[str, ...]:
        return tuple(sentence for run in self.runs for sentence in run.differences)


def engine_commands(engine: str, paths: RunPaths, engine_dir: Path) -> dict[str, list[str]]:
    """The load of the landed files into the engine, then `dbt build` on its target (run them as of a date:
    scoring_date_environment)."""
    return {
        "load": [
            sys.executable,
            "-m",
            "icp_scoring",
            "load-landed",
            "--engine",
            engine,
            "--raw-dir",
            str(paths.raw_dir),
            "--landed-dir",
            str(paths.landed_dir),
        ],
        "dbt_build": [
            str(dbt_executable()),
            "build",
            "--target-path",
            str(engine_dir.parent / f"dbt_target_{engine}"),  # kept across runs, as DuckDB's
            "--log-path",
            str(engine_dir / "dbt_logs"),
        ],
    }


@contextlib.contextmanager
def engine_started(
    engine: str, paths: RunPaths, engine_dir: Path
) -> Iterator[tuple[dict[str, str], int | None]]:
    """The environment of the engine's commands, and the pid of the server they work through (PostgreSQL's),
    for as long as the engine runs."""
    files = {"ICP_RAW_DIR": paths.raw_dir, "ICP_LANDED_DIR": paths.landed_dir}
    if engine == "postgres":
        with postgres.local_server() as server:
            yield dbt_environment(PROJECT_DIR, **files, **server), postgres.local_server_pid(server)
    else:
        yield (
            dbt_environment(PROJECT_DIR, **files, ICP_DBT_TARGET="spark", ICP_SPARK_DIR=engine_dir / "spark"),
            None,
        )


def engine_marts(
    engine: str, environment: dict[str, str], columns_of: dict[str, list[str]]
) -> dict[str, marts_parity.Rows]:
    if engine == "postgres":
        return marts_parity.postgres_marts(environment, columns_of)
    return marts_parity.spark_marts(Path(environment["ICP_SPARK_DIR"]) / "warehouse", columns_of)


def run_engine_once(
    engine: str,
    paths: RunPaths,
    engine_dir: Path,
    scoring_date: dt.date,
    reference: dict[str, tuple[list[str], marts_parity.Rows]],
    label: str,
) -> EngineRunResult:
    """One run: the engine started empty, the load and the build timed, the marts compared with DuckDB's."""
    shutil.rmtree(engine_dir, ignore_errors=True)
    engine_dir.mkdir(parents=True)
    columns_of = {mart: columns for mart, (columns, _) in reference.items()}
    stages: dict[str, Measurement] = {}
    with engine_started(engine, paths, engine_dir) as (environment, server_pid):
        as_of_date = {**environment, **scoring_date_environment(scoring_date)}
        for stage, command in engine_commands(engine, paths, engine_dir).items():
            progress(f"{label}: {stage} ...")
            stages[stage] = run_command(command, as_of_date, engine_dir / "logs" / f"{stage}.log", server_pid)
            progress(f"{label}: {stage} {format_measurement(stages[stage])}")
        marts = engine_marts(engine, environment, columns_of)
    comparisons = [
        marts_parity.compare_mart(mart, engine, columns, expected, marts[mart])
        for mart, (columns, expected) in reference.items()
    ]
    differences = tuple(comparison.summary() for comparison in comparisons if not comparison.equal)
    verdict = "; ".join(differences) if differences else f"the {len(comparisons)} marts equal DuckDB's"
    progress(f"{label}: {verdict}")
    return EngineRunResult(stages, differences)


def benchmark_engines(
    engines: list[str], paths: RunPaths, size_dir: Path, scoring_date: dt.date, runs: int, label: str
) -> list[EngineResult]:
    """Each other engine ``runs`` times on the landed files of ``paths``, against the marts of its DuckDB
    warehouse."""
    if not engines:
        return []
    reference = marts_parity.duckdb_marts(paths.warehouse)
    results = []
    for engine in engines:
        started = time.perf_counter()
        engine_runs = [
            run_engine_once(
                engine,
                paths,
                size_dir / engine,
                scoring_date,
                reference,
                f"{label}, {engine} run {index}/{runs}",
            )
            for index in range(1, runs + 1)
        ]
        results.append(EngineResult(engine, engine_runs, time.perf_counter() - started))
    return results
