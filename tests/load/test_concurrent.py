"""A group editing at once loses, garbles, duplicates and mixes up nothing (issue 11,
part 6). Six members open their links at the same moment and edit their targets for 15
seconds (about 150 changes in all) with seeded random scripts (key-by-key typing, word
completion, pastes, Backspace, ticks); what each page meant to keep is then compared with
the database. Once on the full page's targets form, once on the month page the personal
link opens."""

from __future__ import annotations

import contextlib
import random
import time
from collections import Counter

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.load.conftest import AT_ONCE, GroupServer
from tests.load.outcomes import History, Target, stored_once, tally
from tests.load.script import Member
from tests.load.targets_page import TargetsPage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EDIT_SECONDS = 15
SEED = 11
#: A member's pause between two steps, in milliseconds (people do not type non-stop).
PAUSE_MS = (20, 150)
#: Seconds the last changes may take to reach the database after the editing stopped.
SETTLE_SECONDS = 30


def opened(group: GroupServer, page: TargetsPage) -> None:
    """Wait for ``page``; one that never opens fails with what it shows and the server's log."""
    try:
        page.ready()
    except PlaywrightTimeoutError:
        shown = "(nothing readable)"
        with contextlib.suppress(PlaywrightTimeoutError):
            shown = page.page.inner_text("body", timeout=10_000)[:1500]
        log = group.server.output[-4000:]
        pytest.fail(f"a member's page did not open; it shows:\n{shown}\nthe server said:\n{log}")


@pytest.mark.parametrize("month", [False, True], ids=["full-page", "month-page"])
def test_members_editing_at_once_keep_every_change(group, member, open_targets, month):
    ids = [member() for _ in range(AT_ONCE)]
    scripts = [Member(number, SEED) for number in range(AT_ONCE)]
    pages = [open_targets(participant_id, wait=False, month=month) for participant_id in ids]
    for page in pages:
        opened(group, page)
    boxes = [page.boxes() for page in pages]
    ticks = [page.ticks() for page in pages]
    histories = [
        [History([Target.intended(box, done)]) for box, done in zip(b, t, strict=True)]
        for b, t in zip(boxes, ticks, strict=True)
    ]
    pause = random.Random(SEED)

    deadline = time.monotonic() + EDIT_SECONDS
    while time.monotonic() < deadline:
        for number, (page, script) in enumerate(zip(pages, scripts, strict=True)):
            step = script.step(boxes[number])
            page.do(step)
            index = step.target - 1
            boxes[number][index], ticks[number][index] = step.applied(
                boxes[number][index], ticks[number][index]
            )
            histories[number][index].add(
                Target.intended(boxes[number][index], ticks[number][index])
            )
        pages[0].page.wait_for_timeout(pause.randint(*PAUSE_MS))

    settle = time.monotonic() + SETTLE_SECONDS
    counts: Counter[str] = Counter()
    for number, participant_id in enumerate(ids):
        finals = [history.final for history in histories[number]]
        stored = stored_once(
            group.workspace,
            participant_id,
            lambda targets: targets == finals,  # noqa: B023 (used at once)
            timeout_s=max(0.0, settle - time.monotonic()),
        )
        foreign = {w for other in scripts if other is not scripts[number] for w in other.vocabulary}
        counts.update(tally(histories[number], stored, foreign))
    changes = sum(len(h.states) - 1 for page in histories for h in page)
    print(f"{AT_ONCE} members, {changes} changes, differences by cause: {dict(counts)}")
    assert sum(counts.values()) == 0, f"{dict(counts)} among {changes} changes"
    for page in pages:
        page.expect_saved()
    assert [page.boxes() for page in pages] == boxes  # every box still shows what was typed
