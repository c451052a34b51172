"""Another engine's marts against DuckDB's: the same rows in any order are equal, any other row is named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from icp_scoring.engines.marts_parity import as_text, compare_mart


def test_the_same_rows_in_another_order_are_equal() -> None:
    rows = [("A-1", "default", "25.00"), ("A-2", "default", None)]
    comparison = compare_mart(
        "account_scores", "postgres", ["account_id", "icp_id", "score"], rows, rows[::-1]
    )
    assert comparison.equal
    assert comparison.summary() == (
        "marts.account_scores: 2 rows on DuckDB, 2 on postgres; 0 only on DuckDB, 0 only on postgres"
    )


def test_a_row_on_one_side_only_is_counted_and_shown() -> None:
    expected = [("A-1", "25.00"), ("A-2", "10.00")]
    actual = [("A-1", "25.00"), ("A-2", "10.0")]
    comparison = compare_mart("account_scores", "spark", ["account_id", "score"], expected, actual)
    assert not comparison.equal
    assert "1 only on DuckDB, 1 only on spark" in comparison.summary()
    assert comparison.examples().splitlines() == [
        "  DuckDB {'account_id': 'A-2', 'score': '10.00'}",
        "  spark {'account_id': 'A-2', 'score': '10.0'}",
    ]


def test_a_duplicated_row_is_a_difference() -> None:
    comparison = compare_mart("unmapped_values", "spark", ["value"], [("x",)], [("x",), ("x",)])
    assert not comparison.equal


def test_values_compare_as_text_keeping_a_decimals_scale() -> None:
    assert as_text(Decimal("25.00")) == "25.00"
    assert as_text(dt.datetime(2026, 6, 30, 12, 0)) == "2026-06-30 12:00:00"
    assert as_text(None) is None
