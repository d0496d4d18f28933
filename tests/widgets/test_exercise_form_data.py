"""The exercise form's starts from the data: clients added to a blind rating, answers
pre-filled where nothing is saved yet."""

import pandas as pd

from toolkit.store import coaching

from .conftest import PARTICIPANT


def client_map(count: int = 10) -> pd.DataFrame:
    """``count`` active external clients without concessions, value falling and health
    rising with the number: select_clients takes the four largest and the four least
    healthy of the rest, so with ten, C08 and C09 are left to add."""
    numbers = range(count)
    return pd.DataFrame(
        {
            "client_id": [f"C{n:02d}" for n in numbers],
            "name": [f"Client {n:02d}" for n in numbers],
            "status": "active",
            "is_internal": False,
            "value": [1000.0 * (count - n) for n in numbers],
            "health": [n / count for n in numbers],
            "fit": 0.5,
            "concession_share": 0.0,
        }
    )


def test_an_added_client_is_rated_blind_compared_and_kept(workspace, exercises, open_form):
    fit_map = exercises["client-love-map"]
    form = open_form(fit_map, client_map=client_map())
    rated = form.items["clients"]
    assert sorted(rated.rows) == [f"C0{n}" for n in range(8)]
    (add_box,) = [c for c in form.children[1].children if "HBox" in type(c).__name__]
    picker, button = add_box.children
    assert [label for label, _id in picker.options][1:] == ["Client 08", "Client 09"]
    picker.value = "C09"
    button.click()
    assert list(rated.rows)[-1] == "C09"
    assert [label for label, _id in picker.options] == ["Choose a client...", "Client 08"]
    row = form.answers["clients"][-1]
    assert (row["client"], row["fit"]) == ("Client 09", None)  # nothing pre-filled
    rated.rows["C09"]["fit"].value = 2
    form.reveal()
    # the data says 0.5 on 0-1, 3 on 1-5: the rating given blind is 1 point below
    assert "You rated 1 yourself: 1 within one point" in form.comparison.value
    form.flush()

    again = open_form(fit_map, client_map=client_map())
    assert list(again.items["clients"].rows)[-1] == "C09"
    assert again.answers["clients"][-1]["fit"] == 2


def test_initial_answers_fill_only_what_is_not_saved_and_keep_their_marks(
    workspace, exercises, open_form
):
    audit = exercises["excuse-audit"]
    coaching.save_answers(workspace, PARTICIPANT, audit, {"revenue": 80_000})
    row = {
        "client": "Kiln Foods",
        "occurred_on": "2026-02-10",
        "what_went_wrong": "Changed the spec",
        "concession": "Free rework",
        "value": 400,
        "root_cause": "scope_change",
        "from_data": ["client", "value", "root_cause"],
    }
    form = open_form(audit, initial={"revenue": 1, "excuses": [row]})
    assert form.answers["revenue"] == 80_000
    assert form.answers["excuses"] == [row]
    (row_box,) = form.items["excuses"].children[2].children[0].children
    marks = [w.value for w in row_box.children if "tk-from-data" in str(getattr(w, "value", ""))]
    assert marks and "From the data: Client, Value, Root cause." in marks[0]
    form.flush()
    # looked at, not changed: nothing new is stored
    assert "excuses" not in coaching.latest_answers(workspace, PARTICIPANT, audit.id)
    form.items["revenue"].value = 90_000
    form.flush()
    stored = coaching.latest_answers(workspace, PARTICIPANT, audit.id)
    assert (stored["revenue"], stored["excuses"]) == (90_000, [row])
