"""`icp grid-format`: rewrite a folder of seed CSVs saved by Excel into the one form dbt reads.

    icp grid-format [FOLDER] [--check] [--backup-dir DIR]

Comma-separated UTF-8 without a byte-order mark, LF line ends, numbers with a decimal point (`0,4` -> `0.4`,
`1 000` -> `1000`) and booleans `true`/`false` (`FAUX` -> `false`) in the columns the seeds' YAML types as
numbers or booleans; every other value is kept as it is. Nothing is written when any file cannot be read
(not UTF-8, a quote left open): the command says which and where. A file already in that form is left
untouched; each rewritten file is first copied to the backup folder, then replaced atomically.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from icp_scoring import settings
from icp_scoring.console import UserError
from icp_scoring.grid.seed_csv import (
    SeedFile,
    SeedFormatError,
    canonical_text,
    changes,
    read_seed,
    seed_column_types,
)

COMMAND = "icp grid-format"
BACKUP_DIR = Path("data/backups")


@dataclass(frozen=True)
class Rewrite:
    """A file of the folder that is not in dbt's form: what it is now and what it becomes."""

    seed: SeedFile
    text: str
    values_changed: int

    def describe(self) -> str:
        what = [self.seed.dialect.describe()]
        if self.values_changed:
            what.append(f"{self.values_changed} number(s) or boolean(s) written as Excel does")
        return f"{self.seed.path}: {'; '.join(what)}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Rewrite the seed CSVs of a grid folder saved by Excel (separated by ;, a BOM, CRLF, "
        "decimal commas, VRAI/FAUX) into the form dbt reads: comma-separated UTF-8, LF, decimal points, "
        "true/false. Files already in that form are left untouched; nothing is written when a file cannot be "
        "read.",
        epilog="Explained in docs/scoring-grid.md (a grid saved by Excel).",
    )
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="the folder of seed CSVs (default: the live grid, seeds/scoring_grid)",
    )
    parser.add_argument("--check", action="store_true", help="say what would change and write nothing")
    parser.add_argument(
        "--backup-dir",
        type=Path,
        help=f"where the files are copied before they are rewritten (default: {BACKUP_DIR}/grid_<UTC>)",
    )
    return parser.parse_args(argv)


def planned_rewrites(folder: Path) -> list[Rewrite]:
    """The folder's files not in dbt's form, with their canonical text; UserError naming every file that
    cannot be read (then nothing may be written)."""
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder: give a folder of seed CSVs (e.g. seeds/scoring_grid).")
    paths = sorted(folder.glob("*.csv"))
    if not paths:
        raise UserError(f"{folder} holds no CSV file: give a folder of seed CSVs (e.g. seeds/scoring_grid).")
    types = seed_column_types()
    unreadable, rewrites = [], []
    for path in paths:
        columns = types.get(path.stem, {})
        try:
            seed = read_seed(path, tuple(columns))
        except SeedFormatError as error:
            unreadable.append(str(error))
            continue
        changed = len(changes(seed, columns))
        if changed or not seed.dialect.is_canonical:
            rewrites.append(Rewrite(seed, canonical_text(seed, columns), changed))
    if unreadable:
        raise UserError("nothing was rewritten; fix these files first: " + " ".join(unreadable))
    return rewrites


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.folder = args.folder or settings.LIVE_GRID_DIR
    rewrites = planned_rewrites(args.folder)
    if not rewrites:
        print(f"{args.folder}: every CSV is already in the form dbt reads; nothing to do.")
        return 0
    for rewrite in rewrites:
        print(f"{'would rewrite' if args.check else 'rewriting'} {rewrite.describe()}")
    if args.check:
        print(f"{len(rewrites)} file(s) to rewrite: run `{COMMAND} {args.folder}`.", file=sys.stderr)
        return 1
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    backup_dir = args.backup_dir or BACKUP_DIR / f"grid_{stamp}"
    backup_dir.mkdir(parents=True, exist_ok=True)
    for rewrite in rewrites:
        shutil.copy2(rewrite.seed.path, backup_dir / rewrite.seed.path.name)
    for rewrite in rewrites:
        write_atomically(rewrite.seed.path, rewrite.text)
    print(f"{len(rewrites)} file(s) rewritten for dbt; the originals are in {backup_dir}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
