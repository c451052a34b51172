"""The Spark loader: a local session configured by profiles.yml's spark target loads a tiny landed folder into
the database `landed`, then reloads only the file that changed and drops the one removed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from pyspark.sql import SparkSession

from icp_scoring.engines import spark as engine
from icp_scoring.sql import sql_name, sql_string

INTENT_COLUMNS = ("domain", "signal_type", "topic", "occurred_at", "source")


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    """One local session for the module, its warehouse and metastore in a temporary ICP_SPARK_DIR."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ICP_SPARK_DIR", str(tmp_path_factory.mktemp("spark")))
        patch.setenv("ICP_SPARK_CORES", "1")
        session = engine.session()
        yield session
        session.stop()


def write_landed(path: Path, columns: tuple[str, ...], rows: list[tuple[str, ...]], raw_size: str) -> None:
    """A landed file as `icp land` writes it: text columns in file order, the raw file's fingerprint in the
    Parquet key-value metadata."""
    values = ", ".join("(" + ", ".join(sql_string(value) for value in row) + ")" for row in rows)
    names = ", ".join(sql_name(column) for column in columns)
    duckdb.connect().execute(
        f"copy (select * from (values {values}) as rows ({names})) to {sql_string(path)} "
        f"(format parquet, kv_metadata {{raw_size: '{raw_size}', landing_format: '2'}})"
    )


def intent_rows(day: str, count: int) -> list[tuple[str, ...]]:
    return [(f"acme{i}.com", "page_view", "crm", f"{day} 10:00:00", "bombora") for i in range(count)]


def landed_rows(spark: SparkSession, table: str) -> list[tuple[str, int, str]]:
    """(filename, file_row_number, first column) of a landed table's rows, in that order."""
    query = f"select filename, file_row_number, * from landed.{table} order by filename, file_row_number"
    return [(row[0], row[1], row[2]) for row in spark.sql(query).collect()]


def test_landed_files_are_loaded_then_reloaded_by_file(spark: SparkSession, tmp_path: Path) -> None:
    landed = tmp_path / "landed"
    landed.mkdir()
    account_columns = ("account_id", "account_name", "Legal Form")
    write_landed(
        landed / "crm_accounts.parquet", account_columns, [("a2", "Beta", "SA"), ("a1", "Acme", "")], "10"
    )
    write_landed(landed / "intent_signals.parquet", INTENT_COLUMNS, intent_rows("2026-06-01", 3), "20")
    write_landed(
        landed / "intent_signals_2026-06-02.parquet", INTENT_COLUMNS, intent_rows("2026-06-02", 2), "30"
    )

    assert engine.load_landed(landed, spark) == {
        "crm_accounts.parquet": 2,
        "intent_signals.parquet": 3,
        "intent_signals_2026-06-02.parquet": 2,
    }
    assert spark.table("landed.crm_accounts").columns == [*account_columns, "file_row_number", "filename"]
    assert landed_rows(spark, "crm_accounts") == [
        ("crm_accounts.parquet", 0, "a2"),
        ("crm_accounts.parquet", 1, "a1"),
    ]
    assert [row[:2] for row in landed_rows(spark, "intent_signals")] == [
        ("intent_signals.parquet", 0),
        ("intent_signals.parquet", 1),
        ("intent_signals.parquet", 2),
        ("intent_signals_2026-06-02.parquet", 0),
        ("intent_signals_2026-06-02.parquet", 1),
    ]
    metadata = spark.sql("select file_name, key, value from landed.landed_file_metadata").collect()
    assert sorted(tuple(row) for row in metadata) == [
        ("crm_accounts.parquet", "landing_format", "2"),
        ("crm_accounts.parquet", "raw_size", "10"),
        ("intent_signals.parquet", "landing_format", "2"),
        ("intent_signals.parquet", "raw_size", "20"),
        ("intent_signals_2026-06-02.parquet", "landing_format", "2"),
        ("intent_signals_2026-06-02.parquet", "raw_size", "30"),
    ]

    # The day's delivery is landed again with more rows, the accounts extract is removed: only the delivery
    # is loaded, the accounts lose their rows and metadata, the history file is left as it was.
    write_landed(
        landed / "intent_signals_2026-06-02.parquet", INTENT_COLUMNS, intent_rows("2026-06-02", 4), "31"
    )
    (landed / "crm_accounts.parquet").unlink()

    assert engine.load_landed(landed, spark) == {"intent_signals_2026-06-02.parquet": 4}
    assert landed_rows(spark, "crm_accounts") == []
    counts = spark.sql(
        "select filename, count(*), max(file_row_number) from landed.intent_signals group by 1"
    )
    assert sorted(tuple(row) for row in counts.collect()) == [
        ("intent_signals.parquet", 3, 2),
        ("intent_signals_2026-06-02.parquet", 4, 3),
    ]
    recorded = spark.sql("select file_name, value from landed.landed_file_metadata where key = 'raw_size'")
    assert sorted(tuple(row) for row in recorded.collect()) == [
        ("intent_signals.parquet", "20"),
        ("intent_signals_2026-06-02.parquet", "31"),
    ]
    assert engine.load_landed(landed, spark) == {}
