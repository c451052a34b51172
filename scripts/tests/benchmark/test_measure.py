"""The benchmark's measures count a command's whole process tree, the processes it leaves running and the
server it works through."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from icp_scoring.benchmark.measure import run_command, tree_rss_bytes


def test_tree_memory_counts_the_children_of_a_process() -> None:
    allocate = (
        "import sys; block = bytearray(200 * 1024 * 1024); print('ready', flush=True); sys.stdin.read()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", allocate], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        own = tree_rss_bytes(child.pid)
        with_parent = tree_rss_bytes(os.getpid())
    finally:
        child.communicate("")
    assert own >= 200 * 1024 * 1024
    assert with_parent >= own + 10 * 1024 * 1024  # this pytest process comes on top


BURN_HALF_A_SECOND = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass"


def test_a_commands_measure_counts_the_processes_it_leaves_running(tmp_path: Path) -> None:
    """A local Spark session's JVM outlives dbt's Python: its CPU time and memory belong to the build."""
    left_running = "block = bytearray(300 * 1024 * 1024)\n" + BURN_HALF_A_SECOND
    leaves_a_child = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {left_running!r}])"

    measured = run_command([sys.executable, "-c", leaves_a_child], dict(os.environ), tmp_path / "log.txt")

    assert measured.cpu_seconds >= 0.45
    assert measured.peak_rss_bytes >= 300 * 1024 * 1024


def test_a_commands_measure_adds_the_server_it_works_through(tmp_path: Path) -> None:
    """A PostgreSQL server's processes are no descendants of dbt, yet they do the build's work."""
    busy_server = "block = bytearray(300 * 1024 * 1024)\nwhile True: pass"
    server = subprocess.Popen([sys.executable, "-c", busy_server])
    # The command waits until the server has used half a second of CPU.
    wait_for_the_server = [
        sys.executable,
        "-c",
        "import os, time\n"
        f"def ticks():\n    fields = open('/proc/{server.pid}/stat').read().rsplit(')', 1)[1].split()\n"
        "    return int(fields[11]) + int(fields[12])\n"
        "start = ticks()\n"
        "while ticks() - start < 0.5 * os.sysconf('SC_CLK_TCK'): time.sleep(0.02)",
    ]
    try:
        time.sleep(0.5)  # the server holds its memory
        alone = run_command(wait_for_the_server, dict(os.environ), tmp_path / "alone.txt")
        with_server = run_command(
            wait_for_the_server, dict(os.environ), tmp_path / "with.txt", server_pid=server.pid
        )
    finally:
        server.kill()
        server.wait()
    assert alone.peak_rss_bytes < 300 * 1024 * 1024 <= with_server.peak_rss_bytes
    assert alone.cpu_seconds < 0.3 < 0.5 <= with_server.cpu_seconds
