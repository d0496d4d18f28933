"""Choose whose session it is: a dropdown of participants by name, ``value`` = their id."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.widgets.layouts import CHOICE, FULL


class ParticipantPicker(widgets.HBox):
    """A labelled dropdown of participants (``participant_id``, ``display_name`` columns).

    ``value`` holds the chosen participant id ('' while nobody is chosen).
    """

    value = traitlets.Unicode("")

    def __init__(self, people: pd.DataFrame, label: str = "Participant") -> None:
        options = [("Choose...", "")] + [
            (row.display_name, row.participant_id) for row in people.itertuples()
        ]
        self.dropdown = widgets.Dropdown(
            options=options,
            value="",
            description=label,
            style={"description_width": "initial"},
            layout=CHOICE,
        )
        super().__init__([self.dropdown], layout=FULL)
        traitlets.link((self.dropdown, "value"), (self, "value"))
