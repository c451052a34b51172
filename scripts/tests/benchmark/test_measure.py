"""The benchmark's memory measure counts a process's whole tree."""

from __future__ import annotations

import os
import subprocess
import sys

from icp_scoring.benchmark.measure import tree_rss_bytes


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
