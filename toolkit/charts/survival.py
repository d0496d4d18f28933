"""How long relationships last: the Kaplan-Meier curve with its confidence band."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit.analytics.inputs import require_columns
from toolkit.charts.palette import colour, layout

BAND_FILL = "rgba(0, 114, 178, 0.2)"


def _bound(frame: pd.DataFrame, column: str, **style: object) -> go.Scatter:
    """An invisible step line along one edge of the confidence band (the band is the fill
    between the two edges)."""
    return go.Scatter(
        x=frame["days"],
        y=frame[column],
        mode="lines",
        line={"width": 0, "shape": "hv"},
        hoverinfo="skip",
        **style,
    )


def survival_curve(
    frame: pd.DataFrame, *, title: str = "How long client relationships last"
) -> go.Figure:
    """Step curve of a :func:`relationship_survival` frame with its shaded band."""
    require_columns(frame, ["days", "survival", "lower", "upper"], "relationship survival")
    figure = go.Figure(
        [
            _bound(frame, "upper", name="upper bound", showlegend=False),
            _bound(frame, "lower", name="95% confidence band", fill="tonexty", fillcolor=BAND_FILL),
            go.Scatter(
                x=frame["days"],
                y=frame["survival"],
                mode="lines",
                line={"color": colour(4), "shape": "hv", "width": 2},
                name="Still a client",
                hovertemplate="day %{x:.0f}: %{y:.1%} still clients<extra></extra>",
            ),
        ]
    )
    figure.update_yaxes(range=[0, 1.02], tickformat=".0%")
    return layout(figure, title, "Days since the relationship started", "Share still clients (%)")
