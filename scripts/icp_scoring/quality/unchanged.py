"""Raw files unchanged since they passed: a daily run of `icp validate raw` validates what changed.

Each run records in its summary, per raw file, the fingerprint `icp land` compares (the CSV's size and
modification time, the landing format, the column aliases' version), the suite that validated it and when its
rows were read. The next run carries over the outcomes of a file whose fingerprint is the same and whose
expectations all passed, provided the raw folder and the validation code (this package, the raw contract,
Great Expectations' version) are the same too; it reads and validates every other file. A file that failed
is always read again. `--all-files` reads every file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import great_expectations as gx

from icp_scoring.quality.outcomes import Outcome
from icp_scoring.raw import contract

QUALITY_DIR = Path(__file__).parent


@dataclass(frozen=True)
class ValidatedFile:
    """A raw file as a stage's summary records it: read in this run (no outcomes kept here: they are the
    run's), or carried over from the last summary with its suite's outcomes."""

    fingerprint: dict[str, str]
    suite: str
    validated_at: str  # when its rows were last read and validated
    outcomes: tuple[Outcome, ...] = ()

    def record(self) -> dict[str, Any]:
        """Its entry in the summary's "files"."""
        return {"fingerprint": self.fingerprint, "suite": self.suite, "validated_at": self.validated_at}


def code_version() -> str:
    """The SHA-256 of what decides a raw file's outcomes besides its rows: the quality package's modules,
    the raw contract and Great Expectations' version."""
    digest = hashlib.sha256(gx.__version__.encode())
    for module in [*sorted(QUALITY_DIR.rglob("*.py")), Path(contract.__file__)]:
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def passed_files(summary_path: Path, raw_dir: Path) -> dict[str, ValidatedFile]:
    """The raw files of the stage's last summary whose every expectation passed, by file name; none when the
    summary is missing or unreadable, or was written for another raw folder or by other validation code."""
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if summary.get("source") != str(raw_dir) or summary.get("code") != code_version():
        return {}
    passed = {}
    for file_name, record in (summary.get("files") or {}).items():
        outcomes = tuple(
            Outcome(**outcome) for outcome in summary["expectations"] if outcome["suite"] == record["suite"]
        )
        if outcomes and all(outcome.success for outcome in outcomes):
            passed[file_name] = ValidatedFile(
                record["fingerprint"], record["suite"], record["validated_at"], outcomes
            )
    return passed
