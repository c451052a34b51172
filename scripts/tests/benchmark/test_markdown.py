"""BENCHMARKS.md keeps what was not measured again: other sizes' sections and people's notes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from icp_scoring.benchmark.markdown import update_markdown
from tests.benchmark.support import fake_engine, fake_size


def test_markdown_keeps_the_sections_of_sizes_not_measured_again(tmp_path: Path) -> None:
    results = tmp_path / "BENCHMARKS.md"
    update_markdown(results, [fake_size(100_000, 40.0, 1.0)], "first command")
    update_markdown(results, [fake_size(1_000_000, 300.0, 8.0)], "second command")
    written = results.read_text(encoding="utf-8")
    notes = "<!-- notes start -->\n## What we read in these figures\n<!-- notes end -->"
    results.write_text(
        written.replace("<!-- benchmark start: 100000", notes + "\n\n<!-- benchmark start: 100000")
    )
    update_markdown(results, [fake_size(100_000, 30.0, 1.0)], "third command")

    text = results.read_text(encoding="utf-8")
    assert text.count("## 100,000 accounts") == 1
    assert text.count("## 1,000,000 accounts") == 1
    assert text.index("## 100,000 accounts") < text.index("## 1,000,000 accounts")
    assert "third command" in text and "second command" in text and "first command" not in text
    assert "| full dbt build <= 30 s" in text
    assert text.count("## What we read in these figures") == 1


def test_the_engines_section_is_kept_by_a_benchmark_of_duckdb_alone(tmp_path: Path) -> None:
    results = tmp_path / "BENCHMARKS.md"
    with_engines = dataclasses.replace(
        fake_size(100_000, 40.0, 1.0), engines=[fake_engine("postgres", 436.0), fake_engine("spark", 300.0)]
    )
    update_markdown(results, [with_engines], "engines command")
    update_markdown(results, [fake_size(100_000, 30.0, 1.0)], "duckdb command")

    text = results.read_text(encoding="utf-8")
    assert text.count("## 100,000 accounts on DuckDB, PostgreSQL and Spark") == 1
    assert text.index("## 100,000 accounts\n") < text.index("## 100,000 accounts on DuckDB")
    assert "| PostgreSQL |" in text and "436.0 (436.0-436.0)" in text
    assert "engines command" in text and "duckdb command" in text
    assert "- PostgreSQL: postgres (PostgreSQL) 15" in text

    update_markdown(
        results, [dataclasses.replace(with_engines, engines=[fake_engine("postgres", 400.0)])], "again"
    )
    text = results.read_text(encoding="utf-8")
    assert "## 100,000 accounts on DuckDB and PostgreSQL" in text and "436.0" not in text
    assert "## 100,000 accounts on DuckDB, PostgreSQL and Spark" not in text
