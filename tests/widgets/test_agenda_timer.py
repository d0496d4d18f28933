"""The agenda timer: the clock's start values, the segments in turn, the over-time count."""

from __future__ import annotations

import re

import pandas as pd

from toolkit.widgets.agenda_timer import (
    OVER_LIMIT_S,
    AgendaTimer,
    agenda_html,
    clock_html,
    clock_state,
)

AGENDA = pd.DataFrame({"segment": ["Wins round", "Hot seats"], "minutes": [15, 60]})


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def keyframes(html: str) -> dict[str, tuple[int, int]]:
    """Each animation's name and its --tk-left from and to."""
    found = re.findall(
        r"@keyframes (\S+) \{ from \{ --tk-left: (\d+); \} to \{ --tk-left: (\d+);", html
    )
    return {name: (int(start), int(end)) for name, start, end in found}


def test_a_fresh_segment_counts_its_planned_seconds_down_then_counts_over():
    html = clock_html(900, 0)
    assert keyframes(html) == {"tk-down-900": (900, 0), "tk-up-0": (0, OVER_LIMIT_S)}
    # the countdown runs 900 s; the over-time clock waits those 900 s before it shows
    assert "tk-down-900 900s linear forwards, tk-hide 1ms linear 900s" in html
    assert "tk-up-0 21600s linear 900s forwards, tk-show 1ms linear 900s" in html


def test_a_clock_drawn_again_later_starts_from_what_is_left():
    # 15 minutes planned, 6 min 40 s gone: 500 s left
    assert keyframes(clock_html(900, 400))["tk-down-500"] == (500, 0)
    assert 'data-left="500"' in clock_html(900, 400)


def test_a_segment_already_over_shows_the_time_over_at_once():
    html = clock_html(900, 1000)  # 100 s over
    assert keyframes(html)["tk-up-100"] == (100, 100 + OVER_LIMIT_S)
    assert "tk-show 1ms linear 0s" in html


def test_the_agenda_marks_the_running_segment_and_those_done():
    assert agenda_html(AGENDA, None).count("<li>") == 2
    html = agenda_html(AGENDA, 1)
    assert '<li class="past">Wins round · 15 min</li>' in html
    assert '<li class="now">Hot seats · 60 min</li>' in html


def test_the_button_walks_the_segments_and_the_clock_follows():
    clock = Clock()
    timer = AgendaTimer(AGENDA, clock)
    assert timer.current is None and timer.display.value == ""
    timer.advance()
    assert timer.current == 0 and "tk-down-900" in timer.display.value
    assert timer.button.description == "Next segment"
    clock.now += 65
    timer.refresh()  # the tab shown again 65 s later
    assert "tk-down-835" in timer.display.value
    timer.advance()
    assert "Hot seats" in timer.display.value and "tk-down-3600" in timer.display.value
    assert timer.button.description == "End the meeting"
    timer.advance()
    assert timer.finished and "All segments done." in timer.display.value
    assert timer.button.layout.display == "none"
    timer.advance()  # a double click changes nothing
    assert timer.current == 2


def test_a_stored_clock_goes_on_where_it_was():
    clock, stored = Clock(), []
    timer = AgendaTimer(AGENDA, clock, on_advance=lambda *state: stored.append(state))
    timer.advance()
    clock.now += 30
    timer.advance()
    assert stored == [(0, 1000.0), (1, 1030.0)]
    assert clock_state(f"{stored[-1][0]} {stored[-1][1]}") == (1, 1030.0)
    assert clock_state(None) == (None, 0.0)
    clock.now += 600  # another kernel opens the meeting ten minutes into the hot seats
    again = AgendaTimer(AGENDA, clock, state=clock_state("1 1030.0"))
    assert again.current == 1 and "tk-down-3000" in again.display.value
    assert again.button.description == "End the meeting"
