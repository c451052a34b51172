"""Bad raw data is never lost: each class of bad input is cleaned or kept out of scoring with its reason, and
every raw row is accounted for (rows in = rows used + rows flagged)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from icp_scoring import sample
from icp_scoring.raw import landing as check
from icp_scoring.raw.contract import RAW_CONTRACT
from icp_scoring.sample.injection import ROW_INJECT_CLASSES
from tests.support import SAMPLE_AS_OF, SCORING_BUILD, DbtRunner

# Every row-level class the generator can inject, but those that make a file unreadable (tested below).
UNREADABLE_CLASSES = frozenset({"bad-encoding", "stray-quotes"})
ROW_CLASSES = frozenset(ROW_INJECT_CLASSES) - UNREADABLE_CLASSES

# class -> (mart query returning one count, what it shows)
EVIDENCE: dict[str, str] = {
    "bad-numbers": """select count(*) from marts.data_quality_summary
        where check_name in ('employee_count', 'annual_revenue')
        and check_status in ('unparseable', 'negative') and row_count > 0""",
    "text-employees": """select count(*) from staging.stg_crm__accounts
        where employee_count_status = 'unparseable' and regexp_matches(employees_raw, '^[a-z ]+$')""",
    "conflicting-duplicates": """select count(*) from marts.data_quality_summary
        where check_status = 'duplicate_account_record' and row_count > 0""",
    "shared-domains": "select count(*) from marts.account_scores where is_shared_domain",
    "bad-websites": """select count(distinct unscored_reason) - 1 + count(distinct website_status)
        from marts.account_scores where unscored_reason in ('missing_website', 'invalid_website')""",
    "unknown-values": "select count(distinct vocabulary) from marts.unmapped_values",
    "future-events": """select sum(row_count) from marts.data_quality_summary
        where check_status = 'future_event'""",
    "events-before-creation": """select sum(row_count) from marts.data_quality_summary
        where check_status = 'before_account_created'""",
    "unknown-domains": """select count(distinct source_table) from marts.data_quality_summary
        where check_status = 'unknown_account'""",
    "odd-quoting": """select count(*) from staging.stg_crm__accounts
        where account_name like '%,%' or account_name like '%"%'
        or account_name like '%' || chr(10) || '%'""",
    "unknown-account-ids": """select count(distinct source_table) from marts.data_quality_summary
        where source_table in ('crm_opportunities', 'crm_activities') and check_status = 'unknown_account'""",
    "closed-before-created": """select sum(row_count) from marts.data_quality_summary
        where check_status = 'closed_before_created'""",
    "bad-amounts": """select count(distinct check_status) from marts.data_quality_summary
        where check_name = 'amount' and check_status in ('unparseable', 'negative')""",
}
MINIMUM: dict[str, int] = {
    "bad-websites": 5,
    "unknown-values": 6,
    "unknown-domains": 2,
    "unknown-account-ids": 2,
    "bad-amounts": 2,
}


@pytest.fixture(scope="module")
def bad_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path]:
    raw_dir = tmp_path_factory.mktemp("bad_raw")
    sample.generate(accounts=600, seed=11, as_of=SAMPLE_AS_OF, output_dir=raw_dir, inject=ROW_CLASSES)
    return raw_dir, tmp_path_factory.mktemp("bad_build")


def test_every_bad_row_class_is_handled_and_every_row_accounted_for(
    bad_build: tuple[Path, Path], project_copy: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    raw_dir, _ = bad_build
    finished = run_dbt(project_copy, raw_dir, *SCORING_BUILD)
    assert finished.returncode == 0, finished.stdout[-4000:]
    assert "assert_every_raw_row_is_used_or_flagged" in finished.stdout
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        evidence = {name: connection.execute(sql).fetchone()[0] or 0 for name, sql in EVIDENCE.items()}
        rows_per_source = dict(
            connection.execute(
                "select source_table, sum(row_count) from marts.data_quality_summary"
                " where check_level = 'row' group by source_table"
            ).fetchall()
        )
    for name, count in evidence.items():
        assert count >= MINIMUM.get(name, 1), f"class {name}: no evidence in the marts ({count})"
    for file_name in RAW_CONTRACT:
        with (raw_dir / file_name).open(encoding="utf-8", newline="") as handle:
            assert rows_per_source[file_name.removesuffix(".csv")] == sum(1 for _ in csv.DictReader(handle))


def test_an_empty_raw_file_scores_nothing_from_it_and_says_so(
    project_copy: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    """An intent file with only its header, and outcome files with only theirs (no outcomes data)."""
    raw_dir = tmp_path / "raw"
    empty = ("intent_signals", "crm_opportunities", "crm_activities")
    sample.generate(
        accounts=200,
        seed=3,
        as_of=SAMPLE_AS_OF,
        output_dir=raw_dir,
        inject=frozenset(f"empty-file:{stem}" for stem in empty),
    )
    assert check.main(["--raw-dir", str(raw_dir), "--check-only"]) == 0
    finished = run_dbt(project_copy, raw_dir, *SCORING_BUILD)
    assert finished.returncode == 0, finished.stdout[-4000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        empty_rows = connection.execute(
            "select count(*) from marts.data_quality_summary where source_table in (?, ?, ?)", list(empty)
        ).fetchone()
        scored = connection.execute(
            "select count(*), sum(intent_points) from marts.account_scores"
        ).fetchone()
    assert empty_rows == (0,)
    assert scored[0] == 200
    assert scored[1] == 0


@pytest.mark.parametrize(
    ("inject_class", "message"),
    [
        ("missing-file:technographics", "technographics.csv: missing"),
        ("bad-encoding", "crm_accounts.csv: not UTF-8 on line(s)"),
        ("stray-quotes", "crm_accounts.csv: cannot be read as CSV near line"),
    ],
)
def test_an_unreadable_raw_file_stops_the_run_with_a_message(
    inject_class: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw_dir = tmp_path / "raw"
    sample.generate(
        accounts=300, seed=3, as_of=SAMPLE_AS_OF, output_dir=raw_dir, inject=frozenset({inject_class})
    )
    assert check.main(["--raw-dir", str(raw_dir), "--landed-dir", str(tmp_path / "landed")]) == 1
    assert message in capsys.readouterr().err
