"""What a session summary holds: plain data the coach app gathers, the page renders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class ScoreChange:
    """An exercise's score at the previous take (``before``, None for a first take) and
    now, on the exercise's own scale ``low..high``; ``higher_is_better`` gives the
    direction and ``reading`` the interpretation band's words. ``measure`` says what the
    score measures and ``scale_words`` its scale as the exercise file words it
    ("0-100 % of invoiced revenue, lower is better")."""

    exercise: str
    before: float | None
    after: float
    low: float = 0.0
    high: float = 5.0
    higher_is_better: bool = True
    reading: str = ""
    measure: str = ""
    scale_words: str = ""

    @property
    def was(self) -> str:
        """The earlier score to three significant figures, or 'first take'."""
        return "first take" if self.before is None else f"{self.before:.3g}"

    @property
    def now(self) -> str:
        """The latest score to three significant figures."""
        return f"{self.after:.3g}"

    @property
    def scale(self) -> str:
        """The scale and direction in words: the exercise's own (:attr:`scale_words`),
        else made from the range, e.g. '0-5, higher is better'."""
        if self.scale_words:
            return self.scale_words
        better = "higher" if self.higher_is_better else "lower"
        return f"{self.low:g}-{self.high:g}, {better} is better"


KINDS = ("markers", "lines", "bars")


@dataclass(frozen=True)
class Series:
    """One set of marks of a :class:`Chart`, with its legend ``name``.

    ``kind``: "markers" (points at x, y), "lines" (a polyline through them) or "bars"
    (``across``: horizontal bars of length ``x`` for the categories ``y``; else
    vertical bars of height ``y`` for the categories ``x``). ``colour``, ``radius``
    (px) and ``symbol`` ("circle", "diamond" or "tick") are one value or one per point.
    """

    name: str
    x: Sequence
    y: Sequence
    kind: str = "markers"
    colour: str | Sequence[str] | None = None
    radius: float | Sequence[float] = 3.0
    symbol: str | Sequence[str] = "circle"
    outline: str | None = None
    opacity: float = 1.0
    across: bool = False
    legend: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"cannot draw {self.kind!r} as a static chart ({', '.join(KINDS)})")


@dataclass(frozen=True)
class Chart:
    """A chart to draw as SVG: its series, titles, axis ranges (default: the data's),
    tick values (default: about five round ones) and dotted reference lines at
    ``x_lines`` (vertical) and ``y_lines`` (horizontal)."""

    title: str
    x_title: str
    y_title: str
    series: tuple[Series, ...]
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    x_ticks: Sequence[float] | None = None
    y_ticks: Sequence[float] | None = None
    x_lines: Sequence[float] = ()
    y_lines: Sequence[float] = ()


@dataclass(frozen=True)
class SessionSummary:
    """One coaching session, ready to print.

    ``commitments``: the new commitments (columns ``text`` and ``due_on``). ``tables``
    and ``charts``: further sections by heading, in order (charts drawn as static SVG).
    ``highlights``: one sentence each (audit findings).
    ``context``: the line under the name (group, data as of...). ``imports``: what a
    thin workspace still lacks for the missing sections, {what: the command importing it}.
    """

    participant: str
    session_on: dt.date
    context: str = ""
    notes: str = ""
    decisions: Sequence[str] = ()
    commitments: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["text", "due_on"])
    )
    scores: Sequence[ScoreChange] = ()
    highlights: Sequence[str] = ()
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    charts: Mapping[str, Chart] = field(default_factory=dict)
    imports: Mapping[str, str] = field(default_factory=dict)
