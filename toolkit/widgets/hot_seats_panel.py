"""The hot seats of a meeting: choose two or three members, read the prep each wrote on
their personal page (issue, what they tried, their ask) and note what they came away
with."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.store import Workspace, meetings
from toolkit.widgets.guard import Guard
from toolkit.widgets.hot_seat_prep import PREP_LABELS
from toolkit.widgets.layouts import CHOICE, FULL

#: Shown for a hot seat whose member has not written their prep.
NOT_PREPARED = "Not prepared yet."
#: A button as wide as its words (the default width cuts longer ones short).
WIDE = widgets.Layout(width="auto")
#: The third seat's choice for a meeting of two hot seats.
NO_THIRD = "(none: two hot seats)"


def prep_html(seat: pd.Series) -> str:
    """A hot seat's prep as labelled paragraphs, or :data:`NOT_PREPARED`."""
    answers = {name: seat[name] for name in PREP_LABELS if isinstance(seat[name], str)}
    if not answers:
        return f'<p class="tk-muted">{NOT_PREPARED}</p>'
    return "".join(
        f"<p><b>{escape(PREP_LABELS[name])}:</b> {escape(text)}</p>"
        for name, text in answers.items()
    )


class HotSeatsPanel(widgets.VBox):
    """Seat pickers (two, and an optional third) pre-set to the seats given already or
    else to ``planned`` (the rotation's), a button that gives the seats, and a box per
    hot seat with the member's prep and an outcome to save. ``seated`` lists the
    participant ids holding a seat, in order."""

    seated: traitlets.List[str] = traitlets.List()

    def __init__(
        self, workspace: Workspace, meeting_id: str, planned: Sequence[str], guard: Guard
    ) -> None:
        self.workspace = workspace
        self.meeting_id = meeting_id
        self.guard = guard
        people = meetings.attendance(workspace, meeting_id)
        options = list(zip(people["display_name"], people["participant_id"], strict=True))
        given = meetings.hot_seats(workspace, meeting_id)["participant_id"].tolist()
        chosen = given or list(planned)
        self.pickers = [
            widgets.Dropdown(
                options=options if seat < meetings.FEWEST_HOT_SEATS else [(NO_THIRD, ""), *options],
                value=chosen[seat] if seat < len(chosen) else "",
                description=f"Seat {seat + 1}",
                style={"description_width": "initial"},
                layout=CHOICE,
            )
            for seat in range(meetings.MOST_HOT_SEATS)
        ]
        assign = widgets.Button(description="Give these hot seats", icon="check", layout=WIDE)
        assign.on_click(guard("giving the hot seats")(lambda _b: self.assign()))
        reread = widgets.Button(description="Show the latest prep", icon="refresh", layout=WIDE)
        reread.on_click(guard("reading the prep")(lambda _b: self.refresh()))
        self.seats = widgets.VBox(layout=FULL)
        self.feedback = widgets.HTML()
        buttons = widgets.HBox([assign, reread, self.feedback], layout=FULL)
        buttons.add_class("tk-row")
        super().__init__([*self.pickers, buttons, self.seats], layout=FULL)
        self.refresh()

    def assign(self) -> None:
        """Give the hot seats to the members picked (two or three, all different)."""
        chosen = [picker.value for picker in self.pickers if picker.value]
        meetings.assign_hot_seats(self.workspace, self.meeting_id, chosen)
        self.refresh()
        names = ", ".join(picker.label for picker in self.pickers if picker.value)
        self.feedback.value = f'<span class="tk-muted">Hot seats given: {escape(names)}.</span>'

    def refresh(self) -> None:
        """Read the hot seats and their prep again and draw a box per seat."""
        frame = meetings.hot_seats(self.workspace, self.meeting_id)
        self.seats.children = [self._seat(seat) for _, seat in frame.iterrows()] or [
            widgets.HTML('<p class="tk-muted">No hot seats given yet.</p>')
        ]
        self.seated = frame["participant_id"].tolist()

    def _seat(self, seat: pd.Series) -> widgets.Widget:
        name = seat["display_name"]
        outcome = widgets.Textarea(
            value=seat["outcome"] if isinstance(seat["outcome"], str) else "",
            placeholder=f"What {name} takes away: the advice, the next step",
            rows=2,
            layout=FULL,
        )
        save = widgets.Button(description="Save outcome", icon="save")
        saved = widgets.HTML()

        def store(_button: widgets.Button) -> None:
            meetings.record_outcome(
                self.workspace, self.meeting_id, seat["participant_id"], outcome.value
            )
            saved.value = '<span class="tk-muted">Outcome saved.</span>'

        save.on_click(self.guard(f"saving the outcome for {name}")(store))
        row = widgets.HBox([save, saved], layout=FULL)
        row.add_class("tk-row")
        heading = f"<h4>Hot seat {seat['position']}: {escape(name)}</h4>"
        box = widgets.VBox(
            [widgets.HTML(heading + prep_html(seat), layout=FULL), outcome, row], layout=FULL
        )
        box.add_class("tk-seat")
        return box
