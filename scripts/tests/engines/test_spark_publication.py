"""`icp publish --engine spark` without Spark: a fake warehouse folder holding Parquet tables as a local
Spark writes them (a plain table, a table partitioned by scored_at, a partitioned table without any row),
dbt's manifest and run results beside, published as DuckDB's marts are (the parity test publishes a real
Spark build)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from icp_scoring import publish
from icp_scoring.sql import sql_string

# The contracts of the fake marts, in the manifest's form: the partition column comes first here, last in
# Spark's files; account_score_movers has no row, hence no Parquet file.
CONTRACTS = {
    "account_scores": [("account_id", "varchar", True), ("total_score", "decimal(7, 2)", False)],
    "scoring_run_grade_mix": [
        ("scored_at", "timestamp", False),
        ("grade_label", "varchar", False),
        ("account_count", "bigint", False),
    ],
    "account_score_movers": [("scored_at", "timestamp", False), ("account_id", "varchar", False)],
}


def write_build(target: Path, built: list[str], contracts: dict = CONTRACTS) -> Path:
    """dbt's manifest.json (the marts' contracts) and run_results.json (a green build of `built`)."""
    target.mkdir()
    nodes = {
        f"model.icp_scoring.{table}": {
            "resource_type": "model",
            "schema": "marts",
            "alias": table,
            "columns": {
                name: {"data_type": kind, "constraints": [{"type": "not_null"}] if not_null else []}
                for name, kind, not_null in columns
            },
        }
        for table, columns in contracts.items()
    }
    (target / "manifest.json").write_text(json.dumps({"nodes": nodes}), encoding="utf-8")
    results = [{"unique_id": f"model.icp_scoring.{table}", "status": "success"} for table in built]
    run_results = {
        "args": {"which": "build"},
        "metadata": {"invocation_id": "spark-build"},
        "results": results,
    }
    (target / "run_results.json").write_text(json.dumps(run_results), encoding="utf-8")
    return target / "run_results.json"


@pytest.fixture
def spark_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ICP_SPARK_DIR with the tables of schema marts as Spark lays them out (written here by DuckDB)."""
    marts = tmp_path / "spark" / "warehouse" / "marts.db"
    for folder in (
        "account_scores",
        "scoring_run_grade_mix/scored_at=2026-06-30 08%3A15%3A00.5",
        "account_score_movers",
    ):
        (marts / folder).mkdir(parents=True)
    connection = duckdb.connect()
    connection.execute(
        "copy (select * from (values ('A-1', 81.5), ('A-2', null)) as scores (account_id, total_score)) "
        f"to {sql_string(marts / 'account_scores' / 'part-00000.snappy.parquet')} (format parquet)"
    )
    grade_mix = marts / "scoring_run_grade_mix" / "scored_at=2026-06-30 08%3A15%3A00.5"
    connection.execute(
        "copy (select * from (values ('A', 3), ('B', 5)) as mix (grade_label, account_count)) "
        f"to {sql_string(grade_mix / 'part-00000.snappy.parquet')} (format parquet)"
    )
    monkeypatch.setenv("ICP_SPARK_DIR", str(tmp_path / "spark"))
    return tmp_path / "spark"


def published_columns(database: Path, table: str) -> list[tuple[str, str, bool]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            "select column_name, data_type, is_nullable from duckdb_columns() where schema_name = 'marts' "
            "and table_name = ? order by column_index",
            [table],
        ).fetchall()


def test_spark_tables_are_published_with_their_contracts_types(spark_dir: Path, tmp_path: Path) -> None:
    run_results = write_build(tmp_path / "target", list(CONTRACTS))
    published = tmp_path / "published"
    arguments = ["--engine", "spark", "--published-dir", str(published), "--run-results", str(run_results)]
    assert publish.main(arguments) == 0
    database = published / publish.DATABASE_NAME
    assert published_columns(database, "scoring_run_grade_mix") == [
        ("scored_at", "TIMESTAMP", True),
        ("grade_label", "VARCHAR", True),
        ("account_count", "BIGINT", True),
    ]
    assert published_columns(database, "account_scores") == [
        ("account_id", "VARCHAR", False),
        ("total_score", "DECIMAL(7,2)", True),
    ]
    with duckdb.connect(str(database), read_only=True) as connection:
        grade_mix = connection.execute("select * from marts.scoring_run_grade_mix order by 2").fetchall()
        movers = connection.execute("select count(*) from marts.account_score_movers").fetchone()
        source = connection.execute("select source_database from marts.publication").fetchone()
    scored_at = dt.datetime(2026, 6, 30, 8, 15, 0, 500000)
    assert grade_mix == [(scored_at, "A", 3), (scored_at, "B", 5)]
    assert movers == (0,)
    assert source == (str(spark_dir / "warehouse" / "marts.db"),)
    assert sorted(path.name for path in (published / "parquet").iterdir()) == [
        f"{table}.parquet" for table in sorted([*CONTRACTS, "publication"])
    ]


def test_a_mart_the_build_ran_must_have_its_folder(
    spark_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong ICP_SPARK_DIR, or a mart Spark wrote as a view: refused rather than published without it."""
    contracts = {**CONTRACTS, "grid_changes": [("icp_id", "varchar", False)]}
    run_results = write_build(tmp_path / "target", list(contracts), contracts)
    published = tmp_path / "published"
    arguments = ["--engine", "spark", "--published-dir", str(published), "--run-results", str(run_results)]
    assert publish.main(arguments) == 1
    assert "the build ran marts.grid_changes, but" in capsys.readouterr().err
    assert not published.exists()


def test_the_engine_defaults_to_the_dbt_target(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICP_DBT_TARGET", "spark")
    assert publish.parse_args([]).engine == "spark"
    monkeypatch.setenv("ICP_DBT_TARGET", "dev")
    assert publish.parse_args([]).engine == "duckdb"
