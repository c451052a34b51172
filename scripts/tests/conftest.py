"""Shared fixtures: a small generated raw sample, a copy of the dbt project, and dbt run on a copy."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from icp_scoring import project
from icp_scoring.raw.landing import land_raw_files
from icp_scoring.sample import generate
from tests.support import GRID_DIR, SAMPLE_AS_OF, DbtRunner


@pytest.fixture(scope="session")
def small_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small raw sample (400 accounts) generated once for the whole session."""
    raw_dir = tmp_path_factory.mktemp("raw")
    generate(accounts=400, seed=7, as_of=SAMPLE_AS_OF, output_dir=raw_dir)
    return raw_dir


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the dbt project in a temporary folder, with the tests' pinned grid, to edit seeds without
    touching the repository."""
    return project.copy_project(tmp_path / "project", grid=GRID_DIR)


@pytest.fixture
def run_dbt(tmp_path: Path) -> DbtRunner:
    """Run a dbt command in a project folder against its own warehouse file; returns the finished process."""

    def runner(
        project_dir: Path,
        raw_dir: Path,
        *args: str,
        land: bool = True,
        scoring_date: dt.date = SAMPLE_AS_OF,
        warehouse: str = "warehouse.duckdb",
    ) -> subprocess.CompletedProcess[str]:
        """Checks and lands the raw files first, as `icp build` does; land=False runs dbt on whatever was
        landed before (to see what dbt does with a stale landing). Each warehouse file (in the test's folder)
        has its landed folder beside it."""
        landed_dir = tmp_path / (
            "landed" if warehouse == "warehouse.duckdb" else f"landed_{Path(warehouse).stem}"
        )
        if land:
            land_raw_files(raw_dir, landed_dir)
        return project.run_dbt(
            [*args, "--vars", f"{{scoring_date: '{scoring_date.isoformat()}'}}"],
            project=project_dir,
            ICP_RAW_DIR=raw_dir,
            ICP_LANDED_DIR=landed_dir,
            ICP_DUCKDB_PATH=tmp_path / warehouse,
        )

    return runner
