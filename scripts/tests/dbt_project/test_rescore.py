"""`icp rescore` after a grid edit gives the marts a full build with the edited grid gives, rebuilding only
what the edit changed (no staging, no matching of the raw rows), and says so when nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icp_scoring import project
from icp_scoring.benchmark.grid_edit import VALUE_EDIT
from icp_scoring.console import UserError
from icp_scoring.engines.marts_parity import duckdb_marts
from icp_scoring.raw.landing import land_raw_files
from icp_scoring.rescore import rescore
from icp_scoring.warehouse import save_build_state, state_dir
from tests.support import GRID_DIR, MODELS_BUILD, SAMPLE_AS_OF

# The models, seeds and snapshot: the builds compared need no data test (the rescore runs those it touches).
BUILD = list(MODELS_BUILD)
# Edits of the grid: one value's points (the benchmark's edit); the bound between grades B and C.
EDITS = (
    VALUE_EDIT,
    ("icp_grade_bands.csv", "default,B,60,80,2,", "default,B,55,80,2,"),
    ("icp_grade_bands.csv", "default,C,40,60,3,", "default,C,40,55,3,"),
)


def edit_grid(project_dir: Path) -> None:
    for name, old, new in EDITS:
        path = project_dir / project.GRID_DIR / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} of the tests' grid no longer holds {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")


def changed_grades(before: tuple[list[str], list], after: tuple[list[str], list]) -> int:
    """How many (account, ICP) pairs have another grade in after than in before (marts as duckdb_marts
    reads them)."""

    def grades(mart: tuple[list[str], list]) -> dict[tuple[str, str], str]:
        columns, rows = mart
        account, icp, grade = (columns.index(name) for name in ("account_id", "icp_id", "icp_grade"))
        return {(row[account], row[icp]): row[grade] for row in rows}

    old, new = grades(before), grades(after)
    return sum(old.get(key) != grade for key, grade in new.items())


def build(project_dir: Path, raw_dir: Path, landed: Path, warehouse: Path) -> None:
    finished = project.run_dbt(
        BUILD,
        project=project_dir,
        ICP_RAW_DIR=raw_dir,
        ICP_LANDED_DIR=landed,
        ICP_DUCKDB_PATH=warehouse,
        **project.scoring_date_environment(SAMPLE_AS_OF),
    )
    assert finished.returncode == 0, finished.stdout[-3000:]


def test_a_rescore_equals_a_full_build_of_the_edited_grid(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landed, warehouse = tmp_path / "landed", tmp_path / "warehouse.duckdb"
    land_raw_files(small_raw_dir, landed)
    live = project.copy_project(tmp_path / "live", grid=GRID_DIR)
    build(live, small_raw_dir, landed, warehouse)
    save_build_state(live, warehouse, SAMPLE_AS_OF)
    before = duckdb_marts(warehouse)

    assert rescore(warehouse, small_raw_dir, landed, project=live, capture=True) == 0
    assert "nothing changed since the last green build" in capsys.readouterr().err

    edit_grid(live)
    assert rescore(warehouse, small_raw_dir, landed, project=live, capture=True) == 0
    said = capsys.readouterr().err
    assert f"as of {SAMPLE_AS_OF}" in said, said
    changed = changed_grades(before["account_scores"], duckdb_marts(warehouse)["account_scores"])
    assert changed and f"; {changed:,} accounts changed grade, " in said, said
    results = json.loads((live / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    rebuilt = [result["unique_id"] for result in results]
    assert "model.icp_scoring.account_scores" in rebuilt
    assert not [node for node in rebuilt if ".stg_" in node or "__matched_to_accounts" in node], rebuilt

    edited = project.copy_project(tmp_path / "edited", grid=GRID_DIR)
    edit_grid(edited)
    build(edited, small_raw_dir, landed, tmp_path / "full.duckdb")
    rescored, full = duckdb_marts(warehouse), duckdb_marts(tmp_path / "full.duckdb")
    assert rescored["account_scores"] != before["account_scores"], "the edits changed no score"
    for mart, (columns, rows) in full.items():
        assert rescored[mart][0] == columns, mart
        assert rescored[mart][1] == rows, f"marts.{mart} after the rescore differs from the full build's"
    assert (state_dir(warehouse) / "manifest.json").is_file()


def test_without_a_green_build_a_rescore_says_to_build_first(small_raw_dir: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with pytest.raises(UserError, match=r"no green build of .* is recorded .* Run `icp build`"):
        rescore(warehouse, small_raw_dir, tmp_path / "landed", project=tmp_path)
