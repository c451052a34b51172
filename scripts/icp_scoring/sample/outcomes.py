"""What sales did with the regular accounts during the outcome window: who is worked, their opportunities
(crm_opportunities.csv) and activities (crm_activities.csv), drawn from the planted ICP's true points as of
the window's start and rendered in the CRM's words and money formats."""

import datetime as dt

import numpy as np
import pyarrow as pa

from icp_scoring.sample.clean_truth import AccountTruth, ActivityRows, EventRows, OpportunityRows, Outcomes
from icp_scoring.sample.planted_icp import OUTCOME_WINDOW_DAYS, planted_points
from icp_scoring.sample.vectorised import (
    WeightedGroups,
    as_text,
    categorical,
    choose,
    compact_amount,
    days_to_dates,
    dictionary,
    epoch_day,
    join,
    record_ids,
    with_thousands,
)

# Who sales works: a fixed share of accounts is never worked (no territory, no rep), whatever the fit;
# the others are worked, and given opportunities, more often the better their true fit. Logits are
# centred on FIT_CENTRE true points.
NEVER_WORKED_SHARE = 0.20
FIT_CENTRE = 40.0
WORKED_LOGIT, WORKED_LOGIT_PER_POINT = -0.8, 0.04
OPPORTUNITY_LOGIT, OPPORTUNITY_LOGIT_PER_POINT = 0.3, 0.03
EXTRA_OPPORTUNITIES_MEAN = 0.5  # Poisson mean of opportunities beyond the first ...
MAX_OPPORTUNITIES = 4  # ... up to this many per account
# Win probability of a closed opportunity: logistic in the true points, plus noise per account.
WIN_LOGIT, WIN_LOGIT_PER_POINT, WIN_LOGIT_NOISE = -4.5, 0.07, 0.5

# Cycles and amounts are log-normal. ICP accounts close ~45% larger deals ~35% faster (the
# method's figures): the effect grows linearly from ICP_RAMP[0] true points to its full size at
# ICP_RAMP[1], around the B threshold (60).
CYCLE_MEDIAN_DAYS, CYCLE_SIGMA = 75.0, 0.4
DEAL_MEDIAN, DEAL_SIGMA, DEAL_ROUNDING, DEAL_MINIMUM = 20_000.0, 0.4, 100, 500
ICP_DEAL_SIZE_UPLIFT, ICP_CYCLE_CUT = 0.45, 0.35
ICP_RAMP = (45.0, 75.0)
# Stages in pipeline order; open opportunities are in the stage their elapsed share of the cycle reaches.
OPPORTUNITY_STAGES = ("prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost")
CLOSED_WON, CLOSED_LOST = OPPORTUNITY_STAGES.index("closed_won"), OPPORTUNITY_STAGES.index("closed_lost")
OPEN_STAGES = CLOSED_WON  # the stages before closed_won
STAGE_RAW: tuple[tuple[tuple[str, float], ...], ...] = (
    (("Prospecting", 1),),
    (("Qualification", 3), ("Needs Analysis", 1)),
    (("Proposal", 3), ("Proposal/Price Quote", 1)),
    (("Negotiation", 3), ("Negotiation/Review", 1)),
    (("Closed Won", 9), ("closed won", 1)),
    (("Closed Lost", 9), ("CLOSED LOST", 1)),
)
IS_WON_UPPER_SHARE = 0.03  # TRUE / FALSE as spreadsheets write them
# Amount formats: plain, "n.00", thousands, "$" thousands, "USD n", compact (weights).
AMOUNT_FORMAT_WEIGHTS = (0.55, 0.20, 0.12, 0.05, 0.04, 0.04)
PROSPECTING_AMOUNT_BLANK_SHARE = 0.4
AMOUNT_BLANK_SHARE = 0.005
# Activities: 1 + Poisson(mean) per opportunity, from ACTIVITY_LEAD_DAYS before its creation to its close
# (or --as-of), and 1 + Poisson(mean) prospecting activities per worked account over the outcome window.
ACTIVITY_TYPES = ("call", "email", "meeting")  # the order of ACTIVITY_RAW and the activity mixes
ACTIVITY_RAW: tuple[tuple[tuple[str, float], ...], ...] = (
    (("Call", 6), ("Phone Call", 2), ("call", 1)),
    (("Email", 6), ("E-mail", 2), ("email", 1)),
    (("Meeting", 6), ("Video Meeting", 2), ("meeting", 1)),
)
ACTIVITIES_PER_OPPORTUNITY = 3.0
PROSPECTING_ACTIVITIES = 1.5
ACTIVITY_LEAD_DAYS = 14
OPPORTUNITY_ACTIVITY_MIX = (0.35, 0.40, 0.25)
PROSPECTING_ACTIVITY_MIX = (0.45, 0.50, 0.05)

