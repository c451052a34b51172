"""Benchmark the full scoring build, stage by stage, against a hand-written reference query (issue #7).

For each size (``--accounts``) it generates the raw files once with the project's own generator (timed, but
not part of the targets), then runs ``--runs`` times the stages `make build validate publish` runs:

    check_raw_files   scripts/check_raw_files.py (checks the CSVs and lands them as Parquet)
    gx_raw            scripts/validate_with_great_expectations.py raw
    dbt_build         dbt build (seeds, models, unit tests, data tests) into an emptied DuckDB file
    gx_marts          scripts/validate_with_great_expectations.py marts
    publish           scripts/publish_marts.py

each with its wall time, the peak memory of its whole process tree (the RSS of the process and all its
descendants, summed, sampled from /proc every 50 ms) and raw input rows per second. dbt's run_results.json
splits the build into model, test, seed and hook node time and dbt's own start-up. In the same run the
reference query (scripts/benchmark/reference_scoring.sql: the same cleaning and scoring as one DuckDB query
on the same landed files) runs in a fresh process with the profile's DuckDB threads and memory limit, and its
scores are checked row for row against marts.account_scores: any difference stops the benchmark (exit 1).

    python scripts/benchmark_scoring.py --accounts 100000 1000000 --runs 3 --markdown BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import duckdb

# The generator sits beside this script (scripts/ is a folder of commands, not a package).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_raw_files import CSV_OPTIONS
from generate_sample_data import (
    DEFAULT_EVENTS_PER_ACCOUNT,
    DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
    account_count,
    iso_date,
    seed_value,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = REPO_ROOT / "scripts"
REFERENCE_SQL = SCRIPTS / "benchmark" / "reference_scoring.sql"
SEEDS_DIR = REPO_ROOT / "seeds"
GENERATOR = SCRIPTS / "generate_sample_data.py"
MANIFEST_NAME = "generated.json"
RAW_FILES = ("crm_accounts.csv", "technographics.csv", "intent_signals.csv")

DEFAULT_ACCOUNTS = (100_000,)
DEFAULT_RUNS = 3
DEFAULT_SEED = 42
DEFAULT_SCORING_DATE = dt.date(2026, 6, 30)
DEFAULT_WORK_DIR = Path("data/benchmark")
MIN_MARKDOWN_RUNS = 3
SAMPLE_SECONDS = 0.05
GIB = 1024**3
SCORED_MART = "account_scores"
SCORING_MART_NODE = "model.icp_scoring.account_scores"

# Columns of marts.account_scores the reference reproduces; a row differs when any of them differs.
COMPARED_COLUMNS = (
    "is_scored",
    "unscored_reason",
    "data_completeness",
    "firmographic_points",
    "technographic_points",
    "intent_points",
    "fit_score",
    "intent_score",
    "icp_score",
    "icp_grade",
    "grade_tier",
    "icp_tier",
    "icp_rank",
)
MAX_SHOWN_MISMATCHES = 5

# The targets of issue #7 (a daily-refresh stage and its target come with the incremental build).
TARGET_BUILD_ACCOUNTS = 1_000_000
TARGET_BUILD_SECONDS = 30.0
TARGET_BUILD_PEAK_GIB = 4.0
TARGET_LARGE_ACCOUNTS = 5_000_000
TARGET_LARGE_PEAK_GIB = 8.0
TARGET_REFERENCE_FACTOR = 2.0
TARGET_DAILY_SHARE = 0.20
# The daily refresh: a day of intent arrives as a delivery (one event in DAILY_DELIVERY_SHARE of the year's,
# by a hash of the row), and every DAILY_CHANGE_EVERY-th CRM record (by a hash of its id: 1%) changes its
# employees and industry.
DAILY_STAGES = ("check_raw_files", "gx_raw", "dbt_build")
DAILY_DELIVERY_SHARE = 365
DAILY_CHANGE_EVERY = 100


class BenchmarkError(Exception):
    """The benchmark cannot go on; the message says what failed and where to look."""


# --- measuring a process tree ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Measurement:
    """Wall time, CPU time and peak memory of one piece of work (its whole process tree).

    CPU time (user + system, all threads and waited-for descendants) moves little when other processes share
    the machine, where wall time grows: compare CPU times when the machine was busy.
    """

    seconds: float
    cpu_seconds: float
    peak_rss_bytes: int


def process_table() -> dict[int, tuple[int, int]]:
    """Every live process: pid -> (parent pid, resident pages), from /proc/<pid>/stat."""
    table: dict[int, tuple[int, int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:  # the process ended between listing and reading
            continue
        # The command name may hold spaces and parentheses: the fields start after its last ')'.
        fields = stat[stat.rindex(b")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), int(fields[21]))
    return table


def tree_rss_bytes(root_pid: int, table: dict[int, tuple[int, int]] | None = None) -> int:
    """The summed RSS of a process and all its descendants."""
    table = process_table() if table is None else table
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    pending, total = [root_pid], 0
    while pending:
        pid = pending.pop()
        if pid in table:
            total += table[pid][1]
        pending.extend(children.get(pid, ()))
    return total * os.sysconf("SC_PAGE_SIZE")


class PeakSampler:
    """Samples the RSS of a process tree in a background thread until stopped; keeps the peak."""

    def __init__(self, root_pid: int, interval: float = SAMPLE_SECONDS) -> None:
        self.root_pid = root_pid
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            self.peak_bytes = max(self.peak_bytes, tree_rss_bytes(self.root_pid))
            if self._stop.wait(self.interval):
                return


def run_command(command: Sequence[str], environment: dict[str, str], log_path: Path) -> Measurement:
    """Run a command from the repository root, output to ``log_path``; fail with the log's tail."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        started, cpu_before = time.perf_counter(), children_cpu_seconds()
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        with PeakSampler(process.pid) as sampler:
            returncode = process.wait()
        seconds, cpu_seconds = time.perf_counter() - started, children_cpu_seconds() - cpu_before
    if returncode != 0:
        raise BenchmarkError(
            f"{' '.join(command[:3])} ... exited with {returncode}; its output is in {log_path}:\n"
            + tail(log_path)
        )
    return Measurement(seconds, cpu_seconds, sampler.peak_bytes)


