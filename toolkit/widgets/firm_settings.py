"""The firm settings the analyses read, as a small form in the coach's session: the core
industries (the client map's fit) and the record template (the record audit)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from toolkit.store import Workspace
from toolkit.store.firm_settings import FIRM_LISTS, firm_list, parse_list, set_firm_list
from toolkit.widgets.layouts import FULL

#: Each setting's label in the form.
LABELS = {"core_industries": "Core industries", "record_template": "Record template"}


class FirmSettingsForm(widgets.VBox):
    """One text box per firm setting (comma-separated), and Save. Saving stores what is
    typed (an empty box means *not set*), shows it back as stored, and calls ``on_saved``
    (the app recomputes the analyses with the new settings)."""

    def __init__(
        self, workspace: Workspace, participant_id: str, on_saved: Callable[[], None]
    ) -> None:
        self.workspace = workspace
        self.participant_id = participant_id
        self.on_saved = on_saved
        self.boxes = {
            name: widgets.Text(
                value=", ".join(firm_list(workspace, name, participant_id)),
                description=LABELS[name],
                placeholder="not set: separate entries with commas",
                style={"description_width": "9em"},
                layout=FULL,
            )
            for name in FIRM_LISTS
        }
        helps = [
            widgets.HTML(f'<span class="tk-muted">{escape(LABELS[n])}: {escape(h)}.</span>')
            for n, h in FIRM_LISTS.items()
        ]
        self.save_button = widgets.Button(description="Save settings", icon="save")
        self.save_button.on_click(lambda _b: self.save())
        self.feedback = widgets.HTML()
        super().__init__(
            [*self.boxes.values(), *helps, widgets.HBox([self.save_button, self.feedback])],
            layout=FULL,
        )

    def save(self) -> None:
        """Store every box's list for the firm, then show them as stored."""
        for name, box in self.boxes.items():
            set_firm_list(self.workspace, name, self.participant_id, parse_list(box.value))
        for name, box in self.boxes.items():
            box.value = ", ".join(firm_list(self.workspace, name, self.participant_id))
        self.feedback.value = '<span class="tk-muted">Saved; the figures use them now.</span>'
        self.on_saved()
