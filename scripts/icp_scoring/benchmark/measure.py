"""Measuring a piece of work: wall time, CPU time and the peak memory of its whole process tree.

A command runs as a child process (run_command) or a Python function in a fresh interpreter
(call_in_fresh_process); meanwhile a thread samples the summed RSS of the process and its descendants from
/proc.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import resource
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from icp_scoring.console import UserError
from icp_scoring.settings import PROJECT_DIR

SAMPLE_SECONDS = 0.05
GIB = 1024**3


class BenchmarkError(UserError):
    """The benchmark cannot go on; the message says what failed and where to look."""


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
            command, cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
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


def format_measurement(measurement: Measurement) -> str:
    return (
        f"{measurement.seconds:.1f} s (CPU {measurement.cpu_seconds:.1f} s), "
        f"peak {measurement.peak_rss_bytes / GIB:.2f} GiB"
    )
