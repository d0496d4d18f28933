"""The client-base map as a bubble chart: fit across, health up, bubble size = value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from toolkit.analytics.client_map import DEFAULT_THRESHOLDS, SEGMENTS
from toolkit.analytics.inputs import require_columns
from toolkit.charts.palette import SEGMENT_COLOURS, layout

MAX_BUBBLE_PX = 40
#: Both axes run past 0 and 1, so the largest bubble (MAX_BUBBLE_PX across) at fit or
#: health 0 or 1 is drawn whole on a chart about 400 px wide; ticks stay on 0..1.
AXIS_RANGE = [-0.12, 1.12]
TICKS = [0, 0.25, 0.5, 0.75, 1]
#: Outline of every bubble, and of the legend's key for internal clients.
LINE = {"width": 1, "color": "#333333"}


def client_map_bubble(
    frame: pd.DataFrame,
    *,
    title: str = "Client-base map",
    currency: str = "currency units",
    thresholds: dict[str, float] | None = None,
) -> go.Figure:
    """One bubble per client of a :func:`~toolkit.analytics.client_map` frame.

    x = fit (0-1), y = health (0-1), area proportional to ``value``, colour = segment
    (one trace per segment, so the legend filters), hover = name, value and the
    explanation. Internal clients are drawn as diamonds, explained by a legend entry of
    their own; within a segment they come last, so the segment's legend key (drawn from
    its first point) is a circle. Dotted lines mark the fit and health cut-offs that
    separate the segments.
    """
    require_columns(
        frame, ["client_id", "fit", "health", "value", "segment", "explanation"], "client map"
    )
    cuts = DEFAULT_THRESHOLDS | (thresholds or {})
    figure = go.Figure()
    largest = float(frame["value"].clip(lower=0).max()) if len(frame) else 0.0
    scale = 2.0 * largest / MAX_BUBBLE_PX**2 if largest > 0 else 1.0
    names = frame["name"] if "name" in frame.columns else frame["client_id"]
    internal = (
        frame["is_internal"].astype(bool)
        if "is_internal" in frame.columns
        else pd.Series(False, index=frame.index)
    )
    for segment in SEGMENTS:
        part = frame["segment"] == segment
        if not part.any():
            continue
        rows = frame[part].assign(_internal=internal[part]).sort_values("_internal", kind="stable")
        figure.add_trace(
            go.Scatter(
                x=rows["fit"],
                y=rows["health"],
                mode="markers",
                name=segment,
                marker={
                    "size": np.maximum(rows["value"].clip(lower=0).to_numpy(), 0),
                    "sizemode": "area",
                    "sizeref": scale,
                    "sizemin": 4,
                    "color": SEGMENT_COLOURS[segment],
                    "symbol": np.where(rows["_internal"], "diamond", "circle"),
                    "line": LINE,
                    "opacity": 0.8,
                },
                customdata=np.column_stack(
                    [names[rows.index].astype(str), rows["value"], rows["explanation"]]
                ),
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>fit %{x:.2f} · health %{y:.2f}<br>"
                    f"value %{{customdata[1]:,.0f}} {currency}<br>%{{customdata[2]}}"
                    "<extra></extra>"
                ),
            )
        )
    if internal.any():
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name="internal client",
                marker={"symbol": "diamond", "size": 10, "color": "#ffffff", "line": LINE},
                hoverinfo="skip",
            )
        )
    figure.add_vline(x=cuts["fit"], line_dash="dot", line_color="#777777")
    figure.add_hline(y=cuts["health"], line_dash="dot", line_color="#777777")
    figure.update_xaxes(range=AXIS_RANGE, tickvals=TICKS)
    figure.update_yaxes(range=AXIS_RANGE, tickvals=TICKS)
    return layout(
        figure,
        title,
        "Fit with the firm's strengths (0-1)",
        "Relationship health (0-1)",
    )
