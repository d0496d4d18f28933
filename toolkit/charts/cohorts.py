"""The cohort retention matrix as a heatmap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from toolkit.analytics.inputs import AnalyticsInputError
from toolkit.charts.palette import SEQUENTIAL, layout


def cohort_heatmap(frame: pd.DataFrame, *, title: str = "Cohort retention") -> go.Figure:
    """Rows = cohorts (first purchase), columns = periods since, colour = share active.

    Takes a :func:`cohort_retention` frame; cells not observed yet stay blank and each
    cell shows its percentage.
    """
    if not isinstance(frame, pd.DataFrame):
        raise AnalyticsInputError("cohort retention must be a pandas DataFrame")
    values = frame.to_numpy(dtype="float64")
    text = np.where(np.isnan(values), "", np.char.mod("%.0f%%", np.nan_to_num(values) * 100))
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=[str(c) for c in frame.columns],
            y=[str(i) for i in frame.index],
            zmin=0,
            zmax=1,
            colorscale=SEQUENTIAL,
            text=text,
            texttemplate="%{text}",
            colorbar={"title": "Active", "tickformat": ".0%"},
            hovertemplate="cohort %{y}, %{x} periods later: %{z:.1%}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category")
    return layout(figure, title, "Periods since first purchase", "Cohort (first purchase)")
