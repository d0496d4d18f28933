"""Colours every chart shares: the Okabe-Ito palette, readable with colour-blindness.

Segments and health bands always get the same colour, so a client looks the same on
every chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the colours are read where plotly is not loaded (the session summary)
    import plotly.graph_objects as go

#: Okabe & Ito's eight colours, distinguishable with the common colour-vision deficiencies.
OKABE_ITO = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
SEGMENT_COLOURS = {
    "cherish": "#009E73",
    "develop": "#56B4E9",
    "renegotiate": "#E69F00",
    "let go": "#D55E00",
}
BAND_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
#: Sequential scale for heatmaps (light to dark blue), monotone in lightness.
SEQUENTIAL = [[0.0, "#F7FBFF"], [0.5, "#6BAED6"], [1.0, "#08306B"]]
FONT = "Arial, Helvetica, sans-serif"
#: Top margin (px): room for the title and a legend that wraps onto two or three lines on
#: a phone (the legend sits between the title and the plot).
TOP_MARGIN = 120
#: The title's place: at the top of the figure, so a legend that wraps upwards from the
#: plot on a phone ends below it (by default plotly centres the title in the top margin,
#: where a three-line legend runs over it).
TITLE_AT_TOP = {
    "x": 0.0,
    "xanchor": "left",
    "y": 1.0,
    "yref": "container",
    "yanchor": "top",
    "pad": {"t": 8, "l": 8},
}


def colour(index: int) -> str:
    """The ``index``-th palette colour (cycling)."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def layout(figure: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    """Apply the shared look: title, axis titles, white background, legend on top."""
    figure.update_layout(
        title={"text": title, **TITLE_AT_TOP},
        xaxis_title=x_title,
        yaxis_title=y_title,
        template="plotly_white",
        font={"family": FONT, "size": 13},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0.0},
        margin={"l": 60, "r": 20, "t": TOP_MARGIN, "b": 50},
    )
    return figure
