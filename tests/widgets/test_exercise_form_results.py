"""What the exercise form says once an exercise is complete: every score with its scale
and direction, and, for the client fit map, an honest comparison with the data."""

from html import escape

import pytest

from toolkit.store import coaching

from .conftest import PARTICIPANT, fill
from .test_exercise_form import EXERCISES


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_every_score_shown_states_its_scale_and_direction(
    exercises, suggestions, exercise_id, open_form
):
    exercise = exercises[exercise_id]
    form = open_form(exercise, suggestions=suggestions)
    for widget in form.items.values():
        fill(widget)
    assert form.complete
    scored = [rule for rule in (exercise.total, *exercise.scores) if rule.scale]
    assert scored, "every shipped exercise states the scale of its scores"
    for rule in scored:
        line = form.result.text(rule.id)
        assert f"({rule.scale})" in line
        assert escape(line) in form.summary.value


def data_view(**overrides):
    """The suggestions fixture's clients rated exactly as the data rates them (fit 0.75 ->
    4, health 0.5 -> 3 on 1-5...), with ``overrides`` (client id -> fields) applied."""
    rows = [
        {"client_id": "c1", "client": "Harbour Labs", "fit": 4, "reciprocity": 3},
        {"client_id": "c2", "client": "Kiln & Co", "fit": 2, "reciprocity": 1},
        {"client_id": "c3", "client": "Mesa Tools", "fit": 5, "reciprocity": 4},
    ]
    return [{**row, "decision": "develop", **overrides.get(row["client_id"], {})} for row in rows]


def complete_fit_map(form):
    for widget in form.items.values():
        if widget.item.kind != "client-rating":
            fill(widget)
    assert form.complete


def test_ratings_left_at_the_data_s_values_are_not_called_agreement(
    exercises, workspace, suggestions, open_form
):
    exercise = exercises["client-love-map"]
    coaching.save_answer(workspace, PARTICIPANT, exercise, "clients", data_view())
    form = open_form(exercise, suggestions=suggestions)
    complete_fit_map(form)
    assert "agree" not in form.comparison.value
    assert "not rated any client yourself" in form.comparison.value
    assert "Where your view and the data differ" not in form.comparison.value


def test_ratings_that_differ_from_the_data_are_counted_and_listed(
    exercises, workspace, suggestions, open_form
):
    exercise = exercises["client-love-map"]
    mine = data_view(c1={"fit": 3}, c3={"fit": 1, "reciprocity": 2})
    coaching.save_answer(workspace, PARTICIPANT, exercise, "clients", mine)
    form = open_form(exercise, suggestions=suggestions)
    complete_fit_map(form)
    # c1 fit 3 vs 4: within one point; c3 fit 1 vs 5 and give-back 2 vs 4: apart;
    # the other three ratings equal the data's and were saved before: accepted
    assert (
        "You rated 3 yourself: 1 within one point of the data&#x27;s view, "
        "2 two or more points apart. 3 were left at the data&#x27;s value"
    ) in form.comparison.value
    table = form.comparison.value.split("<table>")[1]
    assert "Mesa Tools" in table and "Harbour Labs" not in table
