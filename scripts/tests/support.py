"""What the tests share besides fixtures: the repository, the pinned sample date, the `icp` command."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from icp_scoring.project import WITHOUT_UNIT_TESTS
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