def tail(path: Path, lines: int = 15) -> str:
    """The last lines of a text file."""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def call_in_fresh_process(function: Callable[..., Any], *args: Any) -> tuple[Any, Measurement]:
    """Call ``function(*args)`` in a new Python process (nothing shared with this one); measure its tree."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=child_main, args=(sender, function, args))
    started, cpu_before = time.perf_counter(), children_cpu_seconds()
    process.start()
    with PeakSampler(process.pid) as sampler:
        outcome = receiver.recv() if receiver.poll(None) else ("error", "no result")
        process.join()
    seconds, cpu_seconds = time.perf_counter() - started, children_cpu_seconds() - cpu_before
    status, value = outcome
    if status != "ok":
        raise BenchmarkError(f"{function.__name__} failed in its own process: {value}")
    return value, Measurement(seconds, cpu_seconds, sampler.peak_bytes)


def child_main(sender: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Entry point of a fresh process: send back ("ok", result) or ("error", message)."""
    try:
        sender.send(("ok", function(*args)))
    except Exception as error:  # report any failure to the parent, which stops the benchmark
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine have used since boot (/proc/stat)."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = handle.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU seconds used by the finished children of this process (and the descendants they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def own_cpu_seconds() -> float:
    """CPU seconds used by this process and its finished children."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + children_cpu_seconds()


# --- raw data ----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RawData:
    """Generated raw files of one size, with how they were made and how long it took."""

    raw_dir: Path
    rows: dict[str, int]
    generation: Measurement | None  # None when reused from an earlier run

    @property
    def input_rows(self) -> int:
        return sum(self.rows.values())


def generation_settings(accounts: int, seed: int, as_of: dt.date) -> dict[str, Any]:
    """What makes generated files identical: reused only when all of this matches."""
    return {
        "accounts": accounts,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "technologies_per_account": DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
        "events_per_account": DEFAULT_EVENTS_PER_ACCOUNT,
        "generator_sha256": hashlib.sha256(GENERATOR.read_bytes()).hexdigest(),
    }


def generate_raw_files(accounts: int, seed: int, as_of: dt.date, raw_dir: Path) -> dict[str, int]:
    """The project's generator at its default rates (runs in a fresh process; see prepare_raw_data)."""
    import generate_sample_data

    return generate_sample_data.generate(accounts, seed, as_of, raw_dir)


def prepare_raw_data(size_dir: Path, accounts: int, seed: int, as_of: dt.date) -> RawData:
    """Reuse the raw files of ``size_dir`` if made with the same settings, else generate them."""
    raw_dir = size_dir / "raw"
    manifest_path = size_dir / MANIFEST_NAME
    settings = generation_settings(accounts, seed, as_of)
    if manifest_path.is_file() and all((raw_dir / name).is_file() for name in RAW_FILES):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("settings") == settings:
            progress(f"{accounts:,} accounts: reusing the raw files in {raw_dir}")
            return RawData(raw_dir, manifest["rows"], None)
    manifest_path.unlink(missing_ok=True)
    shutil.rmtree(raw_dir, ignore_errors=True)
    progress(f"{accounts:,} accounts: generating the raw files into {raw_dir}")
    rows, measurement = call_in_fresh_process(generate_raw_files, accounts, seed, as_of, raw_dir)
    manifest_path.write_text(json.dumps({"settings": settings, "rows": rows}, indent=2), encoding="utf-8")
    progress(f"{accounts:,} accounts: {sum(rows.values()):,} rows generated in {measurement.seconds:.1f} s")
    return RawData(raw_dir, rows, measurement)


# --- one run of the build ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RunPaths:
    """Where one run reads and writes."""

    raw_dir: Path
    run_dir: Path
    target_dir: Path

    # The warehouse and the landed files sit at the same paths in every run of a size (emptied before each):
    # the dbt profile and the sources read those paths from the environment, and dbt re-parses the whole
    # project when they change, where a daily run at a fixed path parses only what changed.
    @property
    def warehouse(self) -> Path:
        return self.target_dir.parent / "warehouse.duckdb"

    @property
    def landed_dir(self) -> Path:
        return self.target_dir.parent / "landed"

    @property
    def published_dir(self) -> Path:
        return self.run_dir / "published"

    @property
    def reference_output(self) -> Path:
        return self.run_dir / "reference_scores.parquet"

    def log(self, stage: str) -> Path:
        return self.run_dir / "logs" / f"{stage}.log"


def stage_commands(paths: RunPaths, scoring_date: dt.date) -> dict[str, list[str]]:
    """The commands of `make build validate publish`, in order, pointed at this run's files."""
    python = sys.executable
    dbt = str(Path(sys.executable).parent / "dbt")
    docs_dir = str(paths.run_dir / "great_expectations_docs")
    return {
        "check_raw_files": [
            python,
            "scripts/check_raw_files.py",
            "--raw-dir",
            str(paths.raw_dir),
            "--landed-dir",
            str(paths.landed_dir),
        ],
        "gx_raw": [
            python,
            "scripts/validate_with_great_expectations.py",
            "raw",
            "--raw-dir",
            str(paths.raw_dir),
            "--data-docs-dir",
            docs_dir,
        ],
        "dbt_build": [
            dbt,
            "build",
            "--vars",
            f"{{scoring_date: '{scoring_date.isoformat()}'}}",
            "--target-path",
            str(paths.target_dir),
            "--log-path",
            str(paths.run_dir / "dbt_logs"),
        ],
        "gx_marts": [
            python,
            "scripts/validate_with_great_expectations.py",
            "marts",
            "--database",
            str(paths.warehouse),
            "--data-docs-dir",
            docs_dir,
        ],
        "publish": [
            python,
            "scripts/publish_marts.py",
            "--database",
            str(paths.warehouse),
            "--published-dir",
            str(paths.published_dir),
            "--run-results",
            str(paths.target_dir / "run_results.json"),
        ],
    }


STAGES = ("check_raw_files", "gx_raw", "dbt_build", "gx_marts", "publish")
REFERENCE_STAGE = "reference_query"


def stage_environment(paths: RunPaths) -> dict[str, str]:
    """The environment the Makefile gives the stages, with this run's raw folder, warehouse and output."""
    return {
        **os.environ,
        "ICP_RAW_DIR": str(paths.raw_dir),
        "ICP_LANDED_DIR": str(paths.landed_dir),
        "ICP_DUCKDB_PATH": str(paths.warehouse),
        "ICP_PUBLISHED_DIR": str(paths.published_dir),
        "DBT_PROFILES_DIR": str(REPO_ROOT),
    }


