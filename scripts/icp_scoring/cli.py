"""The `icp` command: one subcommand per job, each with its own --help.

    icp <command> [options]        icp <command> --help        icp --help

A subcommand's module is imported only when it runs, so `icp --help` answers at once.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from icp_scoring.console import UserError, error


@dataclass(frozen=True)
class Command:
    module: str  # the module whose main(argv) runs the command
    summary: str


# In the order of a run, then the grid's review, then the project's own checks.
COMMANDS = {
    "sample": Command(
        "icp_scoring.sample.command", "Generate the messy raw sample files (CRM, feeds, outcomes)"
    ),
    "land": Command("icp_scoring.raw.landing", "Check the raw files and land them as Parquet for dbt"),
    "validate": Command(
        "icp_scoring.quality.command", "Great Expectations on the raw files (raw) or on the marts (marts)"
    ),
    "run": Command("icp_scoring.run", "Score all the way: your extracts, or a generated sample (--sample N)"),
    "load-landed": Command(
        "icp_scoring.engines.load_command",
        "Load the landed files into PostgreSQL or Spark before a dbt build",
    ),
    "build": Command(
        "icp_scoring.build", "Land and validate the raw files, then dbt build (seeds, models, tests)"
    ),
    "rescore": Command(
        "icp_scoring.rescore", "After a grid edit, rebuild and retest only what changed since the last build"
    ),
    "publish": Command("icp_scoring.publish", "Publish the marts of a green build for BI tools, atomically"),
    "export": Command("icp_scoring.export", "Write HubSpot and Salesforce import files of what changed"),
    "summary": Command(
        "icp_scoring.summary",
        "Print accounts per grade, tier and unscored reason, buying committees per tier, and movers",
    ),
    "report": Command(
        "icp_scoring.report.command",
        "Write the run's one-page HTML report (offline) from the published marts",
    ),
    "history": Command("icp_scoring.history", "Back up or restore the score history of the warehouse"),
    "backtest": Command(
        "icp_scoring.grid.backtest", "Backtest a grid: grades at a window's start vs deals won"
    ),
    "learn-grid": Command("icp_scoring.grid.learn", "Learn a grid from the won deals of a backtest"),
    "whatif": Command(
        "icp_scoring.grid.whatif", "Score every account with a proposed grid next to the live one"
    ),
    "grid-format": Command(
        "icp_scoring.grid.grid_format", "Rewrite a grid folder saved by Excel (;, BOM, 0,4) for dbt"
    ),
    "reset": Command(
        "icp_scoring.reset", "Delete, by name, what make clean keeps (warehouse, exports, published)"
    ),
    "benchmark": Command("icp_scoring.benchmark.command", "Time every stage against a reference query"),
    "reference": Command(
        "icp_scoring.reference.command", "Build the generated reference seeds from their pinned sources"
    ),
    "check-project": Command("icp_scoring.hygiene", "Check the dbt project's hygiene rules on its manifest"),
}


def package_version() -> str:
    try:
        return version("icp-scoring")
    except PackageNotFoundError:
        return "not installed"


def usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [
        "usage: icp <command> [options]",
        "",
        "ICP account scoring: the commands around the dbt project. `icp <command> --help` for a command's "
        "options.",
        "",
        "commands:",
        *(f"  {name:<{width}}  {command.summary}" for name, command in COMMANDS.items()),
        "",
        "Paths default to the ICP_* environment variables (see `icp_scoring.settings`), then to data/...",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments or arguments[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    if arguments[0] == "--version":
        print(f"icp {package_version()}")
        return 0
    name, rest = arguments[0], arguments[1:]
    if name not in COMMANDS:
        error("icp", f"unknown command {name!r}; the commands are: {', '.join(COMMANDS)} (icp --help).")
        return 2
    try:
        run = importlib.import_module(COMMANDS[name].module).main
        return int(run(rest) or 0)
    except UserError as problem:
        error(f"icp {name}", str(problem))
        return problem.exit_code
    except OSError as problem:
        # A full or read-only disk, a folder that cannot be created: one sentence, not a traceback.
        where = f" ({problem.filename})" if problem.filename else ""
        error(f"icp {name}", f"cannot read or write a file{where}: {problem.strerror or problem}.")
        return 1
    except KeyboardInterrupt:
        error(f"icp {name}", "interrupted.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
