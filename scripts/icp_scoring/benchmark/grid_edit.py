"""The analyst's loop (issue #21): one value's points edited in the grid, then `icp rescore` of the warehouse
the last run built, re-scored, tested and summarised (accounts per grade before -> after); and `icp whatif`
of a proposal holding that edit against the same warehouse, then of the analyst's next proposal in the same
work folder.

The edit is made in a copy of the project (the live grid is never touched), whose last green build is the
size's last run: its manifest and scoring date are kept as `icp build` keeps them. Each timed rescore is one
edit: the odd ones set the value's new points, the even ones set them back, so every run rebuilds the same
nodes from a green state; an odd number of runs ends with one more rescore (not timed) that sets the live
points back, so the what-if compares the edit with the live grid.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

from icp_scoring.benchmark import progress
from icp_scoring.benchmark.measure import BenchmarkError, Measurement, format_measurement, run_command
from icp_scoring.benchmark.stages import RunPaths, stage_environment
from icp_scoring.project import GRID_DIR, copy_project, dbt_environment
from icp_scoring.rescore import rebuilt_nodes
from icp_scoring.settings import LIVE_GRID_DIR
from icp_scoring.warehouse import save_build_state

# One value's points: (grid file, the row as the live grid has it, the row edited).
VALUE_EDIT = (
    "icp_criterion_value_points.csv",
    "default,industry,professional_services,15",
    "default,industry,professional_services,12",
)
# The analyst's next proposal, edited in the first one: the same value's points lowered again.
NEXT_VALUE_EDIT = (
    "icp_criterion_value_points.csv",
    "default,industry,professional_services,12",
    "default,industry,professional_services,10",
)
GRID_EDIT_STAGE = "grid_edit_rescore"
WHATIF_STAGE = "whatif_from_last_build"


def edit_value_points(grid: Path, undo: bool = False, edit: tuple[str, str, str] = VALUE_EDIT) -> None:
    """Apply an edit (VALUE_EDIT by default) to a grid folder's CSV (undo: set the row back)."""
    name, live, edited = edit
    old, new = (edited, live) if undo else (live, edited)
    path = grid / name
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise BenchmarkError(f"{path} no longer holds {old!r}: update the edits in {__name__}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def grid_edit_rescores(
    paths: RunPaths, size_dir: Path, scoring_date: dt.date, runs: int, label: str
) -> tuple[list[Measurement], int]:
    """Time ``runs`` rescores of one grid edit each on the warehouse of the last run (paths); the
    measurements and the nodes the last one rebuilt."""
    project_dir = copy_project(size_dir / "grid_edit_project")
    (project_dir / "target").mkdir()
    # The build's manifest (the rescore's state) and its parse: an analyst's rescore follows a build of the
    # same project, so dbt reparses only the edited seed (without the parse, the first rescore reparsed the
    # whole project: 7 s at 1M accounts).
    for artefact in ("manifest.json", "partial_parse.msgpack"):
        shutil.copy2(paths.target_dir / artefact, project_dir / "target" / artefact)
    save_build_state(project_dir, paths.warehouse, scoring_date)
    command = [
        sys.executable,
        "-m",
        "icp_scoring",
        "rescore",
        *("--project", str(project_dir)),
        *("--raw-dir", str(paths.raw_dir), "--landed-dir", str(paths.landed_dir)),
        *("--database", str(paths.warehouse)),
    ]
    environment = dbt_environment(project_dir)
    measurements, nodes = [], 0
    for index in range(1, runs + 1):
        edit_value_points(project_dir / GRID_DIR, undo=index % 2 == 0)
        log = size_dir / "grid_edit_logs" / f"rescore_{index}.log"
        progress(f"{label}: {GRID_EDIT_STAGE} {index}/{runs} ...")
        measurements.append(run_command(command, environment, log))
        nodes = rebuilt_nodes(project_dir)  # from the rescore's run_results.json in the copy
        if not nodes:
            raise BenchmarkError(f"the rescore of {VALUE_EDIT[0]}'s edit rebuilt nothing: see {log}")
        done = format_measurement(measurements[-1])
        progress(f"{label}: {GRID_EDIT_STAGE} {index}/{runs} {done}, {nodes} nodes rebuilt and tested")
    if runs % 2:
        edit_value_points(project_dir / GRID_DIR, undo=True)
        run_command(command, environment, size_dir / "grid_edit_logs" / "rescore_set_back.log")
    shutil.rmtree(project_dir)
    return measurements, nodes


def whatif_runs(
    paths: RunPaths, size_dir: Path, runs: int, label: str
) -> tuple[list[Measurement], list[Measurement]]:
    """Time ``runs`` pairs of what-ifs against the last run's warehouse (its last green build: the live
    grid): a proposal holding VALUE_EDIT from a fresh work folder, then the analyst's next proposal
    (NEXT_VALUE_EDIT made in it) in the same folder, where dbt reuses the first one's parse. Returns the
    first ones' measurements and the next ones'."""
    proposal = size_dir / "whatif_proposal"
    shutil.copytree(LIVE_GRID_DIR, proposal)
    edit_value_points(proposal)
    work_dir = size_dir / "whatif"
    command = [
        *(sys.executable, "-m", "icp_scoring", "whatif", "--grid", str(proposal)),
        *("--database", str(paths.warehouse), "--work-dir", str(work_dir)),
    ]
    environment = stage_environment(paths)
    first, following = [], []
    for index in range(1, runs + 1):
        shutil.rmtree(work_dir, ignore_errors=True)
        for kind, measurements in (("first", first), ("next", following)):
            if kind == "next":
                edit_value_points(proposal, edit=NEXT_VALUE_EDIT)
            log = size_dir / "whatif_logs" / f"whatif_{index}_{kind}.log"
            progress(f"{label}: {WHATIF_STAGE} {index}/{runs} ({kind} proposal) ...")
            measurements.append(run_command(command, environment, log))
            if "re-scoring what" not in log.read_text(encoding="utf-8", errors="replace"):
                raise BenchmarkError(f"the what-if did not start from the last green build: see {log}")
            done = format_measurement(measurements[-1])
            progress(f"{label}: {WHATIF_STAGE} {index}/{runs} ({kind} proposal) {done}")
        edit_value_points(proposal, undo=True, edit=NEXT_VALUE_EDIT)
    shutil.rmtree(work_dir)
    shutil.rmtree(proposal)
    return first, following