@dataclasses.dataclass(frozen=True)
class DbtBreakdown:
    """Where the time of `dbt build` went, from run_results.json.

    dbt runs two nodes at a time, so the time of a kind of node is the wall time during which at least one
    node of that kind ran (the union of their intervals), not the sum of their durations.
    """

    model_seconds: float
    scoring_model_seconds: float
    test_seconds: float
    seed_seconds: float
    hook_seconds: float
    startup_seconds: float  # launch to the first node's start: imports, parsing, connecting
    overhead_seconds: float  # build wall minus the span from the first node's start to the last node's end


def parse_timestamp(text: str) -> float:
    """An ISO timestamp of dbt's artefacts (UTC) as epoch seconds."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def scoring_models(manifest: dict[str, Any]) -> set[str]:
    """marts.account_scores and every model it is built from."""
    parents: dict[str, list[str]] = manifest["parent_map"]
    found: set[str] = set()
    pending = [SCORING_MART_NODE]
    while pending:
        node = pending.pop()
        if node.startswith("model.") and node not in found:
            found.add(node)
            pending.extend(parents.get(node, ()))
    return found


Interval = tuple[float, float]


def covered_seconds(intervals: Iterable[Interval]) -> float:
    """The length of the union of time intervals (overlaps counted once)."""
    total, reached = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end > reached:
            total += end - max(start, reached)
            reached = end
    return total


def node_intervals(results: list[dict[str, Any]]) -> dict[str, Interval]:
    """Each node's interval: from its first timing step's start to its last step's end."""
    intervals: dict[str, Interval] = {}
    for result in results:
        steps = [
            step for step in result.get("timing", []) if step.get("started_at") and step.get("completed_at")
        ]
        if steps:
            intervals[result["unique_id"]] = (
                min(parse_timestamp(step["started_at"]) for step in steps),
                max(parse_timestamp(step["completed_at"]) for step in steps),
            )
    return intervals


def dbt_breakdown(target_dir: Path, launched_at: float, build: Measurement) -> DbtBreakdown:
    """Split a finished `dbt build` into node kinds and dbt's own time."""
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    intervals = node_intervals(results)
    if not intervals:
        raise BenchmarkError(f"{target_dir / 'run_results.json'} has no node timings")

    def kinds(*names: str) -> float:
        return covered_seconds(span for node, span in intervals.items() if node.split(".", 1)[0] in names)

    scoring = scoring_models(manifest)
    first_start = min(start for start, _ in intervals.values())
    last_end = max(end for _, end in intervals.values())
    return DbtBreakdown(
        model_seconds=kinds("model"),
        scoring_model_seconds=covered_seconds(span for node, span in intervals.items() if node in scoring),
        test_seconds=kinds("test", "unit_test"),
        seed_seconds=kinds("seed", "snapshot"),
        hook_seconds=kinds("operation"),
        startup_seconds=first_start - launched_at,
        overhead_seconds=build.seconds - (last_end - first_start),
    )


# --- the reference query -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DuckDBSettings:
    """The DuckDB settings of profiles.yml, from the same environment variables."""

    threads: int
    memory_limit: str

    @classmethod
    def from_environment(cls) -> DuckDBSettings:
        return cls(
            threads=int(os.environ.get("ICP_DUCKDB_THREADS", "2")),
            memory_limit=os.environ.get("ICP_DUCKDB_MEMORY_LIMIT", "6GB"),
        )


def min_data_completeness() -> float:
    """The project's var min_data_completeness, read from dbt_project.yml."""
    text = (REPO_ROOT / "dbt_project.yml").read_text(encoding="utf-8")
    match = re.search(r"^\s*min_data_completeness:\s*([0-9.]+)\s*$", text, flags=re.MULTILINE)
    if not match:
        raise BenchmarkError("dbt_project.yml sets no vars.min_data_completeness; the reference needs it")
    return float(match.group(1))


def reference_parameters(landed_dir: Path, scoring_date: dt.date, seeds_dir: Path) -> dict[str, Any]:
    """The parameters of reference_scoring.sql."""
    return {
        "landed_dir": str(landed_dir),
        "grid_dir": str(seeds_dir / "scoring_grid"),
        "reference_dir": str(seeds_dir / "reference"),
        "scoring_date": scoring_date.isoformat(),
        "min_data_completeness": min_data_completeness(),
    }


def run_reference_query(
    landed_dir: Path,
    scoring_date: dt.date,
    output: Path,
    settings: DuckDBSettings,
    seeds_dir: Path = SEEDS_DIR,
) -> tuple[float, float]:
    """Run the reference query in a new in-memory DuckDB and write its scores to Parquet.

    It reads the raw files as landed in ``landed_dir`` (Parquet, by scripts/check_raw_files.py, as dbt reads
    them) and the grid and alias seeds of ``seeds_dir`` (the project's).

    Returns the wall and CPU seconds from connecting to the Parquet file written.
    """
    sql = REFERENCE_SQL.read_text(encoding="utf-8")
    started, cpu_before = time.perf_counter(), time.process_time()
    with duckdb.connect(config={"threads": settings.threads, "memory_limit": settings.memory_limit}) as db:
        db.execute("set enable_progress_bar = false")  # the bar would land in the benchmark's results
        db.execute(
            f"copy ({sql}) to {sql_string(output)} (format parquet)",
            reference_parameters(landed_dir, scoring_date, seeds_dir),
        )
    return time.perf_counter() - started, time.process_time() - cpu_before


