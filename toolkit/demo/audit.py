"""What the abandonment audit looks at: client records and the steps each employee follows.

Record keeping and process discipline are habits of the *employee*, not of the client:
each team member gets a care level (the share of template fields they fill in) and a
deviation level (how freely they drop, add and reorder the agreed steps of a process).
A client's record is kept mostly by its owner, so its completeness depends on who owns it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.demo import vocabulary as words
from toolkit.demo.firms import ClientPlan, FirmPlan, pick

#: Share of a client's fields kept by its main person (the rest by a helper).
MAIN_KEEPS = 0.7
#: A field left out is still written, but blank, this often.
BLANK_ROW = 0.3
EXTRA_FIELD = 0.1
RECORD_WITHIN_DAYS = 120
DEVIATION = (0.05, 0.6)
MIN_STEPS = 3


def field_value(rng: np.random.Generator, field: str, client: pd.Series, firm: FirmPlan) -> str:
    """A plausible value for one record field of a client."""
    first, last = pick(rng, words.FIRST_NAMES), pick(rng, words.LAST_NAMES)
    later = firm.as_of + pd.Timedelta(days=int(rng.integers(10, 400)))
    slug = "".join(ch for ch in client["name"].lower() if ch.isalnum())[:20]
    values = {
        "main_contact": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}@{slug}.example",
        "phone": f"01632 960{rng.integers(1000):03d}",
        "decision_maker": f"{first} {last}, {pick(rng, words.JOB_TITLES)}",
        "billing_terms": pick(rng, words.BILLING_TERMS),
        "site_address": f"{rng.integers(1, 120)} {pick(rng, words.STREETS)}, "
        f"{pick(rng, words.PLACES)}",
        "service_level": pick(rng, ("standard", "priority", "around the clock")),
    }
    if field in values:
        return values[field]
    if field in words.EXTRA_FIELDS:
        return words.EXTRA_VALUES[words.EXTRA_FIELDS.index(field)]
    return later.isoformat()


def client_record(
    rng: np.random.Generator, plan: ClientPlan, client: pd.Series, firm: FirmPlan
) -> list[dict[str, object]]:
    """The record rows of one client: template fields kept or not by whoever keeps them."""
    fields = list(firm.spec.record_template)
    if rng.random() < EXTRA_FIELD:
        fields.append(pick(rng, words.EXTRA_FIELDS))
    rows: list[dict[str, object]] = []
    for field in fields:
        keeper = plan.main
        if plan.helpers and rng.random() >= MAIN_KEEPS:
            keeper = pick(rng, plan.helpers)
        kept = rng.random() < firm.record_care[keeper] * plan.profile.record_care
        if not kept and rng.random() >= BLANK_ROW:
            continue
        latest = min(plan.last_day, plan.acquired + RECORD_WITHIN_DAYS)
        day = rng.uniform(plan.acquired, max(latest, plan.acquired + 1))
        rows.append(
            {
                "client_id": plan.client_id,
                "field": field,
                "value": field_value(rng, field, client, firm) if kept else None,
                "recorded_by": keeper,
                "recorded_at": firm.start + np.timedelta64(int(day * 24 * 60), "m"),
            }
        )
    return rows


def firm_records(rng: np.random.Generator, firm: FirmPlan) -> pd.DataFrame:
    """All ``client_records`` rows of a firm."""
    clients = firm.client_table.set_index("client_id")
    rows = [
        row
        for plan in firm.clients
        for row in client_record(rng, plan, clients.loc[plan.client_id], firm)
    ]
    frame = pd.DataFrame(rows)
    frame["recorded_at"] = pd.to_datetime(frame["recorded_at"])
    return frame


def variant(
    rng: np.random.Generator, steps: tuple[str, ...], extras: tuple[str, ...], deviation: float
) -> list[str]:
    """One employee's version of a process: agreed steps dropped, extras added, swaps."""
    kept = [step for step in steps if rng.random() >= deviation / 2]
    if len(kept) < MIN_STEPS:
        kept = list(steps[:MIN_STEPS])
    for extra in extras:
        if rng.random() < deviation * 0.35:
            kept.insert(int(rng.integers(len(kept) + 1)), extra)
    for i in range(len(kept) - 1):
        if rng.random() < deviation * 0.3:
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return kept


def firm_processes(rng: np.random.Generator, firm: FirmPlan) -> pd.DataFrame:
    """All ``process_steps`` rows: every member's variant of every process."""
    rows: list[dict[str, object]] = []
    for member in firm.team["member_id"]:
        deviation = rng.uniform(*DEVIATION)
        for process, (steps, extras) in words.PROCESSES.items():
            rows.extend(
                {"member_id": member, "process": process, "step_no": number, "step": step}
                for number, step in enumerate(variant(rng, steps, extras, deviation), start=1)
            )
    return pd.DataFrame(rows)
