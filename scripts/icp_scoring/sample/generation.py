"""One run of the generator: the simulation of the clean truth block by block (``simulate``), and
``generate``, which renders the six files from the blocks, adds the requested bad input and writes them."""

import datetime as dt
import pathlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields

import numpy as np
import pyarrow as pa

from icp_scoring.sample.accounts import account_ids, render_crm
from icp_scoring.sample.blocks import (
    ACTIVITY_TEXT,
    CRM_TEXT,
    INTENT_TEXT,
    OPPORTUNITY_TEXT,
    TECHNOLOGY_TEXT,
    Block,
    combined,
    combined_accounts,
    rendered_once,
    simulate_blocks,
)
from icp_scoring.sample.clean_truth import OpportunityRows, Simulation
from icp_scoring.sample.contacts import contacts_stream, render_contacts
from icp_scoring.sample.custom_fields import with_blank_custom_fields, with_custom_fields
from icp_scoring.sample.feeds import intent_file, render_intent, render_technographics, technographics_file
from icp_scoring.sample.files import (
    ACTIVITIES_FILE,
    CONTACTS_FILE,
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
    mix_at_random,
    raw_line_positions,
    resolve_inject,
)
from icp_scoring.sample.injectors import build_injections
from icp_scoring.sample.memory import freed_memory_given_back
from icp_scoring.sample.outcomes import (
    opportunity_ids,
    render_activities,
    render_opportunities,
)
from icp_scoring.sample.ownership import check_output_dir, record_output_dir
from icp_scoring.sample.vocabulary import DEFAULT_EVENTS_PER_ACCOUNT, DEFAULT_TECHNOLOGIES_PER_ACCOUNT
from icp_scoring.sample.worked_examples import PLANTED_ACCOUNTS, planted_intent, planted_technographics


def simulate(
    accounts: int,
    seed: int,
    technologies_per_account: float = DEFAULT_TECHNOLOGIES_PER_ACCOUNT,
    events_per_account: float = DEFAULT_EVENTS_PER_ACCOUNT,
) -> Simulation:
    """Draw the clean truth for the regular accounts (all but the two planted ones)."""
    return combined(
        simulate_blocks(accounts - PLANTED_ACCOUNTS, seed, technologies_per_account, events_per_account)
    )


def by_account(rows: OpportunityRows) -> OpportunityRows:
    """Opportunity rows in account order (oldest first within an account), so that a block's kept accounts
    hold the first of its opportunity ids."""
    order = np.argsort(rows.account, kind="stable")
    return OpportunityRows(**{field.name: getattr(rows, field.name)[order] for field in fields(rows)})


def block_opportunities(blocks: list[Block], as_of: dt.date) -> pa.Table:
    """The opportunities of every block's kept accounts; ids numbered block after block."""
    tables, first_id = [], 0
    for block in blocks:
        rows = by_account(block.simulation.outcomes.opportunities)
        table = render_opportunities(
            block.streams[OPPORTUNITY_TEXT],
            rows,
            opportunity_ids(first_id + np.arange(len(rows.account))),
            account_ids(block.start + rows.account),
            as_of,
        )
        tables.append(table.slice(0, int(np.count_nonzero(rows.account < block.keep))))
        first_id += len(rows.account)
    return pa.concat_tables(tables).unify_dictionaries()


def block_activities(blocks: list[Block], as_of: dt.date) -> pa.Table:
    """The activities of every block's kept accounts."""
    tables = []
    for block in blocks:
        rows = block.simulation.outcomes.activities
        table = render_activities(
            block.streams[ACTIVITY_TEXT], rows, account_ids(block.start + rows.account), as_of
        )
        tables.append(table.filter(pa.array(rows.account < block.keep)))
    return pa.concat_tables(tables).unify_dictionaries()


def block_contacts(blocks: list[Block], seed: int, as_of: dt.date) -> pa.Table:
    """The contacts of every block's kept accounts, each block from its own stream; ids numbered block after
    block."""
    tables, first_id = [], 0
    for number, block in enumerate(blocks):
        table = render_contacts(
            contacts_stream(seed, number),
            block.simulation.accounts,
            block.simulation.outcomes.opportunities,
            account_ids(block.start + np.arange(block.simulation.accounts.size)),
            block.keep,
            first_id,
            as_of,
        )
        tables.append(table)
        first_id += table.num_rows
    return pa.concat_tables(tables)


