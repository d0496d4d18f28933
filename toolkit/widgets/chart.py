"""A plotly chart slot that fits its container, whatever the screen width.

The chart is sent as plotly's own output type (``application/vnd.plotly.v1+json``) inside
an ``Output`` widget, drawn by the plotly renderer that JupyterLab and Voila load as a
static, cached script. A ``go.FigureWidget`` would instead ship plotly's 4.6 MB widget
module inside the page's widget state on every page load (it is an anywidget), which
costs seconds before the page becomes usable.
"""

from __future__ import annotations

import json

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from toolkit.charts.palette import layout

PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: Height (px) of a figure that sets none: the renderer would otherwise take the height of
#: its container, which inside an Output widget is zero (an invisible chart).
HEIGHT = 480
#: plotly.js options: follow the container's width, no logo, fewer toolbar buttons.
CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


def plotly_output(figure: go.Figure) -> dict:
    """``figure`` as one notebook display output (JSON-safe, config included)."""
    figure.update_layout(autosize=True, width=None, height=figure.layout.height or HEIGHT)
    data = json.loads(figure.to_json())
    return {
        "output_type": "display_data",
        "data": {PLOTLY_MIME: {**data, "config": CONFIG}},
        "metadata": {},
    }


class Chart(widgets.VBox):
    """Holds one interactive plotly figure; :meth:`show` replaces it.

    The figure keeps its height and takes the container's width (``autosize`` and
    plotly.js's ``responsive`` option), so the same chart reads at 1280 px and on a
    phone. ``title`` mirrors the shown figure's title; ``figure`` is the shown figure.
    """

    title = traitlets.Unicode("")

    def __init__(self, figure: go.Figure | None = None) -> None:
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        super().__init__([self.output], layout=widgets.Layout(width="100%", min_height="0"))
        self.add_class("tk-chart")
        self.figure: go.Figure | None = None
        if figure is not None:
            self.show(figure)

    def show(self, figure: go.Figure) -> None:
        output = plotly_output(figure)
        # The renderer's elements are 100% of their parent's height: give the slot the
        # figure's height, or the chart is drawn over whatever follows it.
        self.output.layout.height = f"{output['data'][PLOTLY_MIME]['layout']['height']}px"
        self.output.outputs = (output,)
        self.figure = figure
        self.title = figure.layout.title.text or ""


def warm_up() -> None:
    """Build one small figure with the charts' shared look and its JSON, so plotly's lazily
    loaded validators and the chart template are ready before the first visitor (run
    while a kernel preheats)."""
    plotly_output(layout(go.Figure(go.Scatter(x=[0], y=[0])), "warm-up", "x", "y"))
