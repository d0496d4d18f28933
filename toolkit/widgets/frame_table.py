"""A DataFrame shown as a readable HTML table: chosen columns, labels, formats, no 'nan'."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from html import escape
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.widgets.layouts import FULL

MISSING = "-"
Format = str | Callable[[Any], str]


def percent(value: float) -> str:
    """A share as a whole percentage: ``0.256`` -> ``"26%"``."""
    return f"{value:.0%}"


def cell_text(value: Any, fmt: Format | None = None) -> str:
    """One cell as text: dates as '3 Oct 2026', missing values as '-', ``fmt`` applied
    (a format spec such as ``'.0%'`` or a function)."""
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return MISSING
    if callable(fmt):
        return fmt(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%-d %b %Y") if fmt is None else format(value, fmt)
    return format(value, fmt) if fmt else str(value)


def table_html(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    formats: Mapping[str, Format] | None = None,
    empty: str = "Nothing to show yet.",
    optional: Collection[str] = (),
) -> str:
    """``frame``'s ``columns`` (name -> heading) as an escaped HTML table in a scroller.

    Numeric columns are right-aligned, text columns left-aligned. ``optional`` columns
    get the class ``tk-opt``, which the apps' style sheet hides on a phone so the table
    fits without scrolling sideways. An empty frame gives the ``empty`` sentence.
    """
    if frame.empty:
        return f'<p class="tk-muted">{escape(empty)}</p>'
    formats = formats or {}
    numeric = {c for c in columns if c in frame and pd.api.types.is_numeric_dtype(frame[c])}

    def cls(column: str) -> str:
        names = ["tk-num" if column in numeric else "tk-text"]
        names += ["tk-opt"] if column in optional else []
        return f' class="{" ".join(names)}"'

    head = "".join(f"<th{cls(c)}>{escape(label)}</th>" for c, label in columns.items())
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{cls(c)}>{escape(cell_text(value, formats.get(c)))}</td>"
            for c, value in zip(columns, row, strict=True)
        )
        + "</tr>"
        for row in frame[list(columns)].itertuples(index=False)
    )
    return (
        f'<div class="tk-table-wrap"><table class="tk-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


class FrameTable(widgets.VBox):
    """A table widget: ``show(frame)`` redraws it; ``rows`` holds the shown row count.

    ``optional`` names the columns a phone leaves out (see :func:`table_html`)."""

    rows = traitlets.Int(0)

    def __init__(
        self,
        columns: Mapping[str, str],
        formats: Mapping[str, Format] | None = None,
        empty: str = "Nothing to show yet.",
        optional: Collection[str] = (),
    ) -> None:
        self.columns = dict(columns)
        self.formats = dict(formats or {})
        self.empty = empty
        self.optional = frozenset(optional)
        self.html = widgets.HTML(layout=FULL)
        super().__init__([self.html], layout=FULL)

    def show(self, frame: pd.DataFrame) -> None:
        self.html.value = table_html(frame, self.columns, self.formats, self.empty, self.optional)
        self.rows = len(frame)
