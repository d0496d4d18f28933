"""Small charts as inline SVG, drawn from the data: no script, no browser, prints sharp.

Plotly's own static export (``to_image``, through kaleido) needs Chrome and takes 4-5 s
per chart on the 2-core test machine, more than the whole summary may take, and even
building a plotly figure costs more than the rest of the page. So the summary describes
its charts as plain data (:class:`Chart`, :class:`Series`) and draws them itself:

- :func:`chart_svg` draws points (circles, diamonds, ticks; sized in pixels), lines and
  horizontal or vertical bars, with the title, axis titles, ticks, legend and dotted
  reference lines;
- :func:`score_bars` draws each exercise's score before and after as two bars, the
  earlier one hollow, with the numbers written beside them (readable in black and white).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from toolkit.charts.palette import colour as palette_colour
from toolkit.summary.content import Chart, ScoreChange, Series

#: Drawing area of a chart (px): the printed page's column at 96 dpi.
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


def _numbers(values: Sequence) -> list[float]:
    """``values`` as floats, missing ones left out."""
    return [float(v) for v in values if v is not None and v == v]


def _range(
    given: tuple[float, float] | None, values: list[float], bars: bool
) -> tuple[float, float]:
    """The axis's ``given`` range, else the data's (from 0 for bars)."""
    if given is not None:
        return float(given[0]), float(given[1])
    low, high = min(values, default=0.0), max(values, default=1.0)
    low = min(low, 0.0) if bars else low
    pad = (high - low) * 0.05 or 1.0
    return low - (0 if bars and low == 0 else pad), high + pad


def _per_point(value: str | float | Sequence[str] | Sequence[float] | None, count: int) -> list:
    """A property as one value per point (a scalar repeated)."""
    if value is None or isinstance(value, str | int | float):
        return [value] * count
    return list(value)


def _symbol(symbol: str, a: float, b: float, r: float, paint: str = "") -> str:
    """One marker at (a, b) of radius ``r``: a diamond, a vertical tick or a circle;
    ``paint``: its own attributes (a fill of its own)."""
    if symbol == "diamond":
        corners = f"{a:.1f},{b - r:.1f} {a + r:.1f},{b:.1f} {a:.1f},{b + r:.1f} {a - r:.1f},{b:.1f}"
        return f'<polygon{paint} points="{corners}"/>'
    if symbol == "tick":
        return (
            f'<line{paint} x1="{a:.1f}" x2="{a:.1f}" y1="{b - r:.1f}" y2="{b + r:.1f}" '
            'stroke-width="2"/>'
        )
    return f'<circle{paint} cx="{a:.1f}" cy="{b:.1f}" r="{r:.1f}"/>'


def _points(series: Series, x: Axis | Bands, y: Axis | Bands, colour: str) -> str:
    """Markers or a polyline through the series' points."""
    pairs = zip(series.x, series.y, strict=False)
    points = [(x(a), y(b)) for a, b in pairs if a is not None and b is not None]
    if series.kind == "lines":
        path = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
        return f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
    radii = _per_point(series.radius, len(points))
    symbols = _per_point(series.symbol, len(points))
    fills = _per_point(series.colour, len(points))
    shapes = []
    for (a, b), r, symbol, fill in zip(points, radii, symbols, fills, strict=False):
        paint = f' fill="{fill}"' if isinstance(fill, str) and fill != colour else ""
        shapes.append(_symbol(str(symbol), a, b, float(r), paint))
    style = (
        f'fill="{colour}" fill-opacity="{series.opacity:g}" '
        f'stroke="{series.outline or colour}" stroke-width="1"'
    )
    return f"<g {style}>{''.join(shapes)}</g>"


def _bars(series: Series, values: Axis, bands: Bands, colour: str) -> str:
    """Bars from zero along ``values``, one per band, each with its value written past
    its end and its category before it; per-bar colours are kept."""
    amounts = series.x if series.across else series.y
    labels = series.y if series.across else series.x
    colours = _per_point(series.colour, len(amounts))
    thick = abs(bands.step) * 0.7
    parts = []
    for label, amount, fill in zip(labels, amounts, colours, strict=False):
        if amount is None or amount != amount:
            continue
        middle = bands(label)
        low, high = sorted((values(0), values(amount)))
        if series.across:
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


def _colour(series: Series, index: int) -> str:
    """The series' one colour, else the commonest of its points' colours (its legend
    key), else the palette's ``index``-th."""
    given = series.colour
    if isinstance(given, str):
        return given
    colours = list(given or [])
    return max(colours, key=colours.count) if colours else palette_colour(index)


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


def _reference_lines(chart: Chart, x: Axis | Bands, y: Axis | Bands) -> str:
    """The chart's dotted vertical (``x_lines``) and horizontal (``y_lines``) lines."""
    ends = [(x(at), y.start, x(at), y.stop) for at in chart.x_lines]
    ends += [(x.start, y(at), x.stop, y(at)) for at in chart.y_lines]
    return "".join(
        f'<line x1="{a:.1f}" y1="{b:.1f}" x2="{c:.1f}" y2="{d:.1f}" '
        'stroke="#555555" stroke-dasharray="2 3"/>'
        for a, b, c, d in ends
    )


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


def chart_svg(chart: Chart, *, width: int = WIDTH, height: int = HEIGHT) -> str:
    """``chart`` as an ``<svg>`` element that scales to its column."""
    bars = [s for s in chart.series if s.kind == "bars"]
    across = bool(bars) and bars[0].across
    left = MARGIN["l"] + (LABEL_PX if across else 0)
    box_x = (left, width - MARGIN["r"])
    box_y = (height - MARGIN["b"], MARGIN["t"])
    numeric = "x" if across or not bars else "y"
    found = [v for s in chart.series for v in _numbers(getattr(s, numeric))]
    given = chart.x_range if numeric == "x" else chart.y_range
    values = Axis(*_range(given, found, bool(bars)), *(box_x if numeric == "x" else box_y))
    if bars:
        labels = tuple(dict.fromkeys(str(v) for v in (bars[0].y if across else bars[0].x)))
        bands = Bands(labels, *box_y) if across else Bands(labels, *box_x)
        x, y = (values, bands) if across else (bands, values)
    else:
        ys = [v for s in chart.series for v in _numbers(s.y)]
        x, y = values, Axis(*_range(chart.y_range, ys, False), *box_y)
    body = [_reference_lines(chart, x, y)]
    for axis, other, ticks, vertical in ((x, y, chart.x_ticks, True), (y, x, chart.y_ticks, False)):
        if isinstance(axis, Axis):
            body.insert(0, _grid(axis, other, ticks, vertical))
    keys = []
    for index, series in enumerate(chart.series):
        colour = _colour(series, index)
        if series.kind == "bars":
            body.append(_bars(series, values, bands, colour))
        else:
            body.append(_points(series, x, y, colour))
        if series.name and series.legend:
            keys.append((series.name, colour))
    title = escape(chart.title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title or "chart"}" class="tk-svg" {FONT} font-size="11" '
        f'fill="{INK}"><text x="{MARGIN["l"]}" y="18" font-size="14" font-weight="bold">'
        f"{title}</text>{_legend(keys) if len(keys) > 1 else ''}{''.join(body)}"
        f'<text x="{(box_x[0] + box_x[1]) / 2:.0f}" y="{height - 6}" text-anchor="middle">'
        f'{escape(chart.x_title)}</text><text transform="translate(14 '
        f'{(box_y[0] + box_y[1]) / 2:.0f}) rotate(-90)" text-anchor="middle">'
        f"{escape(chart.y_title)}</text></svg>"
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
