"""Choose an exercise by title and open its form below the dropdown."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets
import traitlets

from toolkit.widgets.layouts import CHOICE, FULL


class ExercisePicker(widgets.VBox):
    """A dropdown of exercise titles and a slot that shows the chosen exercise's form.

    ``titles`` maps exercise id -> title (in the order offered); ``open_form(id)`` returns
    the widget to show (an app caches its forms, so answers survive switching back and
    forth). ``value`` holds the chosen id ('' while none is chosen).
    """

    value = traitlets.Unicode("")

    def __init__(
        self, titles: Mapping[str, str], open_form: Callable[[str], widgets.Widget | None]
    ) -> None:
        self.open_form = open_form
        self.dropdown = widgets.Dropdown(
            options=[("Choose an exercise...", ""), *((t, i) for i, t in titles.items())],
            value="",
            description="Exercise",
            style={"description_width": "initial"},
            layout=CHOICE,
        )
        self.slot = widgets.VBox(layout=FULL)
        super().__init__([self.dropdown, self.slot], layout=FULL)
        traitlets.link((self.dropdown, "value"), (self, "value"))

    @traitlets.observe("value")
    def _picked(self, change: dict) -> None:
        form = self.open_form(change["new"]) if change["new"] else None
        self.slot.children = [form] if form is not None else []
