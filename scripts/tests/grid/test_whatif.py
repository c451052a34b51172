"""icp whatif: a proposal equal to the live grid but for one value's points gives exactly the grade and
tier changes that the two builds of the scores (one per grid) show; and the what-if from the working
warehouse's last green build (a rescore of its copy) gives exactly the two builds' comparison."""

from __future__ import annotations

import csv
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from icp_scoring.grid import whatif
from tests.support import REPO_ROOT, SAMPLE_AS_OF, run_icp

LIVE_GRID = REPO_ROOT / "seeds" / "scoring_grid"
# The one change: manufacturing earns the industry's full 25 points instead of 5, which lifts a manufacturing
# account of grade B (60 points or more) of the small sample into A and tier 1.
CHANGED_VALUE = ("default", "industry", "manufacturing")
LIVE_POINTS, CHANGED_POINTS = 5, 25


def run_whatif(*args: object) -> subprocess.CompletedProcess[str]:
    return run_icp("whatif", *args)


def one_value_changed(folder: Path, points: int = CHANGED_POINTS) -> Path:
    """A copy of the live grid with CHANGED_VALUE's points set to points (CHANGED_POINTS by default)."""
    folder.mkdir(parents=True)
    for path in LIVE_GRID.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    path = folder / "icp_criterion_value_points.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    changed = [
        row for row in rows if (row["icp_id"], row["criterion_id"], row["matched_value"]) == CHANGED_VALUE
    ]
    assert [float(row["points"]) for row in changed] == [LIVE_POINTS]
    changed[0]["points"] = str(points)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def scores_of(warehouse: Path) -> dict[str, tuple]:
    """Straight from a build: account id -> (grade, tier, score, industry, points of the changed value)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            """
            select
                scores.account_id,
                coalesce(scores.icp_grade, 'unscored'),
                coalesce(cast(scores.icp_tier as varchar), 'unscored'),
                cast(scores.icp_score as double),
                scores.industry,
                cast(grid.points as double)
            from marts.account_scores as scores
            cross join grid.icp_criterion_value_points as grid
            where scores.icp_id = ? and grid.icp_id = ? and grid.criterion_id = ? and grid.matched_value = ?
            """,
            [CHANGED_VALUE[0], *CHANGED_VALUE],
        ).fetchall()
    return {account_id: tuple(values) for account_id, *values in rows}


def test_help_lists_the_options() -> None:
    finished = run_whatif("--help")
    assert finished.returncode == 0
    for option in ("--grid", "--raw-dir", "--scoring-date", "--work-dir"):
        assert option in finished.stdout


def test_refuses_a_grid_that_is_not_a_folder(tmp_path: Path) -> None:
    finished = run_whatif("--grid", tmp_path / "nowhere", "--work-dir", tmp_path / "whatif")
    assert finished.returncode == 1
    assert "not a folder" in finished.stderr


def test_refuses_a_proposal_saved_by_excel_with_semicolons(tmp_path: Path) -> None:
    """A proposal dbt would misread is refused with a sentence before anything is scored (the last green
    build's way would otherwise have compared the live grid with itself)."""
    proposal = one_value_changed(tmp_path / "proposal")
    bands = proposal / "icp_grade_bands.csv"
    bands.write_text(bands.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    finished = run_whatif("--grid", proposal, "--work-dir", tmp_path / "whatif")
    assert finished.returncode == 1
    assert "the proposal's CSVs cannot be read as meant" in finished.stderr
    assert "icp_grade_bands.csv" in finished.stderr
    assert not (tmp_path / "whatif").exists()


@pytest.fixture(scope="module")
def two_builds(
    tmp_path_factory: pytest.TempPathFactory, small_raw_dir: Path
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """The what-if of one_value_changed in two builds (the raw files and the date given): its outcome, its
    work folder and the proposal."""
    root = tmp_path_factory.mktemp("whatif_two_builds")
    proposal = one_value_changed(root / "proposal")
    work_dir = root / "whatif"
    finished = run_whatif(
        "--grid", proposal, "--raw-dir", small_raw_dir, "--scoring-date", SAMPLE_AS_OF, "--work-dir", work_dir
    )
    return finished, work_dir, proposal


def test_counts_equal_the_two_builds(two_builds: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    finished, work_dir, _ = two_builds
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "against the live grid, as of 2026-06-30" in finished.stdout
    # The slow way says why it was taken (here the raw files given are not those of a recorded build).
    assert "both grids are scored from the raw files, in two builds" in finished.stderr
    live = scores_of(work_dir / "live" / "warehouse.duckdb")
    proposed = scores_of(work_dir / "proposed" / "warehouse.duckdb")

    # The builds are what they should be: each grid in force, and only the changed value's accounts moved.
    assert {row[4] for row in live.values()} == {LIVE_POINTS}
    assert {row[4] for row in proposed.values()} == {CHANGED_POINTS}
    assert live.keys() == proposed.keys()
    for key, (_, _, score, industry, _) in live.items():
        expected = (
            score + CHANGED_POINTS - LIVE_POINTS
            if industry == CHANGED_VALUE[2] and score is not None
            else score
        )
        assert proposed[key][2] == pytest.approx(expected, abs=0.001), key

    grade_moves = Counter((live[key][0], proposed[key][0]) for key in live)
    tier_moves = Counter((live[key][1], proposed[key][1]) for key in live)
    entering = {key for key in live if proposed[key][1] == "1" and live[key][1] != "1"}
    leaving = {key for key in live if live[key][1] == "1" and proposed[key][1] != "1"}
    changed_grades = sum(count for (before, after), count in grade_moves.items() if before != after)
    changed_tiers = sum(count for (before, after), count in tier_moves.items() if before != after)
    assert changed_grades > 0
    assert entering, "a manufacturing account of grade B (score 60 or more) should enter tier 1"

    with (work_dir / "whatif_comparison.csv").open(newline="", encoding="utf-8") as handle:
        compared = [row for row in csv.DictReader(handle) if row["icp_id"] == CHANGED_VALUE[0]]
    assert len(compared) == len(live)
    assert Counter((row["grade_live"], row["grade_proposed"]) for row in compared) == grade_moves
    assert Counter((row["tier_live"], row["tier_proposed"]) for row in compared) == tier_moves
    assert {row["account_id"] for row in compared if row["tier_1_change"] == "enters"} == entering
    assert {row["account_id"] for row in compared if row["tier_1_change"] == "leaves"} == leaving

    assert f"grade changed for {changed_grades:,}, tier changed for {changed_tiers:,}" in finished.stdout
    assert f"Entering tier 1 ({len(entering)})" in finished.stdout
    assert f"Leaving tier 1 ({len(leaving)})" in finished.stdout
    for account_id in leaving | entering:
        assert account_id in finished.stdout


def test_from_the_last_green_build_it_equals_the_two_builds(
    two_builds: tuple[subprocess.CompletedProcess[str], Path, Path], small_raw_dir: Path, tmp_path: Path
) -> None:
    """icp build of the live grid into a working warehouse, then icp whatif with neither raw files nor date:
    the proposal re-scores only what it changes, reading the rest from the warehouse, which is left as it
    was; the comparison is the two builds' to the last character."""
    _, two_builds_dir, proposal = two_builds
    database = tmp_path / "warehouse" / "icp_scoring.duckdb"
    environment = {
        "ICP_RAW_DIR": str(small_raw_dir),
        "ICP_LANDED_DIR": str(tmp_path / "landed"),
        "ICP_DUCKDB_PATH": str(database),
        # dbt's files of this build in a folder of its own, not the project's target/ (others build there)
        "DBT_TARGET_PATH": str(tmp_path / "dbt_target"),
        "DBT_LOG_PATH": str(tmp_path / "dbt_logs"),
    }
    built = run_icp("build", "--scoring-date", SAMPLE_AS_OF, env=environment)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    live_before = database.read_bytes()

    work_dir = tmp_path / "whatif"
    finished = run_icp("whatif", "--grid", proposal, "--work-dir", work_dir, env=environment)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    assert f"against the live grid's last green build ({database}), as of 2026-06-30" in finished.stdout
    assert f"re-scoring what {proposal} changes, reading the rest from {database}" in finished.stderr
    assert database.read_bytes() == live_before, "the what-if wrote into the working warehouse"
    comparison = (work_dir / "whatif_comparison.csv").read_text(encoding="utf-8")
    assert comparison == (two_builds_dir / "whatif_comparison.csv").read_text(encoding="utf-8")
    report = finished.stdout.split("(nothing published)\n", 1)[1].rsplit("done in", 1)[0]
    two_builds_report = two_builds[0].stdout.split("(nothing published)\n", 1)[1].rsplit("done in", 1)[0]
    assert report == two_builds_report
    # Only what the proposal changes of what the tiered scores need was written: the staged and matched data
    # stay in the working warehouse, and neither the explanations nor the scores mart are built.
    proposed_warehouse = work_dir / "proposed" / "icp_scoring_proposed.duckdb"
    with duckdb.connect(str(proposed_warehouse), read_only=True) as proposed:
        written = {row[0] for row in proposed.execute("select table_name from duckdb_tables()").fetchall()}
    assert {"int_account_plays__assigned", "icp_criterion_value_points"} <= written, written
    unwritten = {"stg_crm__accounts", "int_accounts__deduplicated", "icp_grade_bands", "account_scores"}
    assert not unwritten & written, written

    # A proposal that changes nothing: every account keeps its grade and tier.
    unchanged = tmp_path / "unchanged"
    unchanged.mkdir()
    for path in LIVE_GRID.glob("*.csv"):
        (unchanged / path.name).write_bytes(path.read_bytes())
    finished = run_icp(
        "whatif", "--grid", unchanged, "--work-dir", tmp_path / "whatif_unchanged", env=environment
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    assert "grade changed for 0, tier changed for 0" in finished.stdout
    assert database.read_bytes() == live_before

    # A proposal the grid's own tests refuse (a value worth more than its criterion's maximum): dbt's account
    # of the failure ends the message, and the working warehouse is left as it was.
    too_many = one_value_changed(tmp_path / "too_many_points", points=999)
    refused_dir = tmp_path / "whatif_refused"
    finished = run_icp("whatif", "--grid", too_many, "--work-dir", refused_dir, env=environment)
    assert finished.returncode == 1, finished.stdout[-3000:] + finished.stderr[-3000:]
    assert "dbt build failed:" in finished.stderr
    assert "assert_grid_points_stay_within_their_criterion_maximum" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert database.read_bytes() == live_before


def test_the_report_reads_the_counts_as_matrices_and_lists_tier_1_moves_by_score() -> None:
    counts = [
        {"icp_id": "default", "label": "grade", "live": "unscored", "proposed": "A", "accounts": 2},
        {"icp_id": "default", "label": "grade", "live": "B", "proposed": "A", "accounts": 1_200},
        {"icp_id": "default", "label": "grade", "live": "A", "proposed": "A", "accounts": 30},
        {"icp_id": "default", "label": "tier", "live": "1", "proposed": "1", "accounts": 1_232},
    ]
    moves = [
        {
            "icp_id": "default",
            "account_id": id_,
            "account_name": "Dupont & Fils SARL",
            "score_live": live,
            "score_proposed": proposed,
            "grade_live": "B",
            "grade_proposed": "A",
            "tier_1_change": "enters",
        }
        for id_, live, proposed in (
            ("a2", None, Decimal("91.5")),
            ("a1", Decimal("70"), Decimal("91.5")),
            ("a3", Decimal("75"), Decimal("95")),
        )
    ]
    lines = whatif.report(whatif.Comparison(counts, moves))
    assert lines[:8] == [
        "ICP default: 1,232 accounts; grade changed for 1,202, tier changed for 0",
        "Grades (accounts):",
        "  grade: live \\ proposed        A        B unscored",
        "  A                            30        0        0",
        "  B                         1,200        0        0",
        "  unscored                      2        0        0",
        "Tiers after capacity (accounts):",
        "  tier: live \\ proposed         1",
    ]
    entering = lines[lines.index("  Entering tier 1 (3):") + 1 : lines.index("  Leaving tier 1 (0):")]
    assert [line.split()[0] for line in entering] == ["a3", "a1", "a2"]
    assert "score      - ->  91.50  grade B -> A" in entering[2]
