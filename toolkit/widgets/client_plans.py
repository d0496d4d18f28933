"""One plan per client: the client picker above an exercise answered per client (the
retention plan), the plan's specificity score, and the plan as a paragraph.

The picker lists the clients that already have a plan first, then the firm's other
clients, then "A new client" for a name typed in (a prospect the data does not know).
Choosing a client opens that client's own :class:`~toolkit.widgets.exercise_form.ExerciseForm`
(``client=`` its key, :mod:`toolkit.exercises.plans`), so planning a second client never
touches the first one's answers or result. A plan stored before plans were kept per
client is listed too and stays editable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from toolkit.exercises import Exercise, plan_of, plan_paragraph, planned_clients
from toolkit.store import Workspace, coaching
from toolkit.widgets.layouts import FULL

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.widgets.exercise_form import ExerciseForm

#: The picker's value for the plan stored without a client (before plans were per client).
UNSCOPED = "~"
#: The picker's value for "a new client", whose name is typed in.
NEW = "+"
#: The score shown under the plan, with its scale.
SPECIFICITY = "specificity"


def new_key(name: str) -> str:
    """The client key of a prospect typed in by name: lower case, words joined by ``-``,
    after ``new-`` so it never equals a client id of the data.

    >>> new_key("  Harbour Labs & Co. ")
    'new-harbour-labs-co'
    """
    words = re.findall(r"[a-z0-9]+", name.casefold())
    return "new-" + "-".join(words)


class ClientPlans(widgets.VBox):
    """Plans of one participant for an exercise answered per client.

    ``clients`` (client_id, name; optional) are the firm's clients to offer; ``form(key,
    name)`` builds the form of the plan for the client key (None: the plan stored without
    a client). Forms are kept per client while the page is open. Like a form it has
    ``participant_id``, ``flush()`` and ``suggestions`` (None: no client ratings here).
    """

    suggestions = None

    def __init__(
        self,
        exercise: Exercise,
        workspace: Workspace,
        participant_id: str,
        form: Callable[[str | None, str], ExerciseForm],
        clients: pd.DataFrame | None = None,
        currency: str = "",
    ) -> None:
        self.exercise = exercise
        self.participant_id = participant_id
        self.currency = currency
        self._build = form
        self.forms: dict[str, ExerciseForm] = {}
        self._choosing = False
        stored = coaching.latest_answers(workspace, participant_id, exercise.id)
        known: dict[str, str] = {}
        if clients is not None:
            known = dict(zip(clients["client_id"], clients["name"], strict=True))
        self.names: dict[str, str] = {}
        options: list[tuple[str, str]] = []
        for key in planned_clients(stored):
            self.names[key] = str(plan_of(stored, key).get("client_name") or known.get(key, key))
            options.append((f"{self.names[key]} (planned)", key))
        if earlier := plan_of(stored, None):
            self.names[UNSCOPED] = str(earlier.get("client_name") or "Earlier plan")
            options.append(
                (f"{self.names[UNSCOPED]} (planned before plans were per client)", UNSCOPED)
            )
        for client_id, name in sorted(known.items(), key=lambda pair: str(pair[1])):
            if client_id not in self.names:
                self.names[client_id] = str(name)
                options.append((str(name), client_id))
        options.append(("A new client (type the name)", NEW))
        self.picker = widgets.Dropdown(
            options=options, value=None, description="Plan for", layout=widgets.Layout(width="auto")
        )
        self.picker.style.description_width = "initial"
        self.new_name = widgets.Text(placeholder="Name of the new client")
        self.start_button = widgets.Button(description="Start the plan", icon="plus")
        self.start_button.on_click(lambda _b: self.choose_new(self.new_name.value))
        self.new_box = widgets.HBox(
            [self.new_name, self.start_button],
            layout=widgets.Layout(display="none", width="100%", flex_flow="row wrap"),
        )
        self.specificity = widgets.HTML(layout=FULL)
        self.copy_button = widgets.Button(
            description="Copy as a paragraph for the proposal", icon="copy", disabled=True
        )
        self.copy_button.layout.width = "auto"
        self.copy_button.on_click(lambda _b: self.show_paragraph())
        self.paragraph = widgets.Textarea(
            rows=5, layout=widgets.Layout(width="100%", display="none")
        )
        self.form_box = widgets.VBox(layout=FULL)
        self.hint = widgets.HTML(
            "<p>Each client gets a plan of its own: choose the client to plan, or a new one.</p>",
            layout=FULL,
        )
        super().__init__(
            [
                self.hint,
                self.picker,
                self.new_box,
                self.specificity,
                widgets.HBox([self.copy_button], layout=FULL),
                self.paragraph,
                self.form_box,
            ],
            layout=FULL,
        )
        self.picker.observe(self._picked, "value")
        if self.names and options[0][1] in (*planned_clients(stored), UNSCOPED):
            self.picker.value = options[0][1]  # the plan listed first

    @property
    def client(self) -> str | None:
        """The client key of the plan shown (None before one is chosen)."""
        value = self.picker.value
        return None if value in (None, NEW) else value

    @property
    def form(self) -> ExerciseForm | None:
        """The form of the plan shown."""
        return self.forms.get(self.client) if self.client else None

    def _picked(self, change: dict[str, Any]) -> None:
        if self._choosing:
            return
        self.new_box.layout.display = "flex" if change["new"] == NEW else "none"
        self.paragraph.layout.display = "none"
        if change["new"] in (None, NEW):
            self.form_box.children = []
            self.copy_button.disabled = True
            self.specificity.value = ""
            return
        self._open(change["new"])

    def choose_new(self, name: str) -> None:
        """Start (or reopen) the plan of a client typed in by ``name``."""
        name, key = name.strip(), new_key(name)
        if key == new_key(""):
            self.specificity.value = "<small>Type the client's name first.</small>"
            return
        if key not in self.names:
            self.names[key] = name
            self._choosing = True  # new options select the first one on the way: not opened
            try:
                options = self.picker.options
                self.picker.options = [*options[:-1], (name, key), options[-1]]
            finally:
                self._choosing = False
        self.picker.value = key
        if self.form is not None:
            self.form.save_prefilled()  # the name typed is the start of the plan: keep it

    def _open(self, key: str) -> None:
        if key not in self.forms:
            form = self._build(None if key == UNSCOPED else key, self.names[key])
            form.observe(lambda _change: self._show_plan(), "answers")
            self.forms[key] = form
        self.form_box.children = [self.forms[key]]
        self.copy_button.disabled = False
        self._show_plan()

    def _show_plan(self) -> None:
        """The specificity score (with its scale) of the plan shown, and its paragraph
        when that is open."""
        form = self.form
        if form is None:
            return
        result = self.exercise.score(form.answers)
        if SPECIFICITY in result.sections:
            self.specificity.value = f"<p><b>{escape(result.text(SPECIFICITY))}</b></p>"
        if self.paragraph.layout.display != "none":
            self.show_paragraph()

    def show_paragraph(self) -> str:
        """Show the plan shown as a paragraph to paste into the client's proposal."""
        form, client = self.form, self.client
        if form is None or client is None:
            return ""
        text = plan_paragraph(form.answers, self.names[client], self.currency)
        self.paragraph.value = text
        self.paragraph.layout.display = "block"
        return text

    def flush(self) -> int:
        """Save what is pending in every plan opened; return how many answers."""
        return sum(form.flush() for form in self.forms.values())
