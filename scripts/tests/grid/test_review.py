"""The grid review state shown by the summary and the report."""

from __future__ import annotations

import datetime as dt

from icp_scoring.grid.review import review_state

SCORING_DATE = dt.date(2026, 12, 4)


def test_a_review_due_on_the_scoring_date_is_not_yet_overdue() -> None:
    assert review_state(SCORING_DATE, dt.date(2026, 6, 4), SCORING_DATE) == "review_due"


def test_a_review_due_before_the_scoring_date_is_overdue() -> None:
    assert review_state(SCORING_DATE, dt.date(2026, 6, 3), dt.date(2026, 12, 3)) == "review_overdue"


def test_a_grid_without_a_review_date_was_never_reviewed() -> None:
    assert review_state(SCORING_DATE, None, None) == "never_reviewed"
