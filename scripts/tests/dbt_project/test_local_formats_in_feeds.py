"""The feeds' dates and timestamps in local forms are read as the CRM's are (the rules' unit tests are in
models/staging/crm/_crm__unit_tests.yml; the feed models read landed files, so this builds them end to end):
an intent event with an offset is judged in UTC, a day-first timestamp is read, an unreadable one is kept out
with its reason, and a technographic row with an unreadable date is still used, its date status saying why it
has none. Every raw row stays accounted for."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from icp_scoring import sample
from tests.support import SAMPLE_AS_OF, SCORING_BUILD, DbtRunner

# Intent rows rewritten (data row -> occurred_at) and what staging must read (UTC), with the final reason
# the scoring gives when staging keeps the row (None: the row's own reason, e.g. unknown_account, decides).
INTENT_TIMES = {
    1: ("2026-06-30T23:30-05:00", "2026-07-01 04:30:00", "future_event"),
    2: ("2026-06-30T01:30+02:00", "2026-06-29 23:30:00", None),
    3: ("15/06/2026 10:00", "2026-06-15 10:00:00", None),
    4: ("2026-06-20T08:00:00Z", "2026-06-20 08:00:00", None),
    5: ("hier", None, "unparseable_timestamp"),
}
# Technographic rows rewritten: data row -> (first_detected_date, last_detected_date) and the statuses.
DETECTION_DATES = {
    1: ("15/03/2024", "2026-06-01", "valid", "valid"),
    2: ("2024-03-15", "31/02/2026", "valid", "unparseable_date"),
}


def rewrite(path: Path, column: str | tuple[str, ...], values: dict[int, tuple[str, ...]]) -> None:
    """Set `column` (or columns) of the given data rows (1 = the first line after the header)."""
    columns = (column,) if isinstance(column, str) else column
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for row_number, new_values in values.items():
        rows[row_number - 1].update(zip(columns, new_values, strict=False))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)


def test_feed_dates_in_local_forms_are_read_in_utc_and_unreadable_ones_flagged(
    tmp_path: Path, project_copy: Path, run_dbt: DbtRunner
) -> None:
    raw_dir = tmp_path / "raw"
    sample.generate(accounts=200, seed=7, as_of=SAMPLE_AS_OF, output_dir=raw_dir)
    rewrite(
        raw_dir / "intent_signals.csv",
        "occurred_at",
        {row: (text,) for row, (text, *_) in INTENT_TIMES.items()},
    )
    rewrite(
        raw_dir / "technographics.csv",
        ("first_detected_date", "last_detected_date"),
        {row: dates[:2] for row, dates in DETECTION_DATES.items()},
    )

    finished = run_dbt(project_copy, raw_dir, *SCORING_BUILD)

    assert finished.returncode == 0, finished.stdout[-4000:]
    assert "assert_every_raw_row_is_used_or_flagged" in finished.stdout
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        signals = {
            signal_id: (str(occurred_at) if occurred_at else None, staged_reason, final_reason)
            for signal_id, occurred_at, staged_reason, final_reason in connection.execute(
                "select staged.signal_id, staged.occurred_at, staged.signal_exclusion_reason,"
                " min(matched.signal_exclusion_reason)"
                " from staging.stg_intent__signals as staged"
                " left join intermediate.int_intent_signals__matched_to_accounts as matched"
                " on staged.signal_id = matched.signal_id"
                " where staged.signal_id <= 5 group by all"
            ).fetchall()
        }
        detections = dict(
            (detection_id, (first, last))
            for detection_id, first, last in connection.execute(
                "select detection_id, first_detected_date_status, last_detected_date_status"
                " from staging.stg_technographics__detections where detection_id <= 2"
            ).fetchall()
        )
        date_checks = connection.execute(
            "select check_name, check_status from marts.data_quality_summary"
            " where source_table = 'technographics' and check_level = 'field'"
        ).fetchall()
    for row, (_, read_as, reason) in INTENT_TIMES.items():
        occurred_at, staged_reason, final_reason = signals[row]
        assert occurred_at == read_as, f"intent row {row}"
        if reason == "unparseable_timestamp":
            assert staged_reason == reason
        elif reason and staged_reason is None:
            assert final_reason == reason, f"intent row {row}"
    for row, (*_, first_status, last_status) in DETECTION_DATES.items():
        assert detections[row] == (first_status, last_status), f"technographic row {row}"
    assert ("last_detected_date", "unparseable_date") in date_checks
