"""The report's tables and numbers: each mart's frame as rows of text, numbers written the way the report's
language writes them (1,234.5 / 1 234,5)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from icp_scoring.grid.backtest import TargetCheck, check_targets
from icp_scoring.report import charts

# --- numbers as the page shows them ----------------------------------------------------------------------


def number(value: Any, language: str, decimals: int = 0) -> str:
    """1,234.5 in English, 1 234,5 in French; '-' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "-"
    text = f"{float(value):,.{decimals}f}"
    if language == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def percent(value: Any, language: str) -> str:
    if value is None or pd.isna(value):
        return "-"
    text = number(float(value) * 100, language, 1)
    return f"{text}\u202f%" if language == "fr" else f"{text}%"


def text(value: Any) -> str:
    return "-" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


# --- tables ----------------------------------------------------------------------------------------------


@dataclass
class Column:
    title: str
    numeric: bool = False


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[dict[str, str]]] = field(default_factory=list)
    note: str = ""

    def add(self, *cells: str, css: dict[int, str] | None = None) -> None:
        classes = css or {}
        self.rows.append(
            [
                {
                    "text": cell,
                    "css": " ".join(filter(None, ["num" if column.numeric else "", classes.get(i)])),
                }
                for i, (cell, column) in enumerate(zip(cells, self.columns, strict=True))
            ]
        )


def columns(t: dict[str, str], *keys: str) -> list[Column]:
    """Columns titled from the labels; a key ending in '#' is a number, right-aligned."""
    return [Column(t[key.rstrip("#")], key.endswith("#")) for key in keys]


def mix_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    tiers = sorted(frame["icp_tier"].dropna().unique())
    table = Table([Column(t["grade"]), *(Column(f"{t['tier']} {tier}", True) for tier in tiers)])
    for grade, rows in frame.groupby("icp_grade", sort=True):
        counts = dict(zip(rows["icp_tier"], rows["account_count"], strict=True))
        table.add(str(grade), *(number(counts.get(tier, 0), language) for tier in tiers))
    return table


def matrix_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    names = dict(zip(charts.LEVELS, charts.level_names(t), strict=True))
    table = Table(columns(t, "fit_level", "intent_level", "play", "count#"))
    order = {level: i for i, level in enumerate(charts.LEVELS)}
    ordered = frame.sort_values(
        ["fit_level", "intent_level"], key=lambda column: column.map(order), kind="stable"
    )
    for row in ordered.itertuples():
        table.add(
            names.get(row.fit_level, text(row.fit_level)),
            names.get(row.intent_level, text(row.intent_level)),
            text(row.play_name),
            number(row.account_count, language),
        )
    return table


def listing_note(frame: pd.DataFrame, t: dict[str, str], language: str) -> str:
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    return t["shown_of"].format(shown=number(len(frame), language), total=number(total, language))


def committee_text(row: Any, t: dict[str, str], language: str) -> str:
    """`50% filled; empty: Champion`, `complete`, or '-' for an ICP without required seats."""
    if pd.isna(row.committee_completeness):
        return "-"
    filled = t["committee_filled"].format(share=percent(row.committee_completeness, language))
    return filled + (
        f"; {t['committee_empty']}: {row.empty_required_seats}"
        if text(row.empty_required_seats) != "-"
        else ""
    )


def tier_1_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    table = Table(
        columns(
            t,
            "rank#",
            "account",
            "domain",
            "grade",
            "score#",
            "reasons",
            "committee",
            "contacts",
            "next_step",
        )
    )
    for row in frame.itertuples():
        table.add(
            number(row.icp_rank, language),
            text(row.account_name),
            text(row.domain),
            text(row.icp_grade),
            number(row.icp_score, language, 2),
            text(row.top_reasons),
            committee_text(row, t, language),
            text(row.committee_contacts),
            text(row.next_step),
        )
    table.note = listing_note(frame, t, language)
    return table


def committees_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    """Per tier: accounts, those with every required seat filled, those with none, the mean completeness and
    the required seat most often empty (with in how many accounts)."""
    table = Table(
        columns(
            t, "tier", "count#", "complete_accounts#", "uncovered_accounts#", "completeness#", "most_empty"
        )
    )
    for row in frame.itertuples():
        table.add(
            t["unscored"] if pd.isna(row.icp_tier) else f"{t['tier']} {int(row.icp_tier)}",
            number(row.account_count, language),
            number(row.complete_accounts, language),
            number(row.uncovered_accounts, language),
            percent(row.mean_completeness, language),
            f"{row.most_empty_seat} ({number(row.most_empty_seat_accounts, language)})"
            if isinstance(row.most_empty_seat, str)
            else "-",
        )
    return table


def new_targets_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    table = Table(columns(t, "account", "domain", "grade", "score#", "previous_tier", "reasons", "committee"))
    for row in frame.itertuples():
        came_from = (
            t["new_account"] if pd.isna(row.previous_icp_tier) else f"{t['tier']} {row.previous_icp_tier}"
        )
        table.add(
            text(row.account_name),
            text(row.domain),
            text(row.icp_grade),
            number(row.icp_score, language, 2),
            came_from,
            text(row.top_reasons),
            committee_text(row, t, language),
        )
    table.note = listing_note(frame, t, language)
    return table


