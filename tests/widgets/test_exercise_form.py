"""The exercise form, driven headlessly: set widget values, flush, check what is stored
and what is shown."""

import datetime as dt

import pytest

from toolkit.exercises import exercise_files
from toolkit.store import Workspace, coaching
from toolkit.widgets import Chart, ExerciseForm

from .conftest import PARTICIPANT, TODAY, fill, saved_within

EXERCISES = sorted(path.stem for path in exercise_files())


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_every_exercise_completes_end_to_end_and_reopens_with_the_same_result(
    exercises, workspace, suggestions, tmp_path, exercise_id, open_form
):
    exercise = exercises[exercise_id]
    form = open_form(exercise, suggestions=suggestions)
    required = [i.id for i in exercise.items.values() if i.required]
    assert form.remaining == required
    assert not form.complete and form.result_box.layout.display == "none"

    for widget in form.items.values():
        fill(widget)
    assert form.remaining == [] and form.complete
    assert "All questions answered" in form.left.value
    assert form.flush() >= len(required)

    stored = coaching.latest_answers(workspace, PARTICIPANT, exercise_id)
    assert stored == form.answers
    result = form.result
    assert result == exercise.score(stored)
    assert result.band.label in form.summary.value
    assert isinstance(form.chart_box.children[0], Chart)
    (saved,) = coaching.results(workspace, PARTICIPANT, exercise_id).itertuples()
    assert (saved.total, saved.band, saved.period) == (
        pytest.approx(result.total),
        result.band.id,
        exercise.period(TODAY),
    )

    assert form.proposal_rows, "every complete exercise proposes at least one commitment"
    ids = form.accept_proposals()
    commitments = coaching.commitments(workspace, PARTICIPANT)
    assert commitments["commitment_id"].tolist() == ids
    assert set(commitments["source_exercise_id"]) == {exercise_id}

    workspace.close()
    reopened = Workspace.open(tmp_path)
    again = open_form(exercise, reopened, suggestions)
    assert again.result == result
    assert again.answers == form.answers
    assert again.flush() == 0, "reopening an answered form writes nothing"
    reopened.close()


def test_answers_are_saved_by_the_timer_within_the_delay(exercises, workspace):
    form = ExerciseForm(exercises["abandonment-audit"], workspace, PARTICIPANT, delay=0.05)
    form.items["owner_clarity"].control.value = 4
    form.items["cover"].control.value = 2
    saved_within(form, seconds=5)
    assert coaching.latest_answers(workspace, PARTICIPANT, "abandonment-audit") == {
        "owner_clarity": 4,
        "cover": 2,
    }
    assert form.last_saved is not None


def test_each_change_is_a_new_row_and_the_latest_wins(exercises, workspace, open_form):
    form = open_form(exercises["abandonment-audit"])
    scale = form.items["owner_clarity"].control
    scale.value = 2
    form.flush()
    scale.value = 5
    form.flush()
    history = coaching.answer_history(workspace, PARTICIPANT, "abandonment-audit")
    assert history["value"].tolist() == [2, 5]
    assert open_form(exercises["abandonment-audit"]).items["owner_clarity"].control.value == 5


def test_restoring_fills_every_control(exercises, workspace, open_form):
    exercise = exercises["excuse-audit"]
    form = open_form(exercise)
    for widget in form.items.values():
        fill(widget)
    form.flush()
    again = open_form(exercise)
    assert again.items["revenue"].control.value == "1250"
    assert again.items["discount_to_win"].control.value == 2
    (row,) = again.items["excuses"].rows
    assert row["client"].control.value == "A considered answer"
    assert row["occurred_on"].control.value == dt.date(2026, 4, 1)


def test_a_number_that_is_not_a_number_shows_a_message_and_is_not_saved(
    exercises, workspace, open_form
):
    form = open_form(exercises["excuse-audit"])
    revenue = form.items["revenue"]
    revenue.control.value = "12k"
    assert revenue.error == "enter a number, for example 1250 or 12.5"
    assert "enter a number" in revenue._message.value
    assert revenue._message.layout.display == "block"
    revenue.control.value = "0"
    assert revenue.error == "enter 1 or more"
    assert form.flush() == 0
    revenue.control.value = "80000"
    assert revenue.error == ""
    assert form.flush() == 1
    assert coaching.latest_answers(workspace, PARTICIPANT, "excuse-audit") == {"revenue": 80000}


