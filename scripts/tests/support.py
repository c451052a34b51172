"""What the tests share besides fixtures: the repository, the pinned sample date, the `icp` command."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from icp_scoring import project
from icp_scoring.project import WITHOUT_UNIT_TESTS
from icp_scoring.raw.landing import land_raw_files
from icp_scoring.settings import LIVE_GRID_DIR, PROJECT_DIR, REFERENCE_DIR

REPO_ROOT = PROJECT_DIR
# The grid the tests build with: pinned in the tests (fixtures/README.md), never the team's working grid.
GRID_DIR = Path(__file__).parent / "fixtures" / "scoring_grid"
WORKING_GRID_DIR = LIVE_GRID_DIR
REFERENCE_SEEDS_DIR = REFERENCE_DIR
SAMPLE_AS_OF = dt.date(2026, 6, 30)
BIN = Path(sys.executable).parent
# `dbt build` as `icp build` runs it. The unit tests run once in make test-dbt, and on each engine in the
# engine parity test: they check the SQL on rows of their own, the same whatever raw files or grid a test
# builds.
SCORING_BUILD = ("build", *WITHOUT_UNIT_TESTS)
# `dbt build` of the seeds, models and snapshot only, without data or unit tests: for the tests that compare
# what two builds wrote (dbt's own tests run in make test-dbt).
MODELS_BUILD = ("build", "--exclude-resource-type", "test", "unit_test")

README = REPO_ROOT / "README.md"
# What a project folder keeps of an earlier test's copy: dbt's saved parse (reuse_project_folder).
SAVED_PARSE = Path("target") / "partial_parse.msgpack"


def reuse_project_folder(folder: Path, grid: Path | None = GRID_DIR) -> Path:
    """A fresh copy of the project (with the grid folder's seed CSVs: the tests' pinned grid unless told) in
    folder, which an earlier test of this pytest worker may have used: everything of that copy is removed
    but dbt's saved parse, so the next dbt command parses only the files that differ (dbt compares each
    file's checksum, the command-line vars and the profile, the warehouse's path among it:
    link_test_folder). Measured on the project: a fresh parse takes 9.6 s, one after a grid file changed
    4.1 s; a run of the suite made 46 fresh copies. The folder must keep its path: the saved parse holds
    it (dbt-duckdb loads seeds from there)."""
    saved = folder / SAVED_PARSE
    kept = saved.read_bytes() if saved.is_file() else None
    shutil.rmtree(folder, ignore_errors=True)
    project.copy_project(folder, grid=grid)
    if kept is not None:
        saved.parent.mkdir()
        saved.write_bytes(kept)
    return folder


def folder_link(project_dir: Path) -> Path:
    """The link of link_test_folder: beside the project folder, named after it."""
    return project_dir.with_name(f"{project_dir.name}.test")


def link_test_folder(project_dir: Path, folder: Path) -> Path:
    """The fixed path `<project folder>.test`, made a link to folder (the test's own folder, of its warehouse
    and landed files). dbt reuses its parse of a project folder (reuse_project_folder) only when the profile
    and the paths read while parsing are the same: the warehouse's and landed folder's paths, given through
    this link, stay the same from test to test. Give them to project.run_dbt as text: it resolves the paths
    it is given, which would follow the link."""
    link = folder_link(project_dir)
    if link.resolve() != folder.resolve():
        link.unlink(missing_ok=True)
        link.symlink_to(folder, target_is_directory=True)
    return link


def run_dbt_in_folder(
    project_dir: Path,
    raw_dir: Path,
    folder: Path,
    *args: str,
    land: bool = True,
    scoring_date: dt.date = SAMPLE_AS_OF,
    warehouse: str = "warehouse.duckdb",
) -> subprocess.CompletedProcess[str]:
    """Run a dbt command in a project folder against a warehouse file of folder (a test's or a module's own),
    reached through link_test_folder; returns the finished process. Checks and lands the raw files first, as
    `icp build` does; land=False runs dbt on whatever was landed before (to see what dbt does with a stale
    landing). Each warehouse file has its landed folder beside it."""
    landed = "landed" if warehouse == "warehouse.duckdb" else f"landed_{Path(warehouse).stem}"
    if land:
        land_raw_files(raw_dir, folder / landed)
    linked = link_test_folder(project_dir, folder)
    return project.run_dbt(
        list(args),
        project=project_dir,
        ICP_RAW_DIR=raw_dir,
        ICP_LANDED_DIR=str(linked / landed),
        ICP_DUCKDB_PATH=str(linked / warehouse),
        **project.scoring_date_environment(scoring_date),
    )


DbtRunner = Callable[..., subprocess.CompletedProcess[str]]


def run_icp(
    command: str, *args: object, env: dict[str, str] | None = None, cwd: Path = REPO_ROOT
) -> subprocess.CompletedProcess[str]:
    """Run `icp <command> <args>` as a user would (a new process of this environment's Python); returns the
    finished process with its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "icp_scoring", command, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def quickstart_commands() -> list[str]:
    """The commands of the README's Quickstart code block."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1]
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", section, flags=re.DOTALL)
    assert block, "README's Quickstart has no code block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]
