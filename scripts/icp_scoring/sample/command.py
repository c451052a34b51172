"""`icp sample`: the command line around ``generate`` (its options and their checks, --help with the
injection classes, the exit code)."""

import argparse
import datetime as dt
import math
import pathlib
import re
import sys
import textwrap

from icp_scoring import console, settings
from icp_scoring.sample.files import (
    ACTIVITIES_FILE,
    CRM_FILE,
    INTENT_FILE,
    OPPORTUNITIES_FILE,
    TECHNOGRAPHICS_FILE,
    log,
)
from icp_scoring.sample.french import STYLES
from icp_scoring.sample.generation import generate
from icp_scoring.sample.injection import INJECT_ALL, INJECT_CLASSES, INJECT_DESCRIPTIONS, resolve_inject
from icp_scoring.sample.planted_icp import OUTCOME_WINDOW_DAYS
from icp_scoring.sample.vocabulary import DEFAULT_EVENTS_PER_ACCOUNT, DEFAULT_TECHNOLOGIES_PER_ACCOUNT
from icp_scoring.sample.worked_examples import PLANTED_ACCOUNTS

DEFAULT_ACCOUNTS = 5000
DEFAULT_SEED = 42
MAX_RATE = 1000.0
MAX_ACCOUNTS = 10_000_000  # memory: about 1.7 GB per million accounts at the default rates (3M: 4.9 GiB)
MIN_AS_OF_YEAR, MAX_AS_OF_YEAR = 1990, 2999
HELP_WIDTH = 100


def iso_date(text: str) -> dt.date:
    """Parse a strict YYYY-MM-DD date for argparse."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a real calendar date ({error})") from None
    if not MIN_AS_OF_YEAR <= day.year <= MAX_AS_OF_YEAR:
        raise argparse.ArgumentTypeError(
            f"use an as-of date between {MIN_AS_OF_YEAR}-01-01 and {MAX_AS_OF_YEAR}-12-31, got {text}"
        )
    return day


def account_count(text: str) -> int:
    """Parse the number of accounts for argparse (at least the two planted accounts)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of accounts, got {text!r}") from None
    if not PLANTED_ACCOUNTS <= value <= MAX_ACCOUNTS:
        raise argparse.ArgumentTypeError(
            f"use between {PLANTED_ACCOUNTS} (the two planted worked examples count toward N) "
            f"and {MAX_ACCOUNTS:,} accounts, got {value:,}"
        )
    return value


def seed_value(text: str) -> int:
    """Parse a non-negative integer seed for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number as seed, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"use a seed of 0 or more, got {value}")
    return value


def rate(text: str) -> float:
    """Parse a mean rows-per-account for argparse (0 to 1000)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_RATE:
        raise argparse.ArgumentTypeError(f"use a number between 0 and {MAX_RATE:g}, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    description = (
        "Write deterministic, deliberately messy raw CSV extracts for the ICP scoring project: "
        f"{CRM_FILE} (CRM firmographics), {TECHNOGRAPHICS_FILE} (technographic vendor feed), "
        f"{INTENT_FILE} (intent events), and the outcomes {OPPORTUNITIES_FILE} and {ACTIVITIES_FILE} "
        "(drawn from the planted ICP, PLANTED_ICP in the script). Same arguments, byte-identical files. "
        "Two worked-example accounts (001WORKEDEX000X and 001WORKEDEX000Y) are always included."
    )
    parser = argparse.ArgumentParser(
        prog="icp sample",
        description=textwrap.fill(description, HELP_WIDTH),
        epilog=inject_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--accounts",
        type=account_count,
        default=DEFAULT_ACCOUNTS,
        metavar="N",
        help=(
            "distinct accounts, including the two planted ones; the CRM file adds ~2%% duplicate rows. "
            "Needs about 1.7 GB of memory per million accounts (default: %(default)s)"
        ),
    )
    parser.add_argument(
        "--seed", type=seed_value, default=DEFAULT_SEED, help="random seed, 0 or more (default: %(default)s)"
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=(
            "reference date the history leads up to: intent events over the year before it (~0.2%% land "
            f"after it on purpose), opportunities opened in the {OUTCOME_WINDOW_DAYS} days before it, drawn "
            "from the planted truth as of the start of those days (default: today's UTC date)"
        ),
    )
    parser.add_argument(
        "--output-dir",
        type=pathlib.Path,
        default=settings.sample_dir() / "raw",
        metavar="DIR",
        help="directory for the CSV files, created if missing (default: %(default)s)",
    )
    parser.add_argument(
        "--technologies-per-account",
        type=rate,
        default=DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
        metavar="MEAN",
        help="mean technographic rows per account (default: %(default)s)",
    )
    parser.add_argument(
        "--events-per-account",
        type=rate,
        default=DEFAULT_EVENTS_PER_ACCOUNT,
        metavar="MEAN",
        help="mean intent events per account, heavy-tailed: most have few or none (default: %(default)s)",
    )
    parser.add_argument(
        "--style",
        choices=STYLES,
        default="en",
        help=(
            "en: the generator's own CSV (comma, LF, English vocabulary); fr: the same accounts as a French "
            "team's CRM exports them (NAF codes and French labels, countries in French, 1 200 000 €, "
            "15/03/2024), separated by ; with a BOM and CRLF (default: %(default)s)"
        ),
    )
    parser.add_argument(
        "--inject",
        type=inject_name,
        action="append",
        default=[],
        metavar="CLASS",
        help=(
            "add a class of bad input for tests (repeatable); 'all' adds every class except the "
            "empty-file and missing-file ones. Classes are listed below (default: none)"
        ),
    )
    return parser


def inject_name(text: str) -> str:
    """Check one --inject value for argparse."""
    if text != INJECT_ALL and text not in INJECT_CLASSES:
        raise argparse.ArgumentTypeError(
            f"unknown class {text!r}; valid classes: {INJECT_ALL}, {', '.join(INJECT_CLASSES)}"
        )
    return text


def inject_epilog() -> str:
    """The help text listing the injection classes, one per line, and an example."""
    width = max(map(len, INJECT_CLASSES)) + 2
    classes = [f"  {name:<{width}}{text}" for name, text in INJECT_DESCRIPTIONS.items()]
    return "\n".join(
        [
            "injection classes (--inject CLASS, repeatable; 'all' = every class but the file ones):",
            *classes,
            "",
            "Example: icp sample --accounts 5000 --seed 42 --as-of 2025-06-30",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate the files and return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.output_dir.exists() and not args.output_dir.is_dir():
        parser.error(f"--output-dir {args.output_dir} exists and is not a directory; pass a directory path")
    try:
        inject = resolve_inject(args.inject)
    except ValueError as error:
        parser.error(str(error))
    if args.style == "fr" and inject:
        parser.error("--inject writes bad input in the default style: use it without --style fr")
    as_of = args.as_of or console.today_utc()
    try:
        generate(
            args.accounts,
            args.seed,
            as_of,
            args.output_dir,
            args.technologies_per_account,
            args.events_per_account,
            inject=inject,
            style=args.style,
        )
    except OSError as error:
        log(f"error: cannot write to {args.output_dir}: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
