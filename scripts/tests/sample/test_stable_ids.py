"""An account does not depend on the sample's size: the first n accounts of a larger sample (same seed and
as-of date) are the n-account sample, in every file and in the simulated truth."""

import pathlib
from collections import Counter
from dataclasses import fields

import numpy as np
import pytest

from icp_scoring.sample import generation
from tests.sample.helpers import AS_OF, FILES, bare_domain, read_rows

SEED = 7
Parsed = dict[str, list[dict[str, str]]]


def rows_as_tuples(rows: list[dict[str, str]]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(row.values()) for row in rows)


@pytest.fixture(
    scope="module", params=[(2_000, 5_000), (4_000, 11_000)], ids=["2000-of-5000", "4000-of-11000"]
)
def pair(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[int, dict[str, list[dict[str, str]]], dict[str, list[dict[str, str]]]]:
    """A small and a larger sample of the same seed and as-of date, parsed."""
    parsed = []
    for accounts in request.param:
        output_dir: pathlib.Path = tmp_path_factory.mktemp(f"stable{accounts}")
        generation.generate(accounts, SEED, AS_OF, output_dir)
        parsed.append({name: read_rows(output_dir / name) for name in FILES})
    return request.param[0], parsed[0], parsed[1]


def test_the_small_sample_is_the_first_accounts_of_the_larger_one(pair: tuple[int, Parsed, Parsed]) -> None:
    small_accounts, small, large = pair
    small_ids = {row["account_id"] for row in small["crm_accounts.csv"]}
    assert len(small_ids) == small_accounts
    for name in ("crm_accounts.csv", "crm_opportunities.csv", "crm_activities.csv"):
        expected = [row for row in large[name] if row["account_id"] in small_ids]
        assert rows_as_tuples(small[name]) == rows_as_tuples(expected), name
    truth = generation.simulate(small_accounts, SEED)
    domains = set(truth.accounts.domain.to_pylist())
    for name in ("technographics.csv", "intent_signals.csv"):
        small_rows = rows_as_tuples(small[name])
        assert not small_rows - rows_as_tuples(large[name]), f"{name}: rows not in the larger sample"
        known = [row for row in large[name] if bare_domain(row["domain"]) in domains]
        assert rows_as_tuples(known) == Counter(
            {row: count for row, count in small_rows.items() if bare_domain(row[0]) in domains}
        ), name


def test_the_simulated_truth_of_the_first_accounts_does_not_depend_on_the_size() -> None:
    small, large = generation.simulate(2_000, SEED), generation.simulate(12_000, SEED)
    size = small.accounts.size
    for field in fields(small.accounts):
        value, larger = getattr(small.accounts, field.name), getattr(large.accounts, field.name)
        if hasattr(value, "to_pylist"):
            assert value.to_pylist() == larger.slice(0, size).to_pylist(), field.name
        else:
            np.testing.assert_array_equal(value, larger[:size], err_msg=field.name)
    for name, points in small.outcomes.true_points.by_criterion.items():
        np.testing.assert_array_equal(points, large.outcomes.true_points.by_criterion[name][:size])
    for part in ("technologies", "events"):
        small_rows, large_rows = getattr(small, part), getattr(large, part)
        kept = large_rows.account < size
        for field in fields(small_rows):
            np.testing.assert_array_equal(
                getattr(small_rows, field.name), getattr(large_rows, field.name)[kept], err_msg=field.name
            )
