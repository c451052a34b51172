"""A history restored into a new warehouse is continued by the next build exactly as the old warehouse
would have continued it: same movers, same run log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from icp_scoring import history
from tests.support import MODELS_BUILD, SAMPLE_AS_OF, DbtRunner

NEXT_RUN = SAMPLE_AS_OF + dt.timedelta(days=30)
HISTORY_MARTS = {
    "account_score_movers": "select * exclude (scored_at) from marts.account_score_movers order by all",
    "scoring_run_grade_mix": "select * exclude (scored_at) from marts.scoring_run_grade_mix order by all",
}


def marts(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {name: connection.execute(query).fetchall() for name, query in HISTORY_MARTS.items()}


def test_the_next_build_continues_a_restored_history(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    first = run_dbt(project_copy, small_raw_dir, *MODELS_BUILD)
    assert first.returncode == 0, first.stdout[-3000:]
    backup = tmp_path / "history.parquet"
    assert (
        history.main(["backup", "--database", str(tmp_path / "warehouse.duckdb"), "--output", str(backup)])
        == 0
    )

    # The old warehouse goes on; a new one starts from the backup (a damaged warehouse moved aside).
    restored = tmp_path / "restored.duckdb"
    assert history.main(["restore", str(backup), "--database", str(restored)]) == 0
    for warehouse in ("warehouse.duckdb", restored.name):
        finished = run_dbt(
            project_copy, small_raw_dir, *MODELS_BUILD, scoring_date=NEXT_RUN, warehouse=warehouse
        )
        assert finished.returncode == 0, finished.stdout[-3000:]

    continued, from_backup = marts(tmp_path / "warehouse.duckdb"), marts(restored)
    assert len({row[0] for row in continued["scoring_run_grade_mix"]}) == 2  # two scoring runs
    assert continued["account_score_movers"]  # a month of intent decay moves accounts
    assert from_backup == continued
