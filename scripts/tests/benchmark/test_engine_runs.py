"""The other engines load and build the size's landed files, each in a folder of its own."""

from __future__ import annotations

from pathlib import Path

from icp_scoring.benchmark import engine_runs
from icp_scoring.benchmark.stages import RunPaths


def test_spark_loads_and_builds_the_sizes_landed_files_in_a_warehouse_of_its_own(tmp_path: Path) -> None:
    paths = RunPaths(tmp_path / "raw", tmp_path / "run-1", tmp_path / "dbt_target")
    engine_dir = tmp_path / "spark"

    with engine_runs.engine_started("spark", paths, engine_dir) as (environment, server_pid):
        commands = engine_runs.engine_commands("spark", paths, engine_dir)

    assert server_pid is None
    assert environment["ICP_DBT_TARGET"] == "spark"
    assert environment["ICP_SPARK_DIR"] == str(engine_dir / "spark")
    assert environment["ICP_LANDED_DIR"] == str(tmp_path / "landed")
    load, build = commands["load"], commands["dbt_build"]
    assert load[2:5] == ["icp_scoring", "load-landed", "--engine"] and load[5] == "spark"
    assert load[-4:] == ["--raw-dir", str(tmp_path / "raw"), "--landed-dir", str(tmp_path / "landed")]
    assert build[1] == "build" and str(tmp_path / "dbt_target_spark") in build
