"""Two builds of the same data, the second with one weight changed: the history, the movers, the new top
targets, the grid change and the CRM deltas all show exactly what moved."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from icp_scoring import export as exporter
from icp_scoring import publish as publisher
from tests.support import SCORING_BUILD, DbtRunner

VALUE_POINTS = Path("seeds") / "scoring_grid" / "icp_criterion_value_points.csv"
EXPORTED = "icp_score, icp_grade, icp_tier, play_name, top_reasons, unscored_reason"


def build_and_publish(project: Path, raw_dir: Path, run_dbt: DbtRunner, tmp_path: Path) -> Path:
    finished = run_dbt(project, raw_dir, *SCORING_BUILD)
    assert finished.returncode == 0, finished.stdout[-4000:]
    publisher.publish(
        tmp_path / "warehouse.duckdb", tmp_path / "published", project / "target" / "run_results.json", 3
    )
    return tmp_path / "published" / "icp_scores.duckdb"


def query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_a_weight_change_is_seen_in_history_movers_targets_grid_changes_and_exports(
    project_copy: Path, small_raw_dir: Path, run_dbt: DbtRunner, tmp_path: Path
) -> None:
    exports = tmp_path / "exports"
    published = build_and_publish(project_copy, small_raw_dir, run_dbt, tmp_path)
    first = {
        row[0]: row[1:]
        for row in query(published, f"select account_id, {EXPORTED} from marts.account_scores")
    }
    first_tier_1 = {account for account, values in first.items() if values[2] == 1}
    assert first_tier_1, "the sample needs tier-1 accounts"
    # First run: every tier-1 account is new to sales; nobody moved yet.
    assert {
        row[0] for row in query(published, "select account_id from marts.new_top_targets")
    } == first_tier_1
    assert query(published, "select count(*) from marts.account_score_movers") == [(0,)]
    full_export = {result.crm: result for result in exporter.export(published, exports, ["salesforce"])}
    assert full_export["salesforce"].rows == len(first)

    # Professional services now earn the industry's full 25 points (was 15).
    seed = project_copy / VALUE_POINTS
    text = seed.read_text(encoding="utf-8")
    assert "default,industry,professional_services,15\n" in text
    seed.write_text(
        text.replace("professional_services,15\n", "professional_services,25\n"), encoding="utf-8"
    )
    published = build_and_publish(project_copy, small_raw_dir, run_dbt, tmp_path)
    second = {
        row[0]: row[1:]
        for row in query(published, f"select account_id, {EXPORTED} from marts.account_scores")
    }

    # History: the grid version changed, so every account has a second version, the first one closed.
    history = query(
        tmp_path / "warehouse.duckdb",
        "select count(*), count(dbt_valid_to), count(distinct dbt_valid_from) "
        "from history.account_scores_history",
    )
    assert history == [(2 * len(first), len(first), 2)]

    # Movers: exactly the accounts whose grade or tier differs between the runs, moved by the industry only.
    moved = {account for account in first if (first[account][1:3]) != (second[account][1:3])}
    assert moved, "raising a weight by 10 points must move some accounts in a 400-account sample"
    movers = query(
        published,
        "select account_id, movement, criteria_moved, is_grid_change, previous_icp_tier, icp_tier "
        "from marts.account_score_movers",
    )
    assert {row[0] for row in movers} == moved
    assert {row[1] for row in movers} == {"up"}
    assert {row[2] for row in movers} == {"industry +10"}
    assert all(row[3] for row in movers)

    # New top targets: tier 1 now, not tier 1 before.
    entered = {
        account for account, values in second.items() if values[2] == 1 and account not in first_tier_1
    }
    targets = query(published, "select account_id, previous_icp_tier from marts.new_top_targets")
    assert {row[0] for row in targets} == entered
    assert all(row[1] in (2, 3) for row in targets)

    # Grid changes: the first grid and the new one, whose grade mix moves accounts without losing any.
    changes = query(
        published,
        "select is_first_grid, sum(accounts_change), count(distinct grid_version) from marts.grid_changes "
        "group by is_first_grid order by is_first_grid",
    )
    assert changes == [(False, 0, 1), (True, len(first), 1)]

    # CRM delta: exactly the accounts whose exported values changed.
    changed = {account for account in first if first[account] != second[account]}
    [delta] = exporter.export(published, exports, ["salesforce"])
    assert delta.mode == "delta"
    [path] = delta.paths
    with path.open(newline="", encoding="utf-8") as handle:
        assert {row["Id"] for row in csv.DictReader(handle)} == changed
    assert moved <= changed < set(first)
