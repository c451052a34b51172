"""`icp reference`: (re)build the generated reference seeds, or check them against their pinned sources."""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from icp_scoring import console
from icp_scoring.settings import REFERENCE_DIR

COMMAND = "icp reference"


@dataclass(frozen=True)
class GeneratedSeed:
    """A CSV file of seeds/reference/ built from a pinned source."""

    file_name: str
    header: tuple[str, ...]
    rows: Callable[[], Iterable[Sequence[object]]]
    source: str  # where the facts come from, with the version (also in the seed's YAML description)


def generated_seeds() -> list[GeneratedSeed]:
    """Every generated seed, from each builder module (imported here so `icp --help` stays fast)."""
    from icp_scoring.reference import countries, industries, public_suffixes

    return [*industries.seeds(), *countries.seeds(), *public_suffixes.seeds()]


def render(seed: GeneratedSeed) -> str:
    """The file's text: header, then rows sorted as the builder gives them, LF line ends, UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(seed.header)
    for row in seed.rows():
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Build the generated reference seeds (industry codes, countries, public suffixes, ...) "
        "from the pinned packages they come from, into seeds/reference/.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; fail (exit 1) when a committed file differs from what its source gives",
    )
    parser.add_argument(
        "--output-dir", type=Path, default=REFERENCE_DIR, help="where the files go (default: %(default)s)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stale = []
    for seed in generated_seeds():
        path = args.output_dir / seed.file_name
        try:
            text = render(seed)
        except ValueError as error:  # the source says something a person must decide (e.g. a name collision)
            console.error(COMMAND, f"{seed.file_name}: {error}")
            return 1
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if args.check:
            if current != text:
                stale.append(f"{path} differs from {seed.source}")
            continue
        if current != text:
            path.write_text(text, encoding="utf-8")
            console.progress(COMMAND, f"wrote {path} ({text.count(chr(10)) - 1:,} rows) from {seed.source}")
        else:
            console.progress(COMMAND, f"{path} is up to date ({seed.source})")
    if stale:
        for line in stale:
            console.error(COMMAND, line)
        console.error(COMMAND, "run `icp reference` to rebuild them, and commit the result.")
        return 1
    return 0
