"""One run of the generator: its random streams, the simulation of the clean truth (``simulate``), and
``generate``, which renders the five files from it, adds the requested bad input and writes them."""

import datetime as dt
import pathlib
import time
from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa

from icp_scoring.sample.accounts import account_ids, render_crm, simulate_accounts
from icp_scoring.sample.clean_truth import Simulation
from icp_scoring.sample.feeds import (
    render_intent,
    render_technographics,
    simulate_intent,
    simulate_technographics,
)
from icp_scoring.sample.files import (
    ACTIVITIES_FILE,
    CRM_FILE,
    DEFAULT_FORMAT,
    EXCEL_FR_FORMAT,
    FILE_STEMS,
    INTENT_FILE,
    OPPORTUNITIES_FILE,
    TECHNOGRAPHICS_FILE,
    RawLine,
    dropped,
    log,
    save,
)
from icp_scoring.sample.french import STYLES, french_stream, restyle
from icp_scoring.sample.injection import (
    ROW_INJECT_CLASSES,
    InjectionContext,
    inject_stream,
    merge_by_time,
    mix_at_random,
    raw_line_positions,
    resolve_inject,
)
from icp_scoring.sample.injectors import build_injections
from icp_scoring.sample.outcomes import (
    opportunity_ids,
    render_activities,
    render_opportunities,
    simulate_outcomes,
)
from icp_scoring.sample.ownership import check_output_dir, record_output_dir
from icp_scoring.sample.vectorised import dictionary
from icp_scoring.sample.vocabulary import DEFAULT_EVENTS_PER_ACCOUNT, DEFAULT_TECHNOLOGIES_PER_ACCOUNT
from icp_scoring.sample.worked_examples import PLANTED_ACCOUNTS, planted_intent, planted_technographics

OUTCOME_STREAM = 7  # SeedSequence spawn key of the outcome streams (random_streams 0-5, injections 6)


def random_streams(seed: int) -> list[np.random.Generator]:
    """Six independent generators from one seed: three to simulate the truth, three to render the files."""
    return np.random.default_rng(seed).spawn(6)


def outcome_streams(seed: int) -> list[np.random.Generator]:
    """Three generators for the outcomes (simulate, render opportunities, render activities), independent
    of the other streams so that the three older files stay byte-identical."""
    return [
        np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(OUTCOME_STREAM, number)))
        for number in range(3)
    ]


def simulate(
    accounts: int,
    seed: int,
    technologies_per_account: float = DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
    events_per_account: float = DEFAULT_EVENTS_PER_ACCOUNT,
) -> Simulation:
    """Draw the clean truth for the regular accounts (all but the two planted ones)."""
    truth_rng, technology_rng, intent_rng = random_streams(seed)[:3]
    truth = simulate_accounts(truth_rng, accounts - PLANTED_ACCOUNTS)
    events = simulate_intent(intent_rng, truth, events_per_account)
    return Simulation(
        accounts=truth,
        technologies=simulate_technographics(technology_rng, truth, technologies_per_account),
        events=events,
        outcomes=simulate_outcomes(outcome_streams(seed)[0], truth, events),
    )


