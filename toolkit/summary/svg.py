"""Small charts as inline SVG, drawn from the data: no script, no browser, prints sharp.

Plotly's own static export (``to_image``, through kaleido) needs Chrome and takes 4-5 s
per chart on the 2-core test machine, more than the whole summary may take. So the
summary draws the two kinds of chart it shows itself:

- :func:`figure_svg` renders a plotly figure made of scatter (markers or lines) and bar
  traces, with its title, axis titles, ticks, legend and dotted reference lines;
- :func:`score_bars` draws each exercise's score before and after as two bars, the
  earlier one hollow, with the numbers written beside them (readable in black and white).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from toolkit.charts.palette import OKABE_ITO
from toolkit.summary.content import ScoreChange

#: Drawing area of a figure (px): the printed page's column at 96 dpi.
WIDTH, HEIGHT = 640, 340
#: Room for the category names left of horizontal bars (px), and the longest name shown.
LABEL_PX, LABEL_CHARS = 110, 26
MARGIN = {"l": 56, "r": 16, "t": 56, "b": 44}
FONT = 'font-family="Arial, Helvetica, sans-serif"'
INK = "#1f2937"


@dataclass(frozen=True)
class Axis:
    """A linear map from data values in ``low..high`` to pixels ``start..stop``."""

    low: float
    high: float
    start: float
    stop: float

    def __call__(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.start + (value - self.low) / span * (self.stop - self.start)

    def ticks(self, given: Sequence[float] | None) -> list[float]:
        """``given`` tick values, or about five round ones within the range."""
        if given:
            return [float(t) for t in given]
        step = _nice_step((self.high - self.low) / 5)
        first = math.ceil(self.low / step) * step
        return [first + i * step for i in range(int((self.high - first) / step) + 1)]


@dataclass(frozen=True)
class Bands:
    """Categories (a bar chart's labels) in equal bands from pixel ``start`` to ``stop``."""

    labels: tuple[str, ...]
    start: float
    stop: float

    @property
    def step(self) -> float:
        return (self.stop - self.start) / max(len(self.labels), 1)

    def __call__(self, label: object) -> float:
        """The middle of ``label``'s band."""
        return self.start + self.step * (self.labels.index(str(label)) + 0.5)


def _nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least ``raw``."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _number(value: float) -> str:
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _values(trace: go.BaseTraceType, name: str) -> list[float]:
    """A trace's coordinate ``name`` as floats, missing values left out."""
    return [float(v) for v in _raw(trace, name) if v is not None and v == v]


def _range(figure: go.Figure, axis: str, values: list[float]) -> tuple[float, float]:
    """The axis's range from the layout, else the data's (from 0 for bars)."""
    given = getattr(figure.layout, f"{axis}axis").range
    if given is not None:
        return float(given[0]), float(given[1])
    bars = any(isinstance(t, go.Bar) for t in figure.data)
    low, high = min(values, default=0.0), max(values, default=1.0)
    low = min(low, 0.0) if bars else low
    pad = (high - low) * 0.05 or 1.0
    return low - (0 if bars and low == 0 else pad), high + pad


def _radius(marker: go.scatter.Marker, size: float | None) -> float:
    """A marker's radius (px) as plotly draws it (sizemode, sizeref, sizemin)."""
    if size is None or size != size:
        return 3.0
    ref = marker.sizeref or 1.0
    radius = math.sqrt(size / 2 / ref) if marker.sizemode == "area" else size / 2 / ref
    return max(radius, (marker.sizemin or 0) / 2)


def _per_point(value: object, count: int) -> list:
    """A marker property as one value per point (a scalar repeated)."""
    if value is None or isinstance(value, str | int | float):
        return [value] * count
    return list(value)


def _raw(trace: go.BaseTraceType, name: str) -> list:
    """A trace's coordinate ``name`` as given (categories, numbers or None)."""
    values = getattr(trace, name)
    return [] if values is None else list(values)


def _symbol(symbol: str, a: float, b: float, r: float) -> str:
    """One marker at (a, b) of radius ``r``: a diamond, a vertical tick (``line-ns``) or
    a circle (every other symbol)."""
    if symbol.startswith("diamond"):
        corners = f"{a:.1f},{b - r:.1f} {a + r:.1f},{b:.1f} {a:.1f},{b + r:.1f} {a - r:.1f},{b:.1f}"
        return f'<polygon points="{corners}"/>'
    if symbol.startswith("line-ns"):
        return (
            f'<line x1="{a:.1f}" x2="{a:.1f}" y1="{b - r:.1f}" y2="{b + r:.1f}" stroke-width="2"/>'
        )
    return f'<circle cx="{a:.1f}" cy="{b:.1f}" r="{r:.1f}"/>'


def _scatter(trace: go.Scatter, x: Axis | Bands, y: Axis | Bands, colour: str) -> str:
    """Markers (circles or diamonds, sized as plotly sizes them) and/or a polyline."""
    pairs = zip(_raw(trace, "x"), _raw(trace, "y"), strict=False)
    points = [(x(a), y(b)) for a, b in pairs if a is not None and b is not None]
    mode = trace.mode or "lines+markers"
    line = ""
    if "lines" in mode:
        path = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
        line = f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
    if "markers" not in mode:
        return line
    marker = trace.marker
    sizes = _per_point(marker.size, len(points))
    symbols = _per_point(marker.symbol, len(points))
    opacity = marker.opacity if isinstance(marker.opacity, int | float) else 1
    outline = (marker.line.color if marker.line else None) or colour
    shapes = []
    for (a, b), size, symbol in zip(points, sizes, symbols, strict=False):
        r = _radius(marker, size)
        shapes.append(_symbol(str(symbol or "circle"), a, b, r))
    style = f'fill="{colour}" fill-opacity="{opacity}" stroke="{outline}" stroke-width="1"'
    return f"{line}<g {style}>{''.join(shapes)}</g>"


def _bars(trace: go.Bar, values: Axis, bands: Bands, colour: str) -> str:
    """Bars from zero along ``values``, one per band, each with its value written past
    its end and its category before it; per-bar colours are kept."""
    across = trace.orientation == "h"
    amounts = _raw(trace, "x" if across else "y")
    labels = _raw(trace, "y" if across else "x")
    colours = _per_point(trace.marker.color if trace.marker else None, len(amounts))
    thick = abs(bands.step) * 0.7
    parts = []
    for label, amount, fill in zip(labels, amounts, colours, strict=False):
        if amount is None or amount != amount:
            continue
        middle = bands(label)
        low, high = sorted((values(0), values(amount)))
        if across:
            box = (low, middle - thick / 2, high - low, thick)
            value_at = f'x="{high + 4:.1f}" y="{middle + 4:.1f}"'
            label_at = f'x="{values.start - 6:.1f}" y="{middle + 4:.1f}" text-anchor="end"'
        else:
            box = (middle - thick / 2, low, thick, high - low)
            value_at = f'x="{middle:.1f}" y="{low - 4:.1f}" text-anchor="middle"'
            label_at = f'x="{middle:.1f}" y="{values.start + 16:.1f}" text-anchor="middle"'
        parts.append(
            f'<rect x="{box[0]:.1f}" y="{box[1]:.1f}" width="{box[2]:.1f}" '
            f'height="{box[3]:.1f}" fill="{fill if isinstance(fill, str) else colour}" '
            f'stroke="{INK}" stroke-width="0.5"/>'
            f"<text {value_at}>{_number(amount)}</text>"
            f"<text {label_at}>{escape(_short(label))}</text>"
        )
    return "".join(parts)


def _short(label: object) -> str:
    """A category name cut to :data:`LABEL_CHARS` characters."""
    text = str(label)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _colour(trace: go.BaseTraceType, index: int) -> str:
    colour = trace.marker.color if trace.marker else None
    return colour if isinstance(colour, str) else OKABE_ITO[index % len(OKABE_ITO)]


def _grid(axis: Axis, other: Axis | Bands, given: Sequence[float] | None, vertical: bool) -> str:
    """Grid lines and tick labels of a numeric axis (``vertical``: the x axis)."""
    parts = []
    for tick in axis.ticks(given):
        at = axis(tick)
        if vertical:
            line = f'x1="{at:.1f}" x2="{at:.1f}" y1="{other.start:.1f}" y2="{other.stop:.1f}"'
            text = f'x="{at:.1f}" y="{other.start + 14:.1f}" text-anchor="middle"'
        else:
            line = f'x1="{other.start:.1f}" x2="{other.stop:.1f}" y1="{at:.1f}" y2="{at:.1f}"'
            text = f'x="{other.start - 6:.1f}" y="{at + 4:.1f}" text-anchor="end"'
        parts.append(f'<line {line} stroke="#d1d5db"/><text {text}>{_number(tick)}</text>')
    return "".join(parts)


def _reference_lines(figure: go.Figure, x: Axis, y: Axis) -> str:
    """The figure's vertical and horizontal lines (``add_vline``, ``add_hline``), dotted."""
    parts = []
    for shape in figure.layout.shapes:
        if shape.type != "line":
            continue
        if shape.x0 == shape.x1 and str(shape.xref).startswith("x"):
            ends = (x(shape.x0), y.start, x(shape.x0), y.stop)
        elif shape.y0 == shape.y1 and str(shape.yref).startswith("y"):
            ends = (x.start, y(shape.y0), x.stop, y(shape.y0))
        else:
            continue
        parts.append(
            f'<line x1="{ends[0]:.1f}" y1="{ends[1]:.1f}" x2="{ends[2]:.1f}" y2="{ends[3]:.1f}" '
            'stroke="#555555" stroke-dasharray="2 3"/>'
        )
    return "".join(parts)


def _legend(names: list[tuple[str, str]]) -> str:
    """A row of colour keys and names under the title."""
    parts, at = [], float(MARGIN["l"])
    for name, colour in names:
        parts.append(
            f'<rect x="{at:.0f}" y="30" width="10" height="10" fill="{colour}" stroke="{INK}"/>'
            f'<text x="{at + 14:.0f}" y="39">{escape(name)}</text>'
        )
        at += 24 + 7 * len(name)
    return "".join(parts)


def _text(value: object) -> str:
    return escape(str(value)) if value else ""


def figure_svg(figure: go.Figure, *, width: int = WIDTH, height: int = HEIGHT) -> str:
    """``figure`` (scatter and bar traces) as an ``<svg>`` element that scales to its column.

    Raises :class:`ValueError` for other kinds of trace (heatmaps, pies...), which a
    summary should show as a table instead.
    """
    unknown = {t.type for t in figure.data} - {"scatter", "bar"}
    if unknown:
        raise ValueError(f"cannot draw {', '.join(sorted(unknown))} traces as a static chart")
    bars = [t for t in figure.data if t.type == "bar"]
    across = bool(bars) and bars[0].orientation == "h"
    left = MARGIN["l"] + (LABEL_PX if across else 0)
    box_x = (left, width - MARGIN["r"])
    box_y = (height - MARGIN["b"], MARGIN["t"])
    numeric = "x" if across or not bars else "y"
    found = [v for t in figure.data for v in _values(t, numeric)]
    values = Axis(*_range(figure, numeric, found), *(box_x if numeric == "x" else box_y))
    if bars:
        labels = tuple(dict.fromkeys(str(v) for v in _raw(bars[0], "y" if across else "x")))
        bands = Bands(labels, *box_y) if across else Bands(labels, *box_x)
        x, y = (values, bands) if across else (bands, values)
    else:
        ys = [v for t in figure.data for v in _values(t, "y")]
        x, y = values, Axis(*_range(figure, "y", ys), *box_y)
    body = [_reference_lines(figure, x, y)]
    for axis, other, name in ((x, y, "x"), (y, x, "y")):
        if isinstance(axis, Axis):
            given = getattr(figure.layout, f"{name}axis").tickvals
            body.insert(0, _grid(axis, other, given, vertical=name == "x"))
    keys = []
    for index, trace in enumerate(figure.data):
        colour = _colour(trace, index)
        if trace.type == "bar":
            body.append(_bars(trace, values, bands, colour))
        else:
            body.append(_scatter(trace, x, y, colour))
        if trace.name and trace.showlegend is not False:
            keys.append((str(trace.name), colour))
    title = _text(figure.layout.title.text)
    x_title = _text(figure.layout.xaxis.title.text)
    y_title = _text(figure.layout.yaxis.title.text)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title or "chart"}" class="tk-svg" {FONT} font-size="11" '
        f'fill="{INK}"><text x="{MARGIN["l"]}" y="18" font-size="14" font-weight="bold">'
        f"{title}</text>{_legend(keys) if len(keys) > 1 else ''}{''.join(body)}"
        f'<text x="{(box_x[0] + box_x[1]) / 2:.0f}" y="{height - 6}" text-anchor="middle">'
        f'{x_title}</text><text transform="translate(14 {(box_y[0] + box_y[1]) / 2:.0f}) '
        f'rotate(-90)" text-anchor="middle">{y_title}</text></svg>'
    )


