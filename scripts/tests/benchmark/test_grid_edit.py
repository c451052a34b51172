"""The benchmark's grid edit: made in a copy of the project and set back, and the rescore's node count read
from its run results. (icp rescore itself is proven equal to a full build in test_rescore.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icp_scoring import project
from icp_scoring.benchmark.grid_edit import NEXT_VALUE_EDIT, VALUE_EDIT, edit_value_points
from icp_scoring.benchmark.measure import BenchmarkError
from icp_scoring.rescore import rebuilt_nodes
from icp_scoring.settings import LIVE_GRID_DIR


def test_the_edit_changes_one_row_of_the_copy_and_is_set_back(tmp_path: Path) -> None:
    copy = project.copy_project(tmp_path / "project")
    name, live, edited = VALUE_EDIT
    grid_file = copy / project.GRID_DIR / name
    original = grid_file.read_text(encoding="utf-8")
    edit_value_points(copy / project.GRID_DIR)
    changed = grid_file.read_text(encoding="utf-8")
    assert changed == original.replace(live, edited) and changed != original
    assert (LIVE_GRID_DIR / name).read_text(encoding="utf-8") == original  # the live grid is untouched
    edit_value_points(copy / project.GRID_DIR, undo=True)
    assert grid_file.read_text(encoding="utf-8") == original
    with pytest.raises(BenchmarkError, match="no longer holds"):
        edit_value_points(copy / project.GRID_DIR, undo=True)
    # The analyst's next proposal is made in the first one, and set back to it.
    edit_value_points(copy / project.GRID_DIR)
    edit_value_points(copy / project.GRID_DIR, edit=NEXT_VALUE_EDIT)
    assert grid_file.read_text(encoding="utf-8") == original.replace(live, NEXT_VALUE_EDIT[2])
    edit_value_points(copy / project.GRID_DIR, undo=True, edit=NEXT_VALUE_EDIT)
    assert grid_file.read_text(encoding="utf-8") == changed


def test_the_rebuilt_nodes_are_read_from_the_rescores_run_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBT_TARGET_PATH", raising=False)
    assert rebuilt_nodes(tmp_path) == 0  # no run results: nothing said to be rebuilt
    (tmp_path / "target").mkdir()
    results = [{"unique_id": f"model.icp_scoring.m{index}"} for index in range(1234)]
    (tmp_path / "target" / "run_results.json").write_text(json.dumps({"results": results}), encoding="utf-8")
    assert rebuilt_nodes(tmp_path) == 1234
    (tmp_path / "target" / "run_results.json").write_text(json.dumps({"results": []}), encoding="utf-8")
    assert rebuilt_nodes(tmp_path) == 0
