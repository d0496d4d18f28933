"""Saving a member's answers as they type, and saying truthfully whether it worked.

:class:`AnswerSaver` keeps each changed answer *pending* until its row has committed:

- The first change starts a short timer (:data:`SAVE_DELAY_SECONDS`); whatever changed
  until it fires is written together, so a keystroke reaches the database within about a
  quarter of a second, and a crash loses at most that.
- Each item is appended on the version the window last saw
  (:func:`toolkit.store.coaching.append_answer`). When another window saved the item in
  between, the two are merged part by part (:mod:`toolkit.exercises.merging`): the other
  window's changes are shown here, and where both changed the same part the stored value
  stays, this window keeps its own text on screen, and the status says so.
- A busy or unreachable database ("database is locked") is retried with growing pauses
  (:data:`RETRY_DELAYS_SECONDS`); any other error is shown with its reason. Either way
  the change stays pending and is written by the next successful save; errors are logged.

Every outcome is reported as a :class:`SaveStatus` to the ``on_status`` callback, which
the form turns into its status line.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from toolkit.answer_saving import TRANSIENT, save_on_version
from toolkit.clock import utc_now
from toolkit.exercises import Exercise
from toolkit.exercises.plans import scoped_id
from toolkit.store import Workspace, coaching

log = logging.getLogger(__name__)

#: Seconds between the first unsaved change and its write.
SAVE_DELAY_SECONDS = 0.2
#: Pauses before the 1st, 2nd, ... retry of a save the database was too busy for; the
#: last one repeats until the save goes through.
RETRY_DELAYS_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0, 10.0)


@dataclass(frozen=True)
class SaveStatus:
    """What the status line says: ``state`` is ``saving``, ``saved``, ``retrying`` or
    ``failed``; ``saved_at`` the (local) time of the last save that committed."""

    state: str
    saved_at: dt.datetime | None = None
    reason: str = ""
    conflict: bool = False


class AnswerSaver:
    """Saves one participant's answers to one exercise (see the module docstring).

    ``versions`` are the stored answers the window was built from; ``on_merged(item_id,
    value)`` shows an answer merged with another window's changes; ``after_save(at)``
    runs after the answers of a save committed (the form stores the score there).
    ``client``: the client whose plan these answers are, for an exercise answered per
    client; each item is then stored under its id scoped to the client
    (:func:`toolkit.exercises.plans.scoped_id`), while ``versions`` and callbacks use the
    plain item ids.
    """

    def __init__(
        self,
        workspace: Workspace,
        participant_id: str,
        exercise: Exercise,
        versions: dict[str, coaching.Version],
        on_status: Callable[[SaveStatus], None],
        on_merged: Callable[[str, Any], None],
        after_save: Callable[[dt.datetime], None],
        delay: float = SAVE_DELAY_SECONDS,
        client: str | None = None,
    ) -> None:
        self.workspace = workspace
        self.client = client
        self.participant_id = participant_id
        self.exercise = exercise
        self.delay = delay
        self.on_status = on_status
        self.on_merged = on_merged
        self.after_save = after_save
        self.saved_at: dt.datetime | None = None
        self._versions = dict(versions)
        self._pending: dict[str, Any] = {}
        #: parts of an item this window changed but another window changed first
        self._conflicts: dict[str, set[Hashable]] = {}
        self._retries = 0
        self._after_save_due = False
        self._lock = threading.RLock()
        self._writing = threading.Lock()
        self._timer: threading.Timer | None = None

    @property
    def pending(self) -> dict[str, Any]:
        """The changes not yet in the database, by item id."""
        with self._lock:
            return dict(self._pending)

    @property
    def conflicts(self) -> dict[str, frozenset[Hashable]]:
        """The parts, by item id, that another window changed before this one."""
        with self._lock:
            return {item: frozenset(keys) for item, keys in self._conflicts.items() if keys}

    def change(self, item_id: str, value: Any) -> None:
        """Queue a changed answer; it is written within ``delay`` seconds."""
        with self._lock:
            self._pending[item_id] = value
            self._schedule(self.delay)

    def _schedule(self, delay: float) -> None:
        with self._lock:
            if self._timer is None:
                self._timer = threading.Timer(delay, self.flush)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> int:
        """Write what is pending now; return how many answers were written."""
        with self._writing:
            with self._lock:
                if self._timer is not None:
                    self._timer.cancel()
                    self._timer = None
                pending = dict(self._pending)
            if not pending and not self._after_save_due:
                return 0
            self._report("saving")
            at = utc_now()
            try:
                for item_id, value in pending.items():
                    self._save(item_id, value, at)
                    self._after_save_due = True
                self.after_save(at)
                self._after_save_due = False
            except TRANSIENT as error:
                delay = RETRY_DELAYS_SECONDS[min(self._retries, len(RETRY_DELAYS_SECONDS) - 1)]
                self._retries += 1
                log.warning(
                    "answers of %s to %s not saved (try %d), retrying in %.1f s: %s",
                    self.participant_id,
                    self.exercise.id,
                    self._retries,
                    delay,
                    error,
                )
                self._report("retrying")
                self._schedule(delay)
                return 0
            except Exception as error:
                log.exception(
                    "answers of %s to %s not saved", self.participant_id, self.exercise.id
                )
                self._report("failed", _reason(error))
                return 0
            self._retries = 0
            self.saved_at = dt.datetime.now()
            self._report("saved")
            with self._lock:
                if self._pending:
                    self._schedule(self.delay)
            return len(pending)

    def _save(self, item_id: str, value: Any, at: dt.datetime) -> None:
        """Append one item's answer on the version last seen, merged with another
        window's save when there was one (:func:`toolkit.answer_saving.save_on_version`);
        the item is no longer pending afterwards (unless it changed again meanwhile)."""
        with self._lock:
            base = self._versions.get(item_id, coaching.Version())
            keep = frozenset(self._conflicts.get(item_id, ()))
        saved = save_on_version(
            self.workspace,
            self.participant_id,
            self.exercise,
            item_id,
            value,
            base,
            keep,
            stored_id=self._stored_id(item_id),
            at=at,
        )
        with self._lock:
            self._versions[item_id] = saved.version
            self._conflicts[item_id] = set(saved.conflicts)
        if saved.shown != value:
            log.info("merged %s of %s with another window", item_id, self.participant_id)
            self.on_merged(item_id, saved.shown)
        with self._lock:
            if self._pending.get(item_id) == value:
                del self._pending[item_id]

    def _stored_id(self, item_id: str) -> str:
        """The id ``item_id``'s answer is stored under (scoped to :attr:`client`)."""
        return item_id if self.client is None else scoped_id(item_id, self.client)

    def _report(self, state: str, reason: str = "") -> None:
        self.on_status(SaveStatus(state, self.saved_at, reason, bool(self.conflicts)))


def _reason(error: Exception) -> str:
    """A short reason for the status line (the full error is in the log)."""
    original = getattr(error, "orig", None) or error
    text = str(original).splitlines()[0] if str(original) else type(original).__name__
    return text[:120]
