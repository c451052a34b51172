"""Publishing the marts: only after a green build, swapped in atomically, readers never disturbed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from icp_scoring import publish as publisher
from tests.support import SCORING_BUILD, DbtRunner

SCORES_CHECKSUM_SQL = """
    select count(*), md5(string_agg(
        account_id || '|' || icp_id || '|' || coalesce(cast(icp_score as varchar), '-'), ','
        order by account_id, icp_id
    ))
    from {source}
"""

# A BI reader in its own process: each round opens the published DuckDB file read-only (a fresh connection, or
# one connection held from the start with "held") and reads the Parquet file through the `parquet` symlink,
# then writes what it saw, or the error it got, as a JSON line. Stops at the stop file (or after 10 minutes).
READER_SCRIPT = """
import json, os, sys, time
import duckdb

database, parquet, log_path, stop_path, mode = sys.argv[1:6]
query = sys.argv[6]
config = {"threads": 1}  # a light reader: the builds it runs beside have two cores
held = duckdb.connect(database, read_only=True, config=config) if mode == "held" else None
deadline = time.monotonic() + 600
with open(log_path, "a", encoding="utf-8") as log:
    while time.monotonic() < deadline:
        try:
            if held is not None:
                from_db = held.execute(query.format(source="marts.account_scores")).fetchone()
            else:
                with duckdb.connect(database, read_only=True, config=config) as connection:
                    from_db = connection.execute(query.format(source="marts.account_scores")).fetchone()
            with duckdb.connect(config=config) as connection:
                # The link resolved once per round, as docs/results.md says: DuckDB opens a file more than
                # once per query, so a query through the link at the instant of a swap could fail.
                source = "read_parquet('" + os.path.realpath(parquet) + "')"
                from_parquet = connection.execute(query.format(source=source)).fetchone()
            record = {"db": list(from_db), "parquet": list(from_parquet)}
        except Exception as error:
            record = {"error": repr(error)}
        log.write(json.dumps(record) + "\\n")
        log.flush()
        try:
            open(stop_path).close()
            break
        except FileNotFoundError:
            time.sleep(0.4)  # a round costs ~65 ms of CPU: leave the two cores to dbt
"""


# --- helpers ----------------------------------------------------------------------------------------------


def make_working_db(path: Path, accounts: int = 3, with_marts: bool = True) -> None:
    """A small working warehouse: two marts (and a staging table that must not be published)."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema staging")
        connection.execute("create table staging.stg as select 1 as x")
        if not with_marts:
            return
        connection.execute("create schema marts")
        connection.execute(
            f"""
            create table marts.account_scores (
                account_id varchar not null, icp_id varchar not null, icp_score decimal(5, 2),
                scoring_date date not null, grid_version varchar not null
            );
            insert into marts.account_scores
            select 'acc' || i, 'default', i * 10, date '2026-06-30', 'abc123' from range({accounts}) t(i);
            create table marts.account_score_breakdown as
            select 'acc' || i as account_id, 'default' as icp_id, c as criterion_id
            from range({accounts}) t(i), (values ('industry'), ('crm')) v(c);
            """
        )


def write_run_results(path: Path, statuses: list[str], command: str = "build") -> Path:
    results = [{"unique_id": f"test.icp_scoring.node_{i}", "status": s} for i, s in enumerate(statuses)]
    document = {"metadata": {"invocation_id": "inv-1"}, "args": {"which": command}, "results": results}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def working(tmp_path: Path) -> tuple[Path, Path]:
    """A working warehouse and the run results of its green build."""
    database = tmp_path / "working.duckdb"
    make_working_db(database)
    return database, write_run_results(tmp_path / "run_results.json", ["success", "pass", "pass"])


def run_publish(database: Path, published: Path, run_results: Path, *extra: str) -> int:
    arguments = [
        "--database",
        str(database),
        "--published-dir",
        str(published),
        "--run-results",
        str(run_results),
    ]
    return publisher.main([*arguments, *extra])


def scores_checksum(source: str, connection: duckdb.DuckDBPyConnection) -> list:
    return list(connection.execute(SCORES_CHECKSUM_SQL.format(source=source)).fetchone())


