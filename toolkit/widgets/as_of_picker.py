"""Set the date one participant's figures are as of: a compact "Data as of" date field
that saves each change in the workspace and tells the page to refresh its analyses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from toolkit.store import Workspace

#: As wide as the label and a date need, never wider than a phone's page.
DATE = widgets.Layout(width="auto", max_width="100%")


class AsOfPicker(widgets.HBox):
    """The as-of date of one participant (:meth:`Workspace.as_of`), editable.

    A date picked is saved as the participant's own date; a cleared field forgets it, so
    the workspace's date applies again and is shown. Either way ``on_change()`` is then
    called. Disabled while no participant is shown.
    """

    def __init__(self, workspace: Workspace, on_change: Callable[[], None]) -> None:
        self.workspace = workspace
        self.on_change = on_change
        self.participant_id: str | None = None
        #: The date last shown for the participant (not a change to save).
        self.shown: dt.date | None = None
        self.date = widgets.DatePicker(
            description="Data as of",
            disabled=True,
            style={"description_width": "initial"},
            layout=DATE,
        )
        super().__init__([self.date], layout=DATE)
        self.date.observe(self._changed, "value")

    def show(self, participant_id: str | None) -> None:
        """Show the as-of date of ``participant_id`` (``None``: nobody, field disabled)."""
        self.participant_id = participant_id
        self.shown = self.workspace.as_of(participant_id) if participant_id else None
        self.date.value = self.shown
        self.date.disabled = participant_id is None

    def _changed(self, change: dict) -> None:
        if self.participant_id is None or change["new"] == self.shown:
            return
        self.workspace.set_as_of(self.participant_id, change["new"])
        self.show(self.participant_id)
        self.on_change()
