"""The same project on DuckDB, PostgreSQL and Spark gives the same scores: one generated sample with every
class of bad input the landing accepts (unparseable numbers and amounts, bad websites, unknown values, future
events, odd quoting with line breaks in values...) landed once, built on each engine, and the marts compared
row by row, every column but the run's timestamp.

PostgreSQL runs the whole `dbt build` (every model, seed, snapshot, unit and data test); DuckDB, the
reference, its seeds, models and snapshot; Spark (a local session, in dbt's process) the seeds and models the
compared marts are built from (its tests and its other models, history and backtest, would take three more
minutes: they are left out, docs/engines.md). Great Expectations validates the marts of each engine, then
`icp publish --engine` publishes them: the published DuckDB file of each engine must hold DuckDB's published
marts, every column typed alike; on PostgreSQL the views of schema published must read the new release
schema, and a second publication swap them and drop the older release.

The PostgreSQL server is Debian's, started for the test in a temporary folder and stopped after; Spark's
warehouse and metastore are a temporary folder, its Java runtime Debian's (`make test` installs both when
missing: `make postgres`, `make java`).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from icp_scoring import project, publish
from icp_scoring.engines import load_command, postgres
from icp_scoring.engines.marts_parity import (
    COMPARED_MARTS,
    RUN_COLUMNS,
    Rows,
    as_text,
    compare_mart,
    duckdb_marts,
    postgres_marts,
    spark_marts,
)
from icp_scoring.quality import command as validation
from icp_scoring.raw.landing import land_raw_files
from icp_scoring.sample import generate
from icp_scoring.sample.injection import ROW_INJECT_CLASSES
from tests.support import GRID_DIR, MODELS_BUILD, SAMPLE_AS_OF

# The bad input the sample holds: every row-level class but those the landing refuses (a file that is not
# UTF-8, an unbalanced quote), which never reach an engine.
SAMPLE_INJECTIONS = frozenset(ROW_INJECT_CLASSES) - {"bad-encoding", "stray-quotes"}

# A published DuckDB file's marts: each table's (column, type, nullable) triples, and its rows without the
# run columns.
PublishedMarts = dict[str, tuple[list[tuple[str, str, bool]], Rows]]


@dataclass(frozen=True)
class PostgresRelease:
    """What PostgreSQL serves after a publication: its release schemas, and the schemas and names of what the
    views of schema published read."""

    release_schemas: list[str]
    view_sources: set[str]
    views: set[str]


@dataclass
class EngineBuilds:
    """The sample built on each engine: the compared marts of DuckDB and of each other engine, each engine's
    published marts, PostgreSQL's releases after each of its two publications, and what failed."""

    duck_marts: dict[str, tuple[list[str], Rows]] = field(default_factory=dict)
    other_marts: dict[str, dict[str, Rows]] = field(default_factory=dict)
    published: dict[str, PublishedMarts] = field(default_factory=dict)
    postgres_releases: list[PostgresRelease] = field(default_factory=list)
    postgres_refusal: str = ""
    failures: list[str] = field(default_factory=list)


OTHER_ENGINES = ["postgres", "spark"]


def published_marts(database: Path) -> PublishedMarts:
    """Every mart of a published DuckDB file (not its publication table)."""
    connection = duckdb.connect(str(database), read_only=True)
    marts = {}
    tables = connection.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' and table_name <> ?",
        [publish.PUBLICATION_TABLE],
    ).fetchall()
    for (mart,) in tables:
        columns = connection.execute(
            "select column_name, data_type, is_nullable from duckdb_columns() where schema_name = 'marts' "
            "and table_name = ? order by column_index",
            [mart],
        ).fetchall()
        compared = ", ".join(name for name, _, _ in columns if name not in RUN_COLUMNS)
        rows = connection.execute(f"select {compared} from marts.{mart}").fetchall()
        marts[mart] = (columns, sorted(tuple(as_text(value) for value in row) for row in rows))
    connection.close()
    return marts


def publish_engine(
    engine: str, project_dir: Path, published: Path, environment: dict[str, str], builds: EngineBuilds
) -> None:
    """icp publish --engine of the build in project_dir (its run results and manifest), keeping one release;
    its published marts (none when it failed)."""
    arguments = ["--engine", engine, "--published-dir", str(published), "--keep-releases", "1"]
    run_results = project_dir / "target" / "run_results.json"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        status = publish.main([*arguments, "--run-results", str(run_results)])
    if status:
        builds.failures.append(f"{engine}: icp publish failed (see the captured output)")
    else:
        builds.published[engine] = published_marts(published / publish.DATABASE_NAME)


def refused_publication(environment: dict[str, str], folder: Path) -> str:
    """What icp publish --engine postgres says on a server without marts (after a green build's results)."""
    run_results = folder / "green_run_results.json"
    results = [{"unique_id": "model.icp_scoring.account_scores", "status": "success"}]
    run_results.write_text(json.dumps({"args": {"which": "build"}, "results": results}), encoding="utf-8")
    published = folder / "refused_published"
    arguments = ["--engine", "postgres", "--published-dir", str(published), "--run-results", str(run_results)]
    error = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(error):
        for name, value in environment.items():
            patch.setenv(name, value)
        status = publish.main(arguments)
    return f"exit {status}, {published} {'exists' if published.exists() else 'absent'}: {error.getvalue()}"


