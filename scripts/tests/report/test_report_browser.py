"""The run's report opened in a real browser (Debian's headless chromium): every chart drawn, no console
error, no request to the network, and the figures on the page equal to the published marts'. The screenshot
and the page are kept under data/test/report/ as the test run's artefacts."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from icp_scoring.grid.backtest import check_targets
from tests.report.browser import (
    console_errors,
    full_page_screenshot,
    headless_chromium,
    missing_browser,
    network_requests,
    wait_for_charts,
)
from tests.support import REPO_ROOT, SAMPLE_AS_OF, run_icp

ARTEFACTS = REPO_ROOT / "data" / "test" / "report"


@pytest.fixture(scope="module")
def sample_run(
    tmp_path_factory: pytest.TempPathFactory, quickstart_run: tuple[subprocess.CompletedProcess[str], Path]
) -> Path:
    """A copy of the Quickstart's sample run (`make run`: `icp run` on a 400-account sample, seed 42, with its
    backtest), then `icp run` on another seed's, as if the CRM had changed (so the second run has movers and
    new top targets), from its own folder (so the validations' Data Docs and summaries,
    data/great_expectations_docs/, are its own), without a second backtest: its report is written again
    with the Quickstart's (the backtest's own test is test_backtest.py; one more here cost a build). The
    folder holds published/, backtest/ and report/ (the second run's: it writes no CRM files)."""
    first, quickstart_work = quickstart_run
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    work = tmp_path_factory.mktemp("report_run")
    shutil.copytree(quickstart_work, work, symlinks=True, dirs_exist_ok=True)
    environment = {"ICP_SAMPLE_DIR": str(work)}
    finished = run_icp(
        "run",
        "--sample",
        400,
        "--seed",
        43,
        "--scoring-date",
        SAMPLE_AS_OF,
        "--no-export",
        "--no-backtest",
        env=environment,
        cwd=work,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    assert "8/8] write the report: done" in finished.stderr
    report = [
        "--database",
        work / "published" / "icp_scores.duckdb",
        "--output",
        work / "report" / "report.html",
    ]
    written = run_icp(
        "report", *report, "--backtest", work / "backtest" / "warehouse.duckdb", env=environment, cwd=work
    )
    assert written.returncode == 0, written.stderr[-3000:]
    return work


@pytest.fixture(scope="module")
def opened_report(sample_run: Path) -> tuple[WebDriver, list[str], list[str]]:
    """The report open in headless chromium once every chart is drawn; the console errors and network
    requests of its loading."""
    assert not missing_browser(), missing_browser()
    report = sample_run / "report" / "report.html"
    with headless_chromium() as driver:
        driver.get(report.resolve().as_uri())
        wait_for_charts(driver)
        errors, requests = console_errors(driver), network_requests(driver)
        full_page_screenshot(driver, ARTEFACTS / "report.png")
        shutil.copy2(report, ARTEFACTS / "report.html")
        yield driver, errors, requests


def marts(sample_run: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(sample_run / "published" / "icp_scores.duckdb"), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def table_rows(driver: WebDriver, table_id: str) -> list[list[str]]:
    rows = driver.find_elements(By.CSS_SELECTOR, f"table#{table_id} tbody tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]


def as_number(text: str) -> float:
    return float(text.replace(",", "").replace("%", ""))


def test_every_chart_renders_offline_without_console_error(
    opened_report: tuple[WebDriver, list[str], list[str]],
) -> None:
    driver, errors, requests = opened_report
    charts = driver.find_elements(By.CSS_SELECTOR, "div.chart")
    assert len(charts) >= 3  # grades and tiers, the fit x intent matrix, data quality
    for chart in charts:
        marks = chart.find_elements(By.CSS_SELECTOR, "svg g.mark-rect path, svg g.mark-rect rect, svg path")
        assert marks, chart.get_attribute("outerHTML")[:500]
    assert errors == []
    assert requests == []
    assert (ARTEFACTS / "report.png").stat().st_size > 10_000


def test_network_requests_are_seen(sample_run: Path) -> None:
    """The check above could fail: a page that asks the network for an image is caught."""
    page = sample_run / "online.html"
    page.write_text(
        '<html><body><img src="https://example.invalid/pixel.png"></body></html>', encoding="utf-8"
    )
    with headless_chromium() as driver:
        driver.get(page.as_uri())
        assert network_requests(driver) == ["https://example.invalid/pixel.png"]


def test_grades_and_tiers_equal_the_marts(
    sample_run: Path, opened_report: tuple[WebDriver, list[str], list[str]]
) -> None:
    driver, _, _ = opened_report
    expected = {
        (grade, tier): count
        for grade, tier, count in marts(
            sample_run,
            "select icp_grade, icp_tier, count(*) from marts.account_scores "
            "where is_scored and icp_id = 'default' group by all",
        )
    }
    header = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "table#mix-default thead th")]
    tiers = [int(title.split()[-1]) for title in header[1:]]
    shown = {
        (row[0], tier): as_number(cell)
        for row in table_rows(driver, "mix-default")
        for tier, cell in zip(tiers, row[1:], strict=True)
        if as_number(cell)
    }
    assert shown == expected


def test_play_matrix_equals_the_marts_in_table_and_chart(
    sample_run: Path, opened_report: tuple[WebDriver, list[str], list[str]]
) -> None:
    driver, _, _ = opened_report
    expected = marts(
        sample_run,
        "select fit_level, intent_level, play_name, count(*) from marts.account_scores "
        "where is_scored and icp_id = 'default' group by all",
    )
    shown = [
        (fit, intent, play, as_number(count))
        for fit, intent, play, count in table_rows(driver, "matrix-default")
    ]
    assert sorted(shown) == sorted(expected)
    # The numbers drawn in the matrix chart's cells.
    chart = driver.find_elements(By.CSS_SELECTOR, "#icp-default div.chart")[1]
    drawn = sorted(
        as_number(text.text) for text in chart.find_elements(By.CSS_SELECTOR, "g.mark-text.role-mark text")
    )
    assert drawn == sorted(count for *_, count in expected)


def test_tier_1_unscored_and_quality_equal_the_marts(
    sample_run: Path, opened_report: tuple[WebDriver, list[str], list[str]]
) -> None:
    driver, _, _ = opened_report
    tier_1 = marts(
        sample_run,
        "select icp_rank, account_name from marts.account_scores where icp_tier = 1 and icp_id = 'default' "
        "order by icp_rank limit 25",
    )
    assert [(as_number(row[0]), row[1]) for row in table_rows(driver, "tier1-default")] == tier_1
    # Each tier-1 account's committee, seat by seat, as the seats mart holds it.
    seats = marts(
        sample_run,
        "select account_name, string_agg(persona_name || ': ' || case when is_filled then best_contact_name "
        "|| coalesce(' (' || best_contact_job_title || ')', '') else seat_status end, '; ' "
        "order by role_rank, persona_id) from marts.account_persona_seats "
        "where icp_tier = 1 and icp_id = 'default' group by account_name",
    )
    assert sorted((row[1], row[7]) for row in table_rows(driver, "tier1-default")) == sorted(seats)
    committees = marts(
        sample_run,
        "select coalesce(icp_tier, 9), count(*), count(*) filter (where committee_coverage = 'complete') "
        "from marts.account_scores where icp_id = 'default' group by 1 order by 1",
    )
    shown = [
        (9 if row[0] == "unscored" else as_number(row[0].split()[-1]), as_number(row[1]), as_number(row[2]))
        for row in table_rows(driver, "committee-default")
    ]
    assert shown == committees
    # The seat most often empty in each tier, with in how many accounts, as the seats mart counts it.
    empty = marts(
        sample_run,
        "select coalesce(icp_tier, 9), persona_name, count(*) from marts.account_persona_seats "
        "where icp_id = 'default' and is_required and not is_filled group by all",
    )
    counts = {(tier, seat): count for tier, seat, count in empty}
    for tier, row in zip((tier for tier, *_ in shown), table_rows(driver, "committee-default"), strict=True):
        seat, accounts = row[5].rsplit(" (", 1)
        most = max(count for (in_tier, _), count in counts.items() if in_tier == tier)
        assert counts[(tier, seat)] == as_number(accounts.rstrip(")")) == most
    unscored = marts(
        sample_run,
        "select unscored_reason, count(*) from marts.account_scores "
        "where not is_scored and icp_id = 'default' group by all",
    )
    assert sorted((row[0], as_number(row[1])) for row in table_rows(driver, "unscored-default")) == sorted(
        unscored
    )
    new_top_targets = marts(
        sample_run,
        "select account_name, icp_grade from marts.new_top_targets where icp_id = 'default' "
        "order by icp_score desc, account_id limit 25",
    )
    assert new_top_targets
    assert [(row[0], row[2]) for row in table_rows(driver, "new-default")] == new_top_targets
    rows = marts(
        sample_run,
        "select source_table, check_status, row_count "
        "from marts.data_quality_summary where check_level = 'row'",
    )
    shown = [(row[0], row[1].split(" (")[0], as_number(row[2])) for row in table_rows(driver, "rows-quality")]
    assert sorted(shown) == sorted(rows)
    heading = driver.find_element(By.CSS_SELECTOR, "#icp-default p.meta").text
    accounts = marts(
        sample_run,
        "select count(*), any_value(grid_version), any_value(grid_reviewed_on), "
        "any_value(grid_review_due_on) from marts.account_scores",
    )[0]
    assert heading.startswith(f"{accounts[0]:,} accounts")
    assert accounts[1] in heading
    assert f"reviewed {accounts[2].isoformat()}, next review due {accounts[3].isoformat()}" in heading


@pytest.fixture(scope="module")
def backtest_report(sample_run: Path) -> tuple[Path, Path]:
    """The sample run's report, which holds the backtest `icp run --sample` ran (a score history that starts
    before the window), and the backtest's warehouse."""
    return sample_run / "report" / "report.html", sample_run / "backtest" / "warehouse.duckdb"


def test_backtest_renders_and_equals_its_mart(backtest_report: tuple[Path, Path]) -> None:
    report, warehouse = backtest_report
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        relation = connection.sql("select * from marts.backtest_by_grade where icp_id = 'default'")
        rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
    with headless_chromium() as driver:
        driver.get(report.as_uri())
        wait_for_charts(driver)
        assert console_errors(driver) == []
        assert network_requests(driver) == []
        assert len(driver.find_elements(By.CSS_SELECTOR, "#icp-default div.chart")) == 4
        full_page_screenshot(driver, ARTEFACTS / "report_with_backtest.png")
        grades = {row[0]: row for row in table_rows(driver, "backtest-default")}
        coverage_rows = table_rows(driver, "backtest-coverage-default")
        targets = table_rows(driver, "targets-default")
    expected = [row for row in rows if row["segment_type"] in ("grade", "top_grades")]
    assert set(grades) == {row["segment"] for row in expected}
    for row in expected:
        shown = grades[row["segment"]]
        assert as_number(shown[1]) == row["account_count"]
        assert as_number(shown[2]) == pytest.approx(float(row["share_of_accounts"]) * 100, abs=0.0501)
        if row["win_rate"] is not None:
            assert as_number(shown[4]) == pytest.approx(float(row["win_rate"]) * 100, abs=0.0501)
    # Within each grade, the accounts by the committee coverage they had at the window's start.
    coverage = {
        row["segment"]: row["account_count"] for row in rows if row["segment_type"] == "grade_coverage"
    }
    assert coverage and {row[0]: as_number(row[1]) for row in coverage_rows} == coverage
    # The method's targets, as icp backtest measures them.
    assert [(name, result) for name, _, _, result in targets] == [
        (check.name, "met" if check.met else "missed") for check in check_targets(rows, "default")
    ]


def test_validations_equal_their_summaries(
    sample_run: Path, opened_report: tuple[WebDriver, list[str], list[str]]
) -> None:
    driver, _, _ = opened_report
    for stage in ("raw", "marts"):
        summary = json.loads(
            (sample_run / "data" / "great_expectations_docs" / stage / "summary.json").read_text(
                encoding="utf-8"
            )
        )
        shown = [(row[1], row[3]) for row in table_rows(driver, f"validations-{stage}")]
        expected = [
            (outcome["expectation"], "pass" if outcome["success"] else "fail")
            for outcome in summary["expectations"]
        ]
        assert shown == expected
        assert expected and all(result == "pass" for _, result in expected)


def test_french_report_from_the_same_marts(sample_run: Path) -> None:
    report = sample_run / "rapport.html"
    finished = run_icp(
        "report",
        "--database",
        sample_run / "published" / "icp_scores.duckdb",
        "--language",
        "fr",
        "--output",
        report,
        cwd=sample_run,
    )
    assert finished.returncode == 0, finished.stderr
    page = report.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page
    assert "Comptes par note et par niveau" in page
    assert "Accounts per grade and tier" not in page


def test_movers_equal_the_marts(
    sample_run: Path, opened_report: tuple[WebDriver, list[str], list[str]]
) -> None:
    driver, _, _ = opened_report
    movers = marts(
        sample_run,
        "select account_name, movement from marts.account_score_movers where icp_id = 'default' "
        "and scored_at = (select max(scored_at) from marts.account_scores)",
    )
    shown = [(row[0], row[1]) for row in table_rows(driver, "movers-default")]
    assert shown
    assert set(shown) <= set(movers)
    note = driver.find_element(By.XPATH, "//table[@id='movers-default']/preceding-sibling::p[1]").text
    assert note.endswith(f"of {len(movers):,}")
