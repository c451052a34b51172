"""Fixtures of the sample generator's tests: a messy 2,000-account run, its true domains, and 300-account
runs with injected classes."""

import pathlib
from collections.abc import Callable

import pytest

from icp_scoring.sample import generation
from tests.sample.helpers import (
    AS_OF,
    FILES,
    INJECT_ACCOUNTS,
    INJECT_AS_OF,
    INJECT_SEED,
    MESSY_ACCOUNTS,
    MESSY_SEED,
    read_rows,
)


@pytest.fixture(scope="session")
def messy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    """The three files for 2,000 accounts, parsed."""
    output_dir = tmp_path_factory.mktemp("messy")
    generation.generate(MESSY_ACCOUNTS, MESSY_SEED, AS_OF, output_dir)
    return {name: read_rows(output_dir / name) for name in FILES}


@pytest.fixture(scope="session")
def truth_domains() -> set[str]:
    """The true domains of the 2,000-account run, plus the planted ones."""
    simulation = generation.simulate(MESSY_ACCOUNTS, MESSY_SEED)
    return set(simulation.accounts.domain.to_pylist()) | {"worked-example-x.com", "worked-example-y.com"}


@pytest.fixture(scope="session")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., pathlib.Path]:
    """Output directory of the 300-account run with the given classes injected (each run made once)."""
    cache: dict[frozenset[str], pathlib.Path] = {}

    def output(*classes: str) -> pathlib.Path:
        key = frozenset(classes)
        if key not in cache:
            directory = tmp_path_factory.mktemp("inject")
            generation.generate(INJECT_ACCOUNTS, INJECT_SEED, INJECT_AS_OF, directory, inject=key)
            cache[key] = directory
        return cache[key]

    return output
