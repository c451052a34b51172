"""Great Expectations suites as code, one module per suite (run by icp_scoring.quality.validate).

Each module names its suite (`SUITE_NAME`), says how to read the rows it validates (a DuckDB query, or for a
raw file which columns to clean and derive) and builds the `gx.ExpectationSuite` with `build_suite(...)`.
Every expectation carries `meta["failure"]`: the sentence printed when it fails, with placeholders the
validation script fills from the result: {count} rows that break it, {total} rows checked, {percent} of them,
{examples} (the offending rows or values), {observed} (the observed value) and {missing_columns}.
"""
