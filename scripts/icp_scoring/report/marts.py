"""What the report shows, read from the published marts as dbt computed it: nothing is scored here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from icp_scoring.console import UserError
from icp_scoring.quality import STAGES, SUMMARY_FILE_NAME
from icp_scoring.summary import COMMITTEES_BY_TIER, LATEST_MOVES, RUN_QUERIES

# How many accounts each list shows (the counts above it say how many there are).
DEFAULT_LIST_SIZE = 25
# The marts the report cannot do without; the history and outcome marts are read when present.
REQUIRED_MARTS = frozenset(
    {"account_scores", "account_persona_seats", "data_quality_summary", "unmapped_values"}
)

QUERIES = {
    "runs": """
        select
            icp_id, any_value(scoring_date) as scoring_date, any_value(grid_version) as grid_version,
            any_value(grid_reviewed_on) as grid_reviewed_on,
            any_value(grid_review_due_on) as grid_review_due_on,
            count(*) as accounts, count(*) filter (where is_scored) as scored_accounts
        from marts.account_scores group by icp_id order by icp_id
    """,
    "grade_tiers": """
        select icp_id, icp_grade, icp_tier, count(*) as account_count
        from marts.account_scores where is_scored
        group by all order by icp_id, icp_grade, icp_tier
    """,
    "matrix": """
        select icp_id, fit_level, intent_level, play_name, count(*) as account_count
        from marts.account_scores where is_scored
        group by all order by all
    """,
    # The tier-1 accounts with their buying committee: each seat and who holds it, required seats first.
    "tier_1": """
        with seats as (
            select
                account_id, icp_id,
                string_agg(
                    persona_name || ': ' || case
                        when is_filled
                            then best_contact_name || coalesce(' (' || best_contact_job_title || ')', '')
                        else seat_status
                    end,
                    '; ' order by role_rank, persona_id
                ) as committee_contacts
            from marts.account_persona_seats where icp_tier = 1
            group by account_id, icp_id
        )
        select icp_id, icp_rank, account_id, account_name, domain, icp_score, icp_grade, top_reasons,
            committee_coverage, committee_completeness, empty_required_seats, next_step, committee_contacts,
            count(*) over (partition by icp_id) as total
        from marts.account_scores left join seats using (account_id, icp_id)
        where icp_tier = 1
        qualify row_number() over (partition by icp_id order by icp_rank) <= $top
        order by icp_id, icp_rank
    """,
    # Buying-committee completeness per tier, as icp summary prints it.
    "committees": COMMITTEES_BY_TIER,
    "unscored": """
        select icp_id, unscored_reason, count(*) as account_count
        from marts.account_scores where not is_scored
        group by all order by icp_id, account_count desc, unscored_reason
    """,
    # Knocked out of the ranking by a knock-out of the grid (competitors, customers, ...): scored, not ranked.
    "excluded": """
        select icp_id, excluded_reason, excluded_by, count(*) as account_count
        from marts.account_scores where is_excluded
        group by all order by icp_id, account_count desc, excluded_reason, excluded_by
    """,
    "row_quality": """
        select source_table, check_status, is_usable, row_count, share_of_rows, what_to_do
        from marts.data_quality_summary where check_level = 'row'
        order by source_table, is_usable desc, row_count desc, check_status
    """,
    "unmapped": """
        select vocabulary, example_raw_value, row_count, alias_seed, count(*) over () as total
        from marts.unmapped_values
        order by row_count desc, vocabulary, example_raw_value
        limit $top
    """,
}
HISTORY_QUERIES = {
    # With the buying committee each new target has now (account_scores).
    "new_top_targets": """
        select targets.icp_id, targets.account_id, targets.account_name, targets.domain, targets.icp_score,
            targets.icp_grade, targets.previous_icp_tier, targets.top_reasons, scores.committee_completeness,
            scores.empty_required_seats,
            count(*) over (partition by targets.icp_id) as total
        from marts.new_top_targets as targets
        left join marts.account_scores as scores using (account_id, icp_id)
        qualify row_number() over (
            partition by targets.icp_id order by targets.icp_score desc, targets.account_id
        ) <= $top
        order by targets.icp_id, targets.icp_score desc, targets.account_id
    """,
    "movers": RUN_QUERIES["movers"],
    "mover_counts": f"select icp_id, count(*) as total {LATEST_MOVES} group by icp_id",
    "previous_runs": "select count(distinct scored_at) - 1 as previous_runs from marts.scoring_run_grade_mix",
}
BACKTEST_QUERY = """
    select * from marts.backtest_by_grade order by icp_id, segment_type, segment_rank, segment