def published_grid_versions(published: Path) -> set[str]:
    with duckdb.connect(str(published / "icp_scores.duckdb"), read_only=True) as connection:
        rows = connection.execute("select distinct grid_version from marts.account_scores").fetchall()
    return {row[0] for row in rows}


def published_checksums(published: Path) -> tuple[list, list]:
    """What a new reader sees now: the DuckDB file and the Parquet file behind the symlink."""
    with duckdb.connect(str(published / "icp_scores.duckdb"), read_only=True) as connection:
        from_db = scores_checksum("marts.account_scores", connection)
    with duckdb.connect() as connection:
        from_parquet = scores_checksum(
            f"read_parquet('{published / 'parquet' / 'account_scores.parquet'}')", connection
        )
    return from_db, from_parquet


def read_log(path: Path) -> list[dict]:
    """The rounds a reader logged so far (a line still being written is left for next time)."""
    if not path.exists():
        return []
    complete = path.read_text(encoding="utf-8").rpartition("\n")[0]
    return [json.loads(line) for line in complete.splitlines() if line.strip()]


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the reader"
        time.sleep(0.05)


def wait_for_more_rounds(log: Path, rounds: int = 2) -> None:
    """Wait until the reader has logged `rounds` more rounds than now."""
    seen = len(read_log(log))
    wait_until(lambda: len(read_log(log)) >= seen + rounds)


def edit_seed(project: Path, file_name: str, old: str, new: str) -> None:
    path = project / "seeds" / "scoring_grid" / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file_name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- refusals ---------------------------------------------------------------------------------------------


