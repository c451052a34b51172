"""The quality gates: Great Expectations on the raw files before dbt and on the marts before publishing.

What other modules need of them lives here and in `command` (icp validate's command line), without Great
Expectations: it takes about 3 s to import, which `icp report`, `icp rescore`, `icp whatif` and every
command's --help never need."""

import os

# GX reads its analytics switch when it is first imported: the modules of this package that import GX all
# run this first.
os.environ["GX_ANALYTICS_ENABLED"] = "false"

STAGES = ("raw", "marts")
# Above this many CRM accounts, the marts' row-level suites read every row of a deterministic sample of about
# this many accounts (icp_scoring.quality.batches.AccountSample), so the stage's memory stays bounded.
MARTS_SAMPLE_ACCOUNTS = 200_000
# Each stage's expectations as printed, in its Data Docs folder (icp report reads it).
SUMMARY_FILE_NAME = "summary.json"
