"""The report's HTML: one self-contained file, the Vega, Vega-Lite and Vega-Embed JavaScript inlined (the
bundle vl-convert ships, as Altair's own inline HTML uses), so it opens offline, mailed or on a shared
drive."""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from altair.utils._importers import import_vl_convert, vl_version_for_vl_convert

from icp_scoring.grid.review import review_state
from icp_scoring.report import charts
from icp_scoring.report.marts import ReportData
from icp_scoring.report.tables import (
    backtest_tables,
    committees_table,
    excluded_table,
    matrix_table,
    mix_table,
    movers_table,
    new_targets_table,
    number,
    row_quality_table,
    tier_1_table,
    unmapped_table,
    unscored_table,
    validation_tables,
)

HERE = Path(__file__).parent
LABELS_FILE = HERE / "labels.toml"
TEMPLATE_FILE = "report.html.j2"


@cache
def all_labels() -> dict[str, dict[str, str]]:
    with LABELS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def labels(language: str) -> dict[str, str]:
    return all_labels()[language]


@cache
def vega_script() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script defining vegaEmbed, for Altair's Vega-Lite version."""
    return import_vl_convert().javascript_bundle(vl_version=vl_version_for_vl_convert())


# --- the page --------------------------------------------------------------------------------------------


class Specs:
    """The charts of the page, each written once as JSON and referred to by its index."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, spec: charts.Spec) -> int:
        # "</" would close the script element the JSON sits in.
        self.items.append(json.dumps(spec).replace("</", "<\\/"))
        return len(self.items) - 1


def review_text(icp: pd.Series, t: dict[str, str]) -> str:
    """When the grid was reviewed, and whether its review is overdue at the scoring date."""
    reviewed_on, due_on = (
        None if pd.isna(icp[column]) else pd.Timestamp(icp[column]).date()
        for column in ("grid_reviewed_on", "grid_review_due_on")
    )
    state = review_state(pd.Timestamp(icp["scoring_date"]).date(), reviewed_on, due_on)
    if state == "never_reviewed":
        return t[state]
    return f"{t['reviewed_on']} {reviewed_on}, {t[state]} {due_on}"


def icp_context(data: ReportData, icp: pd.Series, t: dict[str, str], language: str, specs: Specs) -> dict:
    icp_id = icp["icp_id"]
    mix = data.for_icp("grade_tiers", icp_id)
    matrix = data.for_icp("matrix", icp_id)
    context: dict[str, Any] = {
        "id": icp_id,
        "accounts": number(icp["accounts"], language),
        "scored": number(icp["scored_accounts"], language),
        "scoring_date": pd.Timestamp(icp["scoring_date"]).date().isoformat(),
        "grid_version": icp["grid_version"],
        "review": review_text(icp, t),
        "mix": mix_table(mix, t, language),
        "matrix": matrix_table(matrix, t, language),
        "tier_1": tier_1_table(data.for_icp("tier_1", icp_id), t, language),
        "committees": committees_table(data.for_icp("committees", icp_id), t, language),
        "unscored": unscored_table(data.for_icp("unscored", icp_id), t, language),
        "excluded": excluded_table(data.for_icp("excluded", icp_id), t, language),
        "charts": {
            "mix": specs.add(charts.grade_tier_chart(mix, t)),
            "matrix": specs.add(charts.matrix_chart(matrix, t)),
        },
        "history": "movers" in data.frames,
        "backtest": None,
    }
    if context["history"]:
        context["first_run"] = int(data["previous_runs"]["previous_runs"].iloc[0]) < 1
        context["new_top_targets"] = new_targets_table(data.for_icp("new_top_targets", icp_id), t, language)
        context["movers"] = movers_table(
            data.for_icp("movers", icp_id), data.for_icp("mover_counts", icp_id), t, language
        )
    backtest = data.for_icp("backtest", icp_id)
    if len(backtest):
        context["backtest"] = backtest_tables(backtest, t, language)
        context["charts"]["lift"] = specs.add(charts.lift_chart(backtest, t))
        context["charts"]["win_rate"] = specs.add(charts.win_rate_chart(backtest, t))
    return context


def render(data: ReportData, language: str) -> str:
    """The whole page as one HTML string."""
    t = labels(language)
    specs = Specs()
    icps = [icp_context(data, icp, t, language, specs) for _, icp in data["runs"].iterrows()]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    return environment.get_template(TEMPLATE_FILE).render(
        language=language,
        t=t,
        database=str(data.database),
        published_at=data.publication.get("published_at"),
        icps=icps,
        quality_chart=specs.add(charts.quality_chart(data["row_quality"], t)),
        row_quality=row_quality_table(data["row_quality"], t, language),
        unmapped=unmapped_table(data["unmapped"], t, language),
        validations=validation_tables(data.validations, t),
        specs=specs.items,
        vega_script=vega_script(),
    )
