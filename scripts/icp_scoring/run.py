"""Score all the way, in one command: your own extracts, or the generated sample (the Quickstart).

    icp run [--scoring-date YYYY-MM-DD]                  your extracts in $ICP_RAW_DIR (data/raw)
    icp run --sample 5000 [--seed 42] [--scoring-date D]  a generated sample, everything in $ICP_SAMPLE_DIR

Stages: (generate the sample,) check and land the raw files, validate them, dbt build, validate the marts,
publish them for BI, write the CRM import files, print the summary, (for the sample: backtest the grid on its
won deals,) write the report (one HTML page, with the backtest when there is one). Each
stage says its step and how long it took, and a failing stage stops the run with what to fix; nothing is
published after a failed stage.

On PostgreSQL or Spark (--engine, default ICP_DBT_TARGET) the landed files are loaded into the engine
(`icp load-landed`) before `dbt build` runs on its target; the marts are validated and published from the
engine (`icp publish --engine`: on PostgreSQL behind the views of schema published), and the CRM files,
summary and report read the published DuckDB file as on DuckDB. The backtest builds on DuckDB.

Your extracts and the sample never share a folder: with --sample every path (raw files, landed files,
warehouse, published marts, exports, report) is under $ICP_SAMPLE_DIR (data/sample), so the sample's
history and exports never mix with your accounts', and the generator never writes into a folder of yours
(it refuses to overwrite files it did not write). Without --sample the paths are the ICP_* variables
(icp_scoring.settings).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from icp_scoring import console, export, publish, settings, summary
from icp_scoring.build import ENGINE_HELP, add_scoring_date, build_stages, run_stages
from icp_scoring.engines import add_engine_option
from icp_scoring.quality import command as validate_command
from icp_scoring.sample import account_count, seed_value
from icp_scoring.sample.command import main as sample_main
from icp_scoring.warehouse import exclusive_run

COMMAND = "icp run"
DEFAULT_SEED = 42


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Score all the way: check, land and validate the raw files, dbt build, validate the "
        "marts, publish, export to the CRMs, summarise. Your extracts in $ICP_RAW_DIR, or with --sample a "
        "generated sample in $ICP_SAMPLE_DIR. On PostgreSQL or Spark (--engine) the landed files are "
        "loaded into the engine first, dbt builds on its target, the marts are validated and published from "
        "it, and the CRM files, summary and report read the published DuckDB file as on DuckDB.",
    )
    parser.add_argument(
        "--sample",
        type=account_count,
        metavar="ACCOUNTS",
        help="generate a sample of this many accounts first and score it, every path under $ICP_SAMPLE_DIR "
        f"(default folder: {settings.DEFAULTS['ICP_SAMPLE_DIR']})",
    )
    parser.add_argument(
        "--seed", type=seed_value, default=DEFAULT_SEED, help="the sample's seed (default: 42)"
    )
    add_scoring_date(parser)
    parser.add_argument("--no-export", action="store_true", help="skip the CRM import files")
    parser.add_argument(
        "--no-backtest",
        action="store_true",
        help="with --sample: skip the backtest of the grid on the sample's won deals (about 30 s at 5,000 "
        "accounts) and its report section; on your extracts the backtest is a step of its own: make backtest",
    )
    add_engine_option(parser, ENGINE_HELP)
    return parser.parse_args(argv)


def run_paths(sample: bool) -> dict[str, Path]:
    """Where this run reads and writes: the ICP_* settings, or the sample's folder."""
    if not sample:
        return {
            "raw": settings.raw_dir(),
            "landed": settings.landed_dir(),
            "database": settings.warehouse_path(),
            "published": settings.published_dir(),
            "exports": settings.export_dir(),
            "report": settings.report_dir(),
        }
    root = settings.sample_dir()
    return {
        "raw": root / "raw",
        "landed": root / "landed",
        "database": root / "warehouse" / "icp_scoring.duckdb",
        "published": root / "published",
        "exports": root / "exports",
        "report": root / "report",
        "backtest": root / "backtest",
    }


def write_report(published: Path, report_dir: Path, backtest: Path | None = None) -> int:
    """icp report on the marts just published (with the backtest warehouse of this run, if any); imported
    here, so its charting libraries load (and are timed) in its own stage."""
    from icp_scoring.report import command as report

    output = report_dir / report.REPORT_FILE_NAME
    return report.main(
        ["--database", str(published), "--output", str(output)]
        + (["--backtest", str(backtest)] if backtest is not None else [])
    )


def run_backtest(raw_dir: Path, scoring_date: dt.date, work_dir: Path) -> int:
    """icp backtest of the live grid on the won deals up to the scoring date (the sample's outcome window)."""
    from icp_scoring.grid import backtest

    arguments = ["--raw-dir", str(raw_dir), "--as-of", scoring_date.isoformat(), "--work-dir", str(work_dir)]
    return backtest.main(arguments)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    paths = run_paths(args.sample is not None)
    scoring_date = args.scoring_date or console.today_utc()
    stages = []
    if args.sample is not None:
        sample = [
            "--accounts",
            str(args.sample),
            "--seed",
            str(args.seed),
            "--as-of",
            scoring_date.isoformat(),
        ]
        stages.append(
            ("generate the sample", lambda: sample_main([*sample, "--output-dir", str(paths["raw"])]))
        )
    stages += build_stages(paths["raw"], paths["landed"], paths["database"], scoring_date, args.engine)
    published = paths["published"] / settings.PUBLISHED_DATABASE_NAME
    marts = ["--database", str(paths["database"]), "--engine", args.engine]
    stages += [
        ("validate the marts", lambda: validate_command.main(["marts", *marts])),
        ("publish the marts", lambda: publish.main([*marts, "--published-dir", str(paths["published"])])),
    ]
    if not args.no_export:
        stages.append(
            (
                "write the CRM import files",
                lambda: export.main(["--database", str(published), "--output-dir", str(paths["exports"])]),
            )
        )
    stages.append(("summarise", lambda: summary.main(["--database", str(published)])))
    backtest = None
    if args.sample is not None and not args.no_backtest:
        stages.append(
            (
                "backtest the grid on the won deals",
                lambda: run_backtest(paths["raw"], scoring_date, paths["backtest"]),
            )
        )
        backtest = paths["backtest"] / "warehouse.duckdb"
    stages.append(("write the report", lambda: write_report(published, paths["report"], backtest)))
    with exclusive_run(paths["database"]):
        return run_stages(COMMAND, stages, paths["database"])
