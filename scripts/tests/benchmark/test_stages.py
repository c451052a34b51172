"""The stages get the run's paths, and dbt build's time is split into node kinds and dbt's own start-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icp_scoring.benchmark import stages
from icp_scoring.benchmark.measure import Measurement
from icp_scoring.settings import PROJECT_DIR


def test_the_stages_read_and_write_the_runs_files_with_the_projects_profile(tmp_path: Path) -> None:
    paths = stages.RunPaths(tmp_path / "raw", tmp_path / "run-1", tmp_path / "dbt_target")

    environment = stages.stage_environment(paths)

    assert environment["ICP_RAW_DIR"] == str(tmp_path / "raw")
    assert environment["ICP_LANDED_DIR"] == str(tmp_path / "landed")
    assert environment["ICP_DUCKDB_PATH"] == str(tmp_path / "warehouse.duckdb")
    assert environment["ICP_PUBLISHED_DIR"] == str(tmp_path / "run-1" / "published")
    assert environment["DBT_PROFILES_DIR"] == str(PROJECT_DIR)


def test_scoring_models_are_account_scores_and_its_model_ancestors() -> None:
    manifest = {
        "parent_map": {
            "model.icp_scoring.account_scores": ["model.icp_scoring.int_b", "seed.icp_scoring.grid"],
            "model.icp_scoring.int_b": ["model.icp_scoring.stg_a"],
            "model.icp_scoring.stg_a": ["source.icp_scoring.crm.accounts"],
            "model.icp_scoring.data_quality_summary": ["model.icp_scoring.stg_a"],
        }
    }
    assert stages.scoring_models(manifest) == {
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
    launched_at = stages.parse_timestamp("2026-06-30T12:00:00Z")
    build = Measurement(seconds=20.0, cpu_seconds=15.0, peak_rss_bytes=1)

    split = stages.dbt_breakdown(tmp_path, launched_at, build)

    assert split.model_seconds == pytest.approx(6.0)  # 06-12: the two models after 08 overlap
    assert split.scoring_model_seconds == pytest.approx(5.0)
    assert split.test_seconds == pytest.approx(0.75)
    assert (split.seed_seconds, split.hook_seconds) == pytest.approx((1.0, 0.1))
    assert split.startup_seconds == pytest.approx(5.0)
    assert split.overhead_seconds == pytest.approx(20.0 - 7.35)


def test_covered_time_counts_overlaps_once() -> None:
    assert stages.covered_seconds([(0.0, 2.0), (1.0, 3.0), (5.0, 6.0), (5.5, 5.7)]) == 4.0
    assert stages.covered_seconds([]) == 0.0


def test_a_run_starts_without_the_last_runs_warehouse_wal_or_build_state(tmp_path: Path) -> None:
    paths = stages.RunPaths(tmp_path / "raw", tmp_path / "run-1", tmp_path / "dbt_target")
    for leftover in (paths.warehouse, paths.warehouse.with_name("warehouse.duckdb.wal")):
        leftover.write_text("x", encoding="utf-8")
    state = paths.warehouse.with_name("warehouse.duckdb.last_build")  # a rescore's, in the grid edit
    state.mkdir()
    (state / "manifest.json").write_text("{}", encoding="utf-8")
    other = tmp_path / "landed"
    other.mkdir()
    stages.remove_warehouse(paths)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["landed"]
