"""Blocks of accounts, so that an account does not depend on the sample's size.

The regular accounts are simulated and rendered in blocks of ``BLOCK_ACCOUNTS``, each with its own random
streams drawn from (seed, block index); the last block is simulated whole and cut to size. Domains are
settled over all blocks in account order, and everything else stays inside a block, so the first n
accounts of a larger sample (same seed and as-of date) are the n-account sample.
"""

from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import pyarrow as pa

from icp_scoring.sample.accounts import simulate_accounts
from icp_scoring.sample.clean_truth import AccountTruth, Outcomes, Simulation, TruePoints
from icp_scoring.sample.feeds import simulate_intent, simulate_technographics
from icp_scoring.sample.outcomes import simulate_outcomes

BLOCK_ACCOUNTS = 5_000
BLOCK_STREAM = 8  # SeedSequence spawn key of the block streams (injections use 6)
# The streams of a block, by position.
(
    TRUTH,
    TECHNOLOGY,
    INTENT,
    OUTCOME,
    CRM_TEXT,
    TECHNOLOGY_TEXT,
    INTENT_TEXT,
    OPPORTUNITY_TEXT,
    ACTIVITY_TEXT,
) = range(9)


def block_streams(seed: int, block: int) -> list[np.random.Generator]:
    """Nine independent generators of one block: four to simulate its truth, five to render its files."""
    return [
        np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(BLOCK_STREAM, block, number)))
        for number in range(9)
    ]


@dataclass(frozen=True)
class Block:
    """One block: its first account's index, how many of its accounts the sample keeps, its whole
    simulation (indices local to the block) and its random streams."""

    start: int
    keep: int
    simulation: Simulation
    streams: list[np.random.Generator]


def simulate_blocks(
    regular: int, seed: int, technologies_per_account: float, events_per_account: float
) -> list[Block]:
    """The blocks holding ``regular`` accounts (at least one block, perhaps keeping none)."""
    count = max(1, -(-regular // BLOCK_ACCOUNTS))
    streams = [block_streams(seed, block) for block in range(count)]
    truths = simulate_accounts([stream[TRUTH] for stream in streams], BLOCK_ACCOUNTS)
    blocks = []
    for number, (truth, stream) in enumerate(zip(truths, streams, strict=True)):
        events = simulate_intent(stream[INTENT], truth, events_per_account)
        simulation = Simulation(
            accounts=truth,
            technologies=simulate_technographics(stream[TECHNOLOGY], truth, technologies_per_account),
            events=events,
            outcomes=simulate_outcomes(stream[OUTCOME], truth, events),
        )
        start = number * BLOCK_ACCOUNTS
        blocks.append(Block(start, min(BLOCK_ACCOUNTS, regular - start), simulation, stream))
    return blocks


def rendered_once(blocks: list[Block], part: str) -> Iterator[Block]:
    """Each block in turn; once the caller is done with it, the block's ``part`` of the simulation
    (``technologies`` or ``events``, each rendered into one file only) is emptied in ``blocks``, so that
    its memory is let go file by file (at 10M accounts the events alone hold about 3.5 GiB)."""
    for number, block in enumerate(blocks):
        yield block
        rows = getattr(block.simulation, part)
        emptied = replace(
            rows, **{field.name: getattr(rows, field.name)[:0].copy() for field in fields(rows)}
        )
        blocks[number] = replace(block, simulation=replace(block.simulation, **{part: emptied}))


def joined(values: list[Any]) -> Any:
    """Arrays of the blocks end to end."""
    return pa.concat_arrays(values) if isinstance(values[0], pa.Array) else np.concatenate(values)


def first(value: Any, keep: int) -> Any:
    """The first ``keep`` entries of an array."""
    return value.slice(0, keep) if isinstance(value, pa.Array) else value[:keep]


def kept_rows(rows: Any, block: Block) -> Any:
    """Rows (a dataclass of arrays with an ``account`` index) of the kept accounts, indexed globally."""
    kept = rows.account < block.keep
    cut = {field.name: getattr(rows, field.name)[kept] for field in fields(rows)}
    return replace(rows, **{**cut, "account": cut["account"] + block.start})


def kept_accounts(block: Block) -> AccountTruth:
    """The truth of the block's kept accounts, owners indexed globally."""
    truth = block.simulation.accounts
    cut = {field.name: first(getattr(truth, field.name), block.keep) for field in fields(truth)}
    return replace(truth, **{**cut, "owner": cut["owner"] + block.start})


def combined_accounts(blocks: list[Block]) -> AccountTruth:
    """The truth of every kept account, as one sample."""
    parts = [kept_accounts(block) for block in blocks]
    return replace(
        parts[0], **{f.name: joined([getattr(p, f.name) for p in parts]) for f in fields(parts[0])}
    )


def combined(blocks: list[Block]) -> Simulation:
    """The blocks' kept accounts and their rows as one simulation, indexed globally."""

    def rows(part: str, name: str | None = None) -> Any:
        pieces = [
            kept_rows(
                getattr(getattr(block.simulation, part), name) if name else getattr(block.simulation, part),
                block,
            )
            for block in blocks
        ]
        return replace(
            pieces[0], **{f.name: joined([getattr(p, f.name) for p in pieces]) for f in fields(pieces[0])}
        )

    def per_account(value: Any) -> Any:
        return joined([first(value(block.simulation.outcomes), block.keep) for block in blocks])

    criteria = blocks[0].simulation.outcomes.true_points.by_criterion
    return Simulation(
        accounts=combined_accounts(blocks),
        technologies=rows("technologies"),
        events=rows("events"),
        outcomes=Outcomes(
            true_points=TruePoints(
                {
                    name: per_account(lambda outcomes, name=name: outcomes.true_points.by_criterion[name])
                    for name in criteria
                }
            ),
            win_probability=per_account(lambda outcomes: outcomes.win_probability),
            is_worked=per_account(lambda outcomes: outcomes.is_worked),
            opportunities=rows("outcomes", "opportunities"),
            activities=rows("outcomes", "activities"),
        ),
    )
