"""The month page's data and saves, on a real workspace (no server) on both backends: what a
page posts is checked, normalised, saved on its version and merged with another window's
save."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.month_page.targets import MAX_TEXT, Refused, month_view, save_targets
from toolkit.progress import MONTHLY_TARGETS
from toolkit.store import Workspace, coaching
from toolkit.store.participants import add_participant

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def ws(tmp_path, backend):
    """A workspace with one member, on SQLite and (when a server is named) PostgreSQL."""
    with Workspace.open(tmp_path / "ws") as workspace:
        add_participant(workspace, "Northfield Engineering", "northfield", group_id="thu")
        yield workspace


@pytest.fixture
def targets(exercises):
    return exercises[MONTHLY_TARGETS]


def body(texts, version, done=(), keep=()):
    lines = [*texts, *[""] * (6 - len(texts))]
    return {
        "key": "ignored here",
        "version": version,
        "keep": list(keep),
        "targets": [{"text": text, "done": i in done} for i, text in enumerate(lines)],
    }


def stored(ws):
    return coaching.latest_answers(ws, "northfield", MONTHLY_TARGETS).get("targets")


def test_a_new_member_sees_six_blank_lines_at_version_0(ws, targets):
    view = month_view(ws, "northfield", targets)

    assert (view.member, view.group, view.entries, view.version) == (
        "Northfield Engineering",
        "Thu",
        6,
        0,
    )
    assert view.targets == [{"text": "", "done": False}] * 6


def test_text_is_stored_without_surrounding_spaces_and_the_version_moves_on(ws, targets):
    outcome = save_targets(ws, "northfield", targets, body(["  Call the three  "], 0), TODAY)

    assert stored(ws)[0] == {"text": "Call the three", "done": False}
    assert outcome.version > 0 and outcome.conflicts == []
    assert outcome.targets[0]["text"] == "Call the three"
    assert month_view(ws, "northfield", targets).version == outcome.version


def test_two_windows_changing_different_lines_merge(ws, targets):
    first = save_targets(ws, "northfield", targets, body(["A", "B"], 0), TODAY).version
    # window 1 edits line 1, window 2 (also based on `first`) ticks line 2
    save_targets(ws, "northfield", targets, body(["A one", "B"], first), TODAY)
    outcome = save_targets(ws, "northfield", targets, body(["A", "B"], first, done={1}), TODAY)

    assert stored(ws)[:2] == [{"text": "A one", "done": False}, {"text": "B", "done": True}]
    assert outcome.conflicts == []
    assert outcome.targets[0]["text"] == "A one"  # the page is shown the other's change


def test_the_same_line_changed_in_two_windows_keeps_the_stored_text(ws, targets):
    first = save_targets(ws, "northfield", targets, body(["A"], 0), TODAY).version
    save_targets(ws, "northfield", targets, body(["Mine"], first), TODAY)
    outcome = save_targets(ws, "northfield", targets, body(["Theirs", "new"], first), TODAY)

    assert outcome.conflicts == [0]
    assert [line["text"] for line in stored(ws)[:2]] == ["Mine", "new"]
    # the next save from that window keeps the conflicting line as stored
    again = body(["Theirs", "new", "third"], outcome.version, keep=[0])
    assert save_targets(ws, "northfield", targets, again, TODAY).conflicts == [0]
    assert [line["text"] for line in stored(ws)[:3]] == ["Mine", "new", "third"]


def test_a_save_on_a_version_these_targets_never_had_is_refused(ws, targets):
    with pytest.raises(Refused, match="reload"):
        save_targets(ws, "northfield", targets, body(["A"], 999), TODAY)
    assert stored(ws) is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda b: b.update(targets=b["targets"][:5]), "5 targets instead of 6"),
        (lambda b: b["targets"][2].update(done="yes"), "target 3 is not a text with a tick"),
        (lambda b: b["targets"][0].update(text="x" * (MAX_TEXT + 1)), "longer than"),
        (lambda b: b.update(version="1"), "no version"),
        (lambda b: b.update(version=-1), "no version"),
        (lambda b: b.update(keep=[6]), "unknown conflicting lines"),
        (lambda b: b.update(targets=None), "no list of targets"),
    ],
)
def test_malformed_saves_are_refused_with_the_reason(ws, targets, change, reason):
    sent = body(["A"], 0)
    change(sent)

    with pytest.raises(Refused, match=reason):
        save_targets(ws, "northfield", targets, sent, TODAY)
    assert stored(ws) is None


def test_blank_targets_store_no_answer_but_clearing_saved_ones_does(ws, targets):
    assert save_targets(ws, "northfield", targets, body([], 0), TODAY).version == 0
    first = save_targets(ws, "northfield", targets, body(["A"], 0), TODAY).version
    cleared = save_targets(ws, "northfield", targets, body([" "], first), TODAY)

    assert cleared.version > first and stored(ws) is None


def test_the_score_is_stored_once_the_exercise_is_complete(ws, targets):
    coaching.save_answer(ws, "northfield", targets, "stretch", 4)
    five = save_targets(ws, "northfield", targets, body(list("ABCDE"), 0, done={0}), TODAY)
    assert coaching.results(ws, "northfield", MONTHLY_TARGETS).empty  # six are asked for

    save_targets(ws, "northfield", targets, body(list("ABCDEF"), five.version, {0, 2}), TODAY)

    result = coaching.results(ws, "northfield", MONTHLY_TARGETS).iloc[-1]
    assert result["total"] == 2  # two of the six targets are ticked
    assert result["period"] == targets.period(TODAY)
