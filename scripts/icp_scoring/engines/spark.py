"""The Spark engine: load the landed files into the database `landed` of a local Spark session's metastore.

The session is the one dbt's `spark` target opens (profiles.yml, method `session`): the same Spark settings,
read from that target and rendered with this process's environment, so both processes share one warehouse
folder and one Hive metastore under ICP_SPARK_DIR (default data/spark):

    ICP_SPARK_DIR                 data/spark   the warehouse (Parquet tables) and the metastore (Derby)
    ICP_SPARK_DRIVER_MEMORY       4g           the JVM's heap
    ICP_SPARK_CORES               *            local[N]: the cores Spark uses
    ICP_SPARK_SHUFFLE_PARTITIONS  2            partitions of a join or an aggregation's output
    ICP_SPARK_SMALL_DATA          false        true: settings for a sample of a few thousand accounts

Each landed table is a Parquet table partitioned by `filename`: one partition per landed file. Loading is
incremental by landed file, as for PostgreSQL: a file whose recorded metadata (the raw CSV's size and time,
the landing format) is already in `landed.landed_file_metadata` is not loaded again; a changed file overwrites
its partition (INSERT OVERWRITE ... PARTITION); a file no longer landed loses its partition. Rows are read by
Spark's own Parquet reader; `file_row_number` is its `_metadata.row_index` (the row's position in its file).

The derby metastore admits one process at a time: load, then run dbt, never both at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from icp_scoring import settings
from icp_scoring.engines.landed_tables import (
    METADATA_TABLE,
    SCHEMA,
    LandedFile,
    load_landed_files,
    table_of,
)
from icp_scoring.sql import sql_name, sql_string

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

PROFILE_NAME = "icp_scoring"
TARGET = "spark"
DEFAULT_SPARK_DIR = "data/spark"


def spark_dir() -> Path:
    """The folder of the local Spark's tables and metastore (ICP_SPARK_DIR, as profiles.yml reads it)."""
    return Path(os.environ.get("ICP_SPARK_DIR") or DEFAULT_SPARK_DIR)


def warehouse_dir() -> Path:
    """Where the local Spark writes its tables: a folder <schema>.db/<table> of Parquet files per table."""
    return spark_dir() / "warehouse"


def table_folder(warehouse: Path, schema: str, table: str) -> Path:
    return warehouse / f"{schema}.db" / table


def parquet_files(folder: Path) -> str:
    """The read_parquet argument of a table's folder: its files, in partition folders when it has some."""
    return sql_string(folder / "**" / "*.parquet")


def create_table_views(
    connection: duckdb.DuckDBPyConnection, warehouse: Path, catalog: str = "memory"
) -> None:
    """A DuckDB view <catalog>.<schema>.<table> over each table the local Spark wrote under warehouse, so
    DuckDB reads Spark's tables without a Spark session. A partition column (`filename`, `scored_at`) is read
    from the folder names (hive partitioning) and comes last; a Spark view, or a partitioned table without any
    row, has no Parquet file and no DuckDB view."""
    folders = sorted(path for path in warehouse.glob("*.db/*") if any(path.rglob("*.parquet")))
    for folder in folders:
        schema = f"{catalog}.{sql_name(folder.parent.name.removesuffix('.db'))}"
        connection.execute(f"create schema if not exists {schema}")
        connection.execute(
            f"create view {schema}.{sql_name(folder.name)} as select * from "
            f"read_parquet({parquet_files(folder)}, hive_partitioning = true)"
        )


def session_parameters() -> dict[str, str]:
    """The Spark settings of profiles.yml's `spark` target as dbt-spark passes them to its session (rendered
    with this process's environment; dbt-spark adds spark.sql.ansi.enabled=false)."""
    from dbt.adapters.spark.connections import SparkCredentials
    from dbt.config.profile import read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt_common.context import set_invocation_context

    set_invocation_context(dict(os.environ))
    target = read_profile(str(settings.PROJECT_DIR))[PROFILE_NAME]["outputs"][TARGET]
    rendered = ProfileRenderer({}).render_data(target)
    credentials = SparkCredentials.from_dict(
        {key: rendered[key] for key in ("method", "host", "schema", "server_side_parameters")}
    )
    return credentials.server_side_parameters


