"""Internationalised host names as one ASCII key, and the SQL function the dbt-duckdb plugin registers."""

from __future__ import annotations

import duckdb
import pytest

from icp_scoring import domains


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ("XN--MNCHEN-3YA.DE", "xn--mnchen-3ya.de"),
        ("shop.münchen.de", "shop.xn--mnchen-3ya.de"),
        ("acme.com", "acme.com"),
        ("xn--zz.de", None),  # broken punycode
        ("a..de", None),  # empty label
        ("", None),
        (None, None),
    ],
)
def test_host_to_ascii(host: str | None, expected: str | None) -> None:
    assert domains.host_to_ascii(host) == expected


def test_the_sql_function_is_registered() -> None:
    conn = duckdb.connect()
    domains.register(conn)
    rows = conn.execute("select icp_host_to_ascii('münchen.de'), icp_host_to_ascii(null)").fetchall()
    assert rows == [("xn--mnchen-3ya.de", None)]
