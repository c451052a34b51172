"""Write the run's report: one self-contained HTML page (charts included, works offline) from the published
marts, for sales and marketing leaders.

    icp report [--database data/published/icp_scores.duckdb] [--output data/report/report.html]
               [--language en|fr] [--backtest data/backtest/warehouse.duckdb]

`icp run` writes it as its last stage (data/sample/report/report.html for the sample). What it shows and how
to read it: docs/report.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from icp_scoring import console, settings
from icp_scoring.report import LANGUAGES
from icp_scoring.report.marts import DEFAULT_LIST_SIZE, read_marts, read_validations

COMMAND = "icp report"
REPORT_FILE_NAME = "report.html"


def language_argument(text: str) -> str:
    if text not in LANGUAGES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a report language; choose one of {', '.join(LANGUAGES)}"
        )
    return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Write the run's report, one HTML file that opens offline: grades and tiers, the fit x "
        "intent plays, tier 1, new top targets, movers, the backtest, data quality. Read from the published "
        "marts.",
        epilog="What each section shows: docs/report.md.",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=settings.published_database(),
        help="the published marts, or a warehouse dbt built (default: %(default)s, from $ICP_PUBLISHED_DIR)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=settings.report_dir() / REPORT_FILE_NAME,
        help="the HTML file to write (default: %(default)s, from $ICP_REPORT_DIR)",
    )
    parser.add_argument(
        "--language",
        type=language_argument,
        default=settings.report_language(),
        help="en or fr: the report's words, from labels.toml (default: %(default)s, "
        "from $ICP_REPORT_LANGUAGE)",
    )
    parser.add_argument(
        "--backtest",
        type=Path,
        metavar="DATABASE",
        help="the warehouse `make backtest` wrote (data/backtest/warehouse.duckdb): its backtest, when the "
        "published marts have none (their history does not start before the window)",
    )
    parser.add_argument(
        "--validations-dir",
        type=Path,
        default=settings.GREAT_EXPECTATIONS_DOCS_DIR,
        help="where icp validate wrote its Data Docs and summaries, <dir>/<stage>/summary.json "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--top",
        type=console.positive_number,
        default=DEFAULT_LIST_SIZE,
        help="how many accounts each list shows per ICP (default: %(default)s)",
    )
    return parser.parse_args(argv)


def write_report(
    database: Path,
    output: Path,
    language: str,
    top: int = DEFAULT_LIST_SIZE,
    backtest: Path | None = None,
    validations_dir: Path = settings.GREAT_EXPECTATIONS_DOCS_DIR,
) -> Path:
    """Read the marts, render the page, write it next to a temporary name then rename it (a reader never sees
    half a file). The page's module is imported only now: Altair and the Vega bundle take seconds to import,
    which --help and a refusal never need."""
    from icp_scoring.report.page import render

    data = read_marts(database, top, backtest)
    data.validations = read_validations(validations_dir)
    html = render(data, language)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(output)
    return output


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    output = write_report(
        args.database, args.output, args.language, args.top, args.backtest, args.validations_dir
    )
    size = output.stat().st_size / 1e6
    console.progress(COMMAND, f"wrote {output} ({size:.1f} MB) in {time.monotonic() - started:.1f} s")
    print(f"Report: {output}")
    return 0
