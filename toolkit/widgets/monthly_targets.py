"""This month's targets at a glance, with the full form one click away.

The personal page opens on this: one short HTML list and one button (a handful of widget
models), so the page is usable quickly; the targets form (about 140 widget models and a
chart) is built only when the member asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.progress import targets_done
from toolkit.widgets.layouts import FULL


def targets_html(targets: Sequence[dict[str, Any]] | None, entries: int = 6) -> str:
    """The saved checklist (``[{'text': ..., 'done': ...}, ...]``) as a short list with a
    tick per finished target and an 'n of N done' line; a prompt when none is written."""
    written = [t for t in targets or () if str(t.get("text") or "").strip()]
    if not written:
        return '<p class="tk-muted">No targets written for this month yet.</p>'
    done, asked = targets_done(written, entries)
    rows = "".join(
        f'<li class="{"done" if t.get("done") else "open"}">'
        f'<span aria-hidden="true">{"✓" if t.get("done") else "○"}</span> '
        f"{escape(str(t['text']))}</li>"
        for t in written
    )
    return f'<p><b>{done} of {asked}</b> targets done.</p><ul class="tk-targets">{rows}</ul>'


class MonthlyTargets(widgets.VBox):
    """The saved targets as a list and an edit button; ``show_form()`` (the button) replaces
    both by the widget ``open_form()`` returns. ``opened`` says whether it did."""

    opened = traitlets.Bool(False)

    def __init__(
        self,
        targets: Sequence[dict[str, Any]] | None,
        open_form: Callable[[], widgets.Widget | None],
        entries: int = 6,
    ) -> None:
        self.open_form = open_form
        self.summary = widgets.HTML(targets_html(targets, entries), layout=FULL)
        self.edit = widgets.Button(
            description="Tick or edit my targets",
            icon="pencil",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.edit.on_click(lambda _button: self.show_form())
        super().__init__([self.summary, self.edit], layout=FULL)

    def show_form(self) -> None:
        form = self.open_form()
        if form is not None:
            self.children = [form]
            self.opened = True
