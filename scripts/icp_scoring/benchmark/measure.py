"""Measuring a piece of work: wall time, CPU time and the peak memory of its whole process tree.

A command runs as a child process (run_command) or a Python function in a fresh interpreter
(call_in_fresh_process); meanwhile a thread samples the summed RSS of the process and its descendants from
/proc. A command's CPU time counts the processes it leaves running (this process adopts and waits for
them) and, for a command that works through a server of its own (a local PostgreSQL), that server's
processes.
"""

from __future__ import annotations

import ctypes
import dataclasses
import multiprocessing
import os
import resource
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
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


@dataclasses.dataclass(frozen=True)
class ProcessStat:
    """What /proc/<pid>/stat says of a process."""

    parent: int
    resident_pages: int
    cpu_ticks: int  # user + system time of the process and of the children it waited for


def process_table() -> dict[int, ProcessStat]:
    """Every live process, from /proc/<pid>/stat."""
    table: dict[int, ProcessStat] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:  # the process ended between listing and reading
            continue
        # The command name may hold spaces and parentheses: the fields start after its last ')' (field 3).
        fields = stat[stat.rindex(b")") + 2 :].split()
        utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
        table[int(entry.name)] = ProcessStat(int(fields[1]), int(fields[21]), utime + stime + cutime + cstime)
    return table


def tree_pids(roots: Iterable[int], table: dict[int, ProcessStat]) -> set[int]:
    """The live processes among ``roots`` and all their descendants."""
    children: dict[int, list[int]] = {}
    for pid, stat in table.items():
        children.setdefault(stat.parent, []).append(pid)
    found: set[int] = set()
    pending = [pid for pid in roots if pid in table]
    while pending:
        pid = pending.pop()
        if pid not in found:
            found.add(pid)
            pending.extend(children.get(pid, ()))
    return found


def tree_rss_bytes(root_pid: int, table: dict[int, ProcessStat] | None = None) -> int:
    """The summed RSS of a process and all its descendants."""
    table = process_table() if table is None else table
    pages = sum(table[pid].resident_pages for pid in tree_pids([root_pid], table))
    return pages * os.sysconf("SC_PAGE_SIZE")


def tree_cpu_seconds(root_pid: int) -> float:
    """CPU seconds a live process and its descendants have used, those they waited for included: the
    difference of two readings is what a long-lived process tree (a database server) used in between."""
    table = process_table()
    ticks = sum(table[pid].cpu_ticks for pid in tree_pids([root_pid], table))
    return ticks / os.sysconf("SC_CLK_TCK")


class PeakSampler:
    """Samples the summed RSS of process trees in a background thread until stopped; keeps the peak.

    With ``children_before`` (this process's children when the work started), the children this process
    adopted since are sampled too: the processes the work left running (see run_command). Processes are
    followed by parentage only, never by a pid seen earlier, which the system may since have given to another
    process (pids wrap at 32768 on many machines)."""

    def __init__(
        self,
        root_pids: Sequence[int],
        children_before: set[int] | None = None,
        interval: float = SAMPLE_SECONDS,
    ) -> None:
        self.root_pids = tuple(root_pids)
        self.children_before = children_before
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
        page_size, own_pid = os.sysconf("SC_PAGE_SIZE"), os.getpid()
        while True:
            table = process_table()
            roots = set(self.root_pids)
            if self.children_before is not None:
                roots |= {pid for pid, stat in table.items() if stat.parent == own_pid} - self.children_before
            pages = sum(table[pid].resident_pages for pid in tree_pids(roots, table))
            self.peak_bytes = max(self.peak_bytes, pages * page_size)
            if self._stop.wait(self.interval):
                return


PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def set_child_subreaper(enabled: bool) -> None:
    """Adopt (or stop adopting) the orphaned descendants of this process, as init would (prctl(2))."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, int(enabled), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def own_children() -> set[int]:
    """The live (or not yet waited for) children of this process."""
    return {pid for pid, stat in process_table().items() if stat.parent == os.getpid()}


def reap_orphans(children_before: set[int]) -> None:
    """Wait for the children this process adopted since ``children_before`` was taken: the processes a
    command left running (a local Spark session's JVM outlives dbt's Python by a moment), whose CPU time then
    counts in this process's children's, as that of the processes waited for does."""
    for pid in own_children() - children_before:
        os.waitpid(pid, 0)


def run_command(
    command: Sequence[str], environment: dict[str, str], log_path: Path, server_pid: int | None = None
) -> Measurement:
    """Run a command from the repository root, output to ``log_path``; fail with the log's tail.

    The measurement covers the command's whole process tree, the processes it leaves running until they end,
    and (``server_pid``) the process tree of a server the command works through, such as a local PostgreSQL:
    its CPU time in the meantime and its memory, summed with the command's at each sample."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    set_child_subreaper(True)
    try:
        with log_path.open("wb") as log:
            started, cpu_before = time.perf_counter(), children_cpu_seconds()
            server_before = tree_cpu_seconds(server_pid) if server_pid is not None else 0.0
            children_before = own_children()
            process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
            roots = [process.pid] if server_pid is None else [process.pid, server_pid]
            with PeakSampler(roots, children_before) as sampler:
                returncode = process.wait()
                reap_orphans(children_before)
            seconds, cpu_seconds = time.perf_counter() - started, children_cpu_seconds() - cpu_before
            if server_pid is not None:
                cpu_seconds += tree_cpu_seconds(server_pid) - server_before
    finally:
        set_child_subreaper(False)
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
    with PeakSampler([process.pid]) as sampler:
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
