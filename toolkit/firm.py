"""One participant's firm, opened the way a learner opens it: from a workspace folder.

A thin layer over :mod:`toolkit.store.views` (which reads the tables and the firm's
settings) that adds what a notebook needs and the apps do not: a default participant when
none is named, a message that says how to fill an empty workspace, and a record template
for firms that have not agreed one yet.

>>> firm = open_firm()  # doctest: +SKIP
>>> analytics.client_map(firm.clients, firm.interactions, firm.transactions,
...     as_of=firm.as_of, core_industries=firm.core_industries)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.store import views
from toolkit.store.workspace import Workspace

NO_PARTICIPANTS = (
    "the workspace in {directory} has no participants yet: fill it with the demo "
    "(`retention --workspace {directory} demo`) or add yourself and import your data "
    "(see notebooks/00_start_here.ipynb)"
)


@dataclass(frozen=True)
class Firm:
    """The business tables of one participant (:class:`~toolkit.store.views.FirmData`) with
    the workspace and the participant's profile."""

    workspace: Workspace
    profile: views.Profile
    data: views.FirmData

    @property
    def participant_id(self) -> str:
        return self.profile.participant_id

    @property
    def display_name(self) -> str:
        return self.profile.display_name

    @property
    def as_of(self) -> dt.date:
        """The date the analyses treat as today (a demo workspace has its own)."""
        return self.data.as_of

    @property
    def core_industries(self) -> list[str]:
        return self.data.core_industries

    @property
    def record_template(self) -> list[str]:
        """The fields the firm agreed to keep on every client (setting
        ``record_template``); without one, every field anybody records, so completeness
        measures each record against the most thorough habit in the team."""
        if self.data.record_template:
            return self.data.record_template
        return sorted(self.client_records["field"].dropna().astype(str).unique())

    @property
    def team(self) -> pd.DataFrame:
        return self.data["team"]

    @property
    def clients(self) -> pd.DataFrame:
        return self.data["clients"]

    @property
    def interactions(self) -> pd.DataFrame:
        return self.data["interactions"]

    @property
    def transactions(self) -> pd.DataFrame:
        return self.data["transactions"]

    @property
    def client_records(self) -> pd.DataFrame:
        return self.data["client_records"]

    @property
    def process_steps(self) -> pd.DataFrame:
        return self.data["process_steps"]

    @property
    def excuses(self) -> pd.DataFrame:
        return self.data["excuses"]

    def counts(self) -> pd.DataFrame:
        """Rows per business table: what there is to analyse (columns ``table``, ``rows``)."""
        tables = self.data.tables
        return pd.DataFrame({"table": list(tables), "rows": [len(t) for t in tables.values()]})


def open_firm(
    workspace: Workspace | str | os.PathLike[str] | None = None,
    participant_id: str | None = None,
) -> Firm:
    """The firm of ``participant_id`` in ``workspace`` (a :class:`Workspace`, a folder, or
    None for the default: ``TOOLKIT_WORKSPACE`` or ``./workspace``).

    Without a participant id: the workspace's first member participant in the order they
    were added (in the demo, Northfield Engineering). An empty workspace or an unknown id
    raises a :class:`ToolkitError` that says what to do.
    """
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    if participant_id is None:
        people = ws.table("participants")
        members = people[people["role"] == "member"]
        if members.empty:
            raise ToolkitError(NO_PARTICIPANTS.format(directory=ws.directory))
        first = members.sort_values(["created_at", "participant_id"]).iloc[0]
        participant_id = str(first["participant_id"])
    participant_id = ws.resolve_participant(participant_id)
    return Firm(ws, views.profile(ws, participant_id), views.firm_data(ws, participant_id))
