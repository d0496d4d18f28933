"""The summary's two charts as plain :class:`~toolkit.summary.content.Chart` data, drawn
from the analyses without plotly: the client-base map and the clients waiting longest.

They show what the apps' plotly charts show (:func:`toolkit.charts.client_map_bubble`,
:func:`toolkit.charts.attention_gap_bars`), in the same colours, for paper: no hover
text, numbers written out. Building them takes milliseconds; importing plotly and
building its figures took longer than the rest of the summary.
"""

from __future__ import annotations

import math

import pandas as pd

from toolkit.analytics.client_map import DEFAULT_THRESHOLDS, SEGMENTS
from toolkit.charts.palette import OKABE_ITO, SEGMENT_COLOURS
from toolkit.summary.content import Chart, Series

#: The largest client's bubble radius and the smallest bubble's (px).
LARGEST_PX, SMALLEST_PX = 20.0, 2.0
#: Both axes run a little past 0..1 so a large bubble at the edge is drawn whole.
MAP_RANGE = (-0.12, 1.12)
MAP_TICKS = (0, 0.25, 0.5, 0.75, 1)
OUTLINE = "#333333"
#: Bars of neglected clients, and of the others.
NEGLECTED, WAITING = OKABE_ITO[5], OKABE_ITO[1]


def bubble_radii(values: pd.Series) -> list[float]:
    """Radii (px) with areas proportional to ``values`` (negatives as 0): the largest
    :data:`LARGEST_PX`, none below :data:`SMALLEST_PX`."""
    amounts = values.clip(lower=0).fillna(0)
    largest = float(amounts.max()) if len(amounts) else 0.0
    if largest <= 0:
        return [SMALLEST_PX] * len(amounts)
    return [max(SMALLEST_PX, LARGEST_PX * math.sqrt(v / largest)) for v in amounts]


def client_map_chart(frame: pd.DataFrame, title: str = "Client-base map") -> Chart:
    """One bubble per client of a :func:`~toolkit.analytics.client_map` frame: fit
    across, health up, area proportional to value, colour by segment (one series per
    segment), internal clients as diamonds with a legend key of their own, dotted lines
    at the default fit and health cut-offs."""
    internal = (
        frame["is_internal"].fillna(False).astype(bool)
        if "is_internal" in frame.columns
        else pd.Series(False, index=frame.index)
    )
    radius = pd.Series(bubble_radii(frame["value"]), index=frame.index)
    series = []
    for segment in SEGMENTS:
        rows = frame[frame["segment"] == segment]
        if rows.empty:
            continue
        series.append(
            Series(
                segment,
                rows["fit"].to_list(),
                rows["health"].to_list(),
                colour=SEGMENT_COLOURS[segment],
                radius=radius[rows.index].to_list(),
                symbol=["diamond" if flag else "circle" for flag in internal[rows.index]],
                outline=OUTLINE,
                opacity=0.8,
            )
        )
    if internal.any():
        key = Series("internal client", [], [], colour="#ffffff", symbol="diamond")
        series.append(key)
    return Chart(
        title,
        "Fit with the firm's strengths (0-1)",
        "Relationship health (0-1)",
        tuple(series),
        x_range=MAP_RANGE,
        y_range=MAP_RANGE,
        x_ticks=MAP_TICKS,
        y_ticks=MAP_TICKS,
        x_lines=(DEFAULT_THRESHOLDS["fit"],),
        y_lines=(DEFAULT_THRESHOLDS["health"],),
    )


def client_names(rows: pd.DataFrame) -> list[str]:
    """Each row's client ``name`` (its id when it has none), the id added to a name
    that several of the rows share, so no two bars merge."""
    ids = rows["client_id"].astype(str)
    names = rows["name"].fillna(ids).astype(str) if "name" in rows.columns else ids
    shared = names.duplicated(keep=False) & (names != ids)
    return [f"{n} ({i})" if twice else n for n, i, twice in zip(names, ids, shared, strict=True)]


def waiting_chart(
    gaps: pd.DataFrame, top: int, title: str = "Clients waiting longest for a contact"
) -> Chart:
    """The first ``top`` rows of an :func:`~toolkit.analytics.attention_gaps` frame as
    horizontal bars of the days since the last contact (neglected clients in
    vermillion), the first at the top, with a tick at the cadence each deserves."""
    rows = gaps.head(top).iloc[::-1]
    labels = client_names(rows)
    return Chart(
        title,
        "Days since last meaningful contact",
        "Client",
        (
            Series(
                "Days since last contact",
                rows["days_since_contact"].to_list(),
                labels,
                kind="bars",
                across=True,
                colour=[NEGLECTED if flag else WAITING for flag in rows["neglected"]],
            ),
            Series(
                "Deserved cadence",
                rows["cadence_days"].to_list(),
                labels,
                colour="#000000",
                radius=9,
                symbol="tick",
            ),
        ),
    )
