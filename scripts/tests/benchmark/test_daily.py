"""The daily refresh's split of the raw files into the history and a day's delivery."""

from __future__ import annotations

from pathlib import Path

import duckdb

from icp_scoring.benchmark.daily import prepare_daily_data
from icp_scoring.benchmark.raw_data import RawData
from tests.support import SAMPLE_AS_OF


def test_the_daily_refresh_splits_a_day_of_intent_and_one_percent_of_the_accounts(
    small_raw_dir: Path, tmp_path: Path
) -> None:
    """Day 1's intent plus the delivery are the generated intent, every row once; 1% of the CRM records change
    (employees 120, Financial Services) on day 2 only; the days swap the files in one raw folder."""
    raw = RawData(small_raw_dir, {}, None)
    data = prepare_daily_data(raw, tmp_path / "daily", SAMPLE_AS_OF)
    read = "read_csv(?, all_varchar = true)"
    with duckdb.connect() as connection:
        whole, history, delivered = (
            connection.execute(f"select count(*) from {read}", [str(path)]).fetchone()[0]
            for path in (
                small_raw_dir / "intent_signals.csv",
                data.raw_dir / "intent_signals.csv",
                data.delivery,
            )
        )
        assert data.delivered_rows == delivered > 0
        assert history + delivered == whole
        data.set_day(2)
        changed = connection.execute(
            f"select count(*) from (select * from {read} except all select * from {read})",
            [str(data.raw_dir / "crm_accounts.csv"), str(small_raw_dir / "crm_accounts.csv")],
        ).fetchone()[0]
    assert 0 < data.changed_records <= 0.03 * 400
    assert 0 < changed <= data.changed_records
    assert (data.raw_dir / data.delivery.name).exists()
    data.set_day(1)
    assert not (data.raw_dir / data.delivery.name).exists()
    assert (data.raw_dir / "crm_accounts.csv").read_bytes() == (
        small_raw_dir / "crm_accounts.csv"
    ).read_bytes()
