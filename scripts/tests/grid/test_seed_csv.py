"""A grid saved by Excel: a BOM and CRLF load as meant; a semicolon file, a decimal comma or an Excel boolean
fails in one sentence naming the file, the line and the fix, before dbt runs and in dbt's own output; `icp
grid-format` rewrites such a folder into the form dbt reads, and refuses to touch a folder it cannot read."""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from icp_scoring import build, project
from icp_scoring.console import UserError
from icp_scoring.grid import files, grid_format
from icp_scoring.grid.seed_csv import canonical_value, seed_column_types, seed_problem, seed_problems
from tests.support import GRID_DIR, DbtRunner

BANDS = "icp_criterion_band_points.csv"


def save_as_excel(
    path: Path, *, delimiter: str = ";", bom: bool = True, edits: dict[tuple[int, int], str] | None = None
) -> None:
    """The CSV as Excel FR saves it: semicolons, a BOM, CRLF, and the given cells (row, column) retyped."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for (row, column), value in (edits or {}).items():
        rows[row][column] = value
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)


@pytest.fixture
def grid(tmp_path: Path) -> Path:
    """A copy of the tests' grid."""
    return Path(shutil.copytree(GRID_DIR, tmp_path / "grid"))


def types(name: str) -> dict[str, str]:
    return seed_column_types()[Path(name).stem]


@pytest.mark.parametrize(
    ("value", "column_type", "expected"),
    [
        ("0,4", "decimal(7, 2)", "0.4"),
        ("-12,5", "decimal(7, 2)", "-12.5"),
        ("1\u00a0000", "integer", "1000"),
        ("1\u202f000,5", "decimal(7, 2)", "1000.5"),
        ("1 000", "integer", "1000"),
        ("25", "decimal(7, 2)", "25"),
        ("FAUX", "boolean", "false"),
        ("Vrai", "boolean", "true"),
        ("0,4", "varchar", "0,4"),
        ("1,2,3", "decimal(7, 2)", "1,2,3"),
        ("04/12/2026", "date", "2026-12-04"),
        ("4.3.2026", "date", "2026-03-04"),
        ("2026-12-04", "date", "2026-12-04"),
        ("04/12/2026", "varchar", "04/12/2026"),
    ],
)
def test_numbers_booleans_and_dates_as_excel_writes_them_read_as_dbt_does(
    value: str, column_type: str, expected: str
) -> None:
    assert canonical_value(value, column_type) == expected


def test_a_bom_and_crlf_load_as_meant(grid: Path) -> None:
    save_as_excel(grid / BANDS, delimiter=",")
    assert seed_problem(grid / BANDS, types(BANDS)) is None
    rows = files.read_csv_rows(grid / BANDS)
    assert rows[0]["icp_id"] == "default"


def test_a_semicolon_file_is_one_sentence_naming_the_file_line_and_fix(grid: Path) -> None:
    save_as_excel(grid / BANDS, edits={(2, 5): "10,5"})
    problem = seed_problem(grid / BANDS, types(BANDS))
    assert problem == (
        f"{grid / BANDS}, line 1: the values are separated by semicolons (;), as Excel saves CSV in French "
        "or German, and line 3 writes 10,5 for 10.5; dbt reads seeds separated by commas: run "
        f"`icp grid-format {grid}` (it rewrites the CSVs of the folder for dbt, keeping a backup)."
    )


def test_a_column_named_twice_is_refused_naming_it_and_its_places(grid: Path) -> None:
    # A copied column pasted at the end: dbt would load the copy under another name and read the first.
    with (grid / BANDS).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with (grid / BANDS).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*row, row[5]] for row in rows])
    problem = seed_problem(grid / BANDS, types(BANDS))
    assert problem == (
        f'{grid / BANDS}, line 1: the column "points" appears 2 times (columns 6 and 7); keep one and delete '
        "or rename the others."
    )


def test_a_renamed_column_is_refused_naming_the_columns_the_seed_needs(grid: Path) -> None:
    text = (grid / BANDS).read_text(encoding="utf-8")
    (grid / BANDS).write_text(text.replace("points", "pts", 1), encoding="utf-8")
    problem = seed_problem(grid / BANDS, types(BANDS))
    assert problem is not None
    assert problem.startswith(f"{grid / BANDS}, line 1: the header lacks column(s) points (found: icp_id,")
    assert problem.endswith("in any order.")


def test_a_review_date_that_is_no_date_names_its_line_and_column(grid: Path) -> None:
    profiles = "icp_profiles.csv"
    save_as_excel(grid / profiles, delimiter=",", bom=False, edits={(1, 3): "next spring"})
    problem = seed_problem(grid / profiles, types(profiles))
    assert problem == (
        f'{grid / profiles}, line 2, column last_reviewed_on: "next spring" is not a date: write it as '
        "year-month-day (2026-12-04), or leave it empty."
    )


def test_a_decimal_comma_in_a_comma_file_names_its_line_and_column(grid: Path) -> None:
    save_as_excel(grid / BANDS, delimiter=",", bom=False, edits={(2, 5): "10,5"})
    problem = seed_problem(grid / BANDS, types(BANDS))
    assert problem is not None
    assert problem.startswith(f'{grid / BANDS}, line 3, column points: "10,5" is written as Excel writes it')
    assert "write 10.5, or run `icp grid-format" in problem


