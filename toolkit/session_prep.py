"""What a coach reads before a one-to-one session: the last session's notes, the
commitments that are due, and what changed in the member's data since that session.

The comparison runs the toolkit's own analyses twice, on the data as of the day of the
last session and on the data as of now (:func:`toolkit.store.scope.scope` cuts the
firm's tables to the earlier day), so "lapsed" and "health" mean here exactly what they
mean on the client map: the lapse rule of :func:`toolkit.analytics.relationship_status`
(read by :func:`toolkit.analytics.client_map`) and the map's health score. Without an
earlier session the comparison is against :data:`NO_SESSION_DAYS` days before the data's
date, and :class:`Baseline` says so in words.

It also words the before/after of exercise scores (:func:`score_line`), finds each
excuse cause's remedy in the excuse audit (:func:`remedies`) and picks the recent
stretch of the call-topic trends (:func:`recent_topics`). Pure functions over
DataFrames; the coach app computes the earlier client map from :func:`as_of`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd

from toolkit.excuse_causes import CAUSE_IDS
from toolkit.store.scope import scope
from toolkit.store.views import FirmData

if TYPE_CHECKING:
    from toolkit.exercises import Exercise
    from toolkit.summary.content import ScoreChange

#: Without an earlier session, what changed is measured over this many days.
NO_SESSION_DAYS = 30
#: Open commitments due within this many days of the session count as due (two weeks:
#: what the member can still act on before a fortnightly session).
DUE_SOON_DAYS = 14
#: The smallest change of a client's health (0-1 scale) the prep panel reports.
#:
#: Health is a weighted mean of five factors, each 0 (bad) to 1 (good), weights 0.1 to
#: 0.35 (:data:`toolkit.analytics.client_map.DEFAULT_WEIGHTS`). A step of 0.1 is a tenth
#: of the scale: the sentiment factor moving by half its range (0.2 x 0.5), or the
#: concessions factor by about 0.29, some seven points more revenue given back
#: (0.35 x 0.29). A move that big comes from a change in how the client behaves, not
#: from a call or two more; smaller moves are left out so the list stays short enough
#: to read in the first minutes of a session.
HEALTH_STEP = 0.1
#: The client-map columns the comparison reads.
MAP_COLUMNS = ["client_id", "name", "status", "health", "health_band"]


@dataclass(frozen=True)
class Baseline:
    """What the data is compared against: ``day`` (None when there is nothing to compare:
    the data is not newer than the last session) and, in ``label``, the same in words
    ("the last session on 18 October 2026")."""

    day: dt.date | None
    label: str
    session_on: dt.date | None = None


@dataclass(frozen=True)
class Held:
    """A session held: its day and its notes."""

    held_on: dt.date
    notes: str


def last_session(sessions: pd.DataFrame, before: dt.date) -> Held | None:
    """The latest session held before ``before`` (the day of the session being prepared),
    or None. ``sessions``: :func:`toolkit.store.views.sessions` (held_on, notes)."""
    held = pd.to_datetime(sessions["held_on"])
    earlier = sessions.assign(day=held.dt.date)[held < pd.Timestamp(before)]
    if earlier.empty:
        return None
    latest = earlier.sort_values(["day", "session_id"], kind="stable").iloc[-1]
    notes = latest["notes"]
    return Held(latest["day"], "" if pd.isna(notes) else str(notes))


def baseline(session_on: dt.date | None, as_of: dt.date) -> Baseline:
    """The day to compare the data of ``as_of`` with: the last session's day
    ``session_on`` when the data is newer than it; :data:`NO_SESSION_DAYS` before
    ``as_of`` when there was no earlier session; no day when the data is as of the last
    session or older (nothing can have changed in it since)."""
    if session_on is None:
        day = as_of - dt.timedelta(days=NO_SESSION_DAYS)
        label = f"{NO_SESSION_DAYS} days earlier ({day:%-d %B %Y}); no earlier session"
        return Baseline(day, label)
    if session_on >= as_of:
        return Baseline(
            None,
            f"the data is as of {as_of:%-d %B %Y}, not newer than the last session on "
            f"{session_on:%-d %B %Y}, so it cannot show what changed since (import newer "
            "data, or move the date on)",
            session_on,
        )
    return Baseline(session_on, f"the last session on {session_on:%-d %B %Y}", session_on)


def as_of(firm: FirmData, day: dt.date) -> FirmData:
    """``firm`` as it was on ``day`` (before its own date): its tables cut by
    :func:`~toolkit.store.scope.scope` to what was known then."""
    scoped = scope(firm.tables, day)
    return replace(firm, **scoped.tables, as_of=day, left_out=scoped.left_out)


def newly_lapsed(before: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    """Clients active on the earlier day and lapsed now (the lapse rule's ``status``
    column of two client maps, or of two :func:`relationship_status` frames with a
    ``name``). Columns: client_id, name, status (now). Clients that were not clients
    yet on the earlier day are not counted; ended clients are not lapsed."""
    both = now[MAP_COLUMNS[:3]].merge(
        before[["client_id", "status"]], on="client_id", suffixes=("", "_before")
    )
    lapsed = both[(both["status_before"] == "active") & (both["status"] == "lapsed")]
    return lapsed[MAP_COLUMNS[:3]].sort_values("name", kind="stable").reset_index(drop=True)


def health_moves(
    before: pd.DataFrame, now: pd.DataFrame, step: float = HEALTH_STEP
) -> pd.DataFrame:
    """Active clients (on both days) whose health moved by at least ``step`` (default
    :data:`HEALTH_STEP`) between two client maps, biggest drop first, then biggest rise.

    Columns: client_id, name, health_before, health, change (= health - health_before),
    band_before, band (red / amber / green). Health is compared rounded to the map's
    four decimals, so a change of exactly ``step`` counts.
    """
    both = now[MAP_COLUMNS].merge(
        before[MAP_COLUMNS[:1] + MAP_COLUMNS[2:]], on="client_id", suffixes=("", "_before")
    )
    both = both[(both["status"] == "active") & (both["status_before"] == "active")]
    change = (both["health"] - both["health_before"]).round(4)
    moved = both.assign(change=change)[change.abs() >= step]
    moved = moved.rename(columns={"health_band": "band", "health_band_before": "band_before"})
    moved = moved.assign(falls=moved["change"] < 0, size=-moved["change"].abs())
    ordered = moved.sort_values(["falls", "size", "name"], ascending=[False, True, True])
    columns = ["client_id", "name", "health_before", "health", "change", "band_before", "band"]
    return ordered[columns].reset_index(drop=True)


def commitments_due(
    commitments: pd.DataFrame, today: dt.date, within: int = DUE_SOON_DAYS
) -> pd.DataFrame:
    """Open commitments due on or before ``today + within`` days, soonest first, with
    ``overdue`` (due before ``today``). ``commitments``:
    :func:`toolkit.store.views.commitments_with_checkins`."""
    due = pd.to_datetime(commitments["due_on"])
    horizon = pd.Timestamp(today + dt.timedelta(days=within))
    rows = commitments[(commitments["status"] == "open") & (due <= horizon)]
    rows = rows.assign(overdue=pd.to_datetime(rows["due_on"]) < pd.Timestamp(today))
    return rows.sort_values(["due_on", "commitment_id"]).reset_index(drop=True)


def done_since(commitments: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Commitments whose latest check-in, on or after ``day``, marked them done."""
    checked = pd.to_datetime(commitments["last_checkin"])
    rows = commitments[(commitments["status"] == "done") & (checked >= pd.Timestamp(day))]
    return rows.sort_values(["last_checkin", "commitment_id"]).reset_index(drop=True)


