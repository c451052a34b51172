"""The sample generator (`icp sample`): deterministic, deliberately messy raw files with a planted truth.

What the rest of the package uses of it is imported from here, whatever module of the generator holds it.
"""

from icp_scoring.sample.generator import (
    DEFAULT_EVENTS_PER_ACCOUNT,
    DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
    OUTCOME_WINDOW_DAYS,
    PLANTED_ICP,
    account_count,
    generate,
    iso_date,
    seed_value,
)

__all__ = [
    "DEFAULT_EVENTS_PER_ACCOUNT",
    "DEFAULT_TECHNOLOGIES_PER_ACCOUNT",
    "OUTCOME_WINDOW_DAYS",
    "PLANTED_ICP",
    "account_count",
    "generate",
    "iso_date",
    "seed_value",
]
