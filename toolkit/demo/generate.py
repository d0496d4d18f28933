"""Fill a workspace with deterministic demo firms: :func:`create_demo`.

One seeded generator drives everything, and the demo's 'today' is a fixed date, so the
same arguments always give the same tables. Business rows go through
:meth:`Workspace.write <toolkit.store.workspace.Workspace.write>`, which validates them
like an import would: a demo that loads is also a demo that is valid.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.demo.audit import firm_processes, firm_records
from toolkit.demo.coaching import COACH_ID, GROUP_ID, coaching_rows
from toolkit.demo.contacts import firm_interactions
from toolkit.demo.exercise_history import exercise_history, firm_data, write_history
from toolkit.demo.firms import FIRMS, FirmPlan, plan_firm
from toolkit.demo.money import firm_money
from toolkit.errors import ToolkitError
from toolkit.exercises import load_all
from toolkit.store.workspace import Workspace

#: The demo's 'today' (setting ``as_of``); the data spans the three years before it.
AS_OF = dt.date(2026, 10, 31)
#: Client counts of the other firms vary around the requested count by this factor.
SIZE_SPREAD = (0.7, 1.3)


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`create_demo` wrote: participant ids (firms first), group, coach, counts."""

    participant_ids: tuple[str, ...]
    group_id: str | None
    coach_id: str | None
    as_of: dt.date
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class FirmTables:
    """The business tables of one generated firm, in the order they must be written."""

    plan: FirmPlan
    tables: dict[str, pd.DataFrame]

    @property
    def ground_truth(self) -> list[dict[str, object]]:
        """The ``demo_ground_truth`` rows: each client's latent type."""
        return [
            {
                "participant_id": self.plan.spec.participant_id,
                "client_id": client.client_id,
                "latent_type": client.profile.name,
            }
            for client in self.plan.clients
        ]


def generate_firm(rng: np.random.Generator, firm: FirmPlan) -> FirmTables:
    """Every business table of one planned firm."""
    transactions, excuses = firm_money(rng, firm)
    tables = {
        "team": firm.team,
        "clients": firm.client_table,
        "interactions": firm_interactions(rng, firm),
        "transactions": transactions,
        "client_records": firm_records(rng, firm),
        "process_steps": firm_processes(rng, firm),
        "excuses": excuses,
    }
    return FirmTables(firm, tables)


def settings_rows(firms: list[FirmTables]) -> list[dict[str, object]]:
    """``as_of``, and each firm's core industries and record template (JSON lists).

    Keys are suffixed with ``:<participant_id>``; the first firm's are also stored
    without a suffix, as the workspace's defaults.
    """
    rows: list[dict[str, object]] = [{"key": "as_of", "value": AS_OF.isoformat()}]
    for number, firm in enumerate(firms):
        spec = firm.plan.spec
        for key, value in (
            ("core_industries", spec.core_industries),
            ("record_template", spec.record_template),
        ):
            text = json.dumps(list(value))
            rows.append({"key": f"{key}:{spec.participant_id}", "value": text})
            if number == 0:
                rows.append({"key": key, "value": text})
    return rows


def create_demo(
    ws: Workspace, participants: int = 1, clients: int = 200, seed: int = 7
) -> DemoSummary:
    """Fill ``ws`` with ``participants`` demo firms of about ``clients`` clients each.

    One firm is Northfield Engineering with exactly ``clients`` clients; with more than
    one, the others get between 70% and 130% as many, and all of them join the
    "Thursday mastermind" group with a coach participant (id ``coach``). Each client's
    latent type (stored in ``demo_ground_truth``) drives its rows; see docs/demo.md.

    Meant for a fresh workspace: rows are upserted on their keys, so running it again
    with the same arguments leaves the workspace as it was.

    >>> summary = create_demo(Workspace.open(tmp_path), clients=60)  # doctest: +SKIP
    >>> summary.participant_ids  # doctest: +SKIP
    ('northfield',)
    """
    if not 1 <= participants <= len(FIRMS):
        raise ToolkitError(f"the demo has 1 to {len(FIRMS)} participants, not {participants}")
    if clients < 1:
        raise ToolkitError(f"the demo needs at least one client per firm, not {clients}")
    rng = np.random.default_rng(seed)
    specs = list(FIRMS[:participants])
    sizes = [clients] + [max(1, round(clients * rng.uniform(*SIZE_SPREAD))) for _ in specs[1:]]
    firms = [
        generate_firm(rng, plan_firm(rng, spec, size, AS_OF))
        for spec, size in zip(specs, sizes, strict=True)
    ]
    coaching = coaching_rows(rng, specs, AS_OF)
    joined: dict[object, dt.date] = {}
    for row in coaching["participants"]:
        created = row["created_at"]
        if row["role"] == "member" and isinstance(created, dt.datetime):
            joined[row["participant_id"]] = created.date()
    members = [
        (pid, joined[pid], firm_data(firm.tables))
        for firm in firms
        for pid in [firm.plan.spec.participant_id]
    ]
    sittings = exercise_history(rng, members, load_all(), AS_OF)
    counts: dict[str, int] = {}

    def count(table: str, written: int) -> None:
        counts[table] = counts.get(table, 0) + written

    for table in ("groups", "participants"):
        count(table, ws.upsert(table, coaching[table]))
    count("settings", ws.upsert("settings", settings_rows(firms)))
    for firm in firms:
        participant_id = firm.plan.spec.participant_id
        for kind, frame in firm.tables.items():
            count(kind, ws.write(kind, frame, participant_id))
        count("demo_ground_truth", ws.upsert("demo_ground_truth", firm.ground_truth))
    for table in ("sessions", "meetings", "attendance", "hot_seats", "commitments", "checkins"):
        count(table, ws.upsert(table, coaching[table]))
    for table, written in write_history(ws, sittings).items():
        count(table, written)
    grouped = participants > 1
    return DemoSummary(
        participant_ids=tuple(spec.participant_id for spec in specs),
        group_id=GROUP_ID if grouped else None,
        coach_id=COACH_ID if grouped else None,
        as_of=AS_OF,
        counts=counts,
    )