def test_a_proposed_grid_saved_by_excel_is_refused_before_dbt(grid: Path, tmp_path: Path) -> None:
    save_as_excel(grid / "icp_grade_bands.csv")
    expected = r"icp_grade_bands\.csv, line 1: the values are separated by semicolons"
    with pytest.raises(UserError, match=expected):
        project.copy_project(tmp_path / "project", grid=grid)
    with pytest.raises(files.GridError, match=expected):
        files.read_icp_grid(grid, "default")


def test_icp_build_stops_before_dbt_on_a_grid_saved_by_excel(
    grid: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    save_as_excel(grid / BANDS)
    monkeypatch.setattr(build, "seed_problems", lambda seeds_dir: seed_problems(grid))
    monkeypatch.setattr(build, "run_dbt", lambda *args, **kwargs: pytest.fail("dbt ran"))
    args = argparse.Namespace(
        raw_dir=tmp_path / "raw",
        landed_dir=tmp_path / "landed",
        database=tmp_path / "w.duckdb",
        scoring_date=None,
    )
    assert build.dbt_build(args) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        f"icp build: error: {grid / BANDS}, line 1: the values are separated by semicolons (;), as Excel "
        "saves CSV in French or German; dbt reads seeds separated by commas: run "
        f"`icp grid-format {grid}` (it rewrites the CSVs of the folder for dbt, keeping a backup)."
    ]


def test_grid_format_gives_back_the_grid_excel_saved(grid: Path, tmp_path: Path) -> None:
    """Every file saved by Excel FR (semicolons, BOM, CRLF, FAUX/VRAI) comes back byte for byte; the
    originals are kept in the backup folder; a second run has nothing to do."""
    originals = {path.name: path.read_bytes() for path in grid.glob("*.csv")}
    for path in grid.glob("*.csv"):
        save_as_excel(path)
    plays = grid / "icp_plays.csv"
    plays.write_text(
        plays.read_text(encoding="utf-8-sig").replace(";false", ";FAUX").replace(";true", ";VRAI"),
        encoding="utf-8-sig",
        newline="",
    )
    saved = {path.name: path.read_bytes() for path in grid.glob("*.csv")}
    assert grid_format.main([str(grid), "--check"]) == 1
    assert {path.name: path.read_bytes() for path in grid.glob("*.csv")} == saved
    backup = tmp_path / "backup"
    assert grid_format.main([str(grid), "--backup-dir", str(backup)]) == 0
    assert {path.name: path.read_bytes() for path in grid.glob("*.csv")} == originals
    assert {path.name: path.read_bytes() for path in backup.glob("*.csv")} == saved
    assert grid_format.main([str(grid)]) == 0
    assert not [path for path in grid.iterdir() if path.name.startswith(".")]


def test_grid_format_touches_nothing_when_a_file_cannot_be_read(grid: Path, tmp_path: Path) -> None:
    save_as_excel(grid / BANDS)
    profiles = grid / "icp_profiles.csv"
    latin = "Entreprises \u00e9tablies".encode("cp1252")
    profiles.write_bytes(profiles.read_bytes().replace(b"Mid-market", latin))
    before = {path.name: path.read_bytes() for path in grid.glob("*.csv")}
    expected = r"nothing was rewritten; fix these files first: .*icp_profiles\.csv, line 2: not UTF-8"
    with pytest.raises(UserError, match=expected):
        grid_format.main([str(grid), "--backup-dir", str(tmp_path / "backup")])
    assert {path.name: path.read_bytes() for path in grid.glob("*.csv")} == before
    assert not (tmp_path / "backup").exists()


def test_dbt_loads_bom_and_crlf_and_names_a_semicolon_file_in_one_sentence(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    seeds = project_copy / "seeds" / "scoring_grid"
    save_as_excel(seeds / BANDS, delimiter=",")
    loaded = run_dbt(project_copy, small_raw_dir, "seed", "--select", "icp_criterion_band_points")
    assert loaded.returncode == 0, loaded.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        points = connection.execute(
            "select band_label, cast(points as double) from grid.icp_criterion_band_points "
            "order by lower_bound"
        ).fetchall()
    assert points[:3] == [("1-9", 0.0), ("10-49", 10.0), ("50-200", 20.0)]
    save_as_excel(seeds / "icp_grade_bands.csv")
    failed = run_dbt(project_copy, small_raw_dir, "seed", "--select", "icp_grade_bands", land=False)
    assert failed.returncode == 1
    assert (
        "seeds/scoring_grid/icp_grade_bands.csv, line 1: the values are separated by semicolons (;)"
        in failed.stdout
    )
    assert "Delimiter Candidates" not in failed.stdout
    assert "Consider unsetting" not in failed.stdout


def test_a_grid_folder_without_weights_files_is_written_in_points(grid: Path) -> None:
    """A proposal written before weights existed has no icp_pillar_weights.csv nor icp_criterion_weights.csv:
    it reads as the same grid, in points, instead of failing on the missing files."""
    with_files = files.read_icp_grid(grid, "default")
    for name in files.WEIGHTS_TABLES:
        (grid / name).unlink()
    without_files = files.read_icp_grid(grid, "default")
    assert without_files == with_files
    assert (without_files.pillar_weights, without_files.criterion_weights) == ({}, {})
