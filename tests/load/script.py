"""A member's editing, as a seeded random script: what each step does and what it leaves.

Each member draws words from a vocabulary of their own (every word ends in the member's
number, as in ``clients3``), so a word found in another member's answer proves a change
crossed between participants. Steps imitate people on laptops and phones: typing key by
key, a phone keyboard's word completion (one input event adding a word and a space), a
pasted sentence, deleting with Backspace, ticking and unticking.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

WORDS = (
    "call", "the", "three", "largest", "clients", "write", "down", "onboarding", "steps",
    "ask", "for", "referrals", "review", "overdue", "invoices", "visit", "two", "sites",
    "thank", "loyal", "customers", "plan", "renewal", "meetings",
)  # fmt: skip
KINDS = ("type", "complete", "paste", "backspace", "tick")
#: How often each kind of step comes (completion most, as on a phone).
WEIGHTS = (2, 5, 1, 2, 1)


@dataclass(frozen=True)
class Step:
    """One action on one target: ``kind`` (see :data:`KINDS`), the target's number
    (1-6), and the text typed, completed or pasted, or how many characters are deleted."""

    kind: str
    target: int
    text: str = ""
    count: int = 0

    def applied(self, box: str, done: bool) -> tuple[str, bool]:
        """The box's text and tick after this step (the caret is at the end of the box)."""
        if self.kind == "backspace":
            return box[: max(0, len(box) - self.count)], done
        if self.kind == "tick":
            return box, not done
        return box + self.text, done


class Member:
    """The seeded script of one member: ``vocabulary`` and an endless supply of steps."""

    def __init__(self, number: int, seed: int, targets: int = 6) -> None:
        self.vocabulary = tuple(f"{word}{number}" for word in WORDS)
        self.targets = targets
        self.random = random.Random(seed * 1000 + number)

    def words(self, count: int) -> list[str]:
        return [self.random.choice(self.vocabulary) for _ in range(count)]

    def step(self, boxes: list[str]) -> Step:
        """The next step, given the text each box shows now (deleting needs some text)."""
        target = self.random.randint(1, self.targets)
        kind = self.random.choices(KINDS, WEIGHTS)[0]
        box = boxes[target - 1]
        if kind == "backspace" and not box:
            kind = "complete"
        if kind == "backspace":
            return Step(kind, target, count=self.random.randint(1, min(len(box), 8)))
        if kind == "tick":
            return Step(kind, target)
        separator = " " if box and not box.endswith(" ") else ""
        if kind == "paste":
            return Step(kind, target, separator + " ".join(self.words(5)) + ".")
        if kind == "type":
            return Step(kind, target, separator + self.words(1)[0])
        return Step(kind, target, self.words(1)[0] + " ")
