"""Point-person coverage as a heatmap: which team members contact which clients."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit.analytics.inputs import AnalyticsInputError
from toolkit.charts.palette import SEQUENTIAL, layout


def coverage_heatmap(
    matrix: pd.DataFrame, *, top: int = 40, title: str = "Who contacts which client"
) -> go.Figure:
    """Contacts per client (rows) and team member (columns) of a :func:`coverage_matrix`.

    Shows the ``top`` clients with the most different members first: many coloured cells
    in a row mean no consistent point-person.
    """
    if not isinstance(matrix, pd.DataFrame):
        raise AnalyticsInputError("coverage matrix must be a pandas DataFrame")
    spread = (matrix > 0).sum(axis=1).sort_values(ascending=False, kind="stable")
    rows = matrix.loc[spread.index[:top]]
    figure = go.Figure(
        go.Heatmap(
            z=rows.to_numpy(),
            x=[str(c) for c in rows.columns],
            y=[str(i) for i in rows.index],
            colorscale=SEQUENTIAL,
            colorbar={"title": "Contacts"},
            hovertemplate="client %{y}, member %{x}: %{z} contacts<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category")
    return layout(figure, title, "Team member", "Client")
