"""The exercise picker offers titles and shows the chosen exercise's form."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from toolkit.widgets.exercise_picker import ExercisePicker

TITLES = {"a": "Client fit map", "b": "Treasure review"}


@pytest.fixture
def picker():
    forms = {i: widgets.Label(f"form {i}") for i in TITLES}
    return ExercisePicker(TITLES, forms.get)


def test_the_dropdown_offers_the_titles_after_a_prompt(picker):
    assert picker.dropdown.options == (
        ("Choose an exercise...", ""),
        ("Client fit map", "a"),
        ("Treasure review", "b"),
    )
    assert picker.value == "" and picker.slot.children == ()


@pytest.mark.parametrize(
    ("label", "shown"), [("Treasure review", "form b"), ("Client fit map", "form a")]
)
def test_choosing_a_title_shows_its_form(picker, label, shown):
    picker.dropdown.label = label
    assert [w.value for w in picker.slot.children] == [shown]


def test_choosing_the_prompt_again_empties_the_slot(picker):
    picker.value = "a"
    picker.value = ""
    assert picker.slot.children == ()


def test_a_form_that_failed_to_open_leaves_the_slot_empty():
    picker = ExercisePicker(TITLES, lambda _id: None)
    picker.value = "a"
    assert picker.slot.children == ()
