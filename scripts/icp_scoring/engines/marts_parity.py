"""The marts another engine built, compared row by row with DuckDB's: the five marts people read, every column
but the run's timestamp, each value as text (a decimal keeps its scale: 25.00), rows in any order.

Used by the engine parity test (scripts/tests/engines/test_engine_parity.py) and by `icp benchmark --engines`,
so both hold an engine to the same comparison.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from icp_scoring.engines import postgres, spark

# The marts compared, each with the columns that make a row's key (for the message when they differ).
COMPARED_MARTS = {
    "account_scores": ("account_id", "icp_id"),
    "account_score_breakdown": ("account_id", "icp_id", "criterion_id"),
    "account_persona_seats": ("account_id", "icp_id", "persona_id"),
    "data_quality_summary": ("source_table", "check_level", "check_name", "check_status"),
    "unmapped_values": None,
}
# Columns that differ between two builds by design: when each ran.
RUN_COLUMNS = {"scored_at"}

Rows = list[tuple[str | None, ...]]


def as_text(value: object) -> str | None:
    """A value as every engine's driver gives it, compared as text (a Decimal keeps its scale: 25.00)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def duckdb_marts(warehouse: Path) -> dict[str, tuple[list[str], Rows]]:
    """The compared marts of a DuckDB warehouse: per mart, its compared columns and its rows, sorted."""
    marts = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for mart in COMPARED_MARTS:
            columns = [
                name
                for (name,) in connection.execute(
                    "select column_name from duckdb_columns() where schema_name = 'marts' "
                    "and table_name = ? order by column_index",
                    [mart],
                ).fetchall()
                if name not in RUN_COLUMNS
            ]
            rows = connection.execute(f"select {', '.join(columns)} from marts.{mart}").fetchall()
            marts[mart] = (columns, sorted(tuple(as_text(value) for value in row) for row in rows))
    return marts


def spark_marts(warehouse: Path, columns_of: dict[str, list[str]]) -> dict[str, Rows]:
    """The marts a local Spark wrote (Parquet tables under its warehouse folder), read by DuckDB through the
    views validate and publish read them by (a partitioned mart's partition column included)."""
    marts = {}
    with duckdb.connect() as connection:
        spark.create_table_views(connection, warehouse)
        for mart, columns in columns_of.items():
            rows = connection.execute(f"select {', '.join(columns)} from marts.{mart}").fetchall()
            marts[mart] = sorted(tuple(as_text(value) for value in row) for row in rows)
    return marts


def postgres_marts(environment: dict[str, str], columns_of: dict[str, list[str]]) -> dict[str, Rows]:
    """The marts of the PostgreSQL database the ICP_POSTGRES_* variables of ``environment`` reach."""
    import psycopg2  # installed with dbt-postgres

    marts = {}
    with (
        psycopg2.connect(**postgres.connection_settings(environment)) as connection,
        connection.cursor() as cursor,
    ):
        for mart, columns in columns_of.items():
            cursor.execute(f"select {', '.join(columns)} from marts.{mart}")
            marts[mart] = sorted(tuple(as_text(value) for value in row) for row in cursor.fetchall())
    return marts


@dataclass(frozen=True)
class MartComparison:
    """One mart on DuckDB and on another engine: the rows each holds that the other lacks."""

    mart: str
    engine: str
    columns: list[str]
    duckdb_rows: int
    engine_rows: int
    only_duckdb: Rows
    only_engine: Rows

    @property
    def equal(self) -> bool:
        return self.duckdb_rows == self.engine_rows and not self.only_duckdb and not self.only_engine

    def summary(self) -> str:
        return (
            f"marts.{self.mart}: {self.duckdb_rows:,} rows on DuckDB, {self.engine_rows:,} on {self.engine}; "
            f"{len(self.only_duckdb):,} only on DuckDB, {len(self.only_engine):,} only on {self.engine}"
        )

    def examples(self, count: int = 3) -> str:
        """Up to ``count`` rows found on one side only, per side, one per line with their column names."""
        return "\n".join(
            [f"  DuckDB {dict(zip(self.columns, row, strict=True))}" for row in self.only_duckdb[:count]]
            + [
                f"  {self.engine} {dict(zip(self.columns, row, strict=True))}"
                for row in self.only_engine[:count]
            ]
        )


def compare_mart(mart: str, engine: str, columns: list[str], expected: Rows, actual: Rows) -> MartComparison:
    """Compare a mart's rows on another engine (``actual``) with DuckDB's (``expected``)."""
    return MartComparison(
        mart,
        engine,
        columns,
        len(expected),
        len(actual),
        sorted(set(expected) - set(actual)),
        sorted(set(actual) - set(expected)),
    )
