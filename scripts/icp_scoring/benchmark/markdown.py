"""BENCHMARKS.md: an introduction, how to reproduce, people's notes kept as written, and per size a section
(the machine, the command, the report) and, when other engines were measured, a section of the build on each
engine; a section is replaced when measured again and kept otherwise (a DuckDB-only benchmark keeps the
engines' section of its size)."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

from icp_scoring.benchmark.reference import DuckDBSettings
from icp_scoring.benchmark.report import engine_report, engines_title, size_report
from icp_scoring.benchmark.runs import SizeResult
from icp_scoring.engines.postgres import server_binaries
from icp_scoring.settings import PROJECT_DIR


def machine_lines() -> list[str]:
    """What the figures were measured on."""
    memory_kib = 0
    with open("/proc/meminfo", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions = package_versions()
    return [
        f"- CPU: {os.cpu_count()} cores (`nproc`), {model}",
        f"- memory: {memory_kib / 1024**2:.1f} GiB, Linux {platform.release()}",
        f"- Python {platform.python_version()}, "
        + ", ".join(f"{name} {version}" for name, version in versions),
        f"- DuckDB settings (profile and reference): threads {DuckDBSettings.from_environment().threads}, "
        f"memory_limit {DuckDBSettings.from_environment().memory_limit}",
        f"- project commit: {git_commit()}",
    ]


def package_versions(
    names: tuple[str, ...] = ("dbt-core", "dbt-duckdb", "duckdb", "great-expectations"),
) -> list[tuple[str, str]]:
    from importlib.metadata import version

    return [(name, version(name)) for name in names]


def engine_lines(engines: Sequence[str]) -> list[str]:
    """The versions of the other engines measured, and the settings they ran with."""
    lines = []
    if "postgres" in engines:
        server = subprocess.run(
            [str(server_binaries() / "postgres"), "--version"], capture_output=True, text=True, check=False
        )
        ((_, adapter),) = package_versions(("dbt-postgres",))
        lines.append(
            f"- PostgreSQL: {server.stdout.strip()}, a local server of its own per run (Unix socket, fsync "
            f"off, the other settings PostgreSQL's defaults), dbt-postgres {adapter}"
        )
    if "spark" in engines:
        lines.append(
            "- Spark: a local session in dbt's process, "
            + ", ".join(f"{name} {version}" for name, version in package_versions(("pyspark", "dbt-spark")))
            + ", the spark target's settings (ICP_SPARK_DRIVER_MEMORY, ICP_SPARK_CORES, "
            "ICP_SPARK_SHUFFLE_PARTITIONS: docs/engines.md)"
        )
    return lines


def git_commit() -> str:
    finished = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    commit = finished.stdout.strip() or "unknown"
    return commit + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


MARKDOWN_INTRO = """\
# Benchmarks

What a full scoring build costs, measured by `icp benchmark` (issue #7). Per size, the raw
files are generated once with the project's generator (about 8 technographic rows and 20 intent events per
account), then each run times the stages of `make build validate publish` one by one, against an emptied
DuckDB file: the raw-file check and landing (CSV to Parquet), Great Expectations on the raw files, `dbt
build` (seeds, models, snapshot, unit and data tests), Great Expectations on the marts, and the publication.
*Peak GiB* is the peak of the summed RSS of the stage's whole process tree (sampled every 50 ms); *input
rows/s* is raw input rows divided by the stage's wall time.

In the same run a hand-written DuckDB query (`scripts/icp_scoring/benchmark/reference_scoring.sql`) does the
same cleaning and scoring on the same landed files in a fresh process, with the same DuckDB threads and memory
limit; the benchmark checks that it gives exactly the project's scores (`marts.account_scores`: scored or
reason, completeness, points, fit, intent and ICP scores, grade, grade tier, tier and rank) and fails
otherwise.

