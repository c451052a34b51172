"""icp build's stages: each stage's time is kept next to the warehouse and is the next run's estimate."""

from __future__ import annotations

import json
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
