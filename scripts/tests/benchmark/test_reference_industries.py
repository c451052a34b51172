"""The reference query maps industries as the project does: the hand-typed French and English/US lists of
tests/dbt_project/test_industry_lists_map.py (names, NAF, SIC and NAICS codes) land in the same sectors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from icp_scoring.benchmark import reference
from icp_scoring.raw.contract import RAW_CONTRACT
from tests.dbt_project.test_industry_lists_map import ENGLISH, FRENCH, NO_VALUE

# The reference query's CTEs up to its industry map (the next CTE starts with this comment).
END_OF_INDUSTRY_MAP = "-- Free text matches a spelling"


def test_the_reference_maps_the_hand_typed_industry_lists_as_the_project(tmp_path: Path) -> None:
    # And the code forms of the project's unit test: with a system word, before a label, in closing brackets.
    code_forms = {
        "NAF 62.01Z": "technology",
        "62.01Z - Programmation informatique": "technology",
        "Programmation informatique (6201Z)": "technology",
        "Top 500 companies": None,
    }
    expected = {**FRENCH, **ENGLISH, **code_forms, **dict.fromkeys(NO_VALUE)}
    # Landed files as `icp land` writes them: every contract column as text; only the industries matter here.
    for file_name, columns in RAW_CONTRACT.items():
        rows = len(expected) if file_name == "crm_accounts.csv" else 0
        table = {column: pa.array([None] * rows, pa.string()) for column in columns}
        if file_name == "crm_accounts.csv":
            table["industry"] = pa.array(list(expected), pa.string())
        pq.write_table(pa.table(table), tmp_path / f"{Path(file_name).stem}.parquet")
    sql = reference.REFERENCE_SQL.read_text(encoding="utf-8")
    head = sql[: sql.index(END_OF_INDUSTRY_MAP)].rstrip().rstrip(",")
    parameters = reference.reference_parameters(tmp_path, dt.date(2026, 6, 30), reference.SEEDS_DIR)
    used = {
        name: parameters[name] for name in ("landed_dir", "grid_dir", "reference_dir", "industry_code_system")
    }
    with duckdb.connect() as connection:
        mapped = dict(connection.execute(f"{head}\nselect * from industry_map", used).fetchall())
    assert {value: mapped.get(value) for value in expected} == expected
