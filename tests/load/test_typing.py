"""Typed text is kept as typed: word completion and pasting do not lose spaces (issue 11,
part 1). A phone keyboard completes a word in one input event that ends in a space; the
form must neither rewrite the box while the member types nor save "Call thethree"."""

from __future__ import annotations

import pytest

from tests.load.outcomes import Target, squashed, stored_once

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Completed words (each one input event, as a phone keyboard sends them).
COMPLETIONS = ("Call ", "the ", "three ", "largest ", "clients ")
#: Pasted after a completed first word.
PASTED = ("Thank ", "the loyal customers who stayed with us this year ")
#: A person's pause between two completions, long enough for the server to answer.
PAUSE_MS = 300


def test_completed_words_and_a_pasted_sentence_are_saved_as_typed(group, member, open_targets):
    participant_id = member()
    page = open_targets(participant_id)

    ticks = page.ticks()
    page.clear(1)
    for word in COMPLETIONS:
        page.page.keyboard.insert_text(word)
        page.page.wait_for_timeout(PAUSE_MS)
    page.clear(2)
    page.page.keyboard.insert_text(PASTED[0])
    page.page.wait_for_timeout(PAUSE_MS)
    page.paste(2, PASTED[1])

    typed = ["".join(COMPLETIONS), "".join(PASTED)]
    intended = [Target.intended(text, done) for text, done in zip(typed, ticks, strict=False)]
    stored = stored_once(
        group.workspace, participant_id, lambda t: squashed(t[:2]) == squashed(intended)
    )
    assert stored[:2] == intended
    assert page.boxes()[:2] == typed  # the boxes keep what was typed, trailing spaces too
    page.expect_saved()