#: Geometry of :func:`score_bars` (px): label column, bar length, height of one exercise.
LABEL, BAR, ROW = 190, 300, 50


def score_bars(scores: Sequence[ScoreChange]) -> str:
    """Each exercise's score before (hollow bar) and after (filled bar) on its own scale,
    with both numbers beside the bars and the scale and its direction written under them."""
    parts = []
    for i, score in enumerate(scores):
        top = 8 + i * ROW
        span = (score.high - score.low) or 1.0

        def length(value: float) -> float:
            return max(0.0, min(1.0, (value - score.low) / span)) * BAR  # noqa: B023

        was = score.was + ("" if score.before is None else " →")
        parts.append(
            f'<text x="{LABEL - 8}" y="{top + 14}" text-anchor="end">'
            f"{escape(score.exercise)}</text>"
            f'<rect x="{LABEL}" y="{top}" width="{BAR}" height="22" fill="none" '
            f'stroke="#d1d5db"/>'
            f'<rect x="{LABEL}" y="{top + 12}" width="{length(score.after):.1f}" height="10" '
            f'fill="{INK}"/>'
            f'<text x="{LABEL + BAR + 8}" y="{top + 16}">{was} {score.now}</text>'
            f'<text x="{LABEL}" y="{top + 36}" fill="#4b5563">{escape(score.scale)}</text>'
        )
        if score.before is not None:
            parts.append(
                f'<rect x="{LABEL}" y="{top + 1}" width="{length(score.before):.1f}" '
                f'height="9" fill="none" stroke="{INK}"/>'
            )
    height = 8 + ROW * len(scores)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LABEL + BAR + 150} {height}" '
        f'role="img" aria-label="Exercise scores before and after" class="tk-svg" {FONT} '
        f'font-size="11" fill="{INK}">{"".join(parts)}</svg>'
    )
