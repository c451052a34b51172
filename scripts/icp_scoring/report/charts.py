"""The report's charts, as Vega-Lite specifications drawn with Altair from the frames of `marts`."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from icp_scoring.grid.backtest import MAX_TOP_GRADES_ACCOUNT_SHARE, MIN_TOP_GRADES_WON_SHARE

Spec = dict[str, Any]
LEVELS = ("high", "medium", "low")
WIDTH = 360


def level_names(labels: dict[str, str]) -> list[str]:
    return [labels[f"level_{level}"] for level in LEVELS]


def grade_tier_chart(frame: pd.DataFrame, labels: dict[str, str]) -> Spec:
    """Accounts per grade, each bar split into its ABM tiers."""
    data = frame.assign(tier=frame["icp_tier"].map(lambda tier: f"{labels['tier']} {tier}"))
    return (
        alt.Chart(data, width=WIDTH, height=220)
        .mark_bar()
        .encode(
            x=alt.X("icp_grade:N", title=labels["grade"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(account_count):Q", title=labels["count"]),
            color=alt.Color("tier:N", title=labels["tier"], scale=alt.Scale(scheme="tableau10")),
            tooltip=[
                alt.Tooltip("icp_grade:N", title=labels["grade"]),
                alt.Tooltip("tier:N", title=labels["tier"]),
                alt.Tooltip("sum(account_count):Q", title=labels["count"]),
            ],
        )
        .to_dict()
    )


def matrix_chart(frame: pd.DataFrame, labels: dict[str, str]) -> Spec:
    """Fit (rows) x intent (columns): accounts per cell, the play in the tooltip."""
    names = dict(zip(LEVELS, level_names(labels), strict=True))
    data = frame.assign(fit=frame["fit_level"].map(names), intent=frame["intent_level"].map(names))
    base = alt.Chart(data, width=WIDTH, height=200).encode(
        x=alt.X(
            "intent:N",
            title=labels["intent_level"],
            sort=level_names(labels)[::-1],
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("fit:N", title=labels["fit_level"], sort=level_names(labels)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("account_count:Q", title=labels["count"], scale=alt.Scale(scheme="blues")),
        tooltip=[
            alt.Tooltip("fit:N", title=labels["fit_level"]),
            alt.Tooltip("intent:N", title=labels["intent_level"]),
            alt.Tooltip("play_name:N", title=labels["play"]),
            alt.Tooltip("account_count:Q", title=labels["count"]),
        ],
    )
    counts = base.mark_text(fontSize=14).encode(text="account_count:Q")
    return (cells + counts).to_dict()


def quality_chart(frame: pd.DataFrame, labels: dict[str, str]) -> Spec:
    """Raw rows per source, used or kept out (per reason in the tooltip)."""
    data = frame.assign(use=frame["is_usable"].map({True: labels["used"], False: labels["flagged"]}))
    return (
        alt.Chart(data, width=WIDTH, height=160)
        .mark_bar()
        .encode(
            y=alt.Y("source_table:N", title=labels["source_table"]),
            x=alt.X("sum(row_count):Q", title=labels["rows"]),
            color=alt.Color(
                "use:N",
                title="",
                scale=alt.Scale(domain=[labels["used"], labels["flagged"]], range=["#4c78a8", "#e45756"]),
            ),
            tooltip=[
                alt.Tooltip("source_table:N", title=labels["source_table"]),
                alt.Tooltip("check_status:N", title=labels["check_status"]),
                alt.Tooltip("sum(row_count):Q", title=labels["rows"]),
            ],
        )
        .to_dict()
    )


def lift_chart(frame: pd.DataFrame, labels: dict[str, str]) -> Spec:
    """The best grades' share of accounts and of won deals, against the method's targets (the ticks)."""
    top = frame[frame["segment_type"] == "top_grades"]
    rows = []
    for _, row in top.iterrows():
        for column, target in (
            ("share_of_accounts", MAX_TOP_GRADES_ACCOUNT_SHARE),
            ("share_of_won_deals", MIN_TOP_GRADES_WON_SHARE),
        ):
            value = row[column]
            rows.append(
                {
                    "measure": f"{row['segment']}: {labels[column]}",
                    "share": None if pd.isna(value) else float(value),
                    "target": target,
                }
            )
    data = pd.DataFrame(rows)
    base = alt.Chart(data, width=WIDTH, height=90).encode(
        y=alt.Y("measure:N", title=""),
    )
    bars = base.mark_bar(color="#4c78a8").encode(
        x=alt.X("share:Q", title=labels["share"], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("share:Q", format=".1%", title=labels["measured"])],
    )
    ticks = base.mark_tick(color="#e45756", thickness=3, size=30).encode(
        x="target:Q", tooltip=[alt.Tooltip("target:Q", format=".0%", title=labels["target"])]
    )
    return (bars + ticks).to_dict()


def win_rate_chart(frame: pd.DataFrame, labels: dict[str, str]) -> Spec:
    """Win rate per grade at the window's start."""
    grades = frame[(frame["segment_type"] == "grade") & frame["win_rate"].notna()].copy()
    grades["win_rate"] = grades["win_rate"].astype(float)
    return (
        alt.Chart(grades, width=WIDTH, height=200)
        .mark_bar(color="#59a14f")
        .encode(
            x=alt.X("segment:N", title=labels["segment"], sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("win_rate:Q", title=labels["win_rate"], axis=alt.Axis(format="%")),
            tooltip=[
                alt.Tooltip("segment:N", title=labels["segment"]),
                alt.Tooltip("win_rate:Q", format=".1%", title=labels["win_rate"]),
            ],
        )
        .to_dict()
    )
