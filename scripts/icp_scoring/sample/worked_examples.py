"""The two planted worked-example accounts, in the files exactly as documented whatever the arguments:
001WORKEDEX000X (a perfect fit with a pricing-page visit on the as-of date) and 001WORKEDEX000Y (a poor fit
without intent). They have no outcomes."""

import datetime as dt

import numpy as np
import pyarrow as pa

from icp_scoring.sample.files import CRM_COLUMNS
from icp_scoring.sample.vectorised import SECONDS_PER_DAY, days_to_dates, epoch_day, seconds_to_timestamps

PLANTED_ACCOUNTS = 2


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def planted_crm(as_of: dt.date) -> pa.Table:
    """The two worked-example accounts, exactly as documented."""
    rows = [
        (
            "001WORKEDEX000X",
            "Worked Example X",
            "https://www.worked-example-x.com/",
            "Software",
            "150",
            "25000000",
            "US",
            years_before(as_of, 2).isoformat(),
            f"{(as_of - dt.timedelta(days=10)).isoformat()} 09:30:00",
        ),
        (
            "001WORKEDEX000Y",
            "Worked Example Y",
            "worked-example-y.com",
            "Manufacturing",
            "1000",
            "150000000",
            "Germany",
            years_before(as_of, 5).isoformat(),
            f"{(as_of - dt.timedelta(days=40)).isoformat()} 14:05:00",
        ),
    ]
    return pa.table(
        {name: pa.array([row[i] for row in rows], pa.string()) for i, name in enumerate(CRM_COLUMNS)}
    )


def planted_technographics(as_of: dt.date) -> pa.Table:
    """One HubSpot detection for X and one SAP detection for Y."""
    as_of_day = epoch_day(as_of)
    return pa.table(
        {
            "domain": pa.array(["worked-example-x.com", "worked-example-y.com"]),
            "technology": pa.array(["HubSpot", "SAP"]),
            "technology_category": pa.array(["CRM", "CRM"]),
            "first_detected_date": days_to_dates(np.array([as_of_day - 400, as_of_day - 900])),
            "last_detected_date": days_to_dates(np.array([as_of_day - 3, as_of_day - 5])),
        }
    )


def planted_intent(as_of: dt.date) -> pa.Table:
    """Exactly one event for X: a pricing-page visit at midnight of the as-of date (age 0 days)."""
    return pa.table(
        {
            "domain": pa.array(["worked-example-x.com"]),
            "signal_type": pa.array(["Pricing Page Visit"]),
            "topic": pa.array(["CRM software"]),
            "occurred_at": seconds_to_timestamps(np.array([epoch_day(as_of) * SECONDS_PER_DAY])),
            "source": pa.array(["website"]),
        }
    )