dbt's node times come from `run_results.json`. dbt runs two nodes at a time, so the time of a kind of node
is the wall time during which at least one node of that kind ran (overlaps counted once); kinds overlap each
other. *Start-up* is the time from launching `dbt build` to its first node (imports, parsing, connecting).
The warehouse and landed files keep their paths from run to run, as in daily use, so dbt parses the whole
project only in the first run of a size and only what changed in the next ones. *Scoring model nodes* are
`account_scores` and every model it is built from. *CPU s* (user + system time of the stage's process tree)
moves little when other processes share the machine, where wall time grows: the noise line of each size says
how busy the machine was. All figures are medians of the runs, with their range.

With `--engines duckdb postgres spark`, a size also gets a section *on DuckDB, PostgreSQL and Spark*: after
DuckDB's runs, each other engine starts empty (PostgreSQL: a local server of its own; Spark: a local session
with a new warehouse folder), loads the same landed files (`icp load-landed`) and runs the whole `dbt build`
(every seed, model and test), timed the same way (PostgreSQL's CPU and memory include its server's
processes), and its five marts are compared with DuckDB's row by row: any difference fails the benchmark.
DuckDB's row there is its `dbt_build` stage. A benchmark of DuckDB alone keeps that section as it was."""


# The kinds of section a size has: its DuckDB runs, and its build on the other engines.
SECTION_KINDS = ("benchmark", "engines")


def size_marker(accounts: int, end: bool = False, kind: str = "benchmark") -> str:
    return f"<!-- {kind} {'end' if end else 'start'}: {accounts} accounts -->"


def markdown_section(result: SizeResult, command: str) -> str:
    return "\n\n".join(
        [
            size_marker(result.accounts),
            f"## {result.accounts:,} accounts",
            "Machine:\n\n" + "\n".join(machine_lines()),
            f"Command:\n\n```bash\n{command}\n```",
            size_report(result),
            size_marker(result.accounts, end=True),
        ]
    )


def engines_section(result: SizeResult, command: str) -> str:
    engines = [engine.engine for engine in result.engines]
    return "\n\n".join(
        [
            size_marker(result.accounts, kind="engines"),
            f"## {result.accounts:,} accounts on {engines_title(result)}",
            "Machine:\n\n" + "\n".join([*machine_lines(), *engine_lines(engines)]),
            f"Command:\n\n```bash\n{command}\n```",
            engine_report(result),
            size_marker(result.accounts, end=True, kind="engines"),
        ]
    )


NOTES_PATTERN = r"<!-- notes start -->.*?<!-- notes end -->"


def update_markdown(path: Path, results: Sequence[SizeResult], command: str) -> None:
    """Write the sections of the measured sizes into ``path``, keeping the other sizes' sections.

    A block between ``<!-- notes start -->`` and ``<!-- notes end -->`` (what people concluded from the
    figures) is kept as written, after the instructions to reproduce.
    """
    sections: dict[tuple[int, int], str] = {}
    notes: list[str] = []
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        for order, kind in enumerate(SECTION_KINDS):
            pattern = rf"<!-- {kind} start: (\d+) accounts -->.*?<!-- {kind} end: \1 accounts -->"
            for match in re.finditer(pattern, text, flags=re.DOTALL):
                sections[int(match.group(1)), order] = match.group(0)
        notes = re.findall(NOTES_PATTERN, text, flags=re.DOTALL)[:1]
    for result in results:
        sections[result.accounts, 0] = markdown_section(result, command)
        if result.engines:
            sections[result.accounts, 1] = engines_section(result, command)
    reproduce = (
        "## How to reproduce\n\n```bash\nmake install\n"
        'make benchmark BENCHMARK_ACCOUNTS="100000 1000000" BENCHMARK_RUNS=3\n'
        "# or: .venv/bin/icp benchmark --accounts 100000 1000000 --runs 3 "
        "--markdown BENCHMARKS.md\n"
        "# the build on PostgreSQL and Spark too (installs them when missing):\n"
        'make benchmark BENCHMARK_ACCOUNTS=100000 BENCHMARK_ENGINES="duckdb postgres spark"\n```'
    )
    body = [MARKDOWN_INTRO, reproduce, *notes, *(sections[key] for key in sorted(sections))]
    path.write_text("\n\n".join(body) + "\n", encoding="utf-8")
