"""Tests of --inject as a whole (icp_scoring.sample.injection): classes checked, files unchanged without
it, deterministic, every original line kept, injected rows mixed in without touching the planted ones."""

import hashlib
import pathlib
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pytest

from icp_scoring.sample import feeds, generation
from icp_scoring.sample.ownership import RECORD_NAME
from tests.sample.helpers import AS_OF, FILES, INJECT_ACCOUNTS, INJECT_AS_OF, INJECT_SEED, read_rows

# md5 of the files without --inject for the arguments above, re-recorded when accounts were simulated in
# blocks (stable sample ids: an account no longer depends on the sample's size). Floating point steps could
# in principle round differently on another platform, so the check only runs with the numpy and pyarrow
# versions pinned in constraints.txt.
NO_INJECT_MD5 = {
    "crm_accounts.csv": "19c637f613c9349bc223b8720f0b1746",
    "technographics.csv": "1a2385d729aea9f7e2af8f272fbad6cf",
    "intent_signals.csv": "230c39e9efe6981cb43a2f8ee0ac48a9",
}
MD5_VERSIONS = {"numpy": "2.4.6", "pyarrow": "26.0.1"}
# crm_accounts.csv as written before the custom fields (Legal Form, Year Founded) existed.
WITHOUT_CUSTOM_FIELDS_MD5 = "0bef49bdaed093d674ce5f71d0bbfc2d"


def test_generate_rejects_unknown_classes(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="valid classes: all, bad-numbers"):
        generation.generate(10, 1, AS_OF, tmp_path, inject=frozenset({"bad-numbers", "typo"}))
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(
    {"numpy": np.__version__, "pyarrow": pa.__version__} != MD5_VERSIONS,
    reason="recorded with the pinned numpy and pyarrow versions",
)
def test_output_without_inject_is_unchanged(injected: Callable[..., pathlib.Path]) -> None:
    for name, digest in NO_INJECT_MD5.items():
        assert hashlib.md5((injected() / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.skipif(
    {"numpy": np.__version__, "pyarrow": pa.__version__} != MD5_VERSIONS,
    reason="recorded with the pinned numpy and pyarrow versions",
)
def test_the_custom_fields_change_no_other_byte(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    """The two custom fields are appended without drawing from the sample's random streams: without them,
    the CRM file is byte for byte the one written before they existed (so every figure stays)."""
    monkeypatch.setattr(generation, "with_custom_fields", lambda crm, as_of: crm)
    monkeypatch.setattr(generation, "with_blank_custom_fields", lambda line: line)
    generation.generate(INJECT_ACCOUNTS, INJECT_SEED, INJECT_AS_OF, tmp_path, inject=frozenset())
    assert hashlib.md5((tmp_path / "crm_accounts.csv").read_bytes()).hexdigest() == WITHOUT_CUSTOM_FIELDS_MD5


def test_inject_is_deterministic_and_keeps_every_original_line(
    injected: Callable[..., pathlib.Path], tmp_path: pathlib.Path
) -> None:
    everything = injected("all")
    written = generation.generate(
        INJECT_ACCOUNTS, INJECT_SEED, INJECT_AS_OF, tmp_path, inject=frozenset({"all"})
    )
    for name in FILES:
        data = (everything / name).read_bytes()
        assert data == (tmp_path / name).read_bytes()
        base = (injected() / name).read_bytes()
        assert written[name] > len(base.splitlines()) - 1
        # The original lines are all still there, in their order.
        remaining = iter(data.split(b"\n"))
        assert all(line in remaining for line in base.split(b"\n")), name


def test_all_means_every_row_level_class(injected: Callable[..., pathlib.Path]) -> None:
    everything = injected("all")
    for name in ("bad-numbers", "conflicting-duplicates", "unknown-domains"):
        alone = injected(name)
        for file_name in ("crm_accounts.csv", "technographics.csv"):
            base = set((injected() / file_name).read_bytes().split(b"\n"))
            extra = set((alone / file_name).read_bytes().split(b"\n")) - base
            assert extra <= set((everything / file_name).read_bytes().split(b"\n")), (name, file_name)
    assert sorted(path.name for path in everything.iterdir()) == sorted([*FILES, RECORD_NAME])


def test_inject_leaves_the_planted_accounts_alone(injected: Callable[..., pathlib.Path]) -> None:
    def planted(directory: pathlib.Path, name: str) -> list[bytes]:
        return [line for line in (directory / name).read_bytes().split(b"\n") if b"orked" in line.lower()]

    for name in FILES:
        assert planted(injected("all"), name) == planted(injected(), name)


def test_intent_file_stays_in_time_order(injected: Callable[..., pathlib.Path]) -> None:
    occurred = [row["occurred_at"] for row in read_rows(injected("all") / "intent_signals.csv")]
    assert occurred == sorted(occurred)


def test_intent_feed_written_in_parts_is_the_feed_written_whole(
    injected: Callable[..., pathlib.Path], monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    """Parts of 7 events (over 700 parts here, the injected rows falling inside and at the edges of
    parts) write the same bytes as the one part a 300-account feed fits in, and the same raw lines."""
    monkeypatch.setattr(feeds, "INTENT_PART_ROWS", 7)
    whole = injected("all")
    generation.generate(INJECT_ACCOUNTS, INJECT_SEED, INJECT_AS_OF, tmp_path, inject=frozenset({"all"}))
    assert len(read_rows(whole / "intent_signals.csv")) > 700 * feeds.INTENT_PART_ROWS
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (whole / name).read_bytes(), name
