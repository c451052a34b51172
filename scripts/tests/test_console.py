"""The console's stage lines: step, estimate, progress while a long stage runs, and the time it took."""

from __future__ import annotations

import time

import pytest

from icp_scoring import console


def test_a_long_stage_says_how_far_it_is_against_last_time(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(console, "HEARTBEAT_SECONDS", 0.05)
    with console.stage("icp build", "dbt build", 3, 3, expected=100.0) as timing:
        time.sleep(0.3)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "icp build: [3/3] dbt build ... (about 100 s, as last time)"
    assert any(
        line.startswith("icp build: [3/3] dbt build: still running, 0 s of about 100 s (0%)")
        for line in lines
    )
    assert lines[-1].startswith("icp build: [3/3] dbt build: done in 0.")
    assert timing["seconds"] >= 0.3


def test_without_an_estimate_a_stage_says_how_long_so_far(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(console, "HEARTBEAT_SECONDS", 0.05)
    with console.stage("icp run", "publish", 1, 2):
        time.sleep(0.2)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "icp run: [1/2] publish ..."
    assert "icp run: [1/2] publish: still running, 0 s so far" in lines


def test_running_for_says_when_a_stage_runs_longer_than_last_time() -> None:
    assert console.running_for(45, 90) == "still running, 45 s of about 90 s (50%)"
    assert console.running_for(120, 90) == "still running, 120 s (longer than the 90 s of last time)"
