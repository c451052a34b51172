"""The warehouse engines the dbt project runs on, next to the embedded default (DuckDB).

Each engine is a dbt target in profiles.yml (`ICP_DBT_TARGET=postgres`); its connection comes from the
environment, never from the repository. DuckDB reads the landed Parquet files in place; PostgreSQL gets them
loaded first (`icp load-landed`) by COPY into the schema `landed`. Spark is in progress. The guide:
docs/engines.md.
"""
