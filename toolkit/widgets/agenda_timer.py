"""A meeting's agenda with a timer per segment that ticks in the browser.

The clock is drawn by the style sheet alone: the kernel writes the seconds left (or
already over) when a segment starts or the page is shown again, and a CSS animation of
a registered integer property counts them down, so the page needs no message from the
kernel each second. When the planned minutes run out the clock turns red and counts the
time over.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit.widgets.layouts import FULL

#: How long an overrunning segment keeps counting (seconds): any meeting ends sooner.
OVER_LIMIT_S = 6 * 3600
#: The clock's rules: ``--tk-left`` counts seconds, minutes and seconds derive from it
#: (an integer property rounds, so (left - 30) / 60 is the whole minutes).
STYLE = """<style>
@property --tk-left { syntax: '<integer>'; inherits: false; initial-value: 0; }
@property --tk-min { syntax: '<integer>'; inherits: false; initial-value: 0; }
@property --tk-sec { syntax: '<integer>'; inherits: false; initial-value: 0; }
.tk-clock { --tk-min: max(0, calc((var(--tk-left) - 30) / 60));
  --tk-sec: calc(var(--tk-left) - var(--tk-min) * 60);
  counter-reset: tk-min var(--tk-min) tk-sec var(--tk-sec);
  font-size: 2em; font-weight: 600; font-variant-numeric: tabular-nums; }
.tk-clock::before { content: counter(tk-min) ":" counter(tk-sec, decimal-leading-zero); }
.tk-clock.left::after { content: " left"; font-size: 0.5em; font-weight: 400; }
.tk-clocks { display: inline-grid; }
.tk-clocks > .tk-clock { grid-area: 1 / 1; }
.tk-clock.over { color: #b91c1c; visibility: hidden; }
.tk-clock.over::after { content: " over time"; font-size: 0.5em; font-weight: 600; }
@keyframes tk-hide { from, to { visibility: hidden; } }
@keyframes tk-show { from, to { visibility: visible; } }
ol.tk-agenda { margin: 4px 0 8px; padding-left: 1.4em; }
ol.tk-agenda li.now { font-weight: 600; }
ol.tk-agenda li.past { color: #6b7280; }
</style>"""


def clock_html(planned_s: int, elapsed_s: int) -> str:
    """The clock of a segment planned for ``planned_s`` seconds, ``elapsed_s`` into it:
    a countdown of the seconds left that, at zero, gives way to a red count of the
    seconds over. Each animation is named after its start value, so the same start
    always means the same rules."""
    left = planned_s - elapsed_s
    over = max(0, -left)
    down = f"tk-down-{max(left, 0)}"
    up = f"tk-up-{over}"
    wait = max(left, 0)
    return (
        f"<style>@keyframes {down} {{ from {{ --tk-left: {max(left, 0)}; }} "
        f"to {{ --tk-left: 0; }} }}"
        f"@keyframes {up} {{ from {{ --tk-left: {over}; }} "
        f"to {{ --tk-left: {over + OVER_LIMIT_S}; }} }}</style>"
        f'<span class="tk-clocks"><span class="tk-clock left" data-left="{left}" '
        f'style="animation: {down} {wait}s linear forwards, '
        f'tk-hide 1ms linear {wait}s forwards"></span>'
        f'<span class="tk-clock over" style="animation: {up} {OVER_LIMIT_S}s linear '
        f'{wait}s forwards, tk-show 1ms linear {wait}s forwards"></span></span>'
    )


def agenda_html(agenda: pd.DataFrame, current: int | None) -> str:
    """The segments with their planned minutes, the running one in bold, those done grey."""

    def state(index: int) -> str:
        if current is None or index > current:
            return ""
        return ' class="now"' if index == current else ' class="past"'

    items = "".join(
        f"<li{state(i)}>{escape(row.segment)} · {row.minutes} min</li>"
        for i, row in enumerate(agenda.itertuples())
    )
    return f'<ol class="tk-agenda">{items}</ol>'


def clock_state(text: str | None) -> tuple[int | None, float]:
    """The running segment and when it started (seconds since the epoch) from their
    stored form ``'<index> <seconds>'``; ``(None, 0.0)`` when nothing is stored.

    >>> clock_state("1 1764842400.5")
    (1, 1764842400.5)
    """
    if not text:
        return None, 0.0
    index, started = text.split()
    return int(index), float(started)


class AgendaTimer(widgets.VBox):
    """The agenda (``segment``, ``minutes`` as :func:`toolkit.store.meetings.agenda`
    returns it) with a button that starts the first segment, then the next one.

    ``current`` is the running segment's index (None before the start, ``len(agenda)``
    once the last segment ended) and ``started_at`` when it started, in ``clock()``
    seconds (``time.time``: a clock state stored by one kernel means the same in the
    next). ``state`` continues a clock stored earlier (see :func:`clock_state`);
    ``on_advance(current, started_at)`` runs after each start, to store it.
    """

    current = traitlets.Int(None, allow_none=True)

    def __init__(
        self,
        agenda: pd.DataFrame,
        clock: Callable[[], float] = time.time,
        state: tuple[int | None, float] = (None, 0.0),
        on_advance: Callable[[int, float], None] = lambda current, started_at: None,
    ) -> None:
        self.agenda = agenda.reset_index(drop=True)
        self.clock = clock
        self.on_advance = on_advance
        self.current, self.started_at = state
        self.list = widgets.HTML(layout=FULL)
        self.display = widgets.HTML(layout=FULL)
        self.display.add_class("tk-timer")
        self.button = widgets.Button(description="Start the first segment", icon="play")
        self.button.on_click(lambda _b: self.advance())
        super().__init__([widgets.HTML(STYLE), self.list, self.display, self.button], layout=FULL)
        self.refresh()

    @property
    def finished(self) -> bool:
        return self.current is not None and self.current >= len(self.agenda)

    def advance(self) -> None:
        """End the running segment (if any) and start the next one."""
        if self.finished:
            return
        self.current = 0 if self.current is None else self.current + 1
        self.started_at = self.clock()
        self.refresh()
        self.on_advance(self.current, self.started_at)

    def refresh(self) -> None:
        """Draw the agenda and the clock as of now (again after the page hid it: a hidden
        clock's animation starts over when shown)."""
        self.list.value = agenda_html(self.agenda, self.current)
        if self.current is None or self.finished:
            self.display.value = (
                '<p class="tk-muted">All segments done.</p>' if self.finished else ""
            )
            self.button.layout.display = "none" if self.finished else None
            return
        segment = self.agenda.iloc[self.current]
        elapsed = int(self.clock() - self.started_at)
        self.display.value = (
            f"<div><b>{escape(segment.segment)}</b> · {segment.minutes} min planned</div>"
            + clock_html(int(segment.minutes) * 60, elapsed)
        )
        last = self.current == len(self.agenda) - 1
        self.button.description = "End the meeting" if last else "Next segment"
        self.button.icon = "stop" if last else "forward"
