"""The quality gates: Great Expectations on the raw files before dbt and on the marts before publishing."""

import os

# GX reads its analytics switch when it is first imported: this package's modules all import GX, and this
# runs before any of them.
os.environ["GX_ANALYTICS_ENABLED"] = "false"