def postgres_release(environment: dict[str, str]) -> PostgresRelease:
    import psycopg2

    with (
        psycopg2.connect(**postgres.connection_settings(environment)) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("select nspname from pg_namespace where nspname like 'published\\_%' order by 1")
        schemas = [name for (name,) in cursor.fetchall()]
        cursor.execute(
            "select table_schema, view_name from information_schema.view_table_usage "
            "where view_schema = 'published'"
        )
        usage = cursor.fetchall()
    return PostgresRelease(schemas, {schema for schema, _ in usage}, {view for _, view in usage})


@pytest.fixture(scope="module")
def messy_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 accounts with every class of bad input an engine can meet."""
    raw_dir = tmp_path_factory.mktemp("messy_raw")
    generate(accounts=400, seed=12, as_of=SAMPLE_AS_OF, output_dir=raw_dir, inject=SAMPLE_INJECTIONS)
    return raw_dir


@pytest.fixture(scope="module")
def engine_builds(messy_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> EngineBuilds:
    """The sample built on DuckDB, PostgreSQL and Spark from the same landed files, published from each."""
    folder = tmp_path_factory.mktemp("engines")
    landed = folder / "landed"
    land_raw_files(messy_raw_dir, landed)
    variables = ["--vars", f"{{scoring_date: '{SAMPLE_AS_OF.isoformat()}'}}"]
    builds = EngineBuilds()
    duck_project = project.copy_project(folder / "duckdb_project", grid=GRID_DIR)
    # The reference: DuckDB's models (its unit and data tests run in `make test-dbt`, and on injected
    # samples in test_bad_raw_data_is_accounted_for).
    duck = project.run_dbt(
        [*MODELS_BUILD, *variables],
        project=duck_project,
        ICP_RAW_DIR=messy_raw_dir,
        ICP_LANDED_DIR=landed,
        ICP_DUCKDB_PATH=folder / "warehouse.duckdb",
    )
    if duck.returncode != 0:
        builds.failures.append("DuckDB:\n" + duck.stdout[-3000:])
    builds.duck_marts = duckdb_marts(folder / "warehouse.duckdb")
    duck_environment = {"ICP_DUCKDB_PATH": str(folder / "warehouse.duckdb")}
    publish_engine("duckdb", duck_project, folder / "duckdb_published", duck_environment, builds)
    columns_of = {mart: columns for mart, (columns, _) in builds.duck_marts.items()}
    builds.other_marts["postgres"] = postgres_build(
        messy_raw_dir, landed, folder, variables, columns_of, builds
    )
    if "spark" in OTHER_ENGINES:
        builds.other_marts["spark"] = spark_build(
            messy_raw_dir, landed, folder, variables, columns_of, builds
        )
    return builds


def postgres_build(
    raw_dir: Path, landed: Path, folder: Path, variables: list[str], columns_of: dict, builds: EngineBuilds
) -> dict[str, Rows]:
    """The whole build, Great Expectations and two publications on a throwaway PostgreSQL server; its
    marts."""
    postgres_project = project.copy_project(folder / "postgres_project", grid=GRID_DIR)
    with postgres.local_server() as environment:
        builds.postgres_refusal = refused_publication(environment, folder)
        postgres.load_landed(landed, environment)
        built = project.run_dbt(
            ["build", *variables],
            project=postgres_project,
            ICP_RAW_DIR=raw_dir,
            ICP_LANDED_DIR=landed,
            **environment,
        )
        if built.returncode != 0:
            builds.failures.append("PostgreSQL:\n" + built.stdout[-3000:])
        else:
            # Great Expectations on the PostgreSQL marts, as on DuckDB's before a publication: every row,
            # then a sample of the accounts (its MD5 rule in PostgreSQL's SQL, as above 200,000 accounts).
            with pytest.MonkeyPatch.context() as patch:
                for name, value in environment.items():
                    patch.setenv(name, value)
                docs = ("--data-docs-dir", str(folder / "docs"))
                for sample in ("0", "100"):
                    if validation.main(["marts", "--engine", "postgres", "--sample-accounts", sample, *docs]):
                        builds.failures.append(
                            f"PostgreSQL: Great Expectations failed on the marts with --sample-accounts "
                            f"{sample} (see the captured output)"
                        )
            # Published twice: the second swaps the views onto its release and drops the first's.
            for _ in range(2):
                publish_engine(
                    "postgres", postgres_project, folder / "postgres_published", environment, builds
                )
                builds.postgres_releases.append(postgres_release(environment))
        return postgres_marts(environment, columns_of)


def spark_build(
    raw_dir: Path, landed: Path, folder: Path, variables: list[str], columns_of: dict, builds: EngineBuilds
) -> dict[str, Rows]:
    """The loader (its own process: the metastore admits one at a time), then the seeds and models of the
    compared marts on a local Spark session whose warehouse is a temporary folder, Great Expectations on its
    marts, a publication of them; its marts."""
    spark_project = project.copy_project(folder / "spark_project", grid=GRID_DIR)
    environment = {"ICP_DBT_TARGET": "spark", "ICP_SPARK_DIR": str(folder / "spark")}
    load = ["-m", "icp_scoring.engines.load_command", "--engine", "spark"]
    loaded = subprocess.run(
        [sys.executable, *load, "--raw-dir", str(raw_dir), "--landed-dir", str(landed)],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=False,
    )
    if loaded.returncode != 0:
        builds.failures.append("Spark load:\n" + loaded.stderr[-3000:])
        return {mart: [] for mart in columns_of}
    compared = " ".join(f"+{mart}" for mart in COMPARED_MARTS)
    built = project.run_dbt(
        [*MODELS_BUILD, "--select", compared, *variables],
        project=spark_project,
        ICP_RAW_DIR=raw_dir,
        ICP_LANDED_DIR=landed,
        **environment,
    )
    if built.returncode != 0:
        builds.failures.append("Spark:\n" + built.stdout[-3000:])
        return {mart: [] for mart in columns_of}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ICP_SPARK_DIR", environment["ICP_SPARK_DIR"])
        if validation.main(["marts", "--engine", "spark", "--data-docs-dir", str(folder / "spark_docs")]):
            builds.failures.append("Spark: Great Expectations failed on the marts (see the captured output)")
    publish_engine("spark", spark_project, folder / "spark_published", environment, builds)
    return spark_marts(folder / "spark" / "warehouse", columns_of)


def test_each_engine_builds_the_sample_and_passes_its_checks(engine_builds: EngineBuilds) -> None:
    assert not engine_builds.failures, "\n\n".join(engine_builds.failures)


def assert_same_rows(mart: str, columns: list[str], expected: Rows, actual: Rows, engine: str) -> None:
    """The same rows on DuckDB and engine, or a message showing a few that differ."""
    assert expected, f"marts.{mart} is empty on DuckDB: the comparison would prove nothing"
    comparison = compare_mart(mart, engine, columns, expected, actual)
    assert comparison.equal, comparison.summary() + ":\n" + comparison.examples()


@pytest.mark.parametrize("engine", OTHER_ENGINES)
@pytest.mark.parametrize("mart", sorted(COMPARED_MARTS))
def test_each_engine_gives_duckdbs_marts_row_by_row(
    engine: str, mart: str, engine_builds: EngineBuilds
) -> None:
    columns, expected = engine_builds.duck_marts[mart]
    assert_same_rows(mart, columns, expected, engine_builds.other_marts[engine][mart], engine)


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_each_engine_publishes_duckdbs_marts(engine: str, engine_builds: EngineBuilds) -> None:
    """The published DuckDB file BI tools, exports and the report read holds the marts DuckDB publishes: the
    same tables (on Spark, those of its build: the compared marts), columns, types and rows."""
    reference = engine_builds.published["duckdb"]
    published = engine_builds.published[engine]
    expected_marts = set(reference) if engine == "postgres" else set(COMPARED_MARTS)
    assert set(published) == expected_marts
    for mart in sorted(published):
        (columns, rows), (expected_columns, expected_rows) = published[mart], reference[mart]
        assert columns == expected_columns, f"marts.{mart}: columns differ from DuckDB's publication"
        if expected_rows:  # account_score_movers and backtest_by_grade have no row in this sample
            compared = [name for name, _, _ in columns if name not in RUN_COLUMNS]
            assert_same_rows(mart, compared, expected_rows, rows, f"{engine}'s publication")
        else:
            assert rows == []


def test_postgres_without_marts_is_refused_in_one_sentence(engine_builds: EngineBuilds) -> None:
    refusal = engine_builds.postgres_refusal
    assert refusal.startswith("exit 1, ") and " absent: publish refused: " in refusal, refusal
    assert "has no table in schema marts. Run `dbt build` first." in refusal


def test_postgres_serves_the_new_release_behind_the_published_views(engine_builds: EngineBuilds) -> None:
    first, second = engine_builds.postgres_releases
    published_tables = {*engine_builds.published["postgres"], publish.PUBLICATION_TABLE}
    for release in (first, second):
        assert len(release.release_schemas) == 1, release.release_schemas  # --keep-releases 1
        assert release.view_sources == set(release.release_schemas)
        assert release.views == published_tables
    assert second.release_schemas != first.release_schemas


def test_a_raw_file_changed_after_landing_is_not_loaded(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check dbt's source test makes on DuckDB, made by the loader for the other engines."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for csv_file in small_raw_dir.glob("*.csv"):
        (raw / csv_file.name).write_bytes(csv_file.read_bytes())
    land_raw_files(raw, tmp_path / "landed")
    with (raw / "crm_activities.csv").open("a", encoding="utf-8") as activities:
        activities.write("A-new,2026-06-29,call\n")
    status = load_command.main(["--raw-dir", str(raw), "--landed-dir", str(tmp_path / "landed")])
    assert status == 1
    assert "crm_activities.csv changed after it was landed" in capsys.readouterr().err
