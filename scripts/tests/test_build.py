"""icp build's stages: each stage's time is kept next to the warehouse and is the next run's estimate; on
another engine, the landed files are loaded into it before dbt builds on its target."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from icp_scoring import build


def test_stage_times_are_kept_for_the_next_runs_estimate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "warehouse.duckdb"
    stages = [("land", lambda: 0), ("dbt build", lambda: 0)]
    assert build.run_stages("icp build", stages, database) == 0
    times_file = tmp_path / "warehouse.duckdb.stages.json"
    assert set(json.loads(times_file.read_text(encoding="utf-8"))) == {"land", "dbt build"}

    times_file.write_text(json.dumps({"land": 12.0, "dbt build": 95.0}), encoding="utf-8")
    capsys.readouterr()
    stages = [("land", lambda: 0), ("dbt build", lambda: 1)]
    assert build.run_stages("icp build", stages, database) == 1
    err = capsys.readouterr().err
    assert "icp build: [1/2] land ... (about 12 s, as last time)" in err
    assert "icp build: [2/2] dbt build ... (about 95 s, as last time)" in err
    # A failed stage keeps its last good time.
    assert json.loads(times_file.read_text(encoding="utf-8"))["dbt build"] == 95.0


def test_an_unreadable_times_file_means_no_estimate(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb.stages.json"
    path.write_text("{not json", encoding="utf-8")
    assert build.read_stage_times(path) == {}


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_another_engine_loads_the_landed_files_then_builds_on_its_target(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ICP_DBT_TARGET", raising=False)
    calls: list[list[str]] = []
    targets: list[str] = []

    def load(command: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    def dbt(arguments: list[str], **settings: object) -> subprocess.CompletedProcess[str]:
        targets.append(str(settings["ICP_DBT_TARGET"]))
        return subprocess.CompletedProcess(arguments, 0)

    monkeypatch.setattr(build.subprocess, "run", load)
    monkeypatch.setattr(build, "run_dbt", dbt)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))  # never the project's run results
    stages = build.build_stages(tmp_path / "raw", tmp_path / "landed", tmp_path / "w.duckdb", None, engine)
    assert [name for name, _ in stages] == [
        "check and land the raw files",
        "validate the raw files",
        f"load the landed files into {engine}",
        "dbt build",
    ]
    assert [run() for _, run in stages[2:]] == [0, 0]
    assert calls[0][-6:] == [
        "--engine",
        engine,
        "--raw-dir",
        str(tmp_path / "raw"),
        "--landed-dir",
        str(tmp_path / "landed"),
    ]
    assert targets == [engine]
    assert not (tmp_path / "w.duckdb").exists()


def test_the_engine_defaults_to_the_dbt_target(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICP_DBT_TARGET", "postgres")
    assert build.parse_args([]).engine == "postgres"
    monkeypatch.setenv("ICP_DBT_TARGET", "dev")
    assert build.parse_args([]).engine == "duckdb"
