"""The stages of a build (the commands `make build validate publish` runs), where one run reads and writes,
and where dbt build's time went (from its run_results.json and manifest.json)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from icp_scoring.benchmark.measure import BenchmarkError, Measurement
from icp_scoring.project import WITHOUT_UNIT_TESTS, dbt_environment, dbt_executable, scoring_date_environment
from icp_scoring.settings import PROJECT_DIR

STAGES = ("check_raw_files", "gx_raw", "dbt_build", "gx_marts", "publish")
REFERENCE_STAGE = "reference_query"
SCORING_MART_NODE = "model.icp_scoring.account_scores"


@dataclasses.dataclass(frozen=True)
class RunPaths:
    """Where one run reads and writes."""

    raw_dir: Path
    run_dir: Path
    target_dir: Path

    # The warehouse and the landed files sit at the same paths in every run of a size (emptied before each):
    # the dbt profile and the sources read those paths from the environment, and dbt re-parses the whole
    # project when they change, where a daily run at a fixed path parses only what changed.
    @property
    def warehouse(self) -> Path:
        return self.target_dir.parent / "warehouse.duckdb"

    @property
    def landed_dir(self) -> Path:
        return self.target_dir.parent / "landed"

    @property
    def docs_dir(self) -> Path:
        """Great Expectations' Data Docs and summaries (a daily run's validation carries what they show
        unchanged)."""
        return self.run_dir / "great_expectations_docs"

    @property
    def published_dir(self) -> Path:
        return self.run_dir / "published"

    @property
    def reference_output(self) -> Path:
        return self.run_dir / "reference_scores.parquet"

    def log(self, stage: str) -> Path:
        return self.run_dir / "logs" / f"{stage}.log"


def stage_commands(paths: RunPaths) -> dict[str, list[str]]:
    """The commands of `make build validate publish`, in order, pointed at this run's files (run them in
    stage_environment, which holds the scoring date)."""
    python = sys.executable
    dbt = str(dbt_executable())
    docs_dir = str(paths.docs_dir)
    return {
        "check_raw_files": [
            python,
            "-m",
            "icp_scoring",
            "land",
            "--raw-dir",
            str(paths.raw_dir),
            "--landed-dir",
            str(paths.landed_dir),
        ],
        "gx_raw": [
            python,
            "-m",
            "icp_scoring",
            "validate",
            "raw",
            "--raw-dir",
            str(paths.raw_dir),
            "--data-docs-dir",
            docs_dir,
        ],
        "dbt_build": [
            dbt,
            "build",
            *WITHOUT_UNIT_TESTS,  # as icp build runs it
            "--target-path",
            str(paths.target_dir),
            "--log-path",
            str(paths.run_dir / "dbt_logs"),
        ],
        "gx_marts": [
            python,
            "-m",
            "icp_scoring",
            "validate",
            "marts",
            "--database",
            str(paths.warehouse),
            "--data-docs-dir",
            docs_dir,
        ],
        "publish": [
            python,
            "-m",
            "icp_scoring",
            "publish",
            "--database",
            str(paths.warehouse),
            "--published-dir",
            str(paths.published_dir),
            "--run-results",
            str(paths.target_dir / "run_results.json"),
        ],
    }


def stage_environment(paths: RunPaths, scoring_date: dt.date | None = None) -> dict[str, str]:
    """The environment the Makefile gives the stages, with this run's raw folder, warehouse and output, and
    the scoring date when given (as icp build passes it to dbt)."""
    return dbt_environment(
        PROJECT_DIR,
        ICP_RAW_DIR=paths.raw_dir,
        ICP_LANDED_DIR=paths.landed_dir,
        ICP_DUCKDB_PATH=paths.warehouse,
        ICP_PUBLISHED_DIR=paths.published_dir,
        **(scoring_date_environment(scoring_date) if scoring_date else {}),
    )


@dataclasses.dataclass(frozen=True)
class DbtBreakdown:
    """Where the time of `dbt build` went, from run_results.json.

    dbt runs two nodes at a time, so the time of a kind of node is the wall time during which at least one
    node of that kind ran (the union of their intervals), not the sum of their durations.
    """

    model_seconds: float
    scoring_model_seconds: float
    test_seconds: float
    seed_seconds: float
    hook_seconds: float
    startup_seconds: float  # launch to the first node's start: imports, parsing, connecting
    overhead_seconds: float  # build wall minus the span from the first node's start to the last node's end


def parse_timestamp(text: str) -> float:
    """An ISO timestamp of dbt's artefacts (UTC) as epoch seconds."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def scoring_models(manifest: dict[str, Any]) -> set[str]:
    """marts.account_scores and every model it is built from."""
    parents: dict[str, list[str]] = manifest["parent_map"]
    found: set[str] = set()
    pending = [SCORING_MART_NODE]
    while pending:
        node = pending.pop()
        if node.startswith("model.") and node not in found:
            found.add(node)
            pending.extend(parents.get(node, ()))
    return found


Interval = tuple[float, float]


def covered_seconds(intervals: Iterable[Interval]) -> float:
    """The length of the union of time intervals (overlaps counted once)."""
    total, reached = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end > reached:
            total += end - max(start, reached)
            reached = end
    return total


def node_intervals(results: list[dict[str, Any]]) -> dict[str, Interval]:
    """Each node's interval: from its first timing step's start to its last step's end."""
    intervals: dict[str, Interval] = {}
    for result in results:
        steps = [
            step for step in result.get("timing", []) if step.get("started_at") and step.get("completed_at")
        ]
        if steps:
            intervals[result["unique_id"]] = (
                min(parse_timestamp(step["started_at"]) for step in steps),
                max(parse_timestamp(step["completed_at"]) for step in steps),
            )
    return intervals


def dbt_breakdown(target_dir: Path, launched_at: float, build: Measurement) -> DbtBreakdown:
    """Split a finished `dbt build` into node kinds and dbt's own time."""
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    intervals = node_intervals(results)
    if not intervals:
        raise BenchmarkError(f"{target_dir / 'run_results.json'} has no node timings")

    def kinds(*names: str) -> float:
        return covered_seconds(span for node, span in intervals.items() if node.split(".", 1)[0] in names)

    scoring = scoring_models(manifest)
    first_start = min(start for start, _ in intervals.values())
    last_end = max(end for _, end in intervals.values())
    return DbtBreakdown(
        model_seconds=kinds("model"),
        scoring_model_seconds=covered_seconds(span for node, span in intervals.items() if node in scoring),
        test_seconds=kinds("test", "unit_test"),
        seed_seconds=kinds("seed", "snapshot"),
        hook_seconds=kinds("operation"),
        startup_seconds=first_start - launched_at,
        overhead_seconds=build.seconds - (last_end - first_start),
    )


def remove_warehouse(paths: RunPaths) -> None:
    """Delete the run's warehouse file, its .wal and the state of its last green build (the grid edit's
    rescores keep one), so the build starts from nothing."""
    for stale in paths.warehouse.parent.glob(paths.warehouse.name + "*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
