"""End to end: the README's run command scores a small generated sample into queryable marts."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import duckdb

from icp_scoring.warehouse import state_dir
from tests.support import SAMPLE_AS_OF, quickstart_commands


def test_readme_quickstart_has_exactly_a_run_and_a_test_command() -> None:
    assert quickstart_commands() == ["make run", "make test"]


def test_run_command_succeeds_and_prints_the_summary(
    quickstart_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    finished, work = quickstart_run
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    assert "by grade:" in finished.stdout
    assert "by tier:" in finished.stdout
    assert "unscored:" in finished.stdout
    assert "marts.account_scores" in finished.stdout
    assert (work / "published" / "icp_scores.duckdb").is_file()
    assert (work / "published" / "parquet" / "account_scores.parquet").is_file()
    assert (work / "report" / "report.html").is_file()
    # What `icp rescore` starts from after a grid edit: the green build's manifest and scoring date.
    last_build = state_dir(work / "warehouse" / "icp_scoring.duckdb")
    assert (last_build / "manifest.json").is_file()
    assert json.loads((last_build / "build.json").read_text(encoding="utf-8")) == {
        "scoring_date": SAMPLE_AS_OF.isoformat()
    }


def test_every_crm_account_is_scored_or_explained(
    quickstart_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, work = quickstart_run
    with (work / "raw" / "crm_accounts.csv").open(encoding="utf-8", newline="") as handle:
        crm_ids = {row["account_id"].strip() for row in csv.DictReader(handle) if row["account_id"].strip()}
    with duckdb.connect(str(work / "warehouse" / "icp_scoring.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select account_id, is_scored, unscored_reason, icp_score from marts.account_scores"
        ).fetchall()
    assert {row[0] for row in rows} == crm_ids
    assert len(rows) == len(crm_ids)
    for _, is_scored, reason, score in rows:
        assert is_scored == (reason is None) == (score is not None)