def sql_string(value: str | Path) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The reference's scores against the project's, row by row on (account_id, icp_id)."""

    project_rows: int
    reference_rows: int
    mismatching_rows: int
    per_column: dict[str, int]
    examples: list[tuple[Any, ...]]


def compare_scores(reference_output: Path, warehouse: Path) -> Comparison:
    """Count the (account, ICP) rows where the reference and marts.account_scores differ or one lacks."""
    differs = {column: f"r.{column} is distinct from p.{column}" for column in COMPARED_COLUMNS}
    missing = "r.account_id is null or p.account_id is null"
    with duckdb.connect() as db:
        db.execute(f"attach {sql_string(warehouse)} as project (read_only)")
        db.execute(
            f"""
            create temp view compared as
            select
                coalesce(r.account_id, p.account_id) as account_id,
                coalesce(r.icp_id, p.icp_id) as icp_id,
                {missing} as is_missing,
                {", ".join(f"{test} as {column}_differs" for column, test in differs.items())},
                {", ".join(f"p.{c} as project_{c}, r.{c} as reference_{c}" for c in COMPARED_COLUMNS)}
            from read_parquet({sql_string(reference_output)}) as r
            full outer join project.marts.{SCORED_MART} as p
                on r.account_id = p.account_id and r.icp_id = p.icp_id
            """
        )
        flags = " or ".join(["is_missing", *(f"{column}_differs" for column in COMPARED_COLUMNS)])
        counts = db.execute(
            f"""
            select
                count(*) filter (where {flags}),
                {", ".join(f"count(*) filter (where {c}_differs)" for c in COMPARED_COLUMNS)}
            from compared
            """
        ).fetchone()
        examples = db.execute(
            f"select * exclude (is_missing) from compared where {flags} order by account_id, icp_id "
            f"limit {MAX_SHOWN_MISMATCHES}"
        ).fetchall()
        project_rows = db.execute(f"select count(*) from project.marts.{SCORED_MART}").fetchone()
        reference_rows = db.execute(f"select count(*) from {sql_string(reference_output)}").fetchone()
    assert counts is not None and project_rows is not None and reference_rows is not None
    return Comparison(
        project_rows=project_rows[0],
        reference_rows=reference_rows[0],
        mismatching_rows=counts[0],
        per_column=dict(zip(COMPARED_COLUMNS, counts[1:], strict=True)),
        examples=examples,
    )


def describe_mismatches(comparison: Comparison) -> str:
    """What differs between the reference and the project, for the error message."""
    columns = ", ".join(f"{column} {count:,}" for column, count in comparison.per_column.items() if count)
    lines = [
        f"the reference query and marts.{SCORED_MART} disagree on {comparison.mismatching_rows:,} rows "
        f"(project {comparison.project_rows:,} rows, reference {comparison.reference_rows:,}); "
        f"differing columns: {columns or 'none (rows missing on one side)'}. First rows "
        "(account_id, icp_id, <column>_differs..., then project_/reference_ value pairs):",
        *(f"  {row}" for row in comparison.examples),
    ]
    return "\n".join(lines)


# --- runs and sizes ----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RunResult:
    """Everything measured in one run of one size."""

    stages: dict[str, Measurement]
    dbt: DbtBreakdown
    reference_seconds: float  # the query alone, in its process (connect to Parquet written)
    reference_cpu_seconds: float
    mismatching_rows: int
    other_cpu_seconds: float  # CPU used by other processes of the machine during the run


def remove_warehouse(paths: RunPaths) -> None:
    """Delete the run's warehouse file and its .wal, so the build starts from nothing."""
    for stale in paths.warehouse.parent.glob(paths.warehouse.name + "*"):
        stale.unlink()


def run_and_check_reference(
    paths: RunPaths, scoring_date: dt.date, settings: DuckDBSettings, kept: str
) -> tuple[tuple[float, float], Measurement, Comparison]:
    """Run the reference query on the landed files in a fresh process and check that its scores equal the
    warehouse's; fail with the differing rows (and ``kept``: where the files are) otherwise."""
    query_times, measurement = call_in_fresh_process(
        run_reference_query, paths.landed_dir, scoring_date, paths.reference_output, settings
    )
    comparison = compare_scores(paths.reference_output, paths.warehouse)
    if comparison.mismatching_rows or comparison.project_rows != comparison.reference_rows:
        raise BenchmarkError(describe_mismatches(comparison) + f"\n{kept}")
    return query_times, measurement, comparison


def run_once(paths: RunPaths, scoring_date: dt.date, settings: DuckDBSettings, label: str) -> RunResult:
    """One run: every build stage, then the reference query and the check of its scores."""
    shutil.rmtree(paths.run_dir, ignore_errors=True)
    paths.run_dir.mkdir(parents=True)
    shutil.rmtree(paths.landed_dir, ignore_errors=True)  # every run checks and lands the CSVs again
    remove_warehouse(paths)
    (paths.target_dir / "run_results.json").unlink(missing_ok=True)
    busy_before, own_before = machine_busy_seconds(), own_cpu_seconds()
    environment = stage_environment(paths)
    stages: dict[str, Measurement] = {}
    build_launched_at = 0.0
    for stage, command in stage_commands(paths, scoring_date).items():
        progress(f"{label}: {stage} ...")
        if stage == "dbt_build":
            build_launched_at = time.time()
        stages[stage] = run_command(command, environment, paths.log(stage))
        progress(f"{label}: {stage} {format_measurement(stages[stage])}")
    breakdown = dbt_breakdown(paths.target_dir, build_launched_at, stages["dbt_build"])
    progress(f"{label}: {REFERENCE_STAGE} ...")
    (query_seconds, query_cpu_seconds), stages[REFERENCE_STAGE], comparison = run_and_check_reference(
        paths, scoring_date, settings, f"The run's files are kept in {paths.run_dir}."
    )
    progress(f"{label}: {REFERENCE_STAGE} {format_measurement(stages[REFERENCE_STAGE])}")
    progress(f"{label}: reference scores = project scores on all {comparison.project_rows:,} rows")
    other = (machine_busy_seconds() - busy_before) - (own_cpu_seconds() - own_before)
    shutil.rmtree(paths.run_dir)
    return RunResult(
        stages, breakdown, query_seconds, query_cpu_seconds, comparison.mismatching_rows, max(other, 0.0)
    )


@dataclasses.dataclass(frozen=True)
class SizeResult:
    """All runs of one size."""

    accounts: int
    raw: RawData
    runs: list[RunResult]
    started_at: dt.datetime
    wall_seconds: float
    daily: list[DailyRunResult] = dataclasses.field(default_factory=list)
    daily_data: DailyData | None = None


