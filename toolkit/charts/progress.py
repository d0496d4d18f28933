"""Progress charts: a result against its bands, score history, commitment burndown and the
monthly-target streak calendar. Pure builders: data in, plotly Figure out.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from toolkit.charts.palette import OKABE_ITO, colour, layout
from toolkit.exercises import Band

#: Band colours from worst to best (Okabe-Ito: vermillion, orange, yellow, green, blue).
BAND_COLOURS = ("#D55E00", "#E69F00", "#F0E442", "#009E73", "#0072B2")
LINE_COLOUR = OKABE_ITO[7]


def band_colours(bands: Sequence[Band], higher_is_better: bool = True) -> dict[str, str]:
    """A colour per band id: from vermillion for the worst band to green for the best."""
    ordered = list(bands) if higher_is_better else list(reversed(bands))
    red, orange, yellow, green, blue = BAND_COLOURS
    palettes = {
        1: [green],
        2: [red, green],
        3: [red, yellow, green],
        4: [red, orange, yellow, green],
    }
    palette = palettes.get(len(ordered), [red, orange, yellow, green] + [blue] * len(ordered))
    return {band.id: palette[i] for i, band in enumerate(ordered)}


def _sized(figure: go.Figure, height: int) -> go.Figure:
    """Fit a phone: the figure takes its container's width, with a fixed height."""
    figure.update_layout(height=height, autosize=True)
    return figure


def _over_time(
    frame: pd.DataFrame, column: str, name: str, mode: str = "lines+markers", **style: object
) -> go.Scatter:
    """A line of ``frame[column]`` over ``frame["date"]``, named for the legend."""
    return go.Scatter(x=frame["date"], y=frame[column], mode=mode, name=name, **style)


def _nothing_yet(title: str, message: str) -> go.Figure:
    """A small figure that says there is nothing to show yet, instead of empty axes."""
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _sized(layout(figure, title, "", ""), 200)


def result_chart(
    total: float | None,
    bands: Sequence[Band],
    label: str = "Score",
    higher_is_better: bool = True,
    unit: str = "",
) -> go.Figure:
    """The total as a marker on a bar of coloured interpretation bands (a 'nothing yet'
    note while there is no total or no bands)."""
    if total is None or pd.isna(total) or not bands:
        return _nothing_yet(label, "No score yet")
    colours = band_colours(bands, higher_is_better)
    figure = go.Figure()
    for band in bands:
        figure.add_trace(
            go.Bar(
                x=[band.max - band.min],
                base=[band.min],
                y=[label],
                orientation="h",
                marker={"color": colours[band.id], "opacity": 0.55},
                name=band.label,
                hovertemplate=f"{band.label}: {band.min:g} to {band.max:g}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[total],
            y=[label],
            mode="markers+text",
            marker={"symbol": "diamond", "size": 18, "color": LINE_COLOUR},
            text=[f"{total:.3g}{unit}"],
            textposition="top center",
            name="Your score",
        )
    )
    figure.update_xaxes(range=[bands[0].min, bands[-1].max])
    figure.update_yaxes(showticklabels=False)
    figure.update_layout(barmode="overlay", showlegend=True)
    return _sized(layout(figure, label, f"{label} ({unit})" if unit else label, ""), 260)


def score_history_chart(
    history: pd.DataFrame,
    bands: Sequence[Band] = (),
    higher_is_better: bool = True,
    title: str = "Scores over time",
) -> go.Figure:
    """Lines of ``total`` over ``date`` (see :func:`toolkit.progress.score_history`), one
    per exercise and participant, over shaded bands when given (a 'nothing yet' note while
    there are no results)."""
    if history.empty:
        return _nothing_yet(title, "No scores yet")
    figure = go.Figure()
    colours = band_colours(bands, higher_is_better)
    for band in bands:
        figure.add_hrect(
            y0=band.min,
            y1=band.max,
            fillcolor=colours[band.id],
            opacity=0.15,
            line_width=0,
            annotation_text=band.label,
            annotation_position="top left",
        )
    for (participant, exercise), frame in history.groupby(["participant_id", "exercise_id"]):
        name = (
            exercise if history["participant_id"].nunique() == 1 else f"{participant}: {exercise}"
        )
        figure.add_trace(
            _over_time(frame, "total", name, line={"color": colour(len(figure.data) + 4)})
        )
    return _sized(layout(figure, title, "Date", "Score"), 340)


def burndown_chart(burndown: pd.DataFrame, title: str = "Commitments") -> go.Figure:
    """Open commitments (and closed ones, dotted) over time from
    :func:`toolkit.progress.commitment_burndown`; a 'nothing yet' note without any."""
    if burndown.empty:
        return _nothing_yet(title, "No commitments yet")
    figure = go.Figure(
        [
            _over_time(burndown, "open", "Open", line={"color": BAND_COLOURS[0], "shape": "hv"}),
            _over_time(
                burndown,
                "closed",
                "Closed",
                mode="lines",
                line={"color": BAND_COLOURS[3], "dash": "dot", "shape": "hv"},
            ),
        ]
    )
    figure.update_yaxes(rangemode="tozero")
    return _sized(layout(figure, title, "Date", "Commitments (count)"), 320)


def streak_calendar_chart(streaks: pd.DataFrame, title: str = "Monthly targets") -> go.Figure:
    """A calendar of months (columns) per participant (rows) coloured by targets done, with
    the running streak written in each cell (from :func:`toolkit.progress.monthly_streaks`);
    a 'nothing yet' note without any month."""
    if streaks.empty:
        return _nothing_yet(title, "No monthly targets yet")
    months = pd.period_range(streaks["month"].min(), streaks["month"].max(), freq="M")
    done = streaks.pivot(index="participant_id", columns="month", values="done").reindex(
        columns=months
    )
    streak = streaks.pivot(index="participant_id", columns="month", values="streak").reindex(
        columns=months
    )
    text = streak.map(lambda s: "" if pd.isna(s) or s == 0 else f"{int(s)}")
    figure = go.Figure(
        go.Heatmap(
            z=done.to_numpy(),
            x=[str(m) for m in months],
            y=list(done.index),
            text=text.to_numpy(),
            texttemplate="%{text}",
            zmin=0,
            zmax=6,
            colorscale=[[0, "#f3f4f6"], [0.5, BAND_COLOURS[2]], [1, BAND_COLOURS[3]]],
            colorbar={"title": "done"},
            hovertemplate="%{y} %{x}: %{z} done<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    return _sized(layout(figure, title, "Month", "Participant"), 160 + 40 * len(done))
