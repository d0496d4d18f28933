"""What the exercise form says once an exercise is complete: every score with its scale
and direction, and, for the client fit map, an honest comparison with the data."""

from html import escape

import pandas as pd
import pytest

from toolkit.exercises import select_clients
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
    form.reveal()
    assert "agree" not in form.comparison.value
    assert "not rated any client yourself" in form.comparison.value
    assert "apart before you looked" not in form.comparison.value


def test_ratings_that_differ_from_the_data_are_counted_and_listed(
    exercises, workspace, suggestions, open_form
):
    exercise = exercises["client-love-map"]
    mine = data_view(c1={"fit": 3}, c3={"fit": 1, "reciprocity": 2})
    coaching.save_answer(workspace, PARTICIPANT, exercise, "clients", mine)
    form = open_form(exercise, suggestions=suggestions)
    complete_fit_map(form)
    form.reveal()
    # c1 fit 3 vs 4: within one point; c3 fit 1 vs 5 and give-back 2 vs 4: apart;
    # the other three ratings equal the data's and were saved before: accepted
    assert (
        "You rated 3 yourself: 1 within one point of the data&#x27;s view, "
        "2 two or more points apart. 3 were left at the data&#x27;s value"
    ) in form.comparison.value
    assert "before you looked:</b> Mesa Tools (fit), Mesa Tools (reciprocity)</p>" in (
        form.comparison.value
    )


def cells(*values):
    return "".join(f"<td>{value}</td>" for value in values)


def test_client_ratings_start_blind_and_the_data_s_view_shows_on_request(
    exercises, suggestions, open_form
):
    form = open_form(exercises["client-love-map"], suggestions=suggestions)
    rows = form.items["clients"].rows
    assert list(rows) == ["c1", "c2", "c3"]
    assert {rows[c][f].value for c in rows for f in ("fit", "reciprocity")} == {None}
    assert form.comparison.value == "" and not form.revealed

    rows["c1"]["fit"].control.value = 4  # as the data says (0.75 -> 4), rated blind
    rows["c3"]["fit"].control.value = 1  # the data says 5
    form.reveal_button.click()
    assert form.revealed and form.reveal_button.layout.display == "none"
    shown = form.comparison.value
    assert (
        "You rated 2 yourself: 1 within one point of the data&#x27;s view, "
        "1 two or more points apart."
    ) in shown
    assert "before you looked:</b> Mesa Tools (fit)</p>" in shown
    assert cells("Harbour Labs", "fit", 4, 4, "+0") in shown
    assert cells("Mesa Tools", "fit", 1, 5, "-4") in shown
    assert cells("Kiln &amp; Co", "reciprocity", "-", 1, "-") in shown  # not rated yet

    rows["c3"]["fit"].control.value = 5  # changed after looking: shown, not agreement
    shown = form.comparison.value
    assert cells("Mesa Tools", "fit", 5, 5, "+0") in shown
    assert "1 within one point of the data&#x27;s view, 1 two or more points apart" in shown


def test_without_a_data_view_nothing_is_offered_to_reveal(exercises, open_form):
    form = open_form(exercises["client-love-map"])
    assert not form.blind
    assert form.reveal_button not in walk(form)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def test_a_client_map_chooses_the_clients_by_stratum_not_only_the_largest(exercises, open_form):
    # 20 active external clients, largest first; the smallest is the least healthy, the
    # second smallest gives the most away; one internal client; the largest has ended
    count = 20
    client_map = pd.DataFrame(
        {
            "client_id": [f"c{n}" for n in range(count)] + ["ours"],
            "name": [f"Client {n}" for n in range(count)] + ["Our own lab"],
            "status": ["ended"] + ["active"] * count,
            "is_internal": [False] * count + [True],
            "value": [float(100_000 - n * 1_000) for n in range(count)] + [500.0],
            "health": [0.9] * (count - 1) + [0.05, 0.5],
            "concession_share": [0.0] * (count - 2) + [0.4, 0.0, 0.0],
            "fit": [0.5] * (count + 1),
        }
    )
    form = open_form(exercises["client-love-map"], client_map=client_map)
    shown = list(form.items["clients"].rows)
    assert "c0" not in shown, "an ended client is not rated"
    assert {"c19", "c18", "ours"} <= set(shown), "worst health, most given away, internal"
    assert set(shown) == set(select_clients(client_map)["client_id"])
    assert form.blind
