"""The warehouse engines the dbt project runs on, next to the embedded default (DuckDB).

Each engine is a dbt target in profiles.yml (`ICP_DBT_TARGET=postgres` or `spark`); its connection comes from
the environment, never from the repository. DuckDB reads the landed Parquet files in place; the other engines
get them loaded first (`icp load-landed`): PostgreSQL by COPY into the schema `landed`, Spark as Parquet
tables of the same schema. Their guide: docs/engines.md.
"""