def generate(
    accounts: int,
    seed: int,
    as_of: dt.date,
    output_dir: pathlib.Path,
    technologies_per_account: float = DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
    events_per_account: float = DEFAULT_EVENTS_PER_ACCOUNT,
    *,
    inject: frozenset[str] = frozenset(),
    style: str = "en",
) -> dict[str, int]:
    """Write the raw CSV files and return the number of data rows written per file name.

    ``style`` "fr" writes them as a French team's CRM exports them (icp_scoring.sample.french): the same
    accounts, with NAF codes and French labels, countries in French, French amounts and dates, in Excel FR's
    CSV; it cannot be combined with ``inject`` (whose raw lines are the default style's).

    ``inject`` names classes of bad input to add (INJECT_CLASSES, or "all" for every row-level class);
    a file removed by ``missing-file:NAME`` is left out of the result. Without it no injected row is
    written.
    """
    classes = resolve_inject(inject)
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, got {style!r}")
    if style == "fr" and classes:
        raise ValueError("--inject writes bad input in the default style: use it without --style fr")
    csv_format = EXCEL_FR_FORMAT if style == "fr" else DEFAULT_FORMAT
    french_rng = french_stream(seed)
    if accounts < PLANTED_ACCOUNTS:
        raise ValueError(
            f"accounts must be at least {PLANTED_ACCOUNTS} (the planted worked examples), got {accounts}"
        )
    started = time.perf_counter()
    check_output_dir(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    simulation = simulate(accounts, seed, technologies_per_account, events_per_account)
    log(f"simulated {accounts:,} accounts ({time.perf_counter() - started:.1f} s)")
    crm_rng, technology_rng, intent_rng = random_streams(seed)[3:]
    opportunity_rng, activity_rng = outcome_streams(seed)[1:]
    mix_rng = inject_stream(seed, len(ROW_INJECT_CLASSES))
    step = time.perf_counter()
    crm, created = render_crm(crm_rng, simulation.accounts, as_of)
    outcomes = simulation.outcomes
    rows = {
        CRM_FILE: crm.num_rows,
        TECHNOGRAPHICS_FILE: len(simulation.technologies.account) + planted_technographics(as_of).num_rows,
        INTENT_FILE: len(simulation.events.account) + planted_intent(as_of).num_rows,
        OPPORTUNITIES_FILE: len(outcomes.opportunities.account),
        ACTIVITIES_FILE: len(outcomes.activities.account),
    }
    context = InjectionContext(as_of, simulation.accounts, created, rows)
    injections = build_injections(seed, context, classes)

    def added(file_name: str) -> list[pa.Table]:
        return [table for item in injections if (table := item.tables()[file_name]) is not None]

    crm = mix_at_random(mix_rng, crm, added(CRM_FILE))
    lines = raw_line_positions(
        mix_rng, crm.num_rows, [line for item in injections for line in item.crm_lines]
    )
    regular_ids = account_ids(np.arange(simulation.accounts.size))
    producers: dict[str, Callable[[], tuple[pa.Table, Sequence[RawLine]]]] = {
        CRM_FILE: lambda: (crm, lines),
        TECHNOGRAPHICS_FILE: lambda: (
            mix_at_random(
                mix_rng, render_technographics(technology_rng, simulation, as_of), added(TECHNOGRAPHICS_FILE)
            ),
            (),
        ),
        INTENT_FILE: lambda: (
            merge_by_time(render_intent(intent_rng, simulation, as_of), added(INTENT_FILE)),
            (),
        ),
        OPPORTUNITIES_FILE: lambda: (
            mix_at_random(
                mix_rng,
                render_opportunities(
                    opportunity_rng,
                    outcomes.opportunities,
                    opportunity_ids(np.arange(rows[OPPORTUNITIES_FILE])),
                    dictionary(outcomes.opportunities.account, regular_ids),
                    as_of,
                ),
                added(OPPORTUNITIES_FILE),
            ),
            (),
        ),
        ACTIVITIES_FILE: lambda: (
            mix_at_random(
                mix_rng,
                render_activities(
                    activity_rng,
                    outcomes.activities,
                    dictionary(outcomes.activities.account, regular_ids),
                    as_of,
                ),
                added(ACTIVITIES_FILE),
            ),
            (),
        ),
    }
    written: dict[str, int] = {}
    for file_name, produce in producers.items():
        table, file_lines = (None, ()) if dropped(file_name, classes) else produce()
        if style == "fr" and table is not None:
            table = restyle(table, french_rng)
        count = save(output_dir, file_name, table, file_lines, classes, csv_format)
        if count is None:
            log(f"{file_name}: not written (missing-file:{FILE_STEMS[file_name]})")
        else:
            written[file_name] = count
            log(f"{file_name}: {count:,} rows ({time.perf_counter() - step:.1f} s)")
        step = time.perf_counter()
    record_output_dir(output_dir)
    log(f"done in {time.perf_counter() - started:.1f} s -> {output_dir}")
    return written
