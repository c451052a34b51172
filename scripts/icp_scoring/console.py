"""The commands' console: what they read from the command line beyond argparse's own types (dates), and what
they print (progress and stage lines on stderr, stdout keeping each command's report; one-sentence errors a
user can act on)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


class UserError(Exception):
    """A mistake the user can fix (a missing file, a bad option, a broken grid): the command prints the
    message as it is, without a traceback, and exits with 1 (2 for a bad command line)."""

    exit_code = 1


def date_argument(text: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from error


def progress(command: str, message: str) -> None:
    """A progress line on stderr, prefixed with the command's name."""
    print(f"{command}: {message}", file=sys.stderr, flush=True)


def error(command: str, message: str) -> None:
    """An error line on stderr, prefixed with the command's name."""
    print(f"{command}: error: {message}", file=sys.stderr, flush=True)


@contextmanager
def stage(command: str, name: str, step: int, total: int) -> Iterator[None]:
    """Say that a stage starts (its name and step out of the total) and how long it took when it ends."""
    progress(command, f"[{step}/{total}] {name} ...")
    started = time.monotonic()
    yield
    progress(command, f"[{step}/{total}] {name}: done in {time.monotonic() - started:.1f} s")