def benchmark_size(
    accounts: int,
    runs: int,
    work_dir: Path,
    seed: int,
    scoring_date: dt.date,
    keep_data: bool,
    with_daily_refresh: bool = True,
) -> SizeResult:
    """Generate (or reuse) one size's raw files and run the stages ``runs`` times, then (when
    ``with_daily_refresh``) the daily refresh ``runs`` times."""
    started_at, started = dt.datetime.now(dt.UTC), time.perf_counter()
    size_dir = work_dir / f"{accounts}-accounts"
    raw = prepare_raw_data(size_dir, accounts, seed, scoring_date)
    settings = DuckDBSettings.from_environment()
    results = []
    for index in range(1, runs + 1):
        paths = RunPaths(raw.raw_dir, size_dir / f"run-{index}", size_dir / "dbt_target")
        results.append(run_once(paths, scoring_date, settings, f"{accounts:,} accounts, run {index}/{runs}"))
    daily_data, daily = None, []
    if with_daily_refresh:
        daily_data, daily = daily_refresh(
            raw, size_dir, scoring_date, settings, runs, f"{accounts:,} accounts"
        )
    if not keep_data:
        shutil.rmtree(size_dir)
    return SizeResult(accounts, raw, results, started_at, time.perf_counter() - started, daily, daily_data)


# --- the daily refresh ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DailyData:
    """The size's raw files split for a daily refresh: day 1 is the history (intent without a day's delivery,
    the CRM export as generated), day 2 adds the delivery and 1% of the CRM records changed. One raw
    folder serves both days (a daily run reads the same paths every day), the files are swapped in."""

    raw_dir: Path
    crm_day_1: Path
    crm_day_2: Path
    delivery: Path  # kept outside raw_dir on day 1
    delivered_rows: int
    changed_records: int

    def set_day(self, day: int) -> None:
        """Put the day's CRM export and (day 2) the delivery into raw_dir, by hard links."""
        crm = self.raw_dir / "crm_accounts.csv"
        crm.unlink(missing_ok=True)
        os.link(self.crm_day_1 if day == 1 else self.crm_day_2, crm)
        delivered = self.raw_dir / self.delivery.name
        delivered.unlink(missing_ok=True)
        if day == 2:
            os.link(self.delivery, delivered)


def prepare_daily_data(raw: RawData, daily_dir: Path, scoring_date: dt.date) -> DailyData:
    """Split the size's raw files into the two days (not timed; the other raw files are hard links)."""
    shutil.rmtree(daily_dir, ignore_errors=True)
    raw_dir = daily_dir / "raw"
    raw_dir.mkdir(parents=True)
    for path in raw.raw_dir.glob("*.csv"):
        if path.name not in ("crm_accounts.csv", "intent_signals.csv"):
            os.link(path, raw_dir / path.name)
    source = sql_string(raw.raw_dir / "intent_signals.csv")
    # A day's delivery: one event in DAILY_DELIVERY_SHARE of the year's (a provider reports late, so a day's
    # file holds events of earlier days too; the generated last day alone is thin for that reason).
    last_day = f"hash(domain, signal_type, topic, occurred_at, source) % {DAILY_DELIVERY_SHARE} = 0"
    delivery = daily_dir / f"intent_signals_{scoring_date.isoformat()}.csv"
    crm_day_1, crm_day_2 = daily_dir / "crm_accounts_day_1.csv", daily_dir / "crm_accounts_day_2.csv"
    os.link(raw.raw_dir / "crm_accounts.csv", crm_day_1)
    changed = f"hash(account_id) % {DAILY_CHANGE_EVERY} = 0"
    with duckdb.connect() as connection:
        connection.execute("set preserve_insertion_order = true")  # the files keep their row order
        connection.execute(
            f"copy (select * from read_csv({source}, {CSV_OPTIONS}) where not {last_day}) "
            f"to {sql_string(raw_dir / 'intent_signals.csv')} (header true)"
        )
        connection.execute(
            f"copy (select * from read_csv({source}, {CSV_OPTIONS}) where {last_day}) "
            f"to {sql_string(delivery)} (header true)"
        )
        connection.execute(
            f"copy (select * replace (case when {changed} then '120' else employees end as employees, "
            f"case when {changed} then 'Financial Services' else industry end as industry) "
            f"from read_csv({sql_string(crm_day_1)}, {CSV_OPTIONS})) to {sql_string(crm_day_2)} (header true)"
        )
        (delivered_rows,) = connection.execute(
            f"select count(*) from read_csv({sql_string(delivery)}, {CSV_OPTIONS})"
        ).fetchone()
        (changed_records,) = connection.execute(
            f"select count(*) from read_csv({sql_string(crm_day_1)}, {CSV_OPTIONS}) where {changed}"
        ).fetchone()
    return DailyData(raw_dir, crm_day_1, crm_day_2, delivery, delivered_rows, changed_records)


@dataclasses.dataclass(frozen=True)
class DailyRunResult:
    """One daily refresh: its stages and where dbt build's time went."""

    stages: dict[str, Measurement]
    dbt: DbtBreakdown


def daily_refresh(
    raw: RawData, size_dir: Path, scoring_date: dt.date, settings: DuckDBSettings, runs: int, label: str
) -> tuple[DailyData, list[DailyRunResult]]:
    """Build day 1 (the history, as of the day before: not timed), keep that state, then ``runs`` times:
    restore it, bring day 2 (a day's delivery of intent, 1% of the accounts changed) and time the refresh as
    of scoring_date (raw check and landing, Great Expectations on the raw files, dbt build), then check that
    the reference query on day 2's files gives exactly the refreshed project's scores."""
    daily_dir = size_dir / "daily"
    data = prepare_daily_data(raw, daily_dir, scoring_date)
    paths = RunPaths(data.raw_dir, daily_dir / "run", size_dir / "dbt_target")
    environment = stage_environment(paths)
    data.set_day(1)
    shutil.rmtree(paths.landed_dir, ignore_errors=True)
    remove_warehouse(paths)
    day_1 = stage_commands(paths, scoring_date - dt.timedelta(days=1))
    progress(f"{label}: day 1 (the history as of the day before, not timed) ...")
    for stage in ("check_raw_files", "dbt_build"):
        run_command(day_1[stage], environment, paths.log(f"day_1_{stage}"))
    saved_warehouse, saved_landed = daily_dir / "warehouse_day_1.duckdb", daily_dir / "landed_day_1"
    with duckdb.connect(str(paths.warehouse)) as connection:
        connection.execute("checkpoint")  # everything in the file, nothing left in a .wal
    shutil.copy2(paths.warehouse, saved_warehouse)
    shutil.copytree(paths.landed_dir, saved_landed, copy_function=os.link)
    results = []
    for index in range(1, runs + 1):
        shutil.copy2(saved_warehouse, paths.warehouse)
        shutil.rmtree(paths.landed_dir)
        shutil.copytree(saved_landed, paths.landed_dir, copy_function=os.link)
        (paths.target_dir / "run_results.json").unlink(missing_ok=True)
        data.set_day(2)
        stages: dict[str, Measurement] = {}
        build_launched_at = 0.0
        commands = stage_commands(paths, scoring_date)
        for stage in DAILY_STAGES:
            progress(f"{label}: daily refresh {index}/{runs}: {stage} ...")
            if stage == "dbt_build":
                build_launched_at = time.time()
            stages[stage] = run_command(commands[stage], environment, paths.log(f"daily_{stage}"))
            progress(f"{label}: daily refresh {index}/{runs}: {stage} {format_measurement(stages[stage])}")
        breakdown = dbt_breakdown(paths.target_dir, build_launched_at, stages["dbt_build"])
        run_and_check_reference(
            paths, scoring_date, settings, f"After a daily refresh; the files are kept in {daily_dir}."
        )
        progress(f"{label}: daily refresh {index}/{runs}: reference scores = project scores")
        results.append(DailyRunResult(stages, breakdown))
        data.set_day(1)
    shutil.rmtree(daily_dir)
    return data, results