def session() -> SparkSession:
    """The local Spark session of the `spark` target, built as dbt-spark builds it (with Hive support)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for parameter, value in session_parameters().items():
        builder = builder.config(parameter, value)
    return builder.getOrCreate()


def quoted(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"


def literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def load_landed(landed_dir: Path, spark: SparkSession | None = None) -> dict[str, int]:
    """Bring the database `landed` in line with landed_dir; returns the rows loaded per landed file (a file
    already loaded in its current version is not loaded again, and not in the result)."""
    return load_landed_files(landed_dir, SparkLandedSchema(spark or session()))


@dataclass(frozen=True)
class SparkLandedSchema:
    """The database `landed` of a Spark session (landed_tables.LandedSchema): Parquet tables partitioned by
    landed file (the partition column comes last: file_row_number, then filename)."""

    spark: SparkSession

    def create_schema(self) -> None:
        self.spark.sql(f"create database if not exists {SCHEMA}")
        self.spark.sql(
            f"create table if not exists {SCHEMA}.{METADATA_TABLE} "
            "(key string, value string, file_name string) using parquet partitioned by (file_name)"
        )

    def recorded_metadata(self) -> dict[str, tuple[tuple[str, str], ...]]:
        recorded: dict[str, list[tuple[str, str]]] = {}
        query = f"select file_name, key, value from {SCHEMA}.{METADATA_TABLE} order by file_name, key"
        for file_name, key, value in self.spark.sql(query).collect():
            recorded.setdefault(file_name, []).append((key, value))
        return {file_name: tuple(rows) for file_name, rows in recorded.items()}

    def table_columns(self, table: str) -> tuple[str, ...] | None:
        if not self.spark.catalog.tableExists(f"{SCHEMA}.{table}"):
            return None
        return tuple(self.spark.table(f"{SCHEMA}.{quoted(table)}").columns[:-2])

    def create_table(self, table: str, columns: tuple[str, ...]) -> None:
        self.spark.sql(f"drop table if exists {SCHEMA}.{quoted(table)}")
        typed = ", ".join(f"{quoted(column)} string" for column in columns)
        self.spark.sql(
            f"create table {SCHEMA}.{quoted(table)} ({typed}, file_row_number bigint, filename string) "
            "using parquet partitioned by (filename)"
        )

    def drop_partition(self, table: str, column: str, file_name: str) -> None:
        self.spark.sql(
            f"alter table {SCHEMA}.{quoted(table)} drop if exists partition ({column} = {literal(file_name)})"
        )

    def forget_file(self, file_name: str) -> None:
        table = table_of(file_name)
        if table is not None and self.table_columns(table) is not None:
            self.drop_partition(table, "filename", file_name)
        self.drop_partition(METADATA_TABLE, "file_name", file_name)

    def load_file(self, file: LandedFile) -> int:
        """Overwrite the file's partition with its rows (read by Spark; file_row_number is its
        _metadata.row_index), then its metadata's partition."""
        columns = ", ".join(quoted(column) for column in file.columns)
        rows = self.spark.read.parquet(str(file.path.resolve())).selectExpr(
            *(quoted(column) for column in file.columns), "_metadata.row_index as file_row_number"
        )
        rows.createOrReplaceTempView("landed_file_rows")
        partition = f"partition (filename = {literal(file.name)})"
        self.spark.sql(
            f"insert overwrite table {SCHEMA}.{quoted(file.table)} {partition} "
            f"select {columns}, file_row_number from landed_file_rows"
        )
        metadata = self.spark.createDataFrame(list(file.metadata), "key string, value string")
        metadata.createOrReplaceTempView("landed_file_metadata_rows")
        self.spark.sql(
            f"insert overwrite table {SCHEMA}.{METADATA_TABLE} partition (file_name = {literal(file.name)}) "
            "select key, value from landed_file_metadata_rows"
        )
        query = "select num_rows from parquet_file_metadata(?)"
        (count,) = duckdb.connect().execute(query, [str(file.path)]).fetchone()
        return count
