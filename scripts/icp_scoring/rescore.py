"""Re-score after a grid edit without re-staging: rebuild and retest only what the edit changed.

    icp rescore [--raw-dir data/raw] [--landed-dir data/landed] [--database data/warehouse/icp_scoring.duckdb]

A green `icp build` on DuckDB keeps, next to its warehouse (`<warehouse>.last_build/`), the manifest dbt wrote
and its scoring date. `icp rescore` then runs `dbt build --select state:modified+` against that manifest:
dbt compares every seed, model, macro and test with the last build's and rebuilds what changed and everything
downstream of it, with their tests, as of the same scoring date; the staged and matched data already in the
warehouse are read as they are (an edit of one grid file rebuilds the scoring models, not the staging of the
raw files). The marts are then those a full build with the edited grid gives (the equality test:
scripts/tests/dbt_project/test_rescore.py). A green rescore becomes the state the next one compares with; a
failed one (a typo in the grid: the seed tests fail) leaves the last green state, so the next rescore rebuilds
all of it again. New raw files need `icp build`: a rescore never re-lands them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import duckdb

from icp_scoring import console, settings
from icp_scoring.build import add_build_paths, seeds_refused
from icp_scoring.project import (
    WITHOUT_UNIT_TESTS,
    DbtError,
    dbt_build_failure,
    run_dbt,
    scoring_date_environment,
)
from icp_scoring.sql import sql_string
from icp_scoring.warehouse import STATE_FILE, check_readable, exclusive_run, save_build_state, state_dir

COMMAND = "icp rescore"
# What a rescore rebuilds: what changed since the last green build and everything downstream of it.
CHANGED = "state:modified+"


def recorded_build_date(database: Path) -> dt.date | None:
    """The scoring date of the warehouse's last green build, None when none is recorded (or it is gone)."""
    try:
        return last_build_date(database)
    except console.UserError:
        return None


def last_build_date(database: Path) -> dt.date:
    """The scoring date of the warehouse's last green build, or a sentence saying to build first."""
    state = state_dir(database)
    try:
        recorded = json.loads((state / STATE_FILE).read_text(encoding="utf-8"))
        scoring_date = dt.date.fromisoformat(recorded["scoring_date"])
    except (OSError, ValueError, KeyError, TypeError):
        raise console.UserError(
            f"no green build of {database} is recorded (in {state}). Run `icp build` (or `make build`) "
            "first: a rescore rebuilds what changed since a green build."
        ) from None
    if not (state / "manifest.json").is_file():
        raise console.UserError(f"{state} has no manifest.json: run `icp build` first.")
    if not database.is_file():
        raise console.UserError(
            f"the warehouse {database} of the last green build is gone: run `icp build` (or `make build`)."
        )
    return scoring_date


# Each account's grade and tier per ICP, read before and after a rescore (an unscored account: "unscored").
GRADES = (
    "select icp_id, account_id, coalesce(icp_grade, 'unscored') as grade, icp_tier "
    "from working.marts.account_scores"
)


def read_grades(memory: duckdb.DuckDBPyConnection, database: Path, table: str) -> bool:
    """Copy the warehouse's grades into table of the in-memory database (the warehouse is not kept open: dbt
    writes it); False when it has no scores yet."""
    try:
        memory.execute(f"attach {sql_string(database)} as working (read_only)")
    except duckdb.Error:
        return False
    try:
        memory.execute(f"create or replace table {table} as {GRADES}")
    except duckdb.Error:
        return False
    finally:
        memory.execute("detach working")
    return True


def grade_changes(memory: duckdb.DuckDBPyConnection) -> list[str]:
    """Per ICP, the accounts per grade before -> after, and how many accounts changed grade and tier."""
    mix = memory.execute(
        """
        select icp_id, grade, count(*) filter (where side = 'before'), count(*) filter (where side = 'after')
        from (
            select 'before' as side, * from before_rescore
            union all
            select 'after' as side, * from after_rescore
        )
        group by icp_id, grade
        order by icp_id, grade
        """
    ).fetchall()
    moved = {
        icp_id: (grades, tiers)
        for icp_id, grades, tiers in memory.execute(
            """
            select
                icp_id,
                count(*) filter (where b.grade is distinct from a.grade),
                count(*) filter (where b.icp_tier is distinct from a.icp_tier)
            from before_rescore as b
            full join after_rescore as a using (icp_id, account_id)
            group by icp_id
            """
        ).fetchall()
    }
    lines = []
    for icp_id in sorted(moved):
        counts = ", ".join(
            f"{grade} {before:,} -> {after:,}" for icp, grade, before, after in mix if icp == icp_id
        )
        grades, tiers = moved[icp_id]
        lines.append(f"{icp_id}: {counts}; {grades:,} accounts changed grade, {tiers:,} changed tier")
    return lines


