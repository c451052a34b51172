"""The score history is backed up and restored whole, and a restore never overwrites a history silently."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from icp_scoring import history
from icp_scoring.console import UserError


def warehouse_with_history(path: Path, rows: int) -> Path:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema history")
        connection.execute(
            "create table history.account_scores_history as select 'a' || range as account_id, "
            "'default' as icp_id, cast(range as decimal(5, 2)) as icp_score, "
            "timestamp '2026-06-30 06:00:00' as dbt_valid_from, cast(null as timestamp) as dbt_valid_to "
            f"from range({rows})"
        )
    return path


def table(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute("select * from history.account_scores_history order by all").fetchall()


def test_backup_then_restore_into_a_new_warehouse_gives_the_same_history(tmp_path: Path) -> None:
    source = warehouse_with_history(tmp_path / "old.duckdb", 50)
    assert history.main(["backup", "--database", str(source), "--output", str(tmp_path / "h")]) == 0
    assert history.main(["restore", str(tmp_path / "h"), "--database", str(tmp_path / "new.duckdb")]) == 0
    assert table(tmp_path / "new.duckdb") == table(source)
    assert len(table(source)) == 50


def test_restore_refuses_to_overwrite_a_history_unless_told(tmp_path: Path) -> None:
    backup, _ = history.backup(warehouse_with_history(tmp_path / "a.duckdb", 3), tmp_path / "a")
    target = warehouse_with_history(tmp_path / "b.duckdb", 7)
    with pytest.raises(UserError, match="already holds a history of 7 rows"):
        history.restore(backup, target, replace=False)
    assert history.restore(backup, target, replace=True) == 3


def test_a_warehouse_without_history_has_nothing_to_back_up(tmp_path: Path) -> None:
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    with pytest.raises(UserError, match="has no score history yet"):
        history.backup(tmp_path / "empty.duckdb", None)


def test_a_backup_never_overwrites_one_and_restore_names_a_folder_that_is_not_one(tmp_path: Path) -> None:
    source = warehouse_with_history(tmp_path / "old.duckdb", 5)
    history.backup(source, tmp_path / "b")
    with pytest.raises(UserError, match="already exists: a backup never overwrites one"):
        history.backup(source, tmp_path / "b")
    (tmp_path / "not_a_backup").mkdir()
    with pytest.raises(
        UserError, match=r"is not a history backup: it has no history\.account_scores_history\.parquet"
    ):
        history.restore(tmp_path / "not_a_backup", tmp_path / "new.duckdb", replace=False)
