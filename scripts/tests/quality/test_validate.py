"""Great Expectations validation: it passes on real data; each broken input fails with a readable message."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from icp_scoring.quality import SUMMARY_FILE_NAME
from icp_scoring.quality import command as validator
from icp_scoring.quality.expectations import raw_intent_signals
from icp_scoring.raw.landing import land_raw_files
from tests.support import MODELS_BUILD, DbtRunner

MARKUP = "<img src=x onerror=alert(1)>"
# Each way of breaking a built warehouse, and what the validation must then say.
BROKEN_MARTS = {
    "a score above 100": (
        "update marts.account_scores set icp_score = 140"
        " where account_id = (select min(account_id) from marts.account_scores where is_scored)",
        ["FAIL  marts.account_scores", "scores are outside 0-100", "icp_score=140"],
    ),
    "most accounts graded A": (
        "update marts.account_scores set icp_grade = 'A', icp_tier = 1 where is_scored",
        ["FAIL  marts.grade_mix", 'The grid is too generous: ICP "default" (100.0% of its', "above the 20%"],
    ),
    "a duplicated row": (
        "insert into marts.account_scores select * from marts.account_scores order by account_id limit 1",
        ["share their (account_id, icp_id) with another row", "one row per CRM account and ICP"],
    ),
}


def run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = validator.main(arguments)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def validate_marts(
    database: Path, docs: Path, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, str, str]:
    return run(["marts", "--database", str(database), "--data-docs-dir", str(docs), *options], capsys)


def break_copy(warehouse: Path, target: Path, statement: str) -> Path:
    shutil.copy2(warehouse, target)
    with duckdb.connect(str(target)) as connection:
        connection.execute(statement)
    return target


def copy_raw(raw_dir: Path, target: Path) -> Path:
    shutil.copytree(raw_dir, target)
    return target


def test_marts_pass_on_a_real_build_and_each_broken_copy_fails(
    project_copy: Path,
    small_raw_dir: Path,
    run_dbt: DbtRunner,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # dbt's own tests run elsewhere (make test-dbt); leaving them out here saves two thirds of the build.
    finished = run_dbt(project_copy, small_raw_dir, *MODELS_BUILD)
    assert finished.returncode == 0, finished.stdout[-3000:]
    warehouse = tmp_path / "warehouse.duckdb"
    docs = tmp_path / "docs"

    status, out, _ = validate_marts(warehouse, docs, capsys)
    assert status == 0, out
    assert "PASS  marts.account_scores" in out
    assert "PASS  marts.grade_mix" in out
    assert "PASS  marts.account_score_breakdown" in out
    assert " 0 failed" in out
    assert "OK: the marts can be published." in out
    index = docs / "marts" / "index.html"
    assert f"Data Docs: {index}" in out
    assert index.is_file()
    assert any((docs / "marts" / "validations").rglob("*.html"))

    for name, (statement, messages) in BROKEN_MARTS.items():
        broken = break_copy(warehouse, tmp_path / f"{name.replace(' ', '_')}.duckdb", statement)
        status, out, _ = validate_marts(broken, docs, capsys)
        assert status == 1, f"{name}: {out}"
        for message in messages:
            assert message in out, f"{name}: {message!r} not in\n{out}"
        assert "FAILED: do not publish the marts." in out

    # Above --sample-accounts, every row of a deterministic sample of the accounts is validated, the same
    # accounts in both marts and in the expected row count: a broken row inside the sample fails, one outside
    # it is left to dbt's tests (which check every row in the build).
    status, out, _ = validate_marts(warehouse, docs, capsys, "--sample-accounts", "100")
    assert status == 0, out
    note = re.search(
        r"deterministic sample of ([\d,]+) of the ([\d,]+) accounts \(those where (.+?)\), to keep", out
    )
    assert note, out
    sampled, accounts, predicate = int(note[1].replace(",", "")), int(note[2].replace(",", "")), note[3]
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows_in_sample = [
            connection.execute(
                f"select count(*), count(distinct account_id) from marts.{mart} where {predicate}"
            ).fetchone()
            for mart in ("account_scores", "account_score_breakdown")
        ]
        account_count = connection.execute(
            "select count(distinct account_id) from marts.account_scores"
        ).fetchone()
        inside, outside = (
            connection.execute(
                f"select min(account_id) from marts.account_scores where is_scored and {condition}"
            ).fetchone()[0]
            for condition in (predicate, f"not ({predicate})")
        )
    assert accounts == account_count[0] and 50 <= sampled <= 150, out
    assert rows_in_sample[0][1] == rows_in_sample[1][1] == sampled
    assert f"expect_table_row_count_to_equal(value={rows_in_sample[0][0]:,})" in out
    assert f"0 of {rows_in_sample[1][0]:,} rows unexpected" in out  # the breakdown's rows of the sample
    for account_id, expected_status in ((inside, 1), (outside, 0)):
        broken = break_copy(
            warehouse,
            tmp_path / f"sampled_{expected_status}.duckdb",
            f"update marts.account_scores set icp_score = 140 where account_id = '{account_id}'",
        )
        status, out, _ = validate_marts(broken, docs, capsys, "--sample-accounts", "100")
        assert status == expected_status, f"{account_id}: {out}"
    status, out, _ = validate_marts(warehouse, docs, capsys, "--sample-accounts", "0")
    assert f"validated the rows of all {accounts:,} accounts" in out

    # The planted worked-example account X is grade A: a tiny maximum share (from the environment) catches it.
    monkeypatch.setenv("ICP_MAX_GRADE_A_SHARE", "0.001")
    status, out, _ = validate_marts(warehouse, docs, capsys)
    assert status == 1
    assert "The grid is too generous" in out
    assert "above the 0.1% maximum" in out
    status, out, _ = validate_marts(warehouse, docs, capsys, "--max-grade-a-share", "0.5")
    assert status == 0, out

    # Markup from the grid or the data (an ICP id, a criterion, an industry, an account name and id) on
    # failing rows reaches the Data Docs pages only escaped: a browser must not run it.
    marked = break_copy(
        warehouse,
        tmp_path / "markup.duckdb",
        f"""
        update marts.account_scores set icp_id = '{MARKUP}', account_name = '{MARKUP}', industry = '{MARKUP}',
            account_id = account_id || '{MARKUP}', icp_score = 140, icp_grade = 'A', icp_tier = 1
        where is_scored;
        update marts.account_score_breakdown set icp_id = '{MARKUP}', criterion_id = '{MARKUP}',
            account_id = account_id || '{MARKUP}', points_earned = points_possible + 1
        where points_possible is not null;
        """,
    )
    status, out, _ = validate_marts(marked, docs, capsys)
    assert status == 1
    assert MARKUP in out  # the console shows the values as they are
    pages = [page.read_text(encoding="utf-8") for page in (docs / "marts").rglob("*.html")]
    assert any("onerror" in page for page in pages)  # the values are on the pages...
    assert not [page for page in pages if "<img src=x" in page.lower()]  # ...but never as markup


def test_raw_files_of_the_sample_pass(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["raw", "--raw-dir", str(small_raw_dir), "--data-docs-dir", str(tmp_path)], capsys)
    assert status == 0, out + err
    assert "note: crm_accounts.csv: validated all" in out
    for suite in (
        "raw.crm_accounts",
        "raw.technographics",
        "raw.intent_signals",
        "raw.crm_opportunities",
        "raw.crm_activities",
        "raw.crm_contacts",
    ):
        assert f"PASS  {suite}" in out
    assert "OK: the raw files can be scored." in out
    index = tmp_path / "raw" / "index.html"
    assert f"Data Docs: {index}" in out
    assert index.is_file()


def test_big_raw_files_are_validated_on_a_deterministic_sample(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(raw_intent_signals, "SAMPLE_ROWS", 100)
    arguments = ["raw", "--raw-dir", str(small_raw_dir), "--data-docs-dir", str(tmp_path)]
    status, out, _ = run(arguments, capsys)
    assert status == 0, out
    assert "note: intent_signals.csv: validated a deterministic sample of 100 of its" in out
    assert "(DuckDB reservoir sample, seed 42)" in out
    assert "expect_column_values_to_not_be_null(domain, mostly=0.9)  observed: 0 of 100 rows" in out

    # Landed as Parquet (as `icp land` leaves them), a big file gives one row in k, in file order.
    landed = tmp_path / "landed"
    land_raw_files(small_raw_dir, landed)
    status, out, _ = run([*arguments, "--landed-dir", str(landed), "--all-files"], capsys)
    assert status == 0, out
    with duckdb.connect() as connection:
        (total,) = connection.execute(
            "select count(*) from read_parquet(?)", [str(landed / "intent_signals.parquet")]
        ).fetchone()
    step = -(-total // 100)
    rows = len(range(0, total, step))
    assert (
        f"note: intent_signals.csv: validated a deterministic sample of {rows:,} of its {total:,} rows "
        f"(one row in {step:,}, in file order)"
    ) in out
    assert f"expect_column_values_to_not_be_null(domain, mostly=0.9)  observed: 0 of {rows:,} rows" in out


def test_a_second_run_validates_only_the_files_that_changed(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A daily run: the files unchanged since they passed are carried over (outcomes, summary, totals); a
    changed file is read again, and so is a file that failed, until it passes."""
    raw_dir = copy_raw(small_raw_dir, tmp_path / "raw")
    arguments = ["raw", "--raw-dir", str(raw_dir), "--data-docs-dir", str(tmp_path / "docs")]
    summary_path = tmp_path / "docs" / "raw" / SUMMARY_FILE_NAME
    status, out, _ = run(arguments, capsys)
    assert status == 0, out
    first = json.loads(summary_path.read_text(encoding="utf-8"))
    assert sorted(first["files"]) == sorted(path.name for path in raw_dir.glob("*.csv"))

    status, out, _ = run(arguments, capsys)
    assert status == 0, out
    assert not re.search(r"^(PASS|FAIL)  ", out, re.MULTILINE)
    assert out.count("expectations are carried over, not run again") == len(first["files"])
    total = len(first["expectations"])
    assert f"{total} passed, 0 failed ({total} passed earlier, carried over" in out
    second = json.loads(summary_path.read_text(encoding="utf-8"))
    assert sorted(map(str, second["expectations"])) == sorted(map(str, first["expectations"]))
    assert second["files"] == first["files"]  # each keeps when its rows were validated

    crm = raw_dir / "crm_accounts.csv"
    with crm.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    blanked = [[*row] for row in rows]
    for row in blanked:
        row[header.index("account_id")] = ""
    with crm.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *blanked])
    for _ in range(2):  # a file that failed is read again
        status, out, _ = run(arguments, capsys)
        assert status == 1
        assert "FAIL  raw.crm_accounts" in out
        assert "crm_accounts.csv: unchanged" not in out
        assert not re.search(r"^(PASS|FAIL)  raw\.(?!crm_accounts)", out, re.MULTILINE), out
        assert out.count("expectations are carried over") == len(first["files"]) - 1

    with crm.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    status, out, _ = run(arguments, capsys)
    assert status == 0, out
    assert "PASS  raw.crm_accounts" in out

    # Other validation code: every file is read again.
    monkeypatch.setattr("icp_scoring.quality.unchanged.code_version", lambda: "other code")
    status, out, _ = run(arguments, capsys)
    assert status == 0, out
    assert "carried over" not in out
    assert out.count("PASS  raw.") == total


