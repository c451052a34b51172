"""A team's files survive the everyday commands: `make run` never writes over extracts, `make clean` keeps
what cannot be made again, and only a named `icp reset --yes` deletes it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from icp_scoring import project
from tests.support import GRID_DIR, REPO_ROOT, run_icp
from tests.test_export import ACCOUNTS, make_published_database

KEPT = (
    "data/raw/crm_accounts.csv",
    "data/warehouse/icp_scoring.duckdb",
    "data/exports/hubspot/state.parquet",
    "data/published/icp_scores.duckdb",
    "data/proposals/default/icp_criteria.csv",
    "data/backups/history.parquet",
)
CLEANED = (
    "target/run_results.json",
    "data/sample/raw/crm_accounts.csv",
    "data/test/raw/crm_accounts.csv",
    "data/landed/crm_accounts.parquet",
    "data/backtest/warehouse.duckdb",
    "data/whatif/x.csv",
    "data/benchmark/raw/crm_accounts.csv",
    "data/great_expectations_docs/raw/index.html",
    "logs/dbt.log",
)


def make(*arguments: str, cwd: Path = REPO_ROOT, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=cwd,
        env={**os.environ, "MAKEFLAGS": "", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_clean_keeps_extracts_history_exports_published_and_proposals(tmp_path: Path) -> None:
    shutil.copy2(REPO_ROOT / "Makefile", tmp_path / "Makefile")
    for name in (*KEPT, *CLEANED):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    finished = make("clean", "VENV=.venv-of-this-test", cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert [name for name in KEPT if not (tmp_path / name).exists()] == []
    assert [name for name in CLEANED if (tmp_path / name).exists()] == []


def test_make_run_never_writes_into_a_folder_of_extracts(tmp_path: Path) -> None:
    extracts = tmp_path / "raw"
    extracts.mkdir()
    ours = "account_id,account_name,website\n001000000000ABC,Ours,ours.fr\n"
    (extracts / "crm_accounts.csv").write_text(ours, encoding="utf-8")
    # A user who points the sample's folder at their own: the run stops before writing anything.
    finished = make("run", "ACCOUNTS=20", f"ICP_SAMPLE_DIR={tmp_path}")
    assert finished.returncode != 0
    assert "which `icp sample` did not write" in finished.stderr
    assert (extracts / "crm_accounts.csv").read_text(encoding="utf-8") == ours
    assert sorted(path.name for path in extracts.iterdir()) == ["crm_accounts.csv"]


def test_reset_lists_then_deletes_only_what_it_is_told(tmp_path: Path) -> None:
    environment = {
        "ICP_DUCKDB_PATH": str(tmp_path / "warehouse" / "w.duckdb"),
        "ICP_EXPORT_DIR": str(tmp_path / "exports"),
        "ICP_PUBLISHED_DIR": str(tmp_path / "published"),
    }
    for path in (
        tmp_path / "warehouse" / "w.duckdb",
        tmp_path / "exports" / "s",
        tmp_path / "published" / "p",
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    listed = run_icp("reset", "exports", env=environment)
    assert listed.returncode == 1
    assert (
        f"would delete {tmp_path / 'exports'} (the CRM import files and the last-export state)"
        in listed.stderr
    )
    assert (tmp_path / "exports" / "s").exists()
    deleted = run_icp("reset", "exports", "--yes", env=environment)
    assert deleted.returncode == 0, deleted.stderr
    assert not (tmp_path / "exports").exists()
    assert (tmp_path / "warehouse" / "w.duckdb").exists() and (tmp_path / "published" / "p").exists()
    state = tmp_path / "warehouse" / "w.duckdb.last_build"  # what icp rescore starts from
    state.mkdir()
    (state / "manifest.json").write_text("{}", encoding="utf-8")
    deleted = run_icp("reset", "warehouse", "--yes", env=environment)
    assert deleted.returncode == 0, deleted.stderr
    assert sorted(path.name for path in (tmp_path / "warehouse").iterdir()) == [], deleted.stderr


def test_a_folder_that_cannot_be_written_ends_in_one_sentence(tmp_path: Path) -> None:
    published = make_published_database(tmp_path / "icp_scores.duckdb", ACCOUNTS)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    finished = run_icp("export", "--database", published, "--output-dir", blocker / "exports")
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    assert f"icp export: error: cannot read or write a file ({blocker / 'exports'}" in finished.stderr


def test_a_teams_grid_edit_never_reaches_the_tests(tmp_path: Path) -> None:
    """An analyst may edit the working grid as the docs invite (financial services 15 -> 25 points) without
    moving a test's figures: every grid file the dbt tests build with is the pinned one
    (scripts/tests/fixtures/scoring_grid, through project_copy); a grid file without a pinned copy would fall
    back to the working one."""
    live = sorted(path.name for path in (REPO_ROOT / "seeds" / "scoring_grid").glob("*.csv"))
    assert live == sorted(path.name for path in GRID_DIR.glob("*.csv")), "a grid file has no pinned copy"
    copy = project.copy_project(tmp_path / "project", grid=GRID_DIR)
    for name in live:
        assert (copy / "seeds" / "scoring_grid" / name).read_bytes() == (GRID_DIR / name).read_bytes(), name