def test_refuses_without_run_results(
    working: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, _ = working
    published = tmp_path / "published"
    assert run_publish(database, published, tmp_path / "nope.json") == 1
    error = capsys.readouterr().err
    assert "no dbt run results at" in error and "dbt build" in error
    assert "Nothing was published" in error
    assert not published.exists()


def test_refuses_a_build_with_failures_listing_them(
    working: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, _ = working
    statuses = ["success", "skipped", *["error"] * 2, "pass", *["fail"] * 10, "warn"]
    run_results = write_run_results(tmp_path / "failed.json", statuses)
    published = tmp_path / "published"
    assert run_publish(database, published, run_results) == 1
    error = capsys.readouterr().err
    assert "not green: 14 of its 16 nodes did not succeed or pass" in error
    listed = [line.strip() for line in error.splitlines() if line.startswith("  test.icp_scoring.")]
    assert len(listed) == 10
    assert listed[0] == "test.icp_scoring.node_2: error"  # the causes come before the skipped nodes
    assert "test.icp_scoring.node_1: skipped" not in listed
    assert "... and 4 more" in error
    assert not published.exists()


def test_exposures_reported_as_no_op_do_not_block_publishing(
    working: tuple[Path, Path], tmp_path: Path
) -> None:
    database, run_results = working
    document = json.loads(run_results.read_text(encoding="utf-8"))
    exposure = "exposure.icp_scoring.hubspot_companies_import"
    document["results"].append({"unique_id": exposure, "status": "no-op"})
    run_results.write_text(json.dumps(document), encoding="utf-8")
    assert run_publish(database, tmp_path / "published", run_results) == 0
    # A model reported as no-op was not built: that build is not green.
    document["results"].append({"unique_id": "model.icp_scoring.account_scores", "status": "no-op"})
    run_results.write_text(json.dumps(document), encoding="utf-8")
    assert run_publish(database, tmp_path / "published_again", run_results) == 1


def test_refuses_run_results_of_another_command(
    working: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, _ = working
    run_results = write_run_results(tmp_path / "compile.json", ["success"], command="compile")
    assert run_publish(database, tmp_path / "published", run_results) == 1
    assert "comes from `dbt compile`, not `dbt build`" in capsys.readouterr().err


@pytest.mark.parametrize("state", ["missing", "no_marts_schema", "empty_marts_schema"])
def test_refuses_a_warehouse_without_marts(
    state: str, working: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, run_results = working
    database = tmp_path / "other.duckdb"
    if state != "missing":
        make_working_db(database, with_marts=False)
    if state == "empty_marts_schema":
        with duckdb.connect(str(database)) as connection:
            connection.execute("create schema marts")
    published = tmp_path / "published"
    assert run_publish(database, published, run_results) == 1
    error = capsys.readouterr().err
    expected = "no working warehouse at" if state == "missing" else "has no table in schema marts"
    assert expected in error
    assert not published.exists()


def test_refuses_a_mart_named_like_the_publication_table(
    working: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, run_results = working
    with duckdb.connect(str(database)) as connection:
        connection.execute("create table marts.publication as select 1 as x")
    assert run_publish(database, tmp_path / "published", run_results) == 1
    assert "name is reserved" in capsys.readouterr().err
    assert not (tmp_path / "published").exists()


def test_a_refusal_leaves_the_last_publication_untouched(working: tuple[Path, Path], tmp_path: Path) -> None:
    database, run_results = working
    published = tmp_path / "published"
    assert run_publish(database, published, run_results) == 0
    before = (os.stat(published / "icp_scores.duckdb").st_ino, os.readlink(published / "parquet"))
    failed = write_run_results(tmp_path / "failed.json", ["success", "fail"])
    assert run_publish(database, published, failed) == 1
    assert (os.stat(published / "icp_scores.duckdb").st_ino, os.readlink(published / "parquet")) == before
    assert sorted(path.name for path in published.iterdir()) == [
        ".publish.lock",
        "icp_scores.duckdb",
        "parquet",
        "releases",
    ]


def test_refuses_when_parquet_is_a_real_folder(
    working: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, run_results = working
    published = tmp_path / "published"
    (published / "parquet").mkdir(parents=True)
    assert run_publish(database, published, run_results) == 1
    assert "is not a symlink" in capsys.readouterr().err
    assert sorted(path.name for path in published.iterdir()) == ["parquet"]


# --- publishing -------------------------------------------------------------------------------------------


def test_publishes_the_marts_as_duckdb_and_parquet(
    working: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, run_results = working
    published = tmp_path / "published"
    assert run_publish(database, published, run_results) == 0
    with duckdb.connect(str(published / "icp_scores.duckdb"), read_only=True) as connection:
        tables = connection.execute(
            "select schema_name, table_name, estimated_size from duckdb_tables() order by all"
        ).fetchall()
        counts = {
            table: connection.execute(f"select count(*) from marts.{table}").fetchone()[0]
            for table in ("account_scores", "account_score_breakdown")
        }
        publication = connection.execute(
            "select published_at, scoring_dates, grid_versions, dbt_invocation_id, storage_version,"
            " account_scores_rows, account_score_breakdown_rows from marts.publication"
        ).fetchall()
        storage = connection.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = 'icp_scores'"
        ).fetchone()[0]
        not_null = connection.execute(
            "select column_name from duckdb_columns() where table_name = 'account_scores' and not is_nullable"
        ).fetchall()
    assert [(schema, table) for schema, table, _ in tables] == [
        ("marts", "account_score_breakdown"),
        ("marts", "account_scores"),
        ("marts", "publication"),
    ]
    assert counts == {"account_scores": 3, "account_score_breakdown": 6}
    assert len(publication) == 1
    assert publication[0][1:] == ("2026-06-30", "default=abc123", "inv-1", "v1.0.0", 3, 6)
    assert storage == "v1.0.0+"  # the format DuckDB 0.10 and every 1.x can open
    assert {row[0] for row in not_null} == {"account_id", "icp_id", "scoring_date", "grid_version"}

    link = published / "parquet"
    assert link.is_symlink()
    assert os.readlink(link).startswith("releases/")  # relative: the folder can be moved or mounted elsewhere
    assert sorted(path.name for path in link.iterdir()) == [
        "account_score_breakdown.parquet",
        "account_scores.parquet",
        "publication.parquet",
    ]
    with duckdb.connect() as connection:
        for table, rows in counts.items():
            assert connection.execute(f"select count(*) from '{link / table}.parquet'").fetchone()[0] == rows
    assert not [path for path in published.rglob(".*") if path.name != ".publish.lock"]  # no temporary files

    output = capsys.readouterr().out
    assert str(published / "icp_scores.duckdb") in output
    assert str(link) in output
    assert "marts.account_scores" in output and "3 rows" in output
    assert "marts.account_score_breakdown" in output and "6 rows" in output


def test_keeps_the_newest_releases_only(working: tuple[Path, Path], tmp_path: Path) -> None:
    database, run_results = working
    published = tmp_path / "published"
    for _ in range(5):
        assert run_publish(database, published, run_results, "--keep-releases", "2") == 0
    releases = sorted(path.name for path in (published / "releases").iterdir())
    assert len(releases) == 2
    assert os.readlink(published / "parquet") == f"releases/{releases[-1]}"


def test_pruning_never_deletes_the_release_the_link_points_to(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    names = ["20260101T000000.000001Z", "20260102T000000.000001Z", "20260103T000000.000001Z"]
    for name in names:
        (releases / name).mkdir(parents=True)
    (releases / ".20260104T000000.000001Z.tmp").mkdir()  # left by an interrupted publish
    link = tmp_path / "parquet"
    publisher.point_link(link, releases / names[0])  # rolled back to the oldest release by hand
    pruned = publisher.prune_releases(releases, 1, link)
    assert [path.name for path in pruned] == [names[1]]
    assert sorted(path.name for path in releases.iterdir()) == [names[0], names[2]]


def test_swapping_the_parquet_link_is_atomic(tmp_path: Path) -> None:
    """A separate process reading parquet/account_scores.parquet in a loop never misses during swaps."""
    releases = [tmp_path / "releases" / name for name in ("a", "b")]
    for release in releases:
        release.mkdir(parents=True)
        (release / "account_scores.parquet").write_text(release.name, encoding="utf-8")
    link = tmp_path / "parquet"
    publisher.point_link(link, releases[0])
    stop = tmp_path / "stop"
    checker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import json, os, sys\n"
            "seen, errors = {}, 0\n"
            "print('ready', flush=True)\n"
            "while not os.path.exists(sys.argv[2]):\n"
            "    try:\n"
            "        with open(sys.argv[1], encoding='utf-8') as f: text = f.read()\n"
            "        seen[text] = seen.get(text, 0) + 1\n"
            "    except OSError:\n"
            "        errors += 1\n"
            "print(json.dumps({'seen': seen, 'errors': errors}))\n",
            str(link / "account_scores.parquet"),
            str(stop),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert checker.stdout is not None
        assert checker.stdout.readline() == "ready\n"
        for swap in range(2000):
            publisher.point_link(link, releases[swap % 2])
    finally:
        stop.touch()
        output, _ = checker.communicate(timeout=30)
    report = json.loads(output)
    assert report["errors"] == 0
    assert set(report["seen"]) == {"a", "b"}
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_defaults_come_from_the_environment(
    working: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, run_results = working
    (tmp_path / "target").mkdir()
    run_results.rename(tmp_path / "target" / "run_results.json")
    monkeypatch.setenv("ICP_DUCKDB_PATH", str(database))
    monkeypatch.setenv("ICP_PUBLISHED_DIR", str(tmp_path / "from_env"))
    # dbt's target folder, where `icp build` leaves the run results: the project's target/ or DBT_TARGET_PATH.
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    assert publisher.main([]) == 0
    assert (tmp_path / "from_env" / "icp_scores.duckdb").is_file()


def test_help_explains_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        publisher.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--database", "--published-dir", "--run-results", "--keep-releases"):
        assert option in text


def test_keep_releases_must_be_positive(working: tuple[Path, Path], tmp_path: Path) -> None:
    database, run_results = working
    with pytest.raises(SystemExit) as exit_info:
        run_publish(database, tmp_path / "published", run_results, "--keep-releases", "0")
    assert exit_info.value.code == 2


# --- end to end: a real build, a broken one, a changed one, and readers throughout --------------------------


def test_readers_keep_the_last_good_scores_until_a_green_build_is_published(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    run_results = project_copy / "target" / "run_results.json"
    published = tmp_path / "published"
    database = published / "icp_scores.duckdb"

    finished = run_dbt(project_copy, small_raw_dir, *SCORING_BUILD)
    assert finished.returncode == 0, finished.stdout[-4000:]
    started = time.monotonic()
    assert run_publish(warehouse, published, run_results) == 0
    publish_seconds = time.monotonic() - started
    good = published_checksums(published)
    good_grid_versions = published_grid_versions(published)
    assert good[0] == good[1] and good[0][0] == 400

    script = tmp_path / "reader.py"
    script.write_text(READER_SCRIPT, encoding="utf-8")
    stop = tmp_path / "stop"
    logs = {mode: tmp_path / f"reader_{mode}.jsonl" for mode in ("fresh", "held")}
    readers = [
        subprocess.Popen(
            [
                sys.executable,
                str(script),
                str(database),
                str(published / "parquet" / "account_scores.parquet"),
                str(log),
                str(stop),
                mode,
                SCORES_CHECKSUM_SQL,
            ]
        )
        for mode, log in logs.items()
    ]
    try:
        for log in logs.values():
            wait_for_more_rounds(log)

        # A broken grid: the build fails and nothing is published; readers keep the last good scores.
        criteria = project_copy / "seeds" / "scoring_grid" / "icp_criteria.csv"
        good_criteria = criteria.read_text(encoding="utf-8")
        edit_seed(
            project_copy,
            "icp_criteria.csv",
            "default,industry,firmographic,industry,25,",
            "default,industry,firmographic,industry,30,",
        )
        finished = run_dbt(project_copy, small_raw_dir, *SCORING_BUILD)
        assert finished.returncode != 0
        assert run_publish(warehouse, published, run_results) == 1
        for log in logs.values():
            wait_for_more_rounds(log)
        assert published_checksums(published) == good

        # The grid restored, then a valid change: 5 points move from industry to company size, in the
        # criteria and in their best value and band (so every criterion can still be earned in full).
        criteria.write_text(good_criteria, encoding="utf-8")
        edit_seed(
            project_copy,
            "icp_criteria.csv",
            "default,industry,firmographic,industry,25,",
            "default,industry,firmographic,industry,20,",
        )
        edit_seed(
            project_copy,
            "icp_criteria.csv",
            "default,company_size,firmographic,employee_count,20,",
            "default,company_size,firmographic,employee_count,25,",
        )
        edit_seed(
            project_copy,
            "icp_criterion_value_points.csv",
            "default,industry,technology,25",
            "default,industry,technology,20",
        )
        edit_seed(
            project_copy,
            "icp_criterion_band_points.csv",
            "default,company_size,50-200,50,201,20",
            "default,company_size,50-200,50,201,25",
        )
        finished = run_dbt(project_copy, small_raw_dir, *SCORING_BUILD)
        assert finished.returncode == 0, finished.stdout[-4000:]
        assert run_publish(warehouse, published, run_results) == 0  # not blocked by the held connection
        new = published_checksums(published)
        assert new[0] == new[1] and new[0][0] == 400 and new[0] != good[0]
        assert published_grid_versions(published) != good_grid_versions  # a grid change is a new version
        wait_until(lambda: read_log(logs["fresh"])[-1].get("db") == new[0])
        for log in logs.values():
            wait_for_more_rounds(log)
    finally:
        stop.touch()
        for reader in readers:
            reader.wait(timeout=30)

    assert all(reader.returncode == 0 for reader in readers)
    for mode, log in logs.items():
        rounds = read_log(log)
        assert [entry for entry in rounds if "error" in entry] == [], mode
        for form in ("db", "parquet"):
            seen = [entry[form] for entry in rounds]
            if mode == "held" and form == "db":
                assert set(map(tuple, seen)) == {tuple(good[0])}  # its open connection keeps its snapshot
                continue
            switch = seen.index(new[0])
            assert switch > 0, (mode, form)
            assert all(value == good[0] for value in seen[:switch]), (mode, form)  # old until the swap
            assert all(value == new[0] for value in seen[switch:]), (mode, form)  # then new, never back
    assert publish_seconds < 30


def test_refuses_a_postgresql_server_it_cannot_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ICP_POSTGRES_HOST", str(tmp_path / "no_server_here"))
    run_results = write_run_results(tmp_path / "run_results.json", ["success"])
    published = tmp_path / "published"
    assert run_publish(tmp_path / "unused.duckdb", published, run_results, "--engine", "postgres") == 1
    error = capsys.readouterr().err
    assert "publish refused: cannot reach PostgreSQL at " in error
    assert "Traceback" not in error
    assert not published.exists()
