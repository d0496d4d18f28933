"""Charts as inline SVG: every point and bar of the figure is drawn where plotly would
put it, with its number written out; kinds of chart it cannot draw are refused."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import plotly.graph_objects as go
import pytest

from toolkit.charts import client_map_bubble
from toolkit.charts.client_map import MAX_BUBBLE_PX
from toolkit.summary import ScoreChange
from toolkit.summary.svg import BAR, HEIGHT, MARGIN, WIDTH, figure_svg, score_bars

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.fixture
def client_map() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": ["a", "b", "c", "d"],
            "name": ["Alpha", "Beta", "Gamma", "Internal IT"],
            "fit": [0.9, 0.2, 0.6, 0.5],
            "health": [0.8, 0.3, 0.1, 0.5],
            "value": [1000.0, 250.0, 0.0, 500.0],
            "segment": ["cherish", "let go", "renegotiate", "develop"],
            "explanation": ["", "", "", ""],
            "is_internal": [False, False, False, True],
        }
    )


def test_client_map_draws_every_client_sized_as_plotly(client_map):
    root = parse(figure_svg(client_map_bubble(client_map)))
    circles = root.findall(f".//{SVG}circle")
    diamonds = root.findall(f".//{SVG}polygon")
    assert len(circles) == 3 and len(diamonds) == 1
    largest = max(float(c.get("r")) for c in circles)
    assert largest == pytest.approx(MAX_BUBBLE_PX / 2, abs=0.1)
    # Alpha (fit 0.9, health 0.8) on the axis range -0.12..1.12 of the plot area.
    x = MARGIN["l"] + (0.9 + 0.12) / 1.24 * (WIDTH - MARGIN["r"] - MARGIN["l"])
    y = HEIGHT - MARGIN["b"] - (0.8 + 0.12) / 1.24 * (HEIGHT - MARGIN["b"] - MARGIN["t"])
    alpha = next(c for c in circles if float(c.get("r")) == largest)
    assert (float(alpha.get("cx")), float(alpha.get("cy"))) == pytest.approx((x, y), abs=0.1)


def test_client_map_keeps_title_axes_legend_and_cut_offs(client_map):
    svg = figure_svg(client_map_bubble(client_map))
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    for expected in [
        "Client-base map",
        "Fit with the firm's strengths (0-1)",
        "cherish",
        "internal client",
    ]:
        assert expected in texts
    assert svg.count('stroke-dasharray="2 3"') == 2, "the fit and health cut-offs"


def test_horizontal_bars_are_labelled_and_proportional():
    figure = go.Figure(go.Bar(x=[50, 100], y=["short", "long"], orientation="h"))
    root = parse(figure_svg(figure))
    bars = root.findall(f".//{SVG}rect[@stroke-width='0.5']")
    widths = [float(b.get("width")) for b in bars]
    assert len(bars) == 2 and widths[1] / widths[0] == pytest.approx(2, rel=0.01)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"short", "long", "50", "100"} <= set(texts)


def test_vertical_bars_grow_upwards():
    root = parse(figure_svg(go.Figure(go.Bar(x=["Jan", "Feb"], y=[3, 6]))))
    bars = root.findall(f".//{SVG}rect[@stroke-width='0.5']")
    tops = [float(b.get("y")) for b in bars]
    bottoms = [float(b.get("y")) + float(b.get("height")) for b in bars]
    assert tops[1] < tops[0] and bottoms[0] == pytest.approx(bottoms[1])


@pytest.mark.parametrize("trace", [go.Heatmap(z=[[1, 2]]), go.Pie(values=[1, 2])])
def test_other_kinds_of_chart_are_refused(trace):
    with pytest.raises(ValueError, match="cannot draw"):
        figure_svg(go.Figure(trace))


def test_lines_are_a_polyline_through_every_point():
    svg = figure_svg(go.Figure(go.Scatter(x=[1, 2, 3, 4], y=[1, 3, 2, 4], mode="lines")))
    points = re.search(r'<polyline points="([^"]+)"', svg).group(1).split()
    assert len(points) == 4
    assert "<circle" not in svg


def test_score_bars_show_before_hollow_and_after_filled():
    svg = score_bars(
        [
            ScoreChange("Fit map", 2.0, 4.0, low=1, high=5),
            ScoreChange("Plan", None, 3, low=1, high=5),
        ]
    )
    root = parse(svg)
    hollow = [
        r
        for r in root.iter(f"{SVG}rect")
        if r.get("fill") == "none" and r.get("stroke") != "#d1d5db"
    ]
    filled = [r for r in root.iter(f"{SVG}rect") if r.get("fill") not in ("none",)]
    assert len(hollow) == 1, "only the retaken exercise has an earlier score"
    assert float(hollow[0].get("width")) == pytest.approx(BAR / 4)  # (2 - 1) / (5 - 1)
    assert [float(r.get("width")) for r in filled] == pytest.approx([BAR * 3 / 4, BAR / 2])
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2 → 4" in texts and "first take 3" in texts and "1-5, higher is better" in texts


def test_scores_outside_the_scale_stay_inside_the_frame():
    root = parse(score_bars([ScoreChange("Odd", -3, 9, low=0, high=5)]))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert max(widths) == BAR and min(widths) == 0 and not any(math.isnan(w) for w in widths)
