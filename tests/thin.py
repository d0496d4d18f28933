"""Thin workspaces: participants who have imported little or nothing yet.

Most firms start with a client list and an invoice history, or less. :func:`make_thin`
writes one participant per state of :data:`STATES` into a workspace (through
:meth:`Workspace.write`, the importer's validation), all in one mastermind group, so the
apps, the notebooks and the report can be tried on each. Any test module may import it
(``from tests.thin import STATES, make_thin``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from toolkit.store import Workspace
from toolkit.store.participants import add_participant

#: The date every thin participant's figures are as of.
AS_OF = dt.date(2025, 6, 30)
#: The mastermind group the thin participants belong to.
GROUP = "thin-group"
#: Participant id -> the tables it has rows in (in the order they are imported).
STATES: dict[str, tuple[str, ...]] = {
    "nothing": (),
    "clients-only": ("clients",),
    "clients-transactions": ("clients", "transactions"),
    "clients-interactions": ("clients", "interactions"),
    "clients-team": ("team", "clients"),
}
#: The states with a client list.
WITH_CLIENTS = [state for state, tables in STATES.items() if "clients" in tables]

CLIENTS = pd.DataFrame(
    {
        "client_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
        "name": ["Alder Ltd", "Birch & Co", "Cedar GmbH", "Dogwood Inc", "Elm Partners", "Fir SA"],
        "acquired_on": ["2022-01-10", "2022-06-01", "2023-03-15", "2023-09-01", "2024-02-01", ""],
        "ended_on": ["", "", "2024-05-31", "", "", ""],
    }
)
TEAM = pd.DataFrame(
    {"member_id": ["M1", "M2"], "name": ["Ann Archer", "Bo Baker"], "role": ["lead", "sales"]}
)
#: Repeat buyers (C1, C2), a client that stopped (C4, bought twice long ago) and one-time
#: buyers (C5, C6): every case of the lapse rule.
TRANSACTIONS = pd.DataFrame(
    {
        "transaction_id": [f"T{n}" for n in range(1, 12)],
        "client_id": ["C1", "C1", "C1", "C1", "C2", "C2", "C2", "C4", "C4", "C5", "C6"],
        "occurred_on": [
            "2024-07-01",
            "2024-10-01",
            "2025-01-05",
            "2025-04-02",
            "2024-09-15",
            "2025-02-20",
            "2025-06-01",
            "2023-09-10",
            "2023-12-01",
            "2025-03-01",
            "2024-01-20",
        ],
        "amount": [1200, 900, 1500, 1100, 400, 450, 500, 2000, 1800, 300, 250],
    }
)
INTERACTIONS = pd.DataFrame(
    {
        "interaction_id": [f"I{n}" for n in range(1, 8)],
        "client_id": ["C1", "C1", "C2", "C2", "C4", "C5", "C6"],
        "occurred_at": [
            "2025-05-20 10:00",
            "2025-06-10 14:00",
            "2025-01-15 09:00",
            "2025-06-02 11:00",
            "2023-12-01 16:00",
            "2025-03-01 10:00",
            "2024-01-20 15:00",
        ],
        "channel": ["phone", "meeting", "email", "phone", "email", "meeting", "phone"],
        "topic": ["renewal", "update", "invoice", "renewal", "complaint", "kick-off", "quote"],
    }
)
ROWS = {
    "clients": CLIENTS,
    "team": TEAM,
    "transactions": TRANSACTIONS,
    "interactions": INTERACTIONS,
}


def display_name(state: str) -> str:
    """The participant's name on the page, e.g. 'Thin: clients-only'."""
    return f"Thin: {state}"


def make_thin(directory: Path, states: tuple[str, ...] = tuple(STATES)) -> Path:
    """Write a workspace in ``directory`` with one member participant per state in
    ``states`` (id = the state's name, added in that order, so the first is what the
    learner notebooks open), every one in :data:`GROUP` and as of :data:`AS_OF`.
    Returns ``directory``."""
    with Workspace.open(directory) as ws:
        ws.set_setting("as_of", AS_OF.isoformat())
        for state in states:
            add_participant(ws, display_name(state), state, group_id=GROUP)
            for table in STATES[state]:
                rows = ROWS[table]
                if table == "clients" and "team" in STATES[state]:
                    rows = rows.assign(owner_id=["M1", "M1", "M2", "M2", "", "M1"])
                ws.write(table, rows, state)
    return directory
