"""Grid files are read by column name: an analyst who moves columns in Excel gets the same scores and keeps
the grid version."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from tests.support import MODELS_BUILD, DbtRunner

SCORES = """
    select * exclude (scored_at) from marts.account_scores order by account_id, icp_id
"""


def reverse_columns(path: Path) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([list(reversed(row)) for row in rows])


def test_every_grid_file_with_its_columns_reversed_gives_the_same_scores(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    finished = run_dbt(project_copy, small_raw_dir, *MODELS_BUILD)
    assert finished.returncode == 0, finished.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        before = connection.execute(SCORES).fetchall()

    grid_files = sorted((project_copy / "seeds" / "scoring_grid").glob("*.csv"))
    assert len(grid_files) >= 8
    for path in grid_files:
        reverse_columns(path)
    # Into the same warehouse: the tables the first build loaded must not receive the new files by position.
    finished = run_dbt(project_copy, small_raw_dir, *MODELS_BUILD)
    assert finished.returncode == 0, finished.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        after = connection.execute(SCORES).fetchall()
    assert len(before) == 400
    assert after == before