def movers_table(frame: pd.DataFrame, counts: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    table = Table(columns(t, "account", "movement", "before", "after", "score_change#", "why"))

    def state(grade: Any, tier: Any) -> str:
        return "-" if pd.isna(grade) else f"{grade} / {t['tier']} {tier}"

    for row in frame.itertuples():
        table.add(
            text(row.account_name),
            text(row.movement),
            state(row.previous_icp_grade, row.previous_icp_tier),
            state(row.icp_grade, row.icp_tier),
            number(row.score_change, language, 2),
            text(row.criteria_moved if not pd.isna(row.criteria_moved) else row.move_reason),
        )
    total = int(counts["total"].iloc[0]) if len(counts) else 0
    table.note = t["shown_of"].format(shown=number(len(frame), language), total=number(total, language))
    return table


def unscored_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    table = Table(columns(t, "unscored_reason", "count#"))
    for row in frame.itertuples():
        table.add(text(row.unscored_reason), number(row.account_count, language))
    return table


def excluded_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    table = Table(columns(t, "excluded_reason", "excluded_by", "count#"))
    for row in frame.itertuples():
        table.add(text(row.excluded_reason), text(row.excluded_by), number(row.account_count, language))
    return table


def row_quality_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    table = Table(columns(t, "source_table", "check_status", "rows#", "share#", "what_to_do"))
    for row in frame.itertuples():
        table.add(
            text(row.source_table),
            f"{row.check_status} ({t['used'] if row.is_usable else t['flagged']})",
            number(row.row_count, language),
            percent(row.share_of_rows, language),
            text(row.what_to_do),
        )
    return table


def unmapped_table(frame: pd.DataFrame, t: dict[str, str], language: str) -> Table:
    table = Table(columns(t, "vocabulary", "raw_value", "rows#", "file_to_edit"))
    for row in frame.itertuples():
        table.add(
            text(row.vocabulary),
            text(row.example_raw_value),
            number(row.row_count, language),
            text(row.alias_seed),
        )
    table.note = listing_note(frame, t, language)
    return table


def backtest_tables(frame: pd.DataFrame, t: dict[str, str], language: str) -> dict[str, Any]:
    """The backtest per grade, and the method's targets measured (icp backtest's own checks)."""
    grades = Table(
        columns(
            t,
            "segment",
            "count#",
            "share_of_accounts#",
            "worked_share#",
            "win_rate#",
            "share_of_won_deals#",
            "average_won_deal_size#",
            "median_sales_cycle_days#",
            "win_rate_lift#",
        )
    )
    coverage = Table([*grades.columns])
    coverage.columns[0] = Column(t["segment_coverage"])
    for table, segment_types in ((grades, ["grade", "top_grades"]), (coverage, ["grade_coverage"])):
        for row in frame[frame["segment_type"].isin(segment_types)].itertuples():
            table.add(
                text(row.segment),
                number(row.account_count, language),
                percent(row.share_of_accounts, language),
                percent(row.worked_share, language),
                percent(row.win_rate, language),
                percent(row.share_of_won_deals, language),
                number(row.average_won_deal_size, language),
                number(row.median_sales_cycle_days, language),
                number(row.win_rate_lift, language, 2),
            )
    targets = Table(columns(t, "goal", "measured#", "target", "result"))
    records = frame.to_dict("records")
    for check in check_targets(records, frame["icp_id"].iloc[0]):
        targets.add(
            check.name,
            target_measure(check, language),
            check.target + (f" ({check.note})" if check.note else ""),
            t["met"] if check.met else t["missed"],
            css={3: "met" if check.met else "missed"},
        )
    first = frame.iloc[0]
    window = " - ".join(pd.Timestamp(first[end]).date().isoformat() for end in ("window_start", "window_end"))
    return {"grades": grades, "coverage": coverage, "targets": targets, "window": window}


def target_measure(check: TargetCheck, language: str) -> str:
    if check.measured is None:
        return "-"
    if math.isinf(check.measured):
        return "∞"
    if "win rate /" in check.name:
        return f"{number(check.measured, language, 1)}x"
    return percent(check.measured, language)


def validation_tables(validations: list[dict], t: dict[str, str]) -> list[dict[str, Any]]:
    """Per stage: where and when it was validated, and each expectation with its observed value and result."""
    stages = []
    for summary in validations:
        table = Table(columns(t, "suite", "expectation", "observed", "result"))
        for outcome in summary["expectations"]:
            observed = outcome["observed"] + (f" ({outcome['problem']})" if outcome["problem"] else "")
            result = "pass" if outcome["success"] else "fail"
            table.add(outcome["suite"], outcome["expectation"], observed, t[result], css={3: result})
        for error in summary["errors"]:
            table.add("", error, "", t["fail"], css={3: "fail"})
        passed = sum(outcome["success"] for outcome in summary["expectations"])
        table.note = t["validated"].format(
            source=summary["source"],
            at=summary["validated_at"],
            passed=passed,
            total=len(summary["expectations"]),
        )
        stages.append({"name": summary["stage"], "table": table})
    return stages
