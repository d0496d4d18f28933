"""The roll call of a mastermind meeting: a checkbox per member of the group, each tick
or untick saved at once as the meeting's attendance."""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from toolkit.store import Workspace, meetings
from toolkit.widgets.guard import Guard
from toolkit.widgets.layouts import FULL


class RollCall(widgets.VBox):
    """A checkbox per member of the meeting's group, ticked for those marked present.

    ``present`` lists the participant ids ticked, in the members' order; it changes
    after the change is stored. ``guard`` reports a failure in the page.
    """

    present: traitlets.List[str] = traitlets.List()

    def __init__(self, workspace: Workspace, meeting_id: str, guard: Guard) -> None:
        self.workspace = workspace
        self.meeting_id = meeting_id
        roll = meetings.attendance(workspace, meeting_id)
        self.boxes: dict[str, widgets.Checkbox] = {}
        for row in roll.itertuples():
            box = widgets.Checkbox(
                value=bool(row.present), description=row.display_name, indent=False
            )
            mark = guard(f"marking {row.display_name} present")(self._marked)
            box.observe(
                lambda change, pid=row.participant_id, mark=mark: mark(pid, change["new"]), "value"
            )
            self.boxes[row.participant_id] = box
        super().__init__(list(self.boxes.values()), layout=FULL)
        self._follow()

    def _marked(self, participant_id: str, present: bool) -> None:
        meetings.mark_attendance(self.workspace, self.meeting_id, participant_id, present)
        self._follow()

    def _follow(self) -> None:
        """Set ``present`` to the members ticked."""
        self.present = [pid for pid, box in self.boxes.items() if box.value]
