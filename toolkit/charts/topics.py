"""What clients contact the firm about, over time: lines or a stacked area."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit.analytics.inputs import AnalyticsInputError, require_columns
from toolkit.charts.palette import colour, layout


def topic_trend_chart(
    frame: pd.DataFrame,
    *,
    kind: str = "lines",
    top: int = 8,
    title: str = "What clients contact us about",
) -> go.Figure:
    """Counts per period of the ``top`` topics of a :func:`topic_trends` frame.

    ``kind="lines"`` draws one line per topic; ``"area"`` stacks them. Emerging topics
    are drawn first, with a thicker line, and marked 'rising' in the legend.
    """
    require_columns(frame, ["period", "topic", "count", "emerging"], "topic trends")
    if kind not in ("lines", "area"):
        raise AnalyticsInputError(f"kind must be 'lines' or 'area', not {kind!r}")
    totals = frame.groupby("topic")["count"].sum()
    rising = frame.groupby("topic")["emerging"].any()
    order = pd.DataFrame({"rising": ~rising, "total": -totals}).sort_values(["rising", "total"])
    figure = go.Figure()
    for index, topic in enumerate(order.index[:top]):
        rows = frame[frame["topic"] == topic]
        label = f"{topic} (rising)" if rising[topic] else topic
        figure.add_trace(
            go.Scatter(
                x=rows["period"].astype(str),
                y=rows["count"],
                mode="lines",
                name=label,
                stackgroup="topics" if kind == "area" else None,
                line={"color": colour(index), "width": 3 if rising[topic] else 1.5},
                hovertemplate=f"{topic}: %{{y}} contacts<br>%{{x}}<extra></extra>",
            )
        )
    return layout(figure, title, "Period", "Contacts (count)")