STAGE_GROUPS = WeightedGroups.build(STAGE_RAW)
ACTIVITY_GROUPS = WeightedGroups.build(ACTIVITY_RAW)


# --- Simulation of the clean truth ----------------------------------------------------------------


def logistic(logit: np.ndarray) -> np.ndarray:
    """The logistic function, element-wise."""
    return 1.0 / (1.0 + np.exp(-logit))


def simulate_outcomes(rng: np.random.Generator, truth: AccountTruth, events: EventRows) -> Outcomes:
    """Who sales works, their opportunities and activities in the outcome window, drawn from the planted
    ICP's true points as of the window's start (what sales could know when the window opened)."""
    true_points = planted_points(truth, events, OUTCOME_WINDOW_DAYS)
    score = true_points.total
    size = truth.size
    centred = score - FIT_CENTRE
    covered = rng.random(size) >= NEVER_WORKED_SHARE
    worked = covered & (rng.random(size) < logistic(WORKED_LOGIT + WORKED_LOGIT_PER_POINT * centred))
    pursued = rng.random(size) < logistic(OPPORTUNITY_LOGIT + OPPORTUNITY_LOGIT_PER_POINT * centred)
    extra = np.minimum(rng.poisson(EXTRA_OPPORTUNITIES_MEAN, size), MAX_OPPORTUNITIES - 1)
    noise = WIN_LOGIT_NOISE * rng.standard_normal(size)
    win_probability = logistic(WIN_LOGIT + WIN_LOGIT_PER_POINT * score + noise)
    account = np.repeat(np.arange(size), np.where(worked & pursued, 1 + extra, 0))
    opportunities = draw_opportunities(
        rng, account, truth.created_days[account], score[account], win_probability[account]
    )
    return Outcomes(
        true_points=true_points,
        win_probability=win_probability,
        is_worked=worked,
        opportunities=opportunities,
        activities=simulate_activities(rng, truth.created_days, worked, opportunities),
    )


def icp_ramp(score: np.ndarray) -> np.ndarray:
    """How much of the ICP effect on deal size and cycle an account gets: 0 up to ICP_RAMP[0], 1 from [1]."""
    low, high = ICP_RAMP
    return np.clip((score - low) / (high - low), 0.0, 1.0)


def window_ages(rng: np.random.Generator, account_age: np.ndarray) -> np.ndarray:
    """A random day of the outcome window per entry, as its age in days before --as-of (0 to
    OUTCOME_WINDOW_DAYS - 1: after the window's start), never before the account's creation."""
    return rng.integers(0, np.minimum(account_age, OUTCOME_WINDOW_DAYS - 1) + 1)


