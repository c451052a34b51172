"""SQL text built in Python: literals and identifiers quoted once, the same way everywhere."""

from __future__ import annotations

from pathlib import Path


def sql_string(value: str | Path) -> str:
    """A SQL string literal: 'it''s'."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """A quoted SQL identifier: "a ""name""."""
    return '"' + name.replace('"', '""') + '"'
