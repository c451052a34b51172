"""The commands' console: what they read from the command line beyond argparse's own types (dates), and what
they print (progress and stage lines on stderr, stdout keeping each command's report; one-sentence errors a
user can act on)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import threading
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


def today_utc() -> dt.date:
    """Today in UTC: the scoring date when none is given."""
    return dt.datetime.now(dt.UTC).date()


def positive_number(text: str) -> int:
    """argparse type: a whole number above 0."""
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from error
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not above 0")
    return value


def first_line(error: BaseException) -> str:
    """The first line of an error's message, without its final period (the caller's sentence goes on); the
    error's class name when it has no message."""
    text = str(error).strip()
    return text.splitlines()[0].rstrip(".") if text else type(error).__name__


def progress(command: str, message: str) -> None:
    """A progress line on stderr, prefixed with the command's name."""
    print(f"{command}: {message}", file=sys.stderr, flush=True)


def error(command: str, message: str) -> None:
    """An error line on stderr, prefixed with the command's name."""
    print(f"{command}: error: {message}", file=sys.stderr, flush=True)


# A stage still running says so this often (a dbt build at 1M accounts runs 90 s, its slowest model 20 s).
HEARTBEAT_SECONDS = 15.0


@contextmanager
def stage(
    command: str, name: str, step: int, total: int, expected: float | None = None
) -> Iterator[dict[str, float]]:
    """Say that a stage starts (its name, its step out of the total, and how long it took last time when
    `expected` is known), how far it is every HEARTBEAT_SECONDS while it runs, and how long it took. Yields a
    dict whose "seconds" holds the duration once the stage ends."""
    label = f"[{step}/{total}] {name}"
    progress(command, f"{label} ..." + (f" (about {expected:.0f} s, as last time)" if expected else ""))
    started = time.monotonic()
    timing: dict[str, float] = {}
    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            progress(command, f"{label}: {running_for(time.monotonic() - started, expected)}")

    beating = threading.Thread(target=heartbeat, daemon=True)
    beating.start()
    try:
        yield timing
    finally:
        stop.set()
        beating.join()
    timing["seconds"] = time.monotonic() - started
    progress(command, f"{label}: done in {timing['seconds']:.1f} s")


def running_for(elapsed: float, expected: float | None) -> str:
    """'still running, 30 s of about 90 s (33%)', or without an estimate 'still running, 30 s so far'."""
    if not expected:
        return f"still running, {elapsed:.0f} s so far"
    if elapsed > expected:
        return f"still running, {elapsed:.0f} s (longer than the {expected:.0f} s of last time)"
    return f"still running, {elapsed:.0f} s of about {expected:.0f} s ({elapsed / expected:.0%})"