def draw_opportunities(
    rng: np.random.Generator,
    account: np.ndarray,
    account_age: np.ndarray,
    score: np.ndarray,
    win_probability: np.ndarray,
) -> OpportunityRows:
    """One opportunity per entry of ``account``, oldest first: created in the outcome window (not before the
    account), a cycle and an amount shaped by the true score, and the stage it has reached at as-of."""
    rows = len(account)
    created_age = window_ages(rng, account_age)
    ramp = icp_ramp(score)
    cycle = CYCLE_MEDIAN_DAYS * (1 - ICP_CYCLE_CUT * ramp) * rng.lognormal(0.0, CYCLE_SIGMA, rows)
    cycle_days = np.maximum(np.rint(cycle), 1).astype(np.int64)
    amount = DEAL_MEDIAN * (1 + ICP_DEAL_SIZE_UPLIFT * ramp) * rng.lognormal(0.0, DEAL_SIGMA, rows)
    amount = np.maximum(np.rint(amount / DEAL_ROUNDING) * DEAL_ROUNDING, DEAL_MINIMUM)
    won = rng.random(rows) < win_probability
    open_stage = np.minimum(created_age * OPEN_STAGES // cycle_days, OPEN_STAGES - 1)
    stage = np.where(cycle_days <= created_age, np.where(won, CLOSED_WON, CLOSED_LOST), open_stage)
    order = np.argsort(-created_age, kind="stable")
    return OpportunityRows(
        account=account[order],
        created_age=created_age[order],
        cycle_days=cycle_days[order],
        stage=stage[order].astype(np.int8),
        amount=amount[order],
    )


def simulate_activities(
    rng: np.random.Generator, account_age: np.ndarray, worked: np.ndarray, opportunities: OpportunityRows
) -> ActivityRows:
    """Calls, e-mails and meetings, oldest first: around each opportunity, and prospecting on every worked
    account over the window. No activity predates its account."""
    per_opportunity = 1 + rng.poisson(ACTIVITIES_PER_OPPORTUNITY, len(opportunities.account))
    index = np.repeat(np.arange(len(per_opportunity)), per_opportunity)
    deal_account = opportunities.account[index]
    created_age = opportunities.created_age[index]
    oldest = np.minimum(created_age + ACTIVITY_LEAD_DAYS, account_age[deal_account])
    newest = np.maximum(created_age - opportunities.cycle_days[index], 0)
    deal_age = newest + rng.integers(0, oldest - newest + 1)
    prospecting = np.where(worked, 1 + rng.poisson(PROSPECTING_ACTIVITIES, len(worked)), 0)
    prospect_account = np.repeat(np.arange(len(worked)), prospecting)
    account = np.concatenate([deal_account, prospect_account])
    age_days = np.concatenate([deal_age, window_ages(rng, account_age[prospect_account])])
    activity_type = np.concatenate(
        [
            categorical(rng, OPPORTUNITY_ACTIVITY_MIX, len(deal_account)),
            categorical(rng, PROSPECTING_ACTIVITY_MIX, len(prospect_account)),
        ]
    )
    order = np.argsort(-age_days, kind="stable")
    return ActivityRows(account[order], age_days[order], activity_type[order].astype(np.int8))


# --- Rendering to messy text ----------------------------------------------------------------------


def opportunity_ids(indices: np.ndarray) -> pa.Array:
    """Salesforce-like 15-character opportunity ids: ``0065g00000`` plus 5 base-62 characters."""
    return record_ids(b"0065g00000", indices)


def render_opportunities(
    rng: np.random.Generator,
    rows: OpportunityRows,
    opportunity_id: pa.Array,
    account_id: pa.Array,
    as_of: dt.date,
) -> pa.Table:
    """Opportunity rows: stage in the CRM's words, is_won only once closed, amounts in CRM money formats."""
    as_of_day = epoch_day(as_of)
    closed = rows.stage >= CLOSED_WON
    closed_day = as_of_day - (rows.created_age - rows.cycle_days)
    upper = rng.random(len(closed)) < IS_WON_UPPER_SHARE
    won_text = np.where(rows.stage == CLOSED_WON, 1, 0) + np.where(upper, 2, 0)
    return pa.table(
        {
            "opportunity_id": opportunity_id,
            "account_id": account_id,
            "created_date": days_to_dates(as_of_day - rows.created_age),
            "closed_date": pa.array(np.asarray(closed_day, dtype=np.int32), pa.date32(), mask=~closed),
            "stage": dictionary(STAGE_GROUPS.sample(rng, rows.stage), STAGE_GROUPS.strings()),
            "is_won": dictionary(won_text, pa.array(["false", "true", "FALSE", "TRUE"]), ~closed),
            "amount": render_amounts(rng, rows.amount, rows.stage),
        }
    )


def render_amounts(rng: np.random.Generator, amount: np.ndarray, stage: np.ndarray) -> pa.Array:
    """Deal amounts in the CRM's money formats (one currency); often blank while prospecting."""
    size = len(amount)
    whole = np.rint(amount).astype(np.int64)
    plain = as_text(whole)
    thousands = with_thousands(whole)
    forms = [
        plain,
        join(plain, ".00"),
        thousands,
        join("$", thousands),
        join("USD ", plain),
        compact_amount(amount),
    ]
    blank_share = np.where(stage == 0, PROSPECTING_AMOUNT_BLANK_SHARE, AMOUNT_BLANK_SHARE)
    code = np.where(rng.random(size) < blank_share, len(forms), categorical(rng, AMOUNT_FORMAT_WEIGHTS, size))
    return choose(code, [*forms, None])


def render_activities(
    rng: np.random.Generator, rows: ActivityRows, account_id: pa.Array, as_of: dt.date
) -> pa.Table:
    """Activity rows: the account, the day and the type in the CRM's words."""
    return pa.table(
        {
            "account_id": account_id,
            "activity_date": days_to_dates(epoch_day(as_of) - rows.age_days),
            "activity_type": dictionary(
                ACTIVITY_GROUPS.sample(rng, rows.activity_type), ACTIVITY_GROUPS.strings()
            ),
        }
    )
