"""The treasure review as bars: days since the last contact against the deserved cadence."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit.analytics.inputs import require_columns
from toolkit.charts.palette import colour, layout

NEGLECTED = "#D55E00"


def client_labels(rows: pd.DataFrame) -> pd.Series:
    """A readable, unique label per row: the client's ``name`` when the frame has one (a
    name shared by several clients gets its id added, so bars never merge), else its id."""
    ids = rows["client_id"].astype(str)
    if "name" not in rows.columns:
        return ids
    names = rows["name"].fillna(ids).astype(str)
    shared = names.duplicated(keep=False)
    return names.where(~shared, names + " (" + ids + ")")


def attention_gap_bars(
    frame: pd.DataFrame, *, top: int = 25, title: str = "Clients waiting longest for a contact"
) -> go.Figure:
    """Horizontal bars of the first ``top`` rows of an :func:`attention_gaps` frame.

    Bar = days since the last meaningful contact (neglected clients in vermillion), tick
    = the cadence the client deserves. Bars are labelled by ``name`` when the frame has
    that column (see :func:`client_labels`), else by ``client_id``.
    """
    require_columns(
        frame, ["client_id", "days_since_contact", "cadence_days", "neglected"], "attention gaps"
    )
    rows = frame.head(top).iloc[::-1]
    labels = client_labels(rows)
    figure = go.Figure(
        [
            go.Bar(
                x=rows["days_since_contact"],
                y=labels,
                orientation="h",
                name="Days since last contact",
                marker={"color": [NEGLECTED if n else colour(1) for n in rows["neglected"]]},
                hovertemplate="%{y}: %{x:.0f} days<extra></extra>",
            ),
            go.Scatter(
                x=rows["cadence_days"],
                y=labels,
                mode="markers",
                name="Deserved cadence",
                marker={"symbol": "line-ns-open", "size": 18, "color": "#000000"},
                hovertemplate="%{y}: every %{x:.0f} days<extra></extra>",
            ),
        ]
    )
    figure.update_yaxes(type="category")
    return layout(figure, title, "Days since last meaningful contact", "Client")
