"""The load tests' bookkeeping: causes of a difference, and the scripts' steps."""

from __future__ import annotations

import pytest

from tests.load.outcomes import History, Target, cause, tally
from tests.load.script import Member, Step

FOREIGN = {"clients2", "call2"}


def history(*texts: str) -> History:
    steps = History()
    for text in texts:
        steps.add(Target.intended(text, False))
    return steps


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("Call the three clients", None),
        ("Call thethree clients", "garbled"),
        ("Call the", "lost"),
        ("", "lost"),
        ("Call the the three clients", "duplicated"),
        ("Call the three clients2", "cross-participant"),
        ("Call three the clients", "garbled"),
    ],
)
def test_a_stored_text_is_put_under_one_cause(stored, expected):
    steps = history("", "Call ", "Call the ", "Call the three ", "Call the three clients ")
    assert cause(steps, Target(stored), FOREIGN) == expected


def test_a_lost_tick_is_lost_and_counts_per_cause_include_zeros():
    ticked = History([Target("Call", False), Target("Call", True)])
    counts = tally([ticked, history("Plan")], [Target("Call", False), Target("Plan")], FOREIGN)
    assert counts == {"lost": 1, "garbled": 0, "duplicated": 0, "cross-participant": 0}


def test_steps_change_the_box_as_the_browser_does():
    assert Step("complete", 1, "three ").applied("Call the ", False) == ("Call the three ", False)
    assert Step("backspace", 1, count=4).applied("Call the", False) == ("Call", False)
    assert Step("backspace", 1, count=9).applied("Call", True) == ("", True)
    assert Step("tick", 1).applied("Call", True) == ("Call", False)


def test_a_member_script_is_seeded_and_uses_the_members_own_words():
    first, again, other = Member(1, seed=11), Member(1, seed=11), Member(2, seed=11)
    boxes = [""] * 6
    steps = [first.step(boxes) for _ in range(50)]
    assert steps == [again.step(boxes) for _ in range(50)]
    assert {s.kind for s in steps} >= {"type", "complete", "paste", "tick"}
    typed = {word.strip(".") for s in steps for word in s.text.split()}
    assert typed <= set(first.vocabulary)
    assert not set(first.vocabulary) & set(other.vocabulary)