def test_a_bad_row_field_blocks_the_table_until_corrected(exercises, workspace, open_form):
    form = open_form(exercises["excuse-audit"])
    table = form.items["excuses"]
    row = table.add_row()
    row["value"].control.value = "-5"
    assert row["value"].error == "enter 0 or more"
    assert table.error == "some fields need a correction"
    row["value"].control.value = "500"
    assert table.error == ""
    assert table.value[0]["value"] == 500


def test_nothing_to_record_answers_an_optional_table(exercises, workspace, open_form):
    form = open_form(exercises["excuse-audit"])
    assert "excuses" in form.remaining
    form.items["excuses"]._none.value = True
    assert "excuses" not in form.remaining
    assert form.answers["excuses"] == []


def test_required_items_left_are_counted_and_marked_on_request(exercises, workspace, open_form):
    form = open_form(exercises["retention-plan"])
    assert "12 required questions left" in form.left.value
    form.items["client_name"].control.value = "Harbour Labs"
    assert "11 required questions left" in form.left.value
    missing = form.show_missing()
    assert "client_name" not in missing and "why" in missing
    assert form.items["why"].error == "this question needs an answer"
    form.items["why"].control.value = "They grow every year."
    assert form.items["why"].error == ""


def test_multi_choice_refuses_more_than_allowed(exercises, workspace, open_form):
    form = open_form(exercises["client-love-map"])
    widget = form.items["a_list_traits"]
    for box in list(widget.boxes.values())[:6]:
        box.value = True
    assert widget.error == "choose at most 5"
    assert widget.value == ["pays_on_time", "respects_scope", "refers", "collaborates", "core_need"]


def test_client_rating_without_clients_says_what_to_do(exercises, workspace, open_form):
    form = open_form(exercises["treasure-review"])
    assert "import your client list" in form.items["top_clients"]._rows_box.children[0].value


def test_figures_from_data_are_shown_next_to_the_item(exercises, workspace, open_form):
    figures = {"owner_clarity": "7 of 40 active clients have no owner."}
    form = open_form(exercises["abandonment-audit"], figures=figures)
    widget = form.items["owner_clarity"]
    assert "7 of 40 active clients" in widget._figure.value
    assert widget._figure.layout.display == "block"


def test_edited_and_unticked_proposals_are_stored_as_edited(exercises, workspace, open_form):
    form = open_form(exercises["abandonment-audit"])
    for widget in form.items.values():
        fill(widget)
    first, second, *rest = form.proposal_rows
    first.text.value = "Name an owner for our ten largest clients"
    first.due_on.value = dt.date(2026, 3, 20)
    second.accept.value = False
    ids = form.accept_proposals()
    stored = coaching.commitments(workspace, PARTICIPANT)
    assert len(ids) == 1 + len(rest)
    assert stored.loc[0, "text"] == "Name an owner for our ten largest clients"
    assert stored.loc[0, "due_on"] == dt.datetime(2026, 3, 20)
    assert form.accept_proposals() == [], "accepting twice adds nothing"


def test_stored_answers_that_no_longer_fit_the_exercise_are_ignored(
    exercises, workspace, open_form
):
    exercise = exercises["abandonment-audit"]
    coaching.save_answer(workspace, PARTICIPANT, exercise, "owner_clarity", 9)
    form = open_form(exercise)
    assert form.items["owner_clarity"].value is None
    assert "owner_clarity" in form.remaining


def widths(widget):
    layout = getattr(widget, "layout", None)
    for name in ("width", "max_width", "min_width"):
        value = getattr(layout, name, None) if layout is not None else None
        if value:
            yield value
    for child in getattr(widget, "children", ()):
        yield from widths(child)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_layout_fits_a_phone(exercises, workspace, suggestions, exercise_id, open_form):
    form = open_form(exercises[exercise_id], suggestions=suggestions)
    pixel_widths = [w for w in widths(form) if w.endswith("px")]
    assert all(float(w[:-2]) <= 350 for w in pixel_widths), pixel_widths
