"""What the month page shows, and saving the targets it posts (see :mod:`toolkit.month_page`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from toolkit.answer_saving import record_result, save_on_version
from toolkit.clock import utc_now
from toolkit.exercises import Exercise
from toolkit.exercises.items import checklist_answer
from toolkit.store import Workspace, coaching, views

#: The checklist item of the monthly-targets exercise that the page edits.
TARGETS = "targets"
#: Longest target text accepted (characters).
MAX_TEXT = 500


class Refused(ValueError):
    """A posted save that cannot be taken; the message says why, for the member."""


@dataclass(frozen=True)
class MonthView:
    """What the page shows: whose page, their firm's 'today', and the targets (one line
    per entry, blank lines included) at stored version ``version``."""

    member: str
    group: str
    today: dt.date
    entries: int
    targets: list[dict[str, Any]]
    version: int


@dataclass(frozen=True)
class Outcome:
    """A save's answer to the page: the version to base the next save on, the targets as
    stored (merged with another window's), and the lines another window changed first."""

    version: int
    targets: list[dict[str, Any]]
    conflicts: list[int]


def entries_of(exercise: Exercise) -> int:
    """How many target lines the exercise asks for."""
    return exercise.items[TARGETS].entries or 6


def lines(value: Sequence[dict[str, Any]] | None, entries: int) -> list[dict[str, Any]]:
    """A stored checklist (None when never answered) as exactly ``entries`` lines, or more
    when more were stored."""
    shown = [{"text": str(e.get("text") or ""), "done": bool(e.get("done"))} for e in value or ()]
    return shown + [{"text": "", "done": False}] * (entries - len(shown))


def month_view(ws: Workspace, participant_id: str, exercise: Exercise) -> MonthView:
    """The month page of one member, from the store."""
    me = views.profile(ws, participant_id)
    saved = coaching.answer_version(ws, participant_id, exercise.id, TARGETS)
    entries = entries_of(exercise)
    return MonthView(
        me.display_name,
        me.group_name or "",
        ws.as_of(participant_id),
        entries,
        lines(saved.value, entries),
        saved.number,
    )


def posted(body: Any, entries: int) -> tuple[list[tuple[str, bool]], int, list[int]]:
    """The lines, base version and known conflicts of a save's JSON ``body``
    (``{"targets": [{"text", "done"}, ...], "version": n, "keep": [...]}``); raises
    :class:`Refused` for anything else."""
    if not isinstance(body, dict):
        raise Refused("the page sent something that is not a save")
    targets, version, keep = body.get("targets"), body.get("version"), body.get("keep", [])
    if not isinstance(targets, list) or len(targets) != entries:
        raise Refused(f"the page sent {_count(targets)} targets instead of {entries}")
    found: list[tuple[str, bool]] = []
    for number, entry in enumerate(targets, start=1):
        text = entry.get("text") if isinstance(entry, dict) else None
        done = entry.get("done") if isinstance(entry, dict) else None
        if not isinstance(text, str) or not isinstance(done, bool):
            raise Refused(f"target {number} is not a text with a tick")
        if len(text) > MAX_TEXT:
            raise Refused(f"target {number} is longer than {MAX_TEXT} characters")
        found.append((text, done))
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise Refused("the page sent no version")
    if not isinstance(keep, list) or not all(_line(k, entries) for k in keep):
        raise Refused("the page sent unknown conflicting lines")
    return found, version, keep


def save_targets(
    ws: Workspace, participant_id: str, exercise: Exercise, body: Any, today: dt.date
) -> Outcome:
    """Save the targets a page posted (see :func:`posted`) on the version it last saw;
    store the exercise's score when the save completed it. Raises :class:`Refused` for a
    malformed save or a version this member's targets never had, and the transient errors
    of :data:`toolkit.answer_saving.TRANSIENT` when the database is busy."""
    entries = entries_of(exercise)
    found, number, keep = posted(body, entries)
    base = coaching.answer_at(ws, participant_id, exercise.id, TARGETS, number)
    if base is None:
        raise Refused("the page is older than your saved targets; reload it")
    at = utc_now()
    saved = save_on_version(
        ws, participant_id, exercise, TARGETS, checklist_answer(found), base, keep, at=at
    )
    if saved.version.number != base.number:
        answers = coaching.latest_answers(ws, participant_id, exercise.id)
        record_result(ws, participant_id, exercise, exercise.score(answers), answers, today, at)
    return Outcome(
        saved.version.number,
        lines(saved.version.value, entries),
        sorted(int(k) for k in saved.conflicts if isinstance(k, int)),
    )


def _line(value: Any, entries: int) -> bool:
    """Whether ``value`` is the index of one of ``entries`` lines."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < entries


def _count(value: Any) -> str:
    return str(len(value)) if isinstance(value, list) else "no list of"
