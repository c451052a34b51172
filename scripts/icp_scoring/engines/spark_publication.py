"""Publish the marts a local Spark built (`icp publish --engine spark`): the Parquet tables of its database
`marts` (ICP_SPARK_DIR/warehouse/marts.db/<table>), read by DuckDB, published as DuckDB's are.

No Spark session is opened (the metastore admits one process at a time, and DuckDB reads Parquet faster than
a session starts). What the Parquet files cannot say comes from the marts' contracts, in dbt's manifest.json
of the build (next to its run_results.json): each column's type and not-null constraint, and the column
order; a partition column (`scored_at` of the history marts) is otherwise read from its folder names, last;
and a partitioned table without any row has no Parquet file at all, so only its contract gives its columns.
Every mart model the build ran must have its folder (a Spark view has none: none of the marts is one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from icp_scoring.engines import spark
from icp_scoring.publish import (
    MARTS_SCHEMA,
    PublicationRow,
    PublishRefusedError,
    checked_mart_names,
    column_definitions,
)
from icp_scoring.sql import sql_name, sql_string

# A mart's contract: its columns in order, each (name, DuckDB type, not null).
Contract = list[tuple[str, str, bool]]


def mart_contracts(manifest_path: Path) -> dict[str, Contract]:
    """The contract of each model of schema marts in dbt's manifest, by table name."""
    try:
        nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"]
    except (OSError, ValueError, KeyError) as error:
        raise PublishRefusedError(
            f"cannot read dbt's manifest {manifest_path} ({error}): the Spark marts' column types come from "
            "it. Run `dbt build` on the spark target, whose target folder holds it next to run_results.json."
        ) from error
    return {
        node["alias"]: [
            (
                name,
                column["data_type"],
                any(constraint.get("type") == "not_null" for constraint in column.get("constraints", [])),
            )
            for name, column in node["columns"].items()
        ]
        for node in nodes.values()
        if node.get("resource_type") == "model" and node.get("schema") == MARTS_SCHEMA
    }


def built_marts(run_results_path: Path, contracts: dict[str, Contract]) -> list[str]:
    """The marts the build of run_results_path ran (checked green before)."""
    results = json.loads(run_results_path.read_text(encoding="utf-8"))["results"]
    model_names = {str(result.get("unique_id", "")).rsplit(".", 1)[-1] for result in results}
    return sorted(table for table in contracts if table in model_names)


@dataclass
class SparkMarts:
    """The Parquet tables of Spark's database marts (icp_scoring.publish.MartsSource)."""

    run_results: Path
    warehouse: Path = field(default_factory=spark.warehouse_dir)

    @property
    def marts_dir(self) -> Path:
        return self.warehouse / f"{MARTS_SCHEMA}.db"

    @property
    def description(self) -> str:
        return str(self.marts_dir)

    def attach(self, connection: duckdb.DuckDBPyConnection, scratch_dir: Path) -> None:
        """A working DuckDB file with each mart's table, typed by its contract, its rows read from Parquet."""
        contracts = mart_contracts(self.run_results.with_name("manifest.json"))
        tables = [path.name for path in self.marts_dir.iterdir()] if self.marts_dir.is_dir() else []
        checked_mart_names(sorted(tables), f"Spark's warehouse {self.warehouse} (ICP_SPARK_DIR)")
        unknown = sorted(set(tables) - set(contracts))
        if unknown:
            raise PublishRefusedError(
                f"{self.marts_dir} holds tables that are no mart of this project ({', '.join(unknown)}): "
                "drop them (`drop table marts.<name>` in Spark) or delete their folders."
            )
        missing = [table for table in built_marts(self.run_results, contracts) if table not in tables]
        if missing:
            raise PublishRefusedError(
                f"the build ran marts.{missing[0]}, but {self.marts_dir} has no folder {missing[0]}: is "
                "ICP_SPARK_DIR the folder that build wrote?"
            )
        connection.execute("attach ':memory:' as spark")
        spark.create_table_views(connection, self.warehouse, catalog="spark")
        readable = {
            name
            for (name,) in connection.execute(
                "select view_name from duckdb_views() where database_name = 'spark' and schema_name = ?",
                [MARTS_SCHEMA],
            ).fetchall()
        }
        connection.execute(f"attach {sql_string(scratch_dir / 'working.duckdb')} as working")
        connection.execute(f"create schema working.{MARTS_SCHEMA}")
        for table in sorted(tables):
            copy_mart(connection, table, contracts[table], has_rows=table in readable)

    def swap(self, publication: PublicationRow) -> None:
        """Nothing to serve in place: BI tools read the published folder (or Spark's own tables)."""

    def prune(self, keep: int) -> list[str]:
        return []

    def close(self) -> None:
        """Nothing to release: the working file goes with the publish's scratch folder."""


def copy_mart(connection: duckdb.DuckDBPyConnection, table: str, contract: Contract, has_rows: bool) -> None:
    """working.marts.<table> as its contract types it, filled from Spark's Parquet files when it has any."""
    target = f"working.{MARTS_SCHEMA}.{sql_name(table)}"
    connection.execute(f"create table {target} ({column_definitions(contract)})")
    if has_rows:
        columns = ", ".join(f"cast({sql_name(name)} as {data_type})" for name, data_type, _ in contract)
        source = f"spark.{MARTS_SCHEMA}.{sql_name(table)}"
        connection.execute(f"insert into {target} select {columns} from {source}")
