"""The same project on DuckDB, PostgreSQL and Spark gives the same scores: one generated sample with every
class of bad input the landing accepts (unparseable numbers and amounts, bad websites, unknown values, future
events, odd quoting with line breaks in values...) landed once, built on each engine, and the marts compared
row by row, every column but the run's timestamp.

PostgreSQL runs the whole `dbt build` (every model, seed, snapshot, unit and data test); DuckDB, the
reference, its seeds, models and snapshot; Spark (a local session, in dbt's process) the seeds and models the
compared marts are built from. Spark's tests and its other models (history, backtest) take three more minutes
there and are run by hand (docs/engines.md). Great Expectations validates the marts of each engine.

The PostgreSQL server is Debian's, started for the test in a temporary folder and stopped after (`make test`
installs it when missing: `make postgres`); Spark's warehouse and metastore are a temporary folder, its Java
runtime Debian's (`make java`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from icp_scoring import project
from icp_scoring.engines import load_command, postgres
from icp_scoring.engines.marts_parity import (
    COMPARED_MARTS,
    Rows,
    compare_mart,
    duckdb_marts,
    postgres_marts,
    spark_marts,
)
from icp_scoring.quality import validate
from icp_scoring.raw.landing import land_raw_files
from icp_scoring.sample import generate
from icp_scoring.sample.injection import ROW_INJECT_CLASSES
from tests.support import GRID_DIR, SAMPLE_AS_OF

# The bad input the sample holds: every row-level class but those the landing refuses (a file that is not
# UTF-8, an unbalanced quote), which never reach an engine.
SAMPLE_INJECTIONS = frozenset(ROW_INJECT_CLASSES) - {"bad-encoding", "stray-quotes"}

# Spark's part (about two minutes of a local session) runs with `make test-spark` (ICP_TEST_SPARK=1): `make
# test` leaves it out to keep CI under twenty minutes.
OTHER_ENGINES = ["postgres", "spark"] if os.environ.get("ICP_TEST_SPARK") else ["postgres"]


@pytest.fixture(scope="module")
def messy_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 accounts with every class of bad input an engine can meet."""
    raw_dir = tmp_path_factory.mktemp("messy_raw")
    generate(accounts=400, seed=12, as_of=SAMPLE_AS_OF, output_dir=raw_dir, inject=SAMPLE_INJECTIONS)
    return raw_dir


@pytest.fixture(scope="module")
def engine_builds(
    messy_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, tuple[list[str], Rows]], dict[str, dict[str, Rows]], list[str]]:
    """The sample built on DuckDB, PostgreSQL and Spark from the same landed files; the marts of DuckDB, those
    of each other engine, and the end of each build's output when one failed."""
    folder = tmp_path_factory.mktemp("engines")
    landed = folder / "landed"
    land_raw_files(messy_raw_dir, landed)
    variables = ["--vars", f"{{scoring_date: '{SAMPLE_AS_OF.isoformat()}'}}"]
    failures = []
    duck_project = project.copy_project(folder / "duckdb_project", grid=GRID_DIR)
    # The reference: DuckDB's models (its unit and data tests run in `make test-dbt`, and on injected
    # samples in test_bad_raw_data_is_accounted_for).
    duck = project.run_dbt(
        ["build", "--exclude-resource-type", "test", "unit_test", *variables],
        project=duck_project,
        ICP_RAW_DIR=messy_raw_dir,
        ICP_LANDED_DIR=landed,
        ICP_DUCKDB_PATH=folder / "warehouse.duckdb",
    )
    if duck.returncode != 0:
        failures.append("DuckDB:\n" + duck.stdout[-3000:])
    duck_marts = duckdb_marts(folder / "warehouse.duckdb")
    columns_of = {mart: columns for mart, (columns, _) in duck_marts.items()}
    other_marts = {"postgres": postgres_build(messy_raw_dir, landed, folder, variables, columns_of, failures)}
    if "spark" in OTHER_ENGINES:
        other_marts["spark"] = spark_build(messy_raw_dir, landed, folder, variables, columns_of, failures)
    return duck_marts, other_marts, failures


def postgres_build(
    raw_dir: Path, landed: Path, folder: Path, variables: list[str], columns_of: dict, failures: list[str]
) -> dict[str, Rows]:
    """The whole build and Great Expectations on a throwaway PostgreSQL server; its marts."""
    postgres_project = project.copy_project(folder / "postgres_project", grid=GRID_DIR)
    with postgres.local_server() as environment:
        postgres.load_landed(landed, environment)
        built = project.run_dbt(
            ["build", *variables],
            project=postgres_project,
            ICP_RAW_DIR=raw_dir,
            ICP_LANDED_DIR=landed,
            **environment,
        )
        if built.returncode != 0:
            failures.append("PostgreSQL:\n" + built.stdout[-3000:])
        else:
            # Great Expectations on the PostgreSQL marts, as on DuckDB's before a publication.
            with pytest.MonkeyPatch.context() as patch:
                for name, value in environment.items():
                    patch.setenv(name, value)
                if validate.main(["marts", "--engine", "postgres", "--data-docs-dir", str(folder / "docs")]):
                    failures.append(
                        "PostgreSQL: Great Expectations failed on the marts (see the captured output)"
                    )
        return postgres_marts(environment, columns_of)


def spark_build(
    raw_dir: Path, landed: Path, folder: Path, variables: list[str], columns_of: dict, failures: list[str]
) -> dict[str, Rows]:
    """The loader (its own process: the metastore admits one at a time), then the seeds and models of the
    compared marts on a local Spark session whose warehouse is a temporary folder, Great Expectations on its
    marts; its marts."""
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
        failures.append("Spark load:\n" + loaded.stderr[-3000:])
        return {mart: [] for mart in columns_of}
    compared = " ".join(f"+{mart}" for mart in COMPARED_MARTS)
    built = project.run_dbt(
        ["build", "--select", compared, "--exclude-resource-type", "test", "unit_test", *variables],
        project=spark_project,
        ICP_RAW_DIR=raw_dir,
        ICP_LANDED_DIR=landed,
        **environment,
    )
    if built.returncode != 0:
        failures.append("Spark:\n" + built.stdout[-3000:])
        return {mart: [] for mart in columns_of}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ICP_SPARK_DIR", environment["ICP_SPARK_DIR"])
        if validate.main(["marts", "--engine", "spark", "--data-docs-dir", str(folder / "spark_docs")]):
            failures.append("Spark: Great Expectations failed on the marts (see the captured output)")
    return spark_marts(folder / "spark" / "warehouse", columns_of)


def test_each_engine_builds_the_sample_and_passes_its_checks(engine_builds: tuple) -> None:
    _, _, failures = engine_builds
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("engine", OTHER_ENGINES)
@pytest.mark.parametrize("mart", sorted(COMPARED_MARTS))
def test_each_engine_gives_duckdbs_marts_row_by_row(engine: str, mart: str, engine_builds: tuple) -> None:
    duck_marts, other_marts, _ = engine_builds
    columns, expected = duck_marts[mart]
    assert expected, f"marts.{mart} is empty on DuckDB: the comparison would prove nothing"
    comparison = compare_mart(mart, engine, columns, expected, other_marts[engine][mart])
    assert comparison.equal, comparison.summary() + ":\n" + comparison.examples()


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