@freed_memory_given_back()
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
    blocks = simulate_blocks(accounts - PLANTED_ACCOUNTS, seed, technologies_per_account, events_per_account)
    truth = combined_accounts(blocks)
    log(f"simulated {accounts:,} accounts ({time.perf_counter() - started:.1f} s)")
    mix_rng = inject_stream(seed, len(ROW_INJECT_CLASSES))
    step = time.perf_counter()
    crm_parts = [
        render_crm(
            block.streams[CRM_TEXT],
            block.simulation.accounts,
            as_of,
            block.start,
            block.keep,
            planted=not number,
        )
        for number, block in enumerate(blocks)
    ]
    crm = pa.concat_tables([table for table, _ in crm_parts])
    created = pa.chunked_array([dates for _, dates in crm_parts], pa.string())
    del crm_parts
    kept = [block.keep for block in blocks]
    contacts = block_contacts(blocks, seed, as_of)
    rows = {
        CRM_FILE: crm.num_rows,
        TECHNOGRAPHICS_FILE: sum(
            int(np.count_nonzero(block.simulation.technologies.account < block.keep)) for block in blocks
        )
        + planted_technographics(as_of).num_rows,
        INTENT_FILE: sum(
            int(np.count_nonzero(block.simulation.events.account < block.keep)) for block in blocks
        )
        + planted_intent(as_of).num_rows,
        OPPORTUNITIES_FILE: sum(
            int(np.count_nonzero(block.simulation.outcomes.opportunities.account < keep))
            for block, keep in zip(blocks, kept, strict=True)
        ),
        ACTIVITIES_FILE: sum(
            int(np.count_nonzero(block.simulation.outcomes.activities.account < keep))
            for block, keep in zip(blocks, kept, strict=True)
        ),
        CONTACTS_FILE: contacts.num_rows,
    }
    context = InjectionContext(as_of, truth, created, rows)
    injections = build_injections(seed, context, classes)

    def added(file_name: str) -> list[pa.Table]:
        return [table for item in injections if (table := item.tables()[file_name]) is not None]

    crm = mix_at_random(mix_rng, crm, added(CRM_FILE))
    lines = raw_line_positions(
        mix_rng,
        crm.num_rows,
        [with_blank_custom_fields(line) for item in injections for line in item.crm_lines],
    )
    # Each file's rows as parts written one after the other (one table, but for the intent feed), and raw
    # lines.
    producers: dict[str, Callable[[], tuple[Iterable[pa.Table], Sequence[RawLine]]]] = {
        CRM_FILE: lambda: ([with_custom_fields(crm, as_of)], lines),
        TECHNOGRAPHICS_FILE: lambda: (
            [
                mix_at_random(
                    mix_rng,
                    technographics_file(
                        [
                            render_technographics(
                                block.streams[TECHNOLOGY_TEXT], block.simulation, as_of, block.keep
                            )
                            for block in rendered_once(blocks, "technologies")
                        ],
                        as_of,
                    ),
                    added(TECHNOGRAPHICS_FILE),
                )
            ],
            (),
        ),
        INTENT_FILE: lambda: (
            intent_file(
                (
                    render_intent(block.streams[INTENT_TEXT], block.simulation, as_of, block.keep)
                    for block in rendered_once(blocks, "events")
                ),
                as_of,
                added(INTENT_FILE),
            ),
            (),
        ),
        OPPORTUNITIES_FILE: lambda: (
            [mix_at_random(mix_rng, block_opportunities(blocks, as_of), added(OPPORTUNITIES_FILE))],
            (),
        ),
        ACTIVITIES_FILE: lambda: (
            [mix_at_random(mix_rng, block_activities(blocks, as_of), added(ACTIVITIES_FILE))],
            (),
        ),
        CONTACTS_FILE: lambda: ([mix_at_random(mix_rng, contacts, added(CONTACTS_FILE))], ()),
    }
    written: dict[str, int] = {}
    for file_name, produce in producers.items():
        parts, file_lines = (None, ()) if dropped(file_name, classes) else produce()
        if style == "fr" and parts is not None:
            parts = (restyle(part, french_rng) for part in parts)
        count = save(output_dir, file_name, parts, file_lines, classes, csv_format)
        if count is None:
            log(f"{file_name}: not written (missing-file:{FILE_STEMS[file_name]})")
        else:
            written[file_name] = count
            log(f"{file_name}: {count:,} rows ({time.perf_counter() - step:.1f} s)")
        step = time.perf_counter()
    record_output_dir(output_dir)
    log(f"done in {time.perf_counter() - started:.1f} s -> {output_dir}")
    return written