# --- summaries and tables ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Summary:
    """Median and range of a measured quantity over runs."""

    median: float
    low: float
    high: float


def summarise(values: Iterable[float]) -> Summary:
    """Median, minimum and maximum; refuses an empty series."""
    series = list(values)
    if not series:
        raise ValueError("no values to summarise")
    return Summary(statistics.median(series), min(series), max(series))


def format_measurement(measurement: Measurement) -> str:
    return (
        f"{measurement.seconds:.1f} s (CPU {measurement.cpu_seconds:.1f} s), "
        f"peak {measurement.peak_rss_bytes / GIB:.2f} GiB"
    )


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> str:
    """A Markdown table (also readable as plain text); ``align`` has one 'l' or 'r' per column."""
    if len(align) != len(headers) or any(len(row) != len(headers) for row in rows):
        raise ValueError("every row and the alignment need one entry per header")
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if side == "r" else cell.ljust(width)
            for cell, width, side in zip(cells, widths, align, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (width - 1) + ":" if side == "r" else "-" * width
        for width, side in zip(widths, align, strict=True)
    ]
    return "\n".join([line(headers), line(rule), *(line(row) for row in rows)])


def seconds_cell(summary: Summary) -> str:
    """Median seconds with the range over runs."""
    return f"{summary.median:.1f} ({summary.low:.1f}-{summary.high:.1f})"


def stage_table(result: SizeResult) -> str:
    """Wall time, peak memory and input rows per second per stage (medians over runs)."""
    rows = []
    for stage in (*STAGES, REFERENCE_STAGE):
        wall = summarise(run.stages[stage].seconds for run in result.runs)
        cpu = summarise(run.stages[stage].cpu_seconds for run in result.runs)
        peak = summarise(run.stages[stage].peak_rss_bytes / GIB for run in result.runs)
        name = f"{stage} (own process)" if stage == REFERENCE_STAGE else stage
        rows.append(
            [
                name,
                seconds_cell(wall),
                f"{cpu.median:.1f}",
                f"{peak.median:.2f}",
                f"{result.raw.input_rows / wall.median:,.0f}",
            ]
        )
    build = summarise(sum(run.stages[stage].seconds for stage in STAGES) for run in result.runs)
    cpu = summarise(sum(run.stages[stage].cpu_seconds for stage in STAGES) for run in result.runs)
    rows.append(
        [
            "all build stages",
            seconds_cell(build),
            f"{cpu.median:.1f}",
            "",
            f"{result.raw.input_rows / build.median:,.0f}",
        ]
    )
    headers = ["stage", "wall s, median (min-max)", "CPU s", "peak GiB", "input rows/s"]
    return format_table(headers, rows, "lrrrr")


def dbt_table(result: SizeResult) -> str:
    """Where dbt build's time went (medians over runs)."""
    parts = {
        "model nodes (all 17 models)": lambda run: run.dbt.model_seconds,
        "scoring model nodes (account_scores and its parents)": lambda run: run.dbt.scoring_model_seconds,
        "test nodes (data and unit tests)": lambda run: run.dbt.test_seconds,
        "seed nodes": lambda run: run.dbt.seed_seconds,
        "on-run-end hook": lambda run: run.dbt.hook_seconds,
        "start-up (launch to first node)": lambda run: run.dbt.startup_seconds,
        "outside nodes (wall minus node span)": lambda run: run.dbt.overhead_seconds,
    }
    rows = [[name, seconds_cell(summarise(map(value, result.runs)))] for name, value in parts.items()]
    return format_table(
        ["dbt build part (wall while at least one such node ran)", "s, median (min-max)"], rows, "lr"
    )


@dataclasses.dataclass(frozen=True)
class Ratios:
    """The project against the reference query, on medians."""

    reference_seconds: float
    reference_cpu_seconds: float
    build_seconds: float
    build_cpu_seconds: float
    scoring_model_seconds: float
    startup_seconds: float

    @property
    def build_ratio(self) -> float:
        return self.build_seconds / self.reference_seconds

    @property
    def build_cpu_ratio(self) -> float:
        return self.build_cpu_seconds / self.reference_cpu_seconds

    @property
    def scoring_ratio(self) -> float:
        return self.scoring_model_seconds / self.reference_seconds


def ratios(result: SizeResult) -> Ratios:
    return Ratios(
        reference_seconds=summarise(run.reference_seconds for run in result.runs).median,
        reference_cpu_seconds=summarise(run.reference_cpu_seconds for run in result.runs).median,
        build_seconds=summarise(run.stages["dbt_build"].seconds for run in result.runs).median,
        build_cpu_seconds=summarise(run.stages["dbt_build"].cpu_seconds for run in result.runs).median,
        scoring_model_seconds=summarise(run.dbt.scoring_model_seconds for run in result.runs).median,
        startup_seconds=summarise(run.dbt.startup_seconds for run in result.runs).median,
    )


def ratio_table(result: SizeResult) -> str:
    found = ratios(result)
    rows = [
        [
            "reference query, connect to Parquet written (CPU)",
            f"{found.reference_seconds:.1f} s ({found.reference_cpu_seconds:.1f} s)",
        ],
        ["dbt build / reference, wall", f"{found.build_ratio:.1f}x"],
        ["dbt build / reference, CPU", f"{found.build_cpu_ratio:.1f}x"],
        ["scoring model nodes / reference, wall", f"{found.scoring_ratio:.1f}x"],
    ]
    return format_table(["project / reference", "median"], rows, "lr")


