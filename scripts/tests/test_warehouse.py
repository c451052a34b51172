"""One run at a time per warehouse, and a damaged warehouse said in words with the way out."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from icp_scoring.console import UserError
from icp_scoring.warehouse import check_readable, exclusive_run


def test_a_second_run_on_the_same_warehouse_stops_at_once_naming_the_first(tmp_path: Path) -> None:
    database = tmp_path / "warehouse" / "icp.duckdb"
    held = r"another run is using the warehouse .* \(pid \d+, started "
    with exclusive_run(database), pytest.raises(UserError, match=held), exclusive_run(database):
        pass
    with exclusive_run(database):  # released after the first run
        pass


def test_a_damaged_warehouse_says_how_to_rebuild_it(tmp_path: Path) -> None:
    database = tmp_path / "icp.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create table t as select range as i from range(100000)")
    database.write_bytes(database.read_bytes()[:5000])  # truncated, as after a full disk
    with pytest.raises(UserError, match=r"cannot be read, it is damaged .* icp history restore"):
        check_readable(database)


def test_a_missing_warehouse_is_fine(tmp_path: Path) -> None:
    check_readable(tmp_path / "new.duckdb")
