"""Retention over time: client retention and churn rates, revenue retention (GRR, NRR)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit.analytics.inputs import require_columns
from toolkit.charts.palette import colour, layout


def _lines(frame: pd.DataFrame, columns: dict[str, str], title: str, y_title: str) -> go.Figure:
    figure = go.Figure()
    x = frame["period"].astype(str)
    for index, (column, label) in enumerate(columns.items()):
        figure.add_trace(
            go.Scatter(
                x=x,
                y=frame[column],
                mode="lines+markers",
                name=label,
                line={"color": colour(4 + index)},
                hovertemplate=f"{label} %{{y:.1%}}<br>%{{x}}<extra></extra>",
            )
        )
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    return layout(figure, title, "Period", y_title)


def retention_lines(frame: pd.DataFrame, *, title: str = "Client retention and churn") -> go.Figure:
    """Retention and churn rate per period of a :func:`period_retention` frame."""
    require_columns(frame, ["period", "retention_rate", "churn_rate"], "period retention")
    return _lines(
        frame,
        {"retention_rate": "Retention rate", "churn_rate": "Churn rate"},
        title,
        "Share of clients at period start (%)",
    )


def revenue_retention_lines(frame: pd.DataFrame, *, title: str = "Revenue retention") -> go.Figure:
    """Gross and net revenue retention per period of a :func:`revenue_retention` frame."""
    require_columns(frame, ["period", "grr", "nrr"], "revenue retention")
    figure = _lines(
        frame,
        {"grr": "Gross revenue retention", "nrr": "Net revenue retention"},
        title,
        "Share of starting revenue (%)",
    )
    figure.add_hline(y=1.0, line_dash="dot", line_color="#777777")
    return figure
