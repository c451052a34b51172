"""Shared fixtures: a small generated raw sample, a copy of the dbt project, and dbt run on a copy; and the
order the test files start in."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from icp_scoring.sample import generate
from tests.support import (
    REPO_ROOT,
    SAMPLE_AS_OF,
    DbtRunner,
    quickstart_commands,
    reuse_project_folder,
    run_dbt_in_folder,
)

# The dbt runs of the tests write no debug log file: each build wrote about 9 MB of it for nobody (measured on
# a build of the 400-account sample: 8% less CPU, median of 4 paired runs). One dbt and one DuckDB thread
# instead of two changed nothing: three dbt-heavy test files took 104.6 s against 105.7 s (2 paired runs).
os.environ.setdefault("DBT_LOG_LEVEL_FILE", "none")
# Spark's sessions (the parity test's loader and build, the loader's test) run with the small-data settings of
# profiles.yml's spark target: 26% less CPU for the parity sample's Spark build (docs/engines.md).
os.environ.setdefault("ICP_SPARK_SMALL_DATA", "true")

# The longest test files start first: pytest-xdist (--dist loadfile --no-loadscope-reorder: pyproject.toml)
# hands whole files to its two workers in collection order, so a long file collected last would run alone at
# the end (measured: the parity test's three-engine build ended a run; xdist's own order, the files with the
# most tests first, had put it there). The Quickstart's `make run` comes first, the browser test that copies
# its outcome (quickstart_run) after two long files, so it never waits for the run's lock.
LONGEST_FIRST = (
    "test_quickstart_run.py",
    "engines/test_engine_parity.py",
    "grid/test_learn.py",
    "dbt_project/test_broken_grid_fails_the_build.py",
    "report/test_report_browser.py",
    "dbt_project/test_daily_refresh.py",
    "test_publish.py",
    "dbt_project/test_history_across_runs.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Sort the tests so the files of LONGEST_FIRST come first, in that order (the rest keep theirs)."""
    tests_dir = Path(__file__).parent

    def rank(item: pytest.Item) -> int:
        path = item.path.relative_to(tests_dir).as_posix()
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)


@pytest.fixture(scope="session")
def small_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small raw sample (400 accounts) generated once for the whole session."""
    raw_dir = tmp_path_factory.mktemp("raw")
    generate(accounts=400, seed=7, as_of=SAMPLE_AS_OF, output_dir=raw_dir)
    return raw_dir


@pytest.fixture(scope="session")
def project_folders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This pytest worker's folder of project copies (reuse_project_folder): "project" for project_copy,
    "module" for a module's own copy (the modules of a worker run one after the other)."""
    return tmp_path_factory.mktemp("projects", numbered=False)


@pytest.fixture
def project_copy(project_folders: Path) -> Path:
    """A copy of the dbt project, with the tests' pinned grid, to edit seeds without touching the
    repository; in the folder the worker's previous test used, so dbt reuses its parse."""
    return reuse_project_folder(project_folders / "project")


@pytest.fixture
def run_dbt(tmp_path: Path) -> DbtRunner:
    """Run a dbt command in a project folder against a warehouse file of the test's own folder
    (run_dbt_in_folder); returns the finished process."""

    def runner(
        project_dir: Path, raw_dir: Path, *args: str, **options: Any
    ) -> subprocess.CompletedProcess[str]:
        return run_dbt_in_folder(project_dir, raw_dir, tmp_path, *args, **options)

    return runner


@pytest.fixture(scope="session")
def quickstart_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The README's `make run` on 400 accounts, its sample's folder (raw files, warehouse, published marts,
    exports, report) in a temporary folder whose name holds a space, a single and a double quote (as a team's
    shared drive may). Run once per test session: the first xdist worker to ask runs it (under a lock in the
    session's shared temporary folder), the others wait and read its outcome. The Quickstart's test checks it;
    the report's browser test starts from a copy of its folder. Nobody writes into the folder."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "quickstart"
    shared.mkdir(exist_ok=True)
    work = shared / """the team's "ICP" sample"""
    outcome = shared / "outcome.json"
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            command = quickstart_commands()[0].split()
            overrides = ["ACCOUNTS=400", f"SCORING_DATE={SAMPLE_AS_OF.isoformat()}", f"ICP_SAMPLE_DIR={work}"]
            finished = subprocess.run(
                [*command, *overrides],
                cwd=REPO_ROOT,
                env={**os.environ, "MAKEFLAGS": ""},
                capture_output=True,
                text=True,
                check=False,
            )
            outcome.write_text(json.dumps(vars(finished)), encoding="utf-8")
    return subprocess.CompletedProcess(**json.loads(outcome.read_text(encoding="utf-8"))), work
