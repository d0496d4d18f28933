"""Invoices, concessions and the excuse log of a demo firm, driven by latent types.

Each client is invoiced at its type's rhythm around its own typical amount. Its
concessions (discounts, refunds, credits) follow an invoice by a few days and add up to
a share of everything invoiced to it drawn from the type's range, so the concession
share an analysis measures is the one the type prescribes. Most concessions are also
written into the excuse log with what went wrong and the type's root cause.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.demo import vocabulary as words
from toolkit.demo.events import ClientEvents
from toolkit.demo.firms import ClientPlan, FirmPlan, pick

MIN_INVOICE = 50.0
MIN_CONCESSION = 1.0
CONCESSION_DELAY = (3, 40)
EXCUSE_BEFORE = (0, 6)


def invoices(rng: np.random.Generator, plan: ClientPlan) -> tuple[np.ndarray, np.ndarray]:
    """Invoice days and amounts (two decimals) over the client's active life."""
    profile = plan.profile
    low, high = profile.invoice_gap
    gaps = rng.uniform(low, high, int((plan.last_day - plan.acquired) / low) + 2)
    gaps[0] = rng.uniform(0, min(20.0, high))
    days = np.floor(plan.acquired + np.cumsum(gaps))
    days = days[days < plan.last_day]
    amounts = plan.value * rng.lognormal(0, profile.invoice_spread, len(days))
    return days, np.maximum(amounts, MIN_INVOICE).round(2)


def concessions(
    rng: np.random.Generator, plan: ClientPlan, days: np.ndarray, amounts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Concession days, amounts and kinds, summing to the client's drawn share of invoices."""
    profile = plan.profile
    empty = (np.empty(0), np.empty(0), np.empty(0, dtype=object))
    if not len(days) or rng.random() >= profile.concession_any:
        return empty
    share = rng.uniform(*profile.concession_share)
    count = max(1, int(rng.binomial(len(days), profile.concession_rate)))
    chosen = np.sort(rng.choice(len(days), size=count, replace=False))
    when = np.minimum(days[chosen] + rng.integers(*CONCESSION_DELAY, count), plan.last_day - 1)
    when = np.maximum(when, days[chosen])
    values = (share * amounts.sum() * rng.dirichlet(np.ones(count))).round(2)
    kinds = rng.choice(
        list(profile.concession_kinds), size=count, p=list(profile.concession_kinds.values())
    )
    keep = values >= MIN_CONCESSION
    return when[keep], values[keep], kinds[keep].astype(object)


def excuses(
    rng: np.random.Generator,
    plan: ClientPlan,
    days: np.ndarray,
    values: np.ndarray,
    kinds: np.ndarray,
) -> dict[str, np.ndarray]:
    """Excuse-log entries for the concessions the firm bothered to log."""
    profile = plan.profile
    logged = rng.random(len(days)) < profile.logged
    days, values, kinds = days[logged], values[logged], kinds[logged]
    wrong = words.WHAT_WENT_WRONG[profile.name]
    causes = list(profile.root_causes)
    before = rng.integers(*EXCUSE_BEFORE, len(days))
    return {
        "day": np.maximum(days - before, plan.acquired),
        "what_went_wrong": np.array(wrong, dtype=object)[rng.integers(len(wrong), size=len(days))],
        "concession": np.array(
            [pick(rng, words.CONCESSIONS[kind]) for kind in kinds],
            dtype=object,
        ),
        "concession_value": values,
        "root_cause": rng.choice(causes, size=len(days), p=list(profile.root_causes.values())),
    }


def _dated(firm: FirmPlan, events: ClientEvents, key: str, template: str) -> pd.DataFrame:
    """The events numbered in time order, their day turned into the date ``occurred_on``."""
    frame = events.frame(key, template)
    frame.insert(2, "occurred_on", pd.to_datetime(firm.dates(frame.pop("day").to_numpy())))
    return frame


def firm_money(rng: np.random.Generator, firm: FirmPlan) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``transactions`` and ``excuses`` rows of a firm."""
    money, log = ClientEvents(), ClientEvents()
    for plan in firm.clients:
        days, amounts = invoices(rng, plan)
        given_on, values, kinds = concessions(rng, plan, days, amounts)
        money.add(
            plan,
            {
                "day": np.concatenate([days, given_on]),
                "amount": np.concatenate([amounts, values]),
                "kind": np.array(["invoice"] * len(days) + list(kinds), dtype=object),
            },
        )
        log.add(plan, excuses(rng, plan, given_on, values, kinds))
    return (
        _dated(firm, money, "transaction_id", "T{:06d}"),
        _dated(firm, log, "excuse_id", "E{:05d}"),
    )