def target_rows(result: SizeResult) -> list[list[str]]:
    """The targets of issue #7 that this size measures: target, measured, met or missed."""
    build = summarise(run.stages["dbt_build"].seconds for run in result.runs).median
    peak = summarise(run.stages["dbt_build"].peak_rss_bytes / GIB for run in result.runs).median
    found = ratios(result)
    limit = TARGET_REFERENCE_FACTOR * found.reference_seconds + found.startup_seconds
    measured_scoring = found.scoring_model_seconds + found.startup_seconds
    rows = [
        [
            f"scoring models + dbt start-up <= {TARGET_REFERENCE_FACTOR:g}x reference + dbt start-up",
            f"{measured_scoring:.1f} s vs {limit:.1f} s",
            verdict(measured_scoring <= limit),
        ]
    ]
    if result.accounts == TARGET_BUILD_ACCOUNTS:
        rows.append(
            [
                f"full dbt build <= {TARGET_BUILD_SECONDS:g} s",
                f"{build:.1f} s",
                verdict(build <= TARGET_BUILD_SECONDS),
            ]
        )
        rows.append(
            [
                f"dbt build peak < {TARGET_BUILD_PEAK_GIB:g} GiB",
                f"{peak:.2f} GiB",
                verdict(peak < TARGET_BUILD_PEAK_GIB),
            ]
        )
        daily_target = f"daily refresh dbt build <= {TARGET_DAILY_SHARE:.0%} of the full dbt build"
        if result.daily:
            share = daily_share(result)
            rows.append([daily_target, f"{share:.0%}", verdict(share <= TARGET_DAILY_SHARE)])
        else:
            rows.append([daily_target, "not run (--no-daily-refresh)", "not measured"])
    if result.accounts == TARGET_LARGE_ACCOUNTS:
        rows.append(
            [
                f"completes, peak < {TARGET_LARGE_PEAK_GIB:g} GiB",
                f"{peak:.2f} GiB",
                verdict(peak < TARGET_LARGE_PEAK_GIB),
            ]
        )
    return rows


def daily_share(result: SizeResult) -> float:
    """The daily refresh's dbt build over the full dbt build, medians."""
    daily = summarise(run.stages["dbt_build"].seconds for run in result.daily).median
    return daily / summarise(run.stages["dbt_build"].seconds for run in result.runs).median


def daily_table(result: SizeResult) -> str:
    """The daily refresh per stage against the full build (medians over runs)."""
    data = result.daily_data
    assert data is not None
    rows = []
    for stage in DAILY_STAGES:
        wall = summarise(run.stages[stage].seconds for run in result.daily)
        cpu = summarise(run.stages[stage].cpu_seconds for run in result.daily)
        peak = summarise(run.stages[stage].peak_rss_bytes / GIB for run in result.daily)
        full = summarise(run.stages[stage].seconds for run in result.runs).median
        rows.append(
            [
                stage,
                seconds_cell(wall),
                f"{cpu.median:.1f}",
                f"{peak.median:.2f}",
                f"{wall.median / full:.0%}",
            ]
        )
    startup = summarise(run.dbt.startup_seconds for run in result.daily)
    models = summarise(run.dbt.model_seconds for run in result.daily)
    tests = summarise(run.dbt.test_seconds for run in result.daily)
    intro = (
        f"Daily refresh ({len(result.daily)} runs): day 1 scores the history (intent without a day's "
        "delivery) as of the day before, not timed; day 2 brings the day's delivery "
        f"(intent_signals_<date>.csv, {data.delivered_rows:,} events: 1/{DAILY_DELIVERY_SHARE} of the "
        f"year's, late-reported ones included) and {data.changed_records:,} changed CRM records (1%), and "
        "is timed; the reference query on day 2's files gave exactly the refreshed "
        f"project's scores in every run. In the daily dbt build: start-up {seconds_cell(startup)} s (the "
        f"scoring date changed: dbt parses the project again), model nodes {seconds_cell(models)} s, test "
        f"nodes {seconds_cell(tests)} s."
    )
    headers = ["daily refresh stage", "wall s, median (min-max)", "CPU s", "peak GiB", "of the full build's"]
    return intro + "\n\n" + format_table(headers, rows, "lrrrr")


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def targets_table(result: SizeResult) -> str:
    return format_table(["target (issue #7)", "measured (median)", "verdict"], target_rows(result), "lrl")


def generation_line(result: SizeResult) -> str:
    rows = ", ".join(f"{name} {count:,}" for name, count in result.raw.rows.items())
    if result.raw.generation is None:
        made = "reused from an earlier benchmark (same size, seed, date and generator)"
    else:
        made = f"generated in {format_measurement(result.raw.generation)} (not part of the targets)"
    return f"Input: {result.raw.input_rows:,} raw rows ({rows}); {made}."


def noise_line(result: SizeResult) -> str:
    """How much CPU other processes took while the runs ran (2 cores = 2 CPU seconds per second)."""
    shares = [
        run.other_cpu_seconds / sum(measurement.seconds for measurement in run.stages.values())
        for run in result.runs
    ]
    return (
        f"Other processes used {summarise(shares).median:.2f} CPU cores on average during the runs "
        f"(median over runs; {max(shares):.2f} at most; the machine has {os.cpu_count()})."
    )


def size_report(result: SizeResult) -> str:
    """The results of one size, as printed and as written into the Markdown file."""
    return "\n\n".join(
        [
            f"{result.accounts:,} accounts, {len(result.runs)} runs, started "
            f"{result.started_at:%Y-%m-%d %H:%M} UTC, {result.wall_seconds / 60:.1f} min in all. "
            f"{generation_line(result)} {noise_line(result)}",
            stage_table(result),
            dbt_table(result),
            ratio_table(result),
            *([daily_table(result)] if result.daily else []),
            targets_table(result),
        ]
    )


# --- the Markdown file -------------------------------------------------------------------------------------


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


def package_versions() -> list[tuple[str, str]]:
    from importlib.metadata import version

    return [(name, version(name)) for name in ("dbt-core", "dbt-duckdb", "duckdb", "great-expectations")]


