"""What each item kind accepts, the number it contributes, and client-rating pre-fill."""

import pandas as pd
import pytest

from toolkit.exercises import Item


def item(**spec) -> Item:
    return Item.from_dict({"id": "q", "prompt": "Q?", **spec})


SCALE = {"kind": "scale", "min": 1, "max": 5, "anchors": {1: "low", 5: "high"}}
NUMBER = {"kind": "number", "min": 0, "max": 100}
CHOICE = {
    "kind": "choice",
    "options": [{"id": "a", "label": "A", "score": 1}, {"id": "b", "label": "B", "score": 3}],
}
MULTI = {**CHOICE, "kind": "multi-choice", "max_selected": 1}


@pytest.mark.parametrize(
    ("spec", "value", "problem"),
    [
        (SCALE, 3, None),
        (SCALE, 6, "enter 5 or less"),
        (SCALE, 2.5, "choose a whole number on the scale"),
        (NUMBER, "ten", "enter a number, for example 1250 or 12.5"),
        (NUMBER, -1, "enter 0 or more"),
        (NUMBER, 12.5, None),
        (CHOICE, "c", "choose one of the options"),
        (MULTI, ["a", "b"], "choose at most 1"),
        ({"kind": "date"}, "2026-02-30", "enter a date as YYYY-MM-DD"),
        ({"kind": "date"}, "2026-02-28", None),
        ({"kind": "text", "max_length": 3}, "four", "keep it under 3 characters (now 4)"),
        ({"kind": "checklist", "entries": 2}, [{"text": "a"}] * 3, "a checklist has 2 entries"),
        (
            {
                "kind": "table",
                "fields": [{"id": "v", "kind": "number", "label": "Value", "min": 0}],
            },
            [{"v": 1}, {"v": -2}],
            "row 2, Value: enter 0 or more",
        ),
        (SCALE, None, None),
    ],
)
def test_problem_explains_what_is_wrong(spec, value, problem):
    assert item(**spec).problem(value) == problem


@pytest.mark.parametrize(
    ("spec", "value", "number"),
    [
        (SCALE, 4, 4.0),
        (CHOICE, "b", 3.0),
        (MULTI | {"max_selected": 2}, ["a", "b"], 4.0),
        ({"kind": "checklist", "entries": 3}, [{"text": "x", "done": True}] * 2, 2.0),
        (NUMBER, 7, 7.0),
        (SCALE, 9, None),
    ],
)
def test_numeric_value_of_an_answer(spec, value, number):
    assert item(**spec).numeric(value) == number


@pytest.mark.parametrize(
    ("spec", "value", "answered"),
    [
        ({"kind": "checklist", "entries": 2}, [{"text": "a"}, {"text": " "}], False),
        ({"kind": "checklist", "entries": 2}, [{"text": "a"}, {"text": "b"}], True),
        ({"kind": "table", "fields": [{"id": "v", "kind": "text", "label": "V"}]}, [], True),
        (
            {"kind": "table", "min_rows": 1, "fields": [{"id": "v", "kind": "text", "label": "V"}]},
            [],
            False,
        ),
        ({"kind": "text"}, "", False),
    ],
)
def test_is_answered(spec, value, answered):
    assert item(**spec).is_answered(value) is answered


RATING = {
    "kind": "client-rating",
    "order_by": "value",
    "limit": 2,
    "fields": [
        {**SCALE, "id": "fit", "label": "Fit", "suggest": {"column": "fit", "range": [0, 1]}},
        {"id": "when", "kind": "date", "label": "When", "suggest": {"column": "last"}},
        {"id": "note", "kind": "text", "label": "Note", "required": False},
    ],
}


def test_client_rows_are_prefilled_rescaled_and_limited_to_the_top_clients():
    suggestions = pd.DataFrame(
        {
            "client_id": ["a", "b", "c"],
            "name": ["Alpha", "Beta", "Gamma"],
            "value": [1.0, 5.0, 3.0],
            "fit": [0.0, 0.5, float("nan")],
            "last": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
        }
    )
    saved = [{"client_id": "c", "client": "Gamma", "fit": 2, "when": None, "note": "mine"}]
    rows = item(**RATING).client_rows(suggestions, saved)
    # top two by value: Beta (5), Gamma (3); fit 0.5 on 0..1 -> 1 + 0.5 * 4 = 3
    assert rows == [
        {"client_id": "b", "client": "Beta", "fit": 3, "when": "2026-02-01", "note": None},
        {"client_id": "c", "client": "Gamma", "fit": 2, "when": None, "note": "mine"},
    ]


def test_client_rows_without_suggestions_are_the_saved_rows():
    saved = [{"client_id": "c", "client": "Gamma", "fit": 2}]
    assert item(**RATING).client_rows(None, saved) == saved


def test_compare_sets_ratings_next_to_the_data(exercises):
    exercise = exercises["client-love-map"]
    suggestions = pd.DataFrame(
        {"client_id": ["a"], "name": ["Alpha"], "fit": [1.0], "health": [0.25], "value": [1.0]}
    )
    answers = {"clients": [{"client_id": "a", "client": "Alpha", "fit": 2, "reciprocity": 2}]}
    table = exercise.compare(answers, suggestions)
    assert table[["field", "rated", "suggested", "difference"]].to_dict("records") == [
        {"field": "fit", "rated": 2.0, "suggested": 5.0, "difference": -3.0},
        {"field": "reciprocity", "rated": 2.0, "suggested": 2.0, "difference": 0.0},
    ]


def test_an_unknown_kind_is_refused_even_without_the_schema():
    with pytest.raises(ValueError, match="item 'x': unknown kind 'slider'"):
        Item.from_dict({"id": "x", "kind": "slider", "prompt": "How much?"})
