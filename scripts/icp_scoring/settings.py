"""Where a run reads and writes, written once: each setting is an environment variable with its default.

The Makefile, the `icp` command's options and the dbt project (profiles.yml, the sources) all read these
variables; a command's option, when given, wins over the variable. Relative paths are relative to the
folder the command runs in (the repository root when run through `make`).

    ICP_RAW_DIR            data/raw                            your raw CSV extracts (never written to)
    ICP_SAMPLE_DIR         data/sample                         the generated sample's world (icp run --sample)
    ICP_LANDED_DIR         data/landed                         the raw files landed as Parquet, read by dbt
    ICP_DUCKDB_PATH        data/warehouse/icp_scoring.duckdb   the working warehouse dbt builds
    ICP_PUBLISHED_DIR      data/published                      the marts BI tools read (after a green build)
    ICP_EXPORT_DIR         data/exports                        the HubSpot and Salesforce import files
    ICP_REPORT_DIR         data/report                         the run's HTML report (icp report)
    ICP_REPORT_LANGUAGE    en                                  the report's language: en or fr
    ICP_MAX_GRADE_A_SHARE  0.20                                the quality gate on the share of grade A
    ICP_SALESFORCE_LOAD    bulk                                how the Salesforce file is loaded (icp export)
"""

from __future__ import annotations

import os
from pathlib import Path

# The repository: the dbt project (dbt_project.yml, seeds, models) next to this package's folder.
PROJECT_DIR = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_DIR / "seeds"
LIVE_GRID_DIR = SEEDS_DIR / "scoring_grid"
REFERENCE_DIR = SEEDS_DIR / "reference"
DBT_PROJECT_FILE = PROJECT_DIR / "dbt_project.yml"

DEFAULTS = {
    "ICP_RAW_DIR": "data/raw",
    "ICP_SAMPLE_DIR": "data/sample",
    "ICP_LANDED_DIR": "data/landed",
    "ICP_DUCKDB_PATH": "data/warehouse/icp_scoring.duckdb",
    "ICP_PUBLISHED_DIR": "data/published",
    "ICP_EXPORT_DIR": "data/exports",
    "ICP_REPORT_DIR": "data/report",
    "ICP_REPORT_LANGUAGE": "en",
    "ICP_MAX_GRADE_A_SHARE": "0.20",
    "ICP_SALESFORCE_LOAD": "bulk",
}
# The published DuckDB file's name inside ICP_PUBLISHED_DIR.
PUBLISHED_DATABASE_NAME = "icp_scores.duckdb"
# Working folders of the commands that build in project copies of their own (never the live warehouse).
BACKTEST_DIR = Path("data/backtest")
WHATIF_DIR = Path("data/whatif")
PROPOSALS_DIR = Path("data/proposals")
BENCHMARK_DIR = Path("data/benchmark")
GREAT_EXPECTATIONS_DOCS_DIR = Path("data/great_expectations_docs")


def setting(name: str) -> str:
    """The value of an ICP_* setting: its environment variable when set and not empty, else its default."""
    return os.environ.get(name) or DEFAULTS[name]


def path_setting(name: str) -> Path:
    return Path(setting(name))


def raw_dir() -> Path:
    return path_setting("ICP_RAW_DIR")


def sample_dir() -> Path:
    return path_setting("ICP_SAMPLE_DIR")


def landed_dir() -> Path:
    return path_setting("ICP_LANDED_DIR")


def warehouse_path() -> Path:
    return path_setting("ICP_DUCKDB_PATH")


def published_dir() -> Path:
    return path_setting("ICP_PUBLISHED_DIR")


def published_database() -> Path:
    return published_dir() / PUBLISHED_DATABASE_NAME


def dbt_target_dir(project: Path = PROJECT_DIR) -> Path:
    """Where dbt writes its manifest and run results when it runs in project: dbt's DBT_TARGET_PATH (relative
    to the project, or absolute), else target/."""
    return project / os.environ.get("DBT_TARGET_PATH", "target")


def export_dir() -> Path:
    return path_setting("ICP_EXPORT_DIR")


def report_dir() -> Path:
    return path_setting("ICP_REPORT_DIR")


def report_language() -> str:
    return setting("ICP_REPORT_LANGUAGE")


def max_grade_a_share() -> float:
    return float(setting("ICP_MAX_GRADE_A_SHARE"))
