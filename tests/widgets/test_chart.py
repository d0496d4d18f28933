"""A chart slot shows a plotly figure sized by its container: as plotly's output type by
default, in a frame drawn by the served plotly.js under ``retention serve``."""

from __future__ import annotations

import html
import json
import re

import plotly.graph_objects as go
import pytest

from toolkit.served import CHARTS_ENV, IFRAME_CHARTS
from toolkit.widgets.chart import CONFIG, PLOTLY_MIME, Chart, plotly_output


@pytest.fixture
def iframe_mode(monkeypatch):
    monkeypatch.setenv(CHARTS_ENV, IFRAME_CHARTS)


def frame_page(frame: str) -> str:
    """The document inside an ``<iframe srcdoc>``, unescaped."""
    (srcdoc,) = re.findall(r'srcdoc="([^"]*)"', frame)
    return html.unescape(srcdoc)


def drawn(frame: str) -> dict:
    """The figure the frame's script draws."""
    return json.loads(re.search(r"const figure = (.*);", frame_page(frame)).group(1))


def test_chart_is_responsive_and_replaceable():
    chart = Chart(go.Figure(go.Bar(x=[1], y=[2]), layout={"title": "First", "width": 900}))
    assert chart.frame is None
    (output,) = chart.output.outputs
    shown = output["data"][PLOTLY_MIME]
    assert shown["config"] == CONFIG
    assert "width" not in shown["layout"] and shown["layout"]["autosize"] is True
    assert shown["data"][0]["type"] == "bar"
    json.dumps(output)  # plain JSON, ready for the widget state
    assert chart.title == "First"
    chart.show(go.Figure(layout={"title": "Second"}))
    assert len(chart.output.outputs) == 1 and chart.title == "Second"


@pytest.mark.parametrize(("height", "shown"), [(None, 480), (300, 300)])
def test_a_chart_always_has_a_height(height, shown):
    figure = go.Figure(go.Scatter(x=[0], y=[1]), layout={"height": height})
    assert plotly_output(figure)["data"][PLOTLY_MIME]["layout"]["height"] == shown
    assert Chart(figure).output.layout.height == f"{shown}px"


def test_under_serve_the_chart_is_a_frame_drawn_by_the_served_plotly_js(iframe_mode):
    figure = go.Figure(go.Bar(x=["North"], y=[7]), layout={"title": "First", "width": 900})
    chart = Chart(figure)
    assert chart.output is None and chart.title == "First"
    frame = chart.frame.value
    assert frame.startswith("<iframe ") and "width: 100%; height: 480px; border: 0" in frame
    page = frame_page(frame)
    assert '<script src="../files/static/plotly.min.js"></script>' in page
    shown = drawn(frame)
    assert shown["data"][0] == {"type": "bar", "x": ["North"], "y": [7]}
    assert shown["layout"]["autosize"] is True and "width" not in shown["layout"]
    assert f'Plotly.newPlot("chart", figure.data, figure.layout, {json.dumps(CONFIG)})' in page
    chart.show(go.Figure(layout={"title": "Second", "height": 300}))
    assert chart.title == "Second" and "height: 300px; border: 0" in chart.frame.value


def test_labels_cannot_break_out_of_the_frame_or_its_script(iframe_mode):
    label = '</script><script>alert("x")</script> & "quoted"'
    chart = Chart(go.Figure(go.Bar(x=[label], y=[1]), layout={"title": label}))
    assert chart.frame.value.count("<") == 2  # <iframe ...></iframe>: all else is escaped
    assert frame_page(chart.frame.value).count("</script>") == 2  # plotly.js, the drawing
    assert drawn(chart.frame.value)["data"][0]["x"] == [label]