def score_line(change: ScoreChange) -> str:
    """An exercise's earlier and latest score with its scale and direction, and whether
    it moved the right way: "Client fit map: 3.56 → 4.69 (0-5, higher is better),
    better" ("..., first take" when there is no earlier score). The numbers are
    :class:`~toolkit.summary.content.ScoreChange`'s own ``was`` and ``now``."""
    if change.before is None:
        return f"{change.exercise}: {change.now} ({change.scale}), first take"
    if change.after == change.before:
        moved = "unchanged"
    else:
        moved = "better" if (change.after > change.before) == change.higher_is_better else "worse"
    return f"{change.exercise}: {change.was} → {change.now} ({change.scale}), {moved}"


def remedies(exercise: Exercise) -> dict[str, str]:
    """Each shared excuse cause's remedy (:mod:`toolkit.excuse_causes` id -> text): the
    commitment the excuse audit proposes when that cause occurs (its follow-up with
    ``when: {score: <cause id>}``), so the coach app and the exercise give one advice."""
    found = {}
    for follow_up in exercise.follow_ups:
        cause = follow_up.when.get("score")
        if cause in CAUSE_IDS and cause not in found:
            found[cause] = follow_up.text
    return found


def recent_topics(trends: pd.DataFrame, periods: int = 12) -> pd.DataFrame:
    """The rows of a :func:`~toolkit.analytics.topic_trends` frame in its last
    ``periods`` periods (a year of months by default): the stretch a chart can show
    legibly. The ``emerging`` flag is the whole frame's, unchanged."""
    kept = pd.Series(trends["period"].unique()).sort_values().iloc[-periods:]
    return trends[trends["period"].isin(kept)].reset_index(drop=True)
