"""What a view lacks, said where its chart would be: which tables have no rows yet and
the one command that imports each.

A thin workspace (a client list only, or invoices and no contacts) cannot fill every
view. Apps, the session report and the learner notebooks all ask :meth:`Missing.of`
what a view needs and show the same friendly panel instead of an empty chart, a
misleading zero or a traceback. Tables are named as ``retention import KIND`` spells them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING, Protocol

import pandas as pd

if TYPE_CHECKING:  # loaded by widget() only: the session summary reads the rest
    import ipywidgets as widgets


class Tables(Protocol):
    """Frames by table name: a :class:`~toolkit.store.views.FirmData` (whose
    ``participant_id`` the commands then name) or a plain dict."""

    def __getitem__(self, name: str, /) -> pd.DataFrame: ...


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
#: A long command breaks anywhere rather than widen a phone's page.
CODE_STYLE = "background: #e2e8f0; padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere"


def command(table: str, participant_id: str | None = None) -> str:
    """The command that imports ``table`` from a file (for one participant, when named)."""
    who = f" --participant {participant_id}" if participant_id else ""
    return f"retention import {table} FILE{who}"


def message(table: str, participant_id: str | None = None) -> str:
    """One line, e.g. "No contacts imported yet: `retention import interactions FILE`"."""
    return f"{ABSENT[table]}: `{command(table, participant_id)}`"


@dataclass(frozen=True, repr=False)
class Missing:
    """The tables a view needs that have no rows.

    True when the view cannot be shown for want of them (``blocking``), so a notebook
    cell can end in ``Missing.of(firm, "transactions") or charts.cohort_heatmap(cohorts)``:
    the panel when the data is not there, the chart when it is. A view that is shown
    without some of its tables (``blocking`` False) lists them above itself.
    """

    tables: tuple[str, ...]
    participant_id: str | None = None
    #: The panel's first line, e.g. "To draw the client map, import:".
    intro: str = INTRO
    blocking: bool = True

    @classmethod
    def of(cls, data: Tables, *tables: str, intro: str = INTRO) -> Missing:
        """Which of ``tables`` have no rows in ``data``: a
        :class:`~toolkit.store.views.FirmData` (its commands then name its participant)
        or a dict of frames by table name."""
        empty = tuple(table for table in tables if len(data[table]) == 0)
        return cls(empty, getattr(data, "participant_id", None), intro)

    def __bool__(self) -> bool:
        return self.blocking and bool(self.tables)

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
        import ipywidgets as widgets

        from toolkit.widgets.layouts import FULL

        return widgets.HTML(self.html(), layout=FULL)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return "\n".join([self.intro, *self.lines()])


#: What places a client on the client map: purchases (value) and contacts (health).
MAP_ACTIVITY = ("transactions", "interactions")


def map_missing(data: Tables) -> Missing:
    """What the client map lacks. It is drawn once there are clients and purchases or
    contacts (blocking until then); drawn without one of the two, it names that one."""
    found = Missing.of(data, "clients", *MAP_ACTIVITY)
    blocking = "clients" in found.tables or set(MAP_ACTIVITY) <= set(found.tables)
    intro = (
        "To draw the client map, import:"
        if blocking
        else "The map places clients without these until you import:"
    )
    return replace(found, intro=intro, blocking=blocking)


#: The tables each :mod:`toolkit.analytics` function needs rows in before it has anything
#: to say (the client map's rule is :func:`map_missing`).
NEEDS: dict[str, tuple[str, ...]] = {
    "attention_gaps": ("clients", "transactions", "interactions"),
    "point_person_coverage": ("clients", "team", "interactions"),
    "coverage_matrix": ("interactions",),
    "process_variation": ("process_steps",),
    "record_completeness": ("clients", "client_records"),
    "concession_share": ("transactions",),
    "excuse_breakdown": ("excuses",),
    "topic_trends": ("interactions",),
    "cohort_retention": ("transactions",),
    "revenue_retention": ("transactions",),
    "period_retention": ("clients",),
    "relationship_survival": ("clients",),
    "fit_purchase_model": ("transactions",),
}


def lacks(data: Tables, *analyses: str, intro: str = INTRO) -> Missing:
    """What ``analyses`` (names of :data:`NEEDS`) still need imported, each table once."""
    tables = dict.fromkeys(table for name in analyses for table in NEEDS[name])
    return Missing.of(data, *tables, intro=intro)
