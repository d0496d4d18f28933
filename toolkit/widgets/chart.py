"""A plotly chart slot that fits its container, whatever the screen width.

Two ways to draw, chosen once per kernel by the ``TOOLKIT_CHARTS`` environment variable:

- by default (JupyterLab, nbval, tests) the chart is plotly's own output type
  (``application/vnd.plotly.v1+json``) inside an ``Output`` widget, drawn by the plotly
  renderer extension of JupyterLab;
- under ``retention serve`` (``TOOLKIT_CHARTS=iframe``) Voila does not load that 4.8 MB
  extension on every page (see :mod:`toolkit.serve`), so each figure is drawn in an
  ``<iframe srcdoc>`` held by an ``HTML`` widget. The frame loads plotly.js from the
  served notebooks folder (cached by the browser) only when a chart is shown, so pages
  without charts, like the participant's first tab, never pay for it.

A ``go.FigureWidget`` would instead ship plotly's 4.6 MB widget module inside the page's
widget state on every page load (it is an anywidget), which costs seconds before the page
becomes usable.
"""

from __future__ import annotations

import html
import json
import os

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from toolkit.charts.palette import layout
from toolkit.served import CHARTS_ENV, IFRAME_CHARTS, PLOTLY_JS

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
#: plotly.js as the frame loads it. A srcdoc frame resolves URLs against its parent page
#: (``<base>/voila/render/<notebook>``), so this is ``<base>/voila/files/static/...``,
#: right behind any URL prefix, for the notebooks at the top of the served folder.
PLOTLY_SCRIPT = f"../files/{PLOTLY_JS}"
FRAME_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><script src="{script}"></script>
<style>html, body {{ margin: 0; overflow: hidden; }}</style></head>
<body><div id="chart" style="height: {height}px"></div>
<script>
const figure = {figure};
Plotly.newPlot("chart", figure.data, figure.layout, {config});
</script></body></html>"""


def iframe_charts() -> bool:
    """Whether this kernel draws charts in frames (it runs under ``retention serve``)."""
    return os.environ.get(CHARTS_ENV) == IFRAME_CHARTS


def sized(figure: go.Figure) -> int:
    """Make ``figure`` follow its container's width at a fixed height; return the height."""
    figure.update_layout(autosize=True, width=None, height=figure.layout.height or HEIGHT)
    return figure.layout.height


def plotly_output(figure: go.Figure) -> dict:
    """``figure`` as one notebook display output (JSON-safe, config included)."""
    sized(figure)
    data = json.loads(figure.to_json())
    return {
        "output_type": "display_data",
        "data": {PLOTLY_MIME: {**data, "config": CONFIG}},
        "metadata": {},
    }


def script_json(value: str) -> str:
    """JSON text made safe inside a ``<script>`` element: no ``</script>`` (or ``<!--``)
    can appear, whatever the figure's labels say."""
    return value.replace("<", "\\u003c")


def iframe_html(figure: go.Figure) -> str:
    """``figure`` as an ``<iframe srcdoc>`` that draws it with the served plotly.js,
    as wide as its container and as high as the figure."""
    height = sized(figure)
    page = FRAME_PAGE.format(
        script=PLOTLY_SCRIPT,
        height=height,
        figure=script_json(figure.to_json()),
        config=json.dumps(CONFIG),
    )
    title = html.escape(figure.layout.title.text or "chart", quote=True)
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{title}" '
        f'style="display: block; width: 100%; height: {height}px; border: 0"></iframe>'
    )


class Chart(widgets.VBox):
    """Holds one interactive plotly figure; :meth:`show` replaces it.

    The figure keeps its height and takes the container's width (``autosize`` and
    plotly.js's ``responsive`` option), so the same chart reads at 1280 px and on a
    phone. ``title`` mirrors the shown figure's title; ``figure`` is the shown figure.
    ``output`` (plotly output type) or ``frame`` (iframe mode) is the slot in use; the
    other is ``None``.
    """

    title = traitlets.Unicode("")

    def __init__(self, figure: go.Figure | None = None) -> None:
        slot_layout = widgets.Layout(width="100%")
        self.output = None if iframe_charts() else widgets.Output(layout=slot_layout)
        self.frame = widgets.HTML(layout=slot_layout) if self.output is None else None
        super().__init__(
            [self.output or self.frame], layout=widgets.Layout(width="100%", min_height="0")
        )
        self.add_class("tk-chart")
        self.figure: go.Figure | None = None
        if figure is not None:
            self.show(figure)

    def show(self, figure: go.Figure) -> None:
        if self.output is not None:
            output = plotly_output(figure)
            # The renderer's elements are 100% of their parent's height: give the slot the
            # figure's height, or the chart is drawn over whatever follows it.
            self.output.layout.height = f"{figure.layout.height}px"
            self.output.outputs = (output,)
        elif self.frame is not None:
            self.frame.value = iframe_html(figure)
        self.figure = figure
        self.title = figure.layout.title.text or ""


def warm_up() -> None:
    """Build one small figure with the charts' shared look and its JSON, so plotly's lazily
    loaded validators and the chart template are ready before the first visitor (run
    while a kernel preheats)."""
    figure = layout(go.Figure(go.Scatter(x=[0], y=[0])), "warm-up", "x", "y")
    render = iframe_html if iframe_charts() else plotly_output
    render(figure)