def test_crm_file_with_most_account_ids_blank_fails(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw_dir = copy_raw(small_raw_dir, tmp_path / "raw")
    crm = raw_dir / "crm_accounts.csv"
    with crm.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    for number, row in enumerate(rows):
        if number % 10:
            row[header.index("account_id")] = "" if number % 2 else "   "
    with crm.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])

    status, out, _ = run(
        ["raw", "--raw-dir", str(raw_dir), "--data-docs-dir", str(tmp_path / "docs")], capsys
    )
    assert status == 1
    assert "FAIL  raw.crm_accounts" in out
    assert "account_id is blank on" in out
    blanked = sum(1 for number in range(len(rows)) if number % 10)
    assert f"({100 * blanked / len(rows):.1f}%; at most 5% allowed)" in out
    assert "FAILED: fix the raw files before scoring." in out


@pytest.mark.parametrize(
    "file_names",
    [("intent_signals.csv",), ("crm_opportunities.csv", "crm_activities.csv")],
    ids=["intent", "no outcomes data"],
)
def test_header_only_feed_or_outcome_files_pass_with_a_note(
    file_names: tuple[str, ...], small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw_dir = copy_raw(small_raw_dir, tmp_path / "raw")
    for file_name in file_names:
        path = raw_dir / file_name
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    status, out, _ = run(
        ["raw", "--raw-dir", str(raw_dir), "--data-docs-dir", str(tmp_path / "docs")], capsys
    )
    assert status == 0, out
    for file_name in file_names:
        assert f"note: {file_name}: only a header, no rows - accepted" in out


def test_header_only_crm_file_fails(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw_dir = copy_raw(small_raw_dir, tmp_path / "raw")
    crm = raw_dir / "crm_accounts.csv"
    crm.write_text(crm.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    status, out, _ = run(
        ["raw", "--raw-dir", str(raw_dir), "--data-docs-dir", str(tmp_path / "docs")], capsys
    )
    assert status == 1
    assert "crm_accounts.csv has no rows, only its header: there is no account to score" in out


def test_missing_raw_file_fails_with_a_clear_message(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw_dir = copy_raw(small_raw_dir, tmp_path / "raw")
    (raw_dir / "technographics.csv").unlink()
    status, out, err = run(
        ["raw", "--raw-dir", str(raw_dir), "--data-docs-dir", str(tmp_path / "docs")], capsys
    )
    assert status == 1
    assert f"{raw_dir / 'technographics.csv'}: missing" in err
    assert "1 file(s) could not be validated" in out


def test_missing_warehouse_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = validate_marts(tmp_path / "nope.duckdb", tmp_path / "docs", capsys)
    assert status == 2
    assert "no warehouse at" in err
    assert not (tmp_path / "docs").exists()


def test_bad_grade_a_share_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        validator.main(["marts", "--max-grade-a-share", "1.5"])
    assert exit_info.value.code == 2
    assert "not a share above 0 and at most 1" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        validator.main(["marts", "--sample-accounts", "-5"])
    assert exit_info.value.code == 2
    assert "-5 is negative: give 0 (every row) or a number of accounts" in capsys.readouterr().err


def test_help_explains_both_stages(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        validator.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "Stage 'raw'" in out
    assert "Stage 'marts'" in out
    assert "--max-grade-a-share" in out
    assert "--sample-accounts" in out
    assert "--data-docs-dir" in out


def test_each_expectation_is_summarised_for_the_report(
    small_raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["raw", "--raw-dir", str(small_raw_dir), "--data-docs-dir", str(tmp_path)], capsys)
    assert status == 0, out + err
    summary = json.loads((tmp_path / "raw" / SUMMARY_FILE_NAME).read_text(encoding="utf-8"))
    assert (summary["stage"], summary["source"], summary["errors"]) == ("raw", str(small_raw_dir), [])
    printed = [line for line in out.splitlines() if line.startswith(("PASS  ", "FAIL  "))]
    assert len(summary["expectations"]) == len(printed) > 0
    for outcome, line in zip(summary["expectations"], printed, strict=True):
        assert outcome["success"] == line.startswith("PASS")
        assert outcome["suite"] in line
        assert outcome["expectation"] in line
