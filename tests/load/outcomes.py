"""What a page meant to keep against what the database kept, target by target.

A load test records, for each page, every state each target went through (the texts the
member's box showed and the tick), and reads back the stored answer. Each target whose
stored state differs from the intended final one is counted under one cause:

- ``lost``: the stored state is an earlier state of that target (later changes never
  arrived), or the target is missing;
- ``cross-participant``: the stored text holds a word only another member typed;
- ``duplicated``: the stored text has every intended word and some of them twice;
- ``garbled``: anything else (typically spaces eaten: "Call thethree").
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.progress import MONTHLY_TARGETS
from toolkit.store import Workspace, coaching

#: The checklist item holding the six targets in the monthly-targets exercise.
TARGETS_ITEM = "targets"
CAUSES = ("lost", "garbled", "duplicated", "cross-participant")


@dataclass(frozen=True)
class Target:
    """One target as stored: the text (stripped, as the server stores it) and the tick."""

    text: str = ""
    done: bool = False

    @classmethod
    def intended(cls, box: str, done: bool) -> Target:
        """What a box showing ``box`` with the tick ``done`` must be stored as."""
        return cls(box.strip(), done)


@dataclass
class History:
    """Every state one target went through on one page, oldest first."""

    states: list[Target] = field(default_factory=list)

    @property
    def final(self) -> Target:
        return self.states[-1]

    def add(self, state: Target) -> None:
        if not self.states or self.states[-1] != state:
            self.states.append(state)


def stored_targets(directory: Path, participant_id: str, entries: int = 6) -> list[Target]:
    """The member's current targets in the workspace at ``directory`` (empty ones where
    nothing is stored)."""
    with Workspace.open(directory) as ws:
        value = coaching.latest_answers(ws, participant_id, MONTHLY_TARGETS).get(TARGETS_ITEM)
    rows = [Target(str(e.get("text") or ""), bool(e.get("done"))) for e in value or []]
    return (rows + [Target()] * entries)[:entries]


def cause(history: History, stored: Target, foreign_words: set[str]) -> str | None:
    """Why ``stored`` is not the history's final state (one of :data:`CAUSES`), or None."""
    if stored == history.final:
        return None
    words = stored.text.split()
    if foreign_words.intersection(words):
        return "cross-participant"
    if stored in history.states:
        return "lost"
    extra = Counter(words) - Counter(history.final.text.split())
    missing = Counter(history.final.text.split()) - Counter(words)
    if extra and not missing and stored.done == history.final.done:
        return "duplicated"
    return "garbled"


def tally(
    histories: Sequence[History], stored: Sequence[Target], foreign_words: Iterable[str]
) -> Counter[str]:
    """How many targets of one page fall under each cause (every cause present, 0 or more)."""
    foreign = set(foreign_words)
    counts = Counter(dict.fromkeys(CAUSES, 0))
    for history, target in zip(histories, stored, strict=True):
        found = cause(history, target, foreign)
        if found:
            counts[found] += 1
    return counts


def squashed(targets: Sequence[Target]) -> list[str]:
    """The targets' texts without any white space (to tell when every character arrived)."""
    return ["".join(t.text.split()) for t in targets]


def stored_once(
    directory: Path,
    participant_id: str,
    arrived: Callable[[list[Target]], bool],
    timeout_s: float = 30,
) -> list[Target]:
    """The member's stored targets as soon as ``arrived(targets)`` holds, or as they are
    after ``timeout_s`` seconds (so the caller's assertion shows what did arrive)."""
    deadline = time.monotonic() + timeout_s
    while True:
        targets = stored_targets(directory, participant_id)
        if arrived(targets) or time.monotonic() > deadline:
            return targets
        time.sleep(0.2)
