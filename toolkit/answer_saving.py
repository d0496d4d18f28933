"""Saving one item's answer on the version a window last saw, merged with other windows.

A member's page may be open twice (a laptop and a phone, two tabs). Each window names the
stored version it started from (:class:`toolkit.store.coaching.Version`), and
:func:`save_on_version` appends the window's value only while that is still the latest
(:func:`toolkit.store.coaching.append_answer`). When another window saved the item in
between, the two are merged part by part (:mod:`toolkit.exercises.merging`) and the merge
is saved on the other window's version: a part only one window changed takes that
window's value; where both changed the same part the stored value stays, that part is a
*conflict* and the window keeps its own text on screen.

Both front ends use it: the ipywidgets form (:class:`toolkit.widgets.saving.AnswerSaver`)
and the kernel-free month page (:mod:`toolkit.month_page`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Hashable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from toolkit.exercises import Exercise, Result
from toolkit.exercises.merging import merge, overlay
from toolkit.store import Workspace, coaching

#: How often one item's save is tried again when another window keeps saving it.
MERGE_ATTEMPTS = 5


class Contended(RuntimeError):
    """Another window saved the same item on every one of :data:`MERGE_ATTEMPTS` tries."""


#: Errors that may go away by themselves, so a save is tried again: a locked or busy
#: database, a lost connection, another window saving the same item right now.
TRANSIENT = (
    sa.exc.OperationalError,
    sa.exc.DisconnectionError,
    sa.exc.TimeoutError,
    Contended,
)


@dataclass(frozen=True)
class Saved:
    """The outcome of :func:`save_on_version`.

    ``version``: the item's stored answer now (the window's next base); ``shown``: what
    the window should show (the merge, with its own text where it conflicts);
    ``conflicts``: the parts another window changed first, whose stored value stayed.
    """

    version: coaching.Version
    shown: Any
    conflicts: frozenset[Hashable]


def save_on_version(
    workspace: Workspace,
    participant_id: str,
    exercise: Exercise,
    item_id: str,
    value: Any,
    base: coaching.Version,
    keep: Collection[Hashable] = (),
    stored_id: str | None = None,
    at: dt.datetime | None = None,
) -> Saved:
    """Save ``value`` for ``item_id`` on the version ``base`` the window started from.

    ``keep``: parts the window already knows to conflict (they keep the stored value
    without counting again); ``stored_id``: the id the answer is stored under when it is
    not ``item_id`` (an item scoped to a client). Nothing is written when the answer would
    not change. Raises :class:`Contended` when other windows saved the item on every try.
    """
    item = exercise.items[item_id]
    stored_id = stored_id or item_id
    keep = frozenset(keep)
    for _attempt in range(MERGE_ATTEMPTS):
        # parts known to conflict keep the stored value; the rest is this window's
        wanted = merge(item, base.value, value, base.value, keep).value if keep else value
        if wanted == base.value:
            return Saved(base, value, keep)
        saved = coaching.append_answer(
            workspace, participant_id, exercise, stored_id, wanted, based_on=base.number, at=at
        )
        if saved is not None:
            return Saved(saved, value, keep)
        theirs = coaching.answer_version(workspace, participant_id, exercise.id, stored_id)
        merged = merge(item, base.value, value, theirs.value, keep)
        base, keep = theirs, keep | merged.conflicts
        value = overlay(item, merged.value, value, keep)
    raise Contended(f"{item_id} keeps changing in another window")


def record_result(
    workspace: Workspace,
    participant_id: str,
    exercise: Exercise,
    result: Result,
    answers: dict[str, Any],
    today: dt.date,
    at: dt.datetime,
    subject: str = "",
) -> None:
    """After answers were saved: store the score when the exercise is complete, filed
    under the workspace's 'today' (a demo's may lie in the past) at the time of ``at``."""
    if result.complete:
        scored_at = dt.datetime.combine(today, at.time())
        coaching.save_result(
            workspace, participant_id, exercise, result, answers, scored_at, subject=subject
        )
