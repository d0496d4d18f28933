"""What a view lacks, said where its chart would be: which tables have no rows yet and
the one command that imports each.

A thin workspace (a client list only, or invoices and no contacts) cannot fill every
view. Apps, the session report and the learner notebooks all ask :meth:`Missing.of`
what a view needs and show the same friendly panel instead of an empty chart, a
misleading zero or a traceback. Tables are named as ``retention import KIND`` spells them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets
import pandas as pd

from toolkit.widgets.layouts import FULL

#: What a page says when a table has no rows, by the table's name in ``retention import``.
ABSENT: dict[str, str] = {
    "clients": "No clients imported yet",
    "team": "No team members imported yet",
    "interactions": "No contacts imported yet",
    "transactions": "No purchases imported yet",
    "client_records": "No client records imported yet",
    "process_steps": "No process steps imported yet",
    "excuses": "No excuses logged yet",
}
#: The panel's look, inline so it reads the same in an app, a notebook and the report.
STYLE = (
    "background: #f8fafc; border: 1px dashed #94a3b8; border-radius: 8px; "
    "padding: 10px 14px; margin: 6px 0; color: #1f2937"
)
#: The panel's first line unless a view says better.
INTRO = "Not imported yet, so this cannot be shown:"
CODE_STYLE = "background: #e2e8f0; padding: 1px 5px; border-radius: 4px"


def command(table: str, participant_id: str | None = None) -> str:
    """The command that imports ``table`` from a file (for one participant, when named)."""
    who = f" --participant {participant_id}" if participant_id else ""
    return f"retention import {table} FILE{who}"


def message(table: str, participant_id: str | None = None) -> str:
    """One line, e.g. "No contacts imported yet: `retention import interactions FILE`"."""
    return f"{ABSENT[table]}: `{command(table, participant_id)}`"


@dataclass(frozen=True, repr=False)
class Missing:
    """The tables a view needs that have no rows (none: the view can be drawn).

    True when something is missing, so a notebook cell can end in
    ``Missing.of(firm, "transactions") or charts.cohort_heatmap(cohorts)``: the panel
    when the data is not there, the chart when it is.
    """

    tables: tuple[str, ...]
    participant_id: str | None = None
    #: The panel's first line, e.g. "To draw the client map, import:".
    intro: str = INTRO

    @classmethod
    def of(
        cls,
        data: Mapping[str, pd.DataFrame],
        *tables: str,
        participant_id: str | None = None,
        intro: str = INTRO,
    ) -> Missing:
        """Which of ``tables`` have no rows in ``data`` (a :class:`FirmData` or a dict of
        frames by table name)."""
        empty = tuple(table for table in tables if len(data[table]) == 0)
        return cls(empty, participant_id, intro)

    def __bool__(self) -> bool:
        return bool(self.tables)

    def lines(self) -> list[str]:
        """One :func:`message` per missing table."""
        return [message(table, self.participant_id) for table in self.tables]

    def html(self) -> str:
        """The friendly panel as self-styled HTML (works in apps, notebooks and reports)."""
        items = "".join(
            f"<li>{escape(ABSENT[t])}: <code style='{CODE_STYLE}'>"
            f"{escape(command(t, self.participant_id))}</code></li>"
            for t in self.tables
        )
        return (
            f'<div class="tk-missing" style="{STYLE}"><b>{escape(self.intro)}</b>'
            f'<ul style="margin: 4px 0 0; padding-left: 20px">{items}</ul></div>'
        )

    def widget(self) -> widgets.HTML:
        """The panel as a full-width widget, to put in the place of a chart or table."""
        return widgets.HTML(self.html(), layout=FULL)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return "\n".join([self.intro, *self.lines()])
