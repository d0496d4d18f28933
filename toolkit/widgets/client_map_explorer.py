"""The client-base map to explore in a session: the bubble chart, then the clients of one
segment with the reason the data gives for putting them there."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.analytics.client_map import SEGMENTS
from toolkit.charts import client_map_bubble
from toolkit.widgets.chart import Chart
from toolkit.widgets.frame_table import FrameTable
from toolkit.widgets.layouts import FULL

COLUMNS = {
    "name": "Client",
    "value": "Value (12 months)",
    "fit": "Fit",
    "health": "Health",
    "days_since_contact": "Days since contact",
    "explanation": "Why",
}
FORMATS = {"value": ",.0f", "fit": ".2f", "health": ".2f", "days_since_contact": ".0f"}
#: Columns left out on a phone (the chart shows fit and health).
PHONE_HIDES = ("fit", "health", "days_since_contact")
#: How many clients of a segment the table lists (largest value first).
SHOWN = 15


class ClientMapExplorer(widgets.VBox):
    """Bubble chart of a :func:`toolkit.analytics.client_map` frame and a segment table.

    ``segment`` is the segment whose clients are listed; ``counts`` maps each segment to
    its number of clients.
    """

    segment = traitlets.Unicode(SEGMENTS[0])
    counts = traitlets.Dict()

    def __init__(self, frame: pd.DataFrame, title: str = "Client-base map") -> None:
        self.frame = frame
        self.counts = {s: int((frame["segment"] == s).sum()) for s in SEGMENTS}
        self.chart = Chart(client_map_bubble(frame, title=title))
        self.picker = widgets.ToggleButtons(
            options=[(f"{s} ({self.counts[s]})", s) for s in SEGMENTS],
            value=self.segment,
            style={"button_width": "auto"},
        )
        traitlets.link((self.picker, "value"), (self, "segment"))
        self.table = FrameTable(
            COLUMNS, FORMATS, empty="No clients in this segment.", optional=PHONE_HIDES
        )
        self.caption = widgets.HTML(layout=FULL)
        super().__init__([self.chart, self.picker, self.caption, self.table], layout=FULL)
        self._show_segment()

    @traitlets.observe("segment")
    def _segment_changed(self, _change: dict) -> None:
        self._show_segment()

    def _show_segment(self) -> None:
        rows = self.frame[self.frame["segment"] == self.segment]
        rows = rows.sort_values("value", ascending=False)
        more = len(rows) - SHOWN
        self.caption.value = (
            f'<span class="tk-muted">Showing the {SHOWN} most valuable of {len(rows)}.</span>'
            if more > 0
            else ""
        )
        self.table.show(rows.head(SHOWN))
