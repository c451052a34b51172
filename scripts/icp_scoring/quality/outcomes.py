"""How a validation's results read: one line per expectation (PASS/FAIL, suite, expectation, observed
value, and for a failure the suite's sentence saying what is wrong, with its figures and examples), then the
totals."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from great_expectations.core import ExpectationValidationResult

MAX_EXAMPLES = 3
MAX_LISTED_VALUES = 6
# Expectation arguments left out of the printed expectation name.
UNPRINTED_KWARGS = frozenset({"batch_id", "result_format", "catch_exceptions", "condition_parser", "meta"})
COLUMN_KWARGS = ("column", "column_list", "column_A", "column_B")


@dataclass(frozen=True)
class Outcome:
    """One expectation's result as printed; `problem` is empty when it passed."""

    suite: str
    expectation: str
    success: bool
    observed: str
    problem: str


def describe_result(suite: str, result: ExpectationValidationResult, index_columns: Sequence[str]) -> Outcome:
    config = result.expectation_config
    details: dict[str, Any] = dict(result.result or {})
    error = exception_message(result.exception_info)
    success = bool(result.success) and not error
    problem = "" if success else failure_sentence(config.meta or {}, details, error, index_columns)
    return Outcome(
        suite=suite,
        expectation=expectation_label(config.type, config.kwargs),
        success=success,
        observed="error" if error else observed_text(details),
        problem=problem,
    )


def exception_message(info: dict[str, Any] | None) -> str:
    """GX's error message when it could not evaluate the expectation (e.g. a missing column), else ''."""
    if not info:
        return ""
    candidates = [info, *(value for value in info.values() if isinstance(value, dict))]
    for candidate in candidates:
        if candidate.get("raised_exception"):
            return str(candidate.get("exception_message") or "unknown error")
    return ""


def expectation_label(expectation_type: str, kwargs: dict[str, Any]) -> str:
    """e.g. expect_column_values_to_be_between(icp_score, min_value=0, max_value=100)."""
    columns = [format_value(kwargs[key]) for key in COLUMN_KWARGS if kwargs.get(key) is not None]
    arguments = [
        f"{key}={format_argument(value)}"
        for key, value in kwargs.items()
        if key not in UNPRINTED_KWARGS and key not in COLUMN_KWARGS and value is not None
    ]
    return f"{expectation_type}({', '.join(columns + arguments)})"


def format_argument(value: Any) -> str:
    if isinstance(value, dict) and "type" in value:
        return format_condition(value)
    if isinstance(value, list | tuple) and len(value) > MAX_LISTED_VALUES:
        return f"[{len(value)} values]"
    if isinstance(value, list | tuple):
        return "[" + format_value(value) + "]"
    return format_value(value)


def format_condition(condition: dict[str, Any]) -> str:
    """A serialized GX row condition, e.g. 'is_scored == true'."""
    column = (condition.get("column") or {}).get("name", "?")
    if condition.get("type") == "comparison":
        return f"'{column} {condition.get('operator')} {format_value(condition.get('parameter'))}'"
    if condition.get("type") == "nullity":
        return f"'{column} is {'' if condition.get('is_null') else 'not '}null'"
    return str(condition)


def observed_text(details: dict[str, Any]) -> str:
    if "unexpected_count" in details:
        count, total = details["unexpected_count"], details.get("element_count") or 0
        share = f" ({count / total:.2%})" if count and total else ""
        return f"{count:,} of {total:,} rows unexpected{share}"
    if "observed_value" in details:
        return format_value(details["observed_value"])
    return "-"


def failure_sentence(
    meta: dict[str, Any], details: dict[str, Any], error: str, index_columns: Sequence[str]
) -> str:
    """The suite's failure sentence with the result's figures, or GX's error."""
    if error:
        return f"GX could not evaluate it: {error}"
    template = str(meta.get("failure") or "The expectation is not met.")
    return template.format_map(placeholders(details, index_columns))


def placeholders(details: dict[str, Any], index_columns: Sequence[str]) -> dict[str, str]:
    count, total = details.get("unexpected_count"), details.get("element_count")
    mismatched = (details.get("details") or {}).get("mismatched") or {}
    return {
        "count": "?" if count is None else f"{count:,}",
        "total": "?" if total is None else f"{total:,}",
        "percent": f"{count / total:.1%}" if count is not None and total else "?",
        "examples": examples_text(details, index_columns),
        "observed": format_value(details.get("observed_value")),
        "missing_columns": ", ".join(mismatched.get("missing") or []) or "?",
    }


def examples_text(details: dict[str, Any], index_columns: Sequence[str]) -> str:
    """A few offending rows (named by their index columns) or values, without repeats."""
    rows = details.get("partial_unexpected_index_list") or []
    if index_columns and rows and isinstance(rows[0], dict):
        examples = [format_row(row, index_columns) for row in rows]
    else:
        examples = [format_value(value) for value in details.get("partial_unexpected_list") or []]
    unique = list(dict.fromkeys(examples))[:MAX_EXAMPLES]
    return "; ".join(unique) or "none listed"


def format_row(row: dict[str, Any], index_columns: Sequence[str]) -> str:
    """A single label column is printed as is; several columns as column=value, the index columns first."""
    if len(index_columns) == 1:
        return format_value(row.get(index_columns[0]))
    keys = [*index_columns, *(key for key in row if key not in index_columns)]
    return ", ".join(f"{key}={format_value(row.get(key))}" for key in keys)


def format_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "null"
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{float(value):g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(format_value(item) for item in value) + ")"
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}={format_value(item)}" for key, item in value.items())
    return str(value)


def format_outcomes(outcomes: Sequence[Outcome]) -> list[str]:
    """One line per expectation, and for a failure an indented line saying what is wrong."""
    width = max((len(outcome.suite) for outcome in outcomes), default=0)
    lines: list[str] = []
    for outcome in outcomes:
        status = "PASS" if outcome.success else "FAIL"
        lines.append(
            f"{status}  {outcome.suite:<{width}}  {outcome.expectation}  observed: {outcome.observed}"
        )
        if outcome.problem:
            lines.append(f"      -> {outcome.problem}")
    return lines


def format_totals(
    stage: str,
    outcomes: Sequence[Outcome],
    errors: Sequence[str],
    timings: dict[str, float],
    carried: int = 0,
) -> str:
    failed = sum(not outcome.success for outcome in outcomes)
    suites = len({outcome.suite for outcome in outcomes})
    text = (
        f"{stage}: {len(outcomes)} expectations in {suites} suites: {len(outcomes) - failed} passed, "
        f"{failed} failed"
    )
    if carried:
        text += f" ({carried} passed earlier, carried over for files unchanged since)"
    if errors:
        text += f"; {len(errors)} file(s) could not be validated"
    spent = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items())
    return f"{text} ({spent})"


def verdict(stage: str, passed: bool) -> str:
    if stage == "marts":
        return "OK: the marts can be published." if passed else "FAILED: do not publish the marts."
    return "OK: the raw files can be scored." if passed else "FAILED: fix the raw files before scoring."
