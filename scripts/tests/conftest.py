"""Shared fixtures: the repository root, a small generated raw sample, and a way to run dbt on a copy."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_AS_OF = dt.date(2026, 6, 30)


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py as a module (scripts/ is a folder of commands, not a package)."""
    path = REPO_ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_script(name: str, *args: object) -> subprocess.CompletedProcess[str]:
    """Run scripts/<name>.py as a command from the repository root; returns the finished process."""
    command = [sys.executable, str(REPO_ROOT / "scripts" / f"{name}.py"), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO_ROOT)


@pytest.fixture(scope="session")
def small_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small raw sample (400 accounts) generated once for the whole session."""
    generator = load_script("generate_sample_data")
    raw_dir = tmp_path_factory.mktemp("raw")
    generator.generate(accounts=400, seed=7, as_of=SAMPLE_AS_OF, output_dir=raw_dir)
    return raw_dir


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the dbt project in a temporary folder, to edit seeds without touching the repository."""
    return load_script("run_backtest").copy_project(tmp_path / "project")


DbtRunner = Callable[..., subprocess.CompletedProcess[str]]


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
        """Checks and lands the raw files first, as `make build` does; land=False runs dbt on whatever was
        landed before (to see what dbt does with a stale landing). Each warehouse file (in the test's folder)
        has its landed folder beside it."""
        landed_dir = tmp_path / (
            "landed" if warehouse == "warehouse.duckdb" else f"landed_{Path(warehouse).stem}"
        )
        if land:
            load_script("check_raw_files").land_raw_files(raw_dir, landed_dir)
        environment = {
            **os.environ,
            "ICP_RAW_DIR": str(raw_dir),
            "ICP_LANDED_DIR": str(landed_dir),
            "ICP_DUCKDB_PATH": str(tmp_path / warehouse),
            "DBT_PROFILES_DIR": str(project_dir),
        }
        dbt = Path(sys.executable).parent / "dbt"
        return subprocess.run(
            [str(dbt), *args, "--vars", f"{{scoring_date: '{scoring_date.isoformat()}'}}"],
            cwd=project_dir,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    return runner
