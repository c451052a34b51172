"""`icp reset`: delete, on request and by name, what `make clean` keeps because it cannot be made again.

    icp reset warehouse|exports|published ... [--yes]

Without --yes it lists what would be deleted and deletes nothing. `warehouse` is the working warehouse with
the score history (back it up first: icp history backup); `exports` the CRM files and the last-export state
(the next export is then full); `published` the marts BI tools read (they read nothing until the next
publish).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from icp_scoring import console, settings
from icp_scoring.build import stage_times_path
from icp_scoring.warehouse import exclusive_run, lock_path, state_dir, wal_path

COMMAND = "icp reset"
WHAT = {
    "warehouse": "the working warehouse and its score history",
    "exports": "the CRM import files and the last-export state",
    "published": "the published marts BI tools read",
}


def targets(name: str) -> list[Path]:
    if name == "warehouse":
        database = settings.warehouse_path()
        return [database, wal_path(database), stage_times_path(database), state_dir(database)]
    return [settings.export_dir() if name == "exports" else settings.published_dir()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Delete what `make clean` keeps, by name: "
        + "; ".join(f"{k}: {v}" for k, v in WHAT.items()),
    )
    parser.add_argument("what", nargs="+", choices=tuple(WHAT), help="what to delete")
    parser.add_argument("--yes", action="store_true", help="delete (without it: only list what would go)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    paths = [(name, path) for name in dict.fromkeys(args.what) for path in targets(name) if path.exists()]
    if not paths:
        console.progress(COMMAND, "nothing to delete.")
        return 0
    for name, path in paths:
        console.progress(COMMAND, f"{'deleting' if args.yes else 'would delete'} {path} ({WHAT[name]})")
    if not args.yes:
        console.error(COMMAND, "nothing deleted: add --yes to delete the above.")
        return 1
    with exclusive_run(settings.warehouse_path()):
        for _, path in paths:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
    lock_path(settings.warehouse_path()).unlink(missing_ok=True)
    return 0
