"""Excuses and price hunters as bars: concession share per client, root causes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit.analytics.inputs import require_columns
from toolkit.charts.palette import colour, layout


def concession_bars(
    frame: pd.DataFrame,
    *,
    top: int = 20,
    threshold: float = 0.2,
    title: str = "Revenue given back per client",
) -> go.Figure:
    """Concession share of the ``top`` clients of a :func:`concession_share` frame.

    Bars at or above ``threshold`` (20 %) are vermillion; a dotted line marks it.
    """
    require_columns(frame, ["client_id", "concession_share", "conceded"], "concession share")
    rows = frame.dropna(subset=["concession_share"]).nlargest(top, "concession_share").iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=rows["concession_share"],
            y=rows["client_id"].astype(str),
            orientation="h",
            name="Concession share",
            marker={
                "color": [
                    colour(5) if s >= threshold else colour(1) for s in rows["concession_share"]
                ]
            },
            customdata=rows["conceded"],
            hovertemplate="%{y}: %{x:.1%} (%{customdata:,.0f} given back)<extra></extra>",
        )
    )
    figure.add_vline(x=threshold, line_dash="dot", line_color="#777777")
    figure.update_xaxes(tickformat=".0%")
    figure.update_yaxes(type="category")
    return layout(figure, title, "Share of invoiced revenue given back (%)", "Client")


def excuse_cause_bars(frame: pd.DataFrame, *, title: str = "Why we made excuses") -> go.Figure:
    """Excuses per root cause of an :func:`excuse_breakdown` frame."""
    require_columns(frame, ["root_cause", "excuses", "concession_value"], "excuse breakdown")
    rows = frame.iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=rows["excuses"],
            y=rows["root_cause"],
            orientation="h",
            name="Excuses",
            marker={"color": colour(0)},
            customdata=rows["concession_value"],
            hovertemplate="%{y}: %{x} excuses, %{customdata:,.0f} conceded<extra></extra>",
        )
    )
    figure.update_yaxes(type="category")
    return layout(figure, title, "Excuses (count)", "Root cause")
