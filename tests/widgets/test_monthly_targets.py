"""The monthly targets at a glance: a short list, and the form only when asked for."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from toolkit.widgets.monthly_targets import MonthlyTargets, targets_html

SAVED = [
    {"text": "Call Harbour Labs", "done": True},
    {"text": "Write the onboarding steps", "done": False},
    {"text": "", "done": False},
]


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        (SAVED, ["<b>1 of 6</b> targets done", "✓</span> Call Harbour Labs", "○</span> Write"]),
        (None, ["No targets written for this month yet."]),
        ([{"text": "  ", "done": True}], ["No targets written for this month yet."]),
        ([{"text": "<b>Bold</b>", "done": False}], ["&lt;b&gt;Bold&lt;/b&gt;", "0 of 6"]),
    ],
    ids=["some-done", "none-saved", "blank-only", "escaped"],
)
def test_the_summary_lists_written_targets_with_ticks(targets, expected):
    text = targets_html(targets)
    assert all(part in text for part in expected)


def test_the_edit_button_replaces_the_summary_by_the_form():
    form = widgets.Label("the form")
    targets = MonthlyTargets(SAVED, lambda: form)
    assert not targets.opened and targets.children == (targets.summary, targets.edit)
    targets.edit.click()
    assert targets.opened and targets.children == (form,)


def test_a_form_that_failed_to_open_keeps_the_summary():
    targets = MonthlyTargets(SAVED, lambda: None)
    targets.show_form()
    assert not targets.opened and targets.edit in targets.children
