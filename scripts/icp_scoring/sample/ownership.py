"""The sample generator never overwrites files it did not write.

A folder the generator writes into gets a record, `.icp-sample.json`, of the files it wrote (size and
modification time). Before writing again it checks every raw file in the folder (the contract's files and
the intent feed's daily deliveries) against that record: a file it did not write, or one changed since (a
row added by hand), stops the generation with one sentence, and nothing is written. A team's extracts are
therefore safe in any folder, whatever `--output-dir` or $ICP_SAMPLE_DIR says.
"""

from __future__ import annotations

import json
import pathlib

from icp_scoring.console import UserError

RECORD_NAME = ".icp-sample.json"
RAW_FILE_PATTERNS = ("crm_*.csv", "technographics*.csv", "intent_signals*.csv")


def fingerprint(path: pathlib.Path) -> dict[str, int]:
    status = path.stat()
    return {"size": status.st_size, "mtime_ns": status.st_mtime_ns}


def raw_files(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted({path for pattern in RAW_FILE_PATTERNS for path in folder.glob(pattern) if path.is_file()})


def check_output_dir(folder: pathlib.Path) -> None:
    """Refuse a folder holding a raw file the generator did not write, or changed since it wrote it."""
    if not folder.is_dir():
        return
    record_path = folder / RECORD_NAME
    try:
        record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.is_file() else {}
    except (OSError, ValueError):
        record = {}
    foreign = [path.name for path in raw_files(folder) if record.get(path.name) != fingerprint(path)]
    if foreign:
        raise UserError(
            f"{folder} holds {', '.join(foreign)}, which `icp sample` did not write or which changed since: "
            "it never overwrites them. Generate into another folder (--output-dir, or $ICP_SAMPLE_DIR for "
            "`make run`), or move those files first."
        )


def record_output_dir(folder: pathlib.Path) -> None:
    """Record the raw files now in the folder as written by the generator."""
    record = {path.name: fingerprint(path) for path in raw_files(folder)}
    (folder / RECORD_NAME).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
