"""The summary's charts as plain data: bubbles with areas proportional to value (checked
by hand), internal clients as diamonds, the cut-offs, and the waiting clients longest
first with neglected ones in their own colour and shared names told apart."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.analytics.client_map import DEFAULT_THRESHOLDS
from toolkit.summary.charts import (
    LARGEST_PX,
    NEGLECTED,
    SMALLEST_PX,
    WAITING,
    bubble_radii,
    client_map_chart,
    waiting_chart,
)


def test_bubble_areas_are_proportional_to_value():
    # value 100 -> the largest radius; 25 -> half of it (a quarter of the area);
    # 0 and a negative value -> the smallest bubble
    assert bubble_radii(pd.Series([100.0, 25.0, 0.0, -5.0])) == pytest.approx(
        [LARGEST_PX, LARGEST_PX / 2, SMALLEST_PX, SMALLEST_PX]
    )
    assert bubble_radii(pd.Series([0.0, 0.0])) == [SMALLEST_PX, SMALLEST_PX]


def test_client_map_has_a_series_per_segment_and_internal_clients_as_diamonds():
    frame = pd.DataFrame(
        {
            "client_id": ["a", "b", "c", "d"],
            "fit": [0.9, 0.2, 0.6, 0.5],
            "health": [0.8, 0.3, 0.1, 0.5],
            "value": [1000.0, 250.0, 0.0, 500.0],
            "segment": ["cherish", "let go", "cherish", "develop"],
            "is_internal": [False, False, True, False],
        }
    )
    chart = client_map_chart(frame)
    series = {s.name: s for s in chart.series}
    assert list(series) == ["cherish", "develop", "let go", "internal client"]
    assert series["cherish"].x == [0.9, 0.6] and series["cherish"].y == [0.8, 0.1]
    assert series["cherish"].symbol == ["circle", "diamond"]
    assert series["cherish"].radius == pytest.approx([LARGEST_PX, SMALLEST_PX])
    assert series["let go"].radius == pytest.approx([LARGEST_PX / 2])  # a quarter of 1000
    assert chart.x_lines == (DEFAULT_THRESHOLDS["fit"],)
    assert chart.y_lines == (DEFAULT_THRESHOLDS["health"],)


def test_waiting_clients_longest_first_at_the_top_neglected_in_their_colour():
    gaps = pd.DataFrame(
        {
            "client_id": ["c1", "c2", "c3", "c4"],
            "name": ["Acme", "Acme", "Birch", None],
            "days_since_contact": [90, 60, 30, 10],
            "cadence_days": [30, 30, 30, 30],
            "neglected": [True, True, False, False],
        }
    )
    bars, ticks = waiting_chart(gaps, top=3).series
    # bands are filled from the bottom, so the longest wait comes last
    assert bars.y == ["Birch", "Acme (c2)", "Acme (c1)"]
    assert bars.x == [30, 60, 90]
    assert bars.colour == [WAITING, NEGLECTED, NEGLECTED]
    assert ticks.x == [30, 30, 30] and ticks.symbol == "tick"
