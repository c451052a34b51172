"""Whether an ICP's grid review is due: the state `icp summary` and the report both show (the dates come from
marts.account_scores, grid_reviewed_on and grid_review_due_on, computed by dbt from icp_profiles.csv)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

ReviewState = Literal["never_reviewed", "review_overdue", "review_due"]


def review_state(scoring_date: dt.date, reviewed_on: dt.date | None, due_on: dt.date | None) -> ReviewState:
    """Never reviewed, overdue at the scoring date, or next review still to come."""
    if reviewed_on is None or due_on is None:
        return "never_reviewed"
    return "review_overdue" if due_on < scoring_date else "review_due"
