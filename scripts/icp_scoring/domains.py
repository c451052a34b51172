"""Internationalised domain names as one key, and the dbt-duckdb plugin that gives the SQL that function.

DuckDB has no IDNA function, so the models call `icp_host_to_ascii`, a Python function registered on dbt's
DuckDB connection by `Plugin` (profiles.yml lists it under `plugins`). The macro host_to_ascii calls it only
for a host that is not plain ASCII or holds an `xn--` label, a handful of distinct values, so its cost does
not show (measured: docs/raw-data.md). The key is the ASCII form DNS uses
(`münchen.de` -> `xn--mnchen-3ya.de`): the Public Suffix List rules are written that way too (the seed),
and a host already in that form gives itself back in lower case, so both spellings of a name meet on one key.
"""

from __future__ import annotations

import idna
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection
from duckdb.sqltypes import VARCHAR

SQL_FUNCTION = "icp_host_to_ascii"


def host_to_ascii(host: str | None) -> str | None:
    """The ASCII (IDNA 2008, UTS 46 mapping) form of a host name, lower case; None when it is not a valid
    internationalised name (an empty label, a space, a leading hyphen, broken punycode)."""
    if host is None:
        return None
    try:
        unicode_host = idna.decode(host) if "xn--" in host.lower() else host
        return idna.encode(unicode_host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


class Plugin(BasePlugin):
    """Registers icp_host_to_ascii on each DuckDB connection dbt opens."""

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        register(conn)


def register(conn: DuckDBPyConnection) -> None:
    """Make icp_host_to_ascii(varchar) callable in SQL on this connection (also used outside dbt)."""
    conn.create_function(
        SQL_FUNCTION, host_to_ascii, [VARCHAR], VARCHAR, null_handling="special", side_effects=False
    )