def rebuilt_nodes(project: Path) -> int:
    """How many nodes the rescore ran (from its run_results.json; 0 when unreadable)."""
    try:
        run_results = json.loads((settings.dbt_target_dir(project) / "run_results.json").read_text("utf-8"))
        return len(run_results["results"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def rescore_arguments(database: Path, selection: str = CHANGED) -> list[str]:
    """dbt build of the selection among what changed since the last green build of database (its recorded
    state), without the unit tests; run it as of that build's date (last_build_date)."""
    state = state_dir(database).resolve()
    return [
        "build",
        *("--select", selection, "--state", str(state)),
        *WITHOUT_UNIT_TESTS,
    ]


def rescore(
    database: Path,
    raw_dir: Path,
    landed_dir: Path,
    project: Path = settings.PROJECT_DIR,
    capture: bool = False,
) -> int:
    """dbt build of what changed since the warehouse's last green build and everything downstream, as of its
    scoring date; the new state is kept when it is green, and the grade changes are printed. Returns dbt's
    exit status. capture: dbt's output is kept from the terminal (and raised on failure)."""
    scoring_date = last_build_date(database)
    if seeds_refused(COMMAND, project / "seeds"):
        return 1
    check_readable(database)
    (settings.dbt_target_dir(project) / "run_results.json").unlink(missing_ok=True)
    memory = duckdb.connect()
    had_scores = read_grades(memory, database, "before_rescore")
    finished = run_dbt(
        rescore_arguments(database),
        project=project,
        capture=capture,
        ICP_RAW_DIR=raw_dir,
        ICP_LANDED_DIR=landed_dir,
        ICP_DUCKDB_PATH=database,
        **scoring_date_environment(scoring_date),
    )
    if finished.returncode != 0:
        if capture:
            raise DbtError(dbt_build_failure(finished))
        console.error(
            COMMAND,
            "the rescore failed (see dbt's messages above); the warehouse's last green state is kept, so the "
            "next rescore, once the grid is fixed, rebuilds all of it again.",
        )
        return finished.returncode
    nodes = rebuilt_nodes(project)
    save_build_state(project, database, scoring_date)
    if nodes:
        console.progress(COMMAND, f"rebuilt and tested {nodes} nodes as of {scoring_date}")
        if had_scores and read_grades(memory, database, "after_rescore"):
            for line in grade_changes(memory):
                console.progress(COMMAND, line)
        console.progress(COMMAND, "`icp publish` publishes them")
    else:
        console.progress(COMMAND, f"nothing changed since the last green build of {database}")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="After an edit of the grid's seed CSVs (or of a model), rebuild and retest only what the "
        "edit changed and what depends on it, from the data already staged in the working warehouse, as of "
        "the scoring date of its last green `icp build` (dbt build --select state:modified+). Then `icp "
        "publish` as after a build. New raw files need `icp build`.",
        epilog="Exit status: 0 done; 1 no green build yet, a seed file dbt would misread or a failed dbt "
        "build; 2 bad arguments.",
    )
    add_build_paths(
        parser, "where the last build landed them", "the working DuckDB warehouse of the last build"
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=settings.PROJECT_DIR,
        help="the dbt project whose grid was edited (default: %(default)s); a copy of it rescores a "
        "warehouse of its own without touching the live grid (the benchmark times its edit so)",
    )
    args = parser.parse_args(argv)
    if not (args.project / "dbt_project.yml").is_file():
        parser.error(f"--project {args.project} holds no dbt_project.yml")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with exclusive_run(args.database):
        return rescore(args.database, args.raw_dir, args.landed_dir, args.project.resolve())