def git_commit() -> str:
    finished = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    commit = finished.stdout.strip() or "unknown"
    return commit + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


MARKDOWN_INTRO = """\
# Benchmarks

What a full scoring build costs, measured by `scripts/benchmark_scoring.py` (issue #7). Per size, the raw
files are generated once with the project's generator (about 8 technographic rows and 20 intent events per
account), then each run times the stages of `make build validate publish` one by one, against an emptied
DuckDB file: the raw-file check and landing (CSV to Parquet), Great Expectations on the raw files, `dbt
build` (seeds, 17 models, unit and data tests), Great Expectations on the marts, and the publication. *Peak
GiB* is the peak of the summed RSS of the stage's whole process tree (sampled every 50 ms); *input rows/s*
is raw input rows divided by the stage's wall time.

In the same run a hand-written DuckDB query (`scripts/benchmark/reference_scoring.sql`) does the same
cleaning and scoring on the same landed files in a fresh process, with the same DuckDB threads and memory
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
how busy the machine was. All figures are medians of the runs, with their range."""


def size_marker(accounts: int, end: bool = False) -> str:
    return f"<!-- benchmark {'end' if end else 'start'}: {accounts} accounts -->"


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


NOTES_PATTERN = r"<!-- notes start -->.*?<!-- notes end -->"


def update_markdown(path: Path, results: Sequence[SizeResult], command: str) -> None:
    """Write the sections of the measured sizes into ``path``, keeping the other sizes' sections.

    A block between ``<!-- notes start -->`` and ``<!-- notes end -->`` (what people concluded from the
    figures) is kept as written, after the instructions to reproduce.
    """
    sections: dict[int, str] = {}
    notes: list[str] = []
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        pattern = r"<!-- benchmark start: (\d+) accounts -->.*?<!-- benchmark end: \1 accounts -->"
        for match in re.finditer(pattern, text, flags=re.DOTALL):
            sections[int(match.group(1))] = match.group(0)
        notes = re.findall(NOTES_PATTERN, text, flags=re.DOTALL)[:1]
    for result in results:
        sections[result.accounts] = markdown_section(result, command)
    reproduce = (
        "## How to reproduce\n\n```bash\nmake install\n"
        'make benchmark BENCHMARK_ACCOUNTS="100000 1000000" BENCHMARK_RUNS=3\n'
        "# or: .venv/bin/python scripts/benchmark_scoring.py --accounts 100000 1000000 --runs 3 "
        "--markdown BENCHMARKS.md\n```"
    )
    body = [MARKDOWN_INTRO, reproduce, *notes, *(sections[accounts] for accounts in sorted(sections))]
    path.write_text("\n\n".join(body) + "\n", encoding="utf-8")


# --- command line ------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="benchmark_scoring.py",
        description=(
            "Time the full scoring build (raw-file check, Great Expectations, dbt build, publication) stage "
            "by stage on generated data, next to a hand-written reference DuckDB query whose scores must "
            "equal the project's. Prints per size the medians of wall time, peak memory of the process tree "
            "and input rows per second, where dbt build's time went, and project / reference ratios."
        ),
        epilog=(
            "Exit status: 0 done, 1 a stage failed or the reference disagrees with the project (the run's "
            "files are kept for inspection), 2 bad arguments. Progress goes to stderr, results to stdout. "
            "Example: python scripts/benchmark_scoring.py --accounts 100000 1000000 --runs 3 "
            "--markdown BENCHMARKS.md"
        ),
    )
    parser.add_argument(
        "--accounts",
        type=account_count,
        nargs="+",
        default=list(DEFAULT_ACCOUNTS),
        metavar="N",
        help="sizes to benchmark, in accounts, e.g. 100000 1000000 (default: 100000)",
    )
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help="runs per size, 1 or more (default: %(default)s)"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=DEFAULT_WORK_DIR,
        metavar="DIR",
        help="where raw files, warehouses and logs go, one folder per size (default: %(default)s)",
    )
    parser.add_argument(
        "--scoring-date",
        type=iso_date,
        default=DEFAULT_SCORING_DATE,
        metavar="YYYY-MM-DD",
        help="as-of date of the generated data and of the scoring (default: %(default)s)",
    )
    parser.add_argument(
        "--seed", type=seed_value, default=DEFAULT_SEED, help="generator seed (default: %(default)s)"
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="keep each size's raw files after the runs; a later benchmark with the same size, seed and "
        "date reuses them instead of generating again",
    )
    parser.add_argument(
        "--no-daily-refresh",
        dest="daily_refresh",
        action="store_false",
        help="skip the daily-refresh stage (two more builds per run), e.g. at 5M accounts, where the target "
        "is a full build that completes under 8 GiB",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        metavar="FILE",
        help="write the results into FILE (e.g. BENCHMARKS.md), replacing the sections of the sizes "
        f"measured and keeping the others; needs --runs {MIN_MARKDOWN_RUNS} or more",
    )
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs {args.runs}: use at least 1 run")
    if args.markdown is not None and args.runs < MIN_MARKDOWN_RUNS:
        parser.error(
            f"--markdown reports medians of at least {MIN_MARKDOWN_RUNS} runs; use --runs {MIN_MARKDOWN_RUNS}"
        )
    if args.work_dir.exists() and not args.work_dir.is_dir():
        parser.error(f"--work-dir {args.work_dir} exists and is not a folder; pass a folder path")
    if len(set(args.accounts)) != len(args.accounts):
        parser.error(
            f"--accounts lists a size twice ({' '.join(map(str, args.accounts))}); list each size once"
        )
    if not (Path(sys.executable).parent / "dbt").is_file():
        parser.error(f"no dbt next to {sys.executable}; run `make install` and use .venv/bin/python")
    return args


def progress(message: str) -> None:
    print(f"benchmark: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "python scripts/benchmark_scoring.py " + " ".join(sys.argv[1:] if argv is None else argv)
    work_dir = args.work_dir.resolve()
    results = []
    try:
        for accounts in args.accounts:
            result = benchmark_size(
                accounts,
                args.runs,
                work_dir,
                args.seed,
                args.scoring_date,
                args.keep_data,
                args.daily_refresh,
            )
            print(size_report(result) + "\n", flush=True)
            results.append(result)
            if args.markdown is not None:
                update_markdown(args.markdown, results, command)
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    if args.markdown is not None:
        progress(f"results written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