"""


@dataclass
class ReportData:
    """The frames the report is drawn from, one per query (empty when its mart is absent)."""

    database: Path
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    publication: dict[str, object] = field(default_factory=dict)
    validations: list[dict] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames.get(name, pd.DataFrame())

    def for_icp(self, name: str, icp_id: str) -> pd.DataFrame:
        frame = self[name]
        return frame[frame["icp_id"] == icp_id] if "icp_id" in frame else frame


def mart_names(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()
    return {row[0] for row in rows}


def query(connection: duckdb.DuckDBPyConnection, sql: str, top: int) -> pd.DataFrame:
    return connection.execute(sql, {"top": top} if "$top" in sql else None).df()


def read_marts(
    database: Path, top: int = DEFAULT_LIST_SIZE, backtest_database: Path | None = None
) -> ReportData:
    """Everything the report shows, from the published marts (or a warehouse dbt built), read-only; the
    backtest from backtest_database when given (the warehouse `icp backtest` wrote)."""
    if not database.is_file():
        raise UserError(
            f"no published marts at {database}: run the scoring first (make run), or point --database at "
            "the DuckDB file icp publish wrote."
        )
    with duckdb.connect(str(database), read_only=True) as connection:
        marts = mart_names(connection)
        missing = sorted(REQUIRED_MARTS - marts)
        if missing:
            raise UserError(
                f"{database} has no marts.{missing[0]}: publish a complete build first (make run)."
            )
        queries = dict(QUERIES)
        if {"account_score_movers", "new_top_targets", "scoring_run_grade_mix"} <= marts:
            queries.update(HISTORY_QUERIES)
        if "backtest_by_grade" in marts:
            queries["backtest"] = BACKTEST_QUERY
        try:
            data = ReportData(database, {name: query(connection, sql, top) for name, sql in queries.items()})
        except duckdb.BinderException as error:
            raise UserError(
                f"the marts in {database} lack a column this report reads ({str(error).splitlines()[0]}): "
                "they were published by an older version; run the scoring again (make run, or make score)."
            ) from error
        if "publication" in marts:
            data.publication = connection.sql("select * from marts.publication").df().iloc[0].to_dict()
    if backtest_database is not None:
        data.frames["backtest"] = read_backtest(backtest_database)
    return data


def read_validations(docs_dir: Path) -> list[dict]:
    """The summary of the last validation of each stage (raw, marts) that icp validate wrote, when present."""
    paths = [docs_dir / stage / SUMMARY_FILE_NAME for stage in STAGES]
    return [json.loads(path.read_text(encoding="utf-8")) for path in paths if path.is_file()]


def read_backtest(database: Path) -> pd.DataFrame:
    """marts.backtest_by_grade of the warehouse `icp backtest` wrote (data/backtest/warehouse.duckdb)."""
    if not database.is_file():
        raise UserError(f"no backtest at {database}: run make backtest first, or leave out --backtest.")
    with duckdb.connect(str(database), read_only=True) as connection:
        if "backtest_by_grade" not in mart_names(connection):
            raise UserError(
                f"{database} has no marts.backtest_by_grade: point --backtest at the warehouse "
                "make backtest wrote (data/backtest/warehouse.duckdb)."
            )
        return connection.execute(BACKTEST_QUERY).df()
