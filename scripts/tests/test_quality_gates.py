"""The gates of the test command fail when they should: an undocumented model, a mart reading a source, a
staging model reading staging, or a lint violation each make them fail."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from icp_scoring import hygiene
from tests.support import REPO_ROOT, DbtRunner

BIN = Path(sys.executable).parent


def parse(project: Path, raw_dir: Path, run_dbt: DbtRunner) -> Path:
    finished = run_dbt(project, raw_dir, "parse")
    assert finished.returncode == 0, finished.stdout[-3000:]
    return project / "target"


def test_the_project_follows_its_hygiene_rules(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    target = parse(project_copy, small_raw_dir, run_dbt)
    assert hygiene.main(["--target-dir", str(target)]) == 0, capsys.readouterr().err


def test_an_undocumented_model_without_key_test_fails(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    (project_copy / "models" / "marts" / "scoring" / "undocumented_mart.sql").write_text(
        "select 1 as some_id\n", encoding="utf-8"
    )
    target = parse(project_copy, small_raw_dir, run_dbt)
    assert hygiene.main(["--target-dir", str(target)]) == 1
    assert "model undocumented_mart has no primary-key test" in capsys.readouterr().err
    # The description is dbt-score's rule, with make lint's thresholds (read from the repository's pyproject).
    scored = subprocess.run(
        [str(BIN / "dbt-score"), "lint", "--manifest", str(target / "manifest.json")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert scored.returncode != 0, scored.stdout
    assert re.search(
        r"Model: undocumented_mart.*\n.*has_description: Model lacks a description", scored.stdout
    ), scored.stdout


def test_a_mart_reading_a_source_staging_reading_staging_and_a_score_reading_personas_fail(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    marts = project_copy / "models" / "marts" / "scoring" / "account_scores.sql"
    marts.write_text(
        marts.read_text(encoding="utf-8").replace(
            "grid_versions as (",
            "raw_accounts as (\n    select * from {{ source('crm', 'accounts') }}\n),\n\ngrid_versions as (",
            1,
        ),
        encoding="utf-8",
    )
    staging = project_copy / "models" / "staging" / "intent" / "stg_intent__signals.sql"
    staging.write_text(
        staging.read_text(encoding="utf-8").replace(
            "signal_types as (",
            "crm as (\n    select * from {{ ref('stg_crm__accounts') }}\n),\n\nsignal_types as (",
            1,
        ),
        encoding="utf-8",
    )
    # The score reading the personas (a dependency only dbt sees) breaks their one rule: never change it.
    plays = project_copy / "models" / "intermediate" / "int_account_plays__assigned.sql"
    plays.write_text(
        "-- depends_on: {{ ref('int_contact_personas__matched') }}\n" + plays.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    target = parse(project_copy, small_raw_dir, run_dbt)
    assert hygiene.main(["--target-dir", str(target)]) == 1
    errors = capsys.readouterr().err
    assert "mart account_scores reads the source source.icp_scoring.crm.accounts" in errors
    assert "staging model stg_intent__signals reads the staging model stg_crm__accounts" in errors
    assert "int_account_plays__assigned (score, grade, tier, play) reads source crm.contacts" in errors
    assert "reads seed icp_personas:" in errors and "reads seed icp_persona_title_rules:" in errors


def test_a_lint_violation_fails_sqlfluff(project_copy: Path) -> None:
    shutil.copy2(REPO_ROOT / ".sqlfluff", project_copy / ".sqlfluff")
    bad_model = project_copy / "models" / "marts" / "scoring" / "badly_written.sql"
    bad_model.write_text("SELECT Account_Id,icp_id FROM {{ ref('account_scores') }}\n", encoding="utf-8")
    finished = subprocess.run(
        [str(BIN / "sqlfluff"), "lint", str(bad_model.relative_to(project_copy))],
        cwd=project_copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode != 0
    assert "CP01" in finished.stdout  # keywords must be lower case


def test_a_lint_violation_fails_ruff(tmp_path: Path) -> None:
    bad_script = tmp_path / "bad_script.py"
    bad_script.write_text("import os, sys\ndef f(x): return x\n", encoding="utf-8")
    finished = subprocess.run(
        [str(BIN / "ruff"), "check", "--config", str(REPO_ROOT / "pyproject.toml"), str(bad_script)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode != 0
