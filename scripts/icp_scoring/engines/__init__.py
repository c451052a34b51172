"""The warehouse engines the dbt project runs on, next to the embedded default (DuckDB).

Each engine is a dbt target in profiles.yml (`ICP_DBT_TARGET=postgres` or `spark`); its connection comes from
the environment, never from the repository. DuckDB reads the landed Parquet files in place; `icp load-landed`
loads them first into PostgreSQL's schema `landed` (COPY) or Spark's database `landed` (Parquet tables
partitioned by file), only the files that changed. The guide: docs/engines.md.
"""
