"""Charts as inline SVG: every point and bar of a chart is drawn where its axes put it,
with its number written out; kinds of chart it cannot draw are refused."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from toolkit.summary import ScoreChange
from toolkit.summary.content import Chart, Series
from toolkit.summary.svg import BAR, HEIGHT, MARGIN, WIDTH, chart_svg, score_bars

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_points_are_placed_on_the_given_ranges_with_their_own_sizes_and_shapes():
    chart = Chart(
        "Map",
        "Fit",
        "Health",
        (Series("a", [0.9, 0.2], [0.8, 0.3], radius=[20, 5], symbol=["circle", "diamond"]),),
        x_range=(-0.12, 1.12),
        y_range=(-0.12, 1.12),
    )
    root = parse(chart_svg(chart))
    (circle,) = root.findall(f".//{SVG}circle")
    assert len(root.findall(f".//{SVG}polygon")) == 1
    # (0.9, 0.8) on the range -0.12..1.12 of the plot area
    x = MARGIN["l"] + (0.9 + 0.12) / 1.24 * (WIDTH - MARGIN["r"] - MARGIN["l"])
    y = HEIGHT - MARGIN["b"] - (0.8 + 0.12) / 1.24 * (HEIGHT - MARGIN["b"] - MARGIN["t"])
    assert (float(circle.get("cx")), float(circle.get("cy"))) == pytest.approx((x, y), abs=0.1)
    assert float(circle.get("r")) == 20


def test_title_axes_legend_and_dotted_reference_lines():
    chart = Chart(
        "Client-base map",
        "Fit (0-1)",
        "Health (0-1)",
        (Series("cherish", [0.5], [0.5]), Series("let go", [0.1], [0.2])),
        x_lines=(0.5,),
        y_lines=(0.4,),
    )
    svg = chart_svg(chart)
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert {"Client-base map", "Fit (0-1)", "Health (0-1)", "cherish", "let go"} <= set(texts)
    assert svg.count('stroke-dasharray="2 3"') == 2


def test_horizontal_bars_are_labelled_and_proportional():
    chart = Chart("", "", "", (Series("d", [50, 100], ["short", "long"], "bars", across=True),))
    root = parse(chart_svg(chart))
    bars = root.findall(f".//{SVG}rect[@stroke-width='0.5']")
    widths = [float(b.get("width")) for b in bars]
    assert len(bars) == 2 and widths[1] / widths[0] == pytest.approx(2, rel=0.01)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"short", "long", "50", "100"} <= set(texts)


def test_vertical_bars_grow_upwards():
    root = parse(chart_svg(Chart("", "", "", (Series("n", ["Jan", "Feb"], [3, 6], "bars"),))))
    bars = root.findall(f".//{SVG}rect[@stroke-width='0.5']")
    tops = [float(b.get("y")) for b in bars]
    bottoms = [float(b.get("y")) + float(b.get("height")) for b in bars]
    assert tops[1] < tops[0] and bottoms[0] == pytest.approx(bottoms[1])


def test_other_kinds_of_chart_are_refused():
    with pytest.raises(ValueError, match="cannot draw 'pie'"):
        Series("share", [1, 2], [3, 4], kind="pie")


def test_lines_are_a_polyline_through_every_point():
    svg = chart_svg(Chart("", "", "", (Series("t", [1, 2, 3, 4], [1, 3, 2, 4], "lines"),)))
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


def test_a_legend_key_takes_the_commonest_colour_of_its_points():
    colours = ["#111", "#222", "#222"]
    bars = Series("days", [3, 5, 8], ["a", "b", "c"], "bars", colour=colours, across=True)
    chart = Chart("", "", "", (bars, Series("cadence", [2, 2, 2], ["a", "b", "c"], colour="#000")))
    keys = [r for r in parse(chart_svg(chart)).iter(f"{SVG}rect") if r.get("width") == "10"]
    assert [k.get("fill") for k in keys] == ["#222", "#000"]
