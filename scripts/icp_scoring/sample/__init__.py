"""The sample generator (`icp sample`): deterministic, deliberately messy raw files with a planted truth.

Six CSV files are written to ``--output-dir``, imitating extracts before any cleaning:

* ``crm_accounts.csv``: a CRM account export (firmographics), one row per account plus duplicates;
* ``technographics.csv``: a technographic vendor feed, keyed by domain;
* ``intent_signals.csv``: first- and third-party intent events over the year before ``--as-of``, by domain;
* ``crm_opportunities.csv``: the CRM's opportunities opened during the outcome window (the
  ``OUTCOME_WINDOW_DAYS``, 180, before ``--as-of``), open and closed;
* ``crm_activities.csv``: the CRM's sales activities (calls, e-mails, meetings) on the accounts worked;
* ``crm_contacts.csv``: the CRM's contacts, job titles in English and French (icp_scoring.sample.contacts).

Every column is text for the dbt sources. Values come in the messy forms real feeds use (URLs instead
of domains, ``1,200`` or ``51-200`` employees, ``$2.5M`` revenue, industry codes, country aliases,
blanks, garbage, duplicates, unknown domains, events from the future) so the models have something
to clean. Two worked-example accounts are always planted: ``001WORKEDEX000X`` (a perfect fit with a
pricing-page visit on the as-of date) and ``001WORKEDEX000Y`` (a poor fit without intent).

The outcomes follow a known truth, ``PLANTED_ICP``: a grid over the default grid's criteria, deliberately
unlike the shipped one, whose true points drive who sales works and which deals are won, how large and how
fast. The truth is point-in-time: it is evaluated as of the outcome window's start, from the intent events
before that day (from the account's CRM creation date on, as the models count them), so a backtest that
grades accounts as of the window start (`icp backtest`, default ``--window-days`` 180 =
``OUTCOME_WINDOW_DAYS``) sees what drove the window's deals.
``true_icp_points`` gives the truth per account, so that learning and backtests can be checked, and
``write_planted_grid`` writes it as scoring-grid seed files, to backtest the truth itself.

``--inject CLASS`` (repeatable, or ``all``) adds a class of bad input in noticeable quantity for tests:
unparseable numbers, conflicting duplicates, bad websites, unknown values, events in the future or before
the account's creation, unknown domains, invalid UTF-8, odd quoting, and empty or missing files
(``--help`` lists them). Without it the files hold no injected row. Injected rows depend on the sample's
size (their number, and the ids of injected accounts, which follow the regular ones).

The output is deterministic: the same arguments give byte-identical files. Accounts are simulated and
rendered in blocks of ``BLOCK_ACCOUNTS`` (5,000), each with its own random streams drawn from the seed and
the block's index, so an account does not depend on the sample's size: the first n accounts of a larger
sample (same seed and as-of date) are the n-account sample, with the same rows in every file. All randomness
comes from ``numpy.random.SeedSequence(seed)``; the wall clock is only the default of ``--as-of``.
Generation is vectorised with numpy and pyarrow (no Python loop over rows, bar the raw lines of two
injection classes and the blocks), so a million accounts take about half a minute.

Example::

    icp sample --accounts 5000 --seed 42 --as-of 2025-06-30
    icp sample --accounts 500 --inject bad-websites --inject future-events

The modules, from the ground up:

* ``vocabulary``: the values and shares the sample is drawn from;
* ``vectorised``: the numpy and pyarrow helpers everything is built with;
* ``files``: the six files' names and columns, and how one is written;
* ``clean_truth``: the dataclasses of what a run draws before rendering;
* ``worked_examples``: the two planted accounts;
* ``accounts``, ``feeds``, ``outcomes``: each file's truth drawn, then rendered to messy text;
* ``blocks``: the blocks of accounts, their random streams, and the blocks joined into one simulation;
* ``planted_icp``: PLANTED_ICP, the true points per account, its grid seed files;
* ``injection``, ``injected_rows``, ``injectors``: the ``--inject`` classes of bad input;
* ``generation``: ``simulate`` and ``generate``, one run; ``command``: the ``icp sample`` command line.

What the rest of the package uses of it is imported from here, whatever module of the generator holds it.
"""

from icp_scoring.sample.command import account_count, iso_date, seed_value
from icp_scoring.sample.generation import generate, simulate
from icp_scoring.sample.planted_icp import (
    OUTCOME_WINDOW_DAYS,
    PLANTED_ICP,
    true_icp_points,
    write_planted_grid,
)
from icp_scoring.sample.vocabulary import DEFAULT_EVENTS_PER_ACCOUNT, DEFAULT_TECHNOLOGIES_PER_ACCOUNT

__all__ = [
    "DEFAULT_EVENTS_PER_ACCOUNT",
    "DEFAULT_TECHNOLOGIES_PER_ACCOUNT",
    "OUTCOME_WINDOW_DAYS",
    "PLANTED_ICP",
    "account_count",
    "generate",
    "iso_date",
    "seed_value",
    "simulate",
    "true_icp_points",
    "write_planted_grid",
]
