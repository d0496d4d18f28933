"""The client fit map against the data: clients by stratum, blind ratings, an honest
comparison, and the ratings fed back to client_map."""

import datetime as dt

import pandas as pd
import pytest

from toolkit.analytics import client_map
from toolkit.exercises import agreement, decision_proposals, ratings, select_clients

#: A client_map frame: (client_id, status, is_internal, value, health, concession_share)
MAP = pd.DataFrame(
    [
        ("a", "active", False, 900.0, 0.9, 0.0),
        ("b", "active", False, 800.0, 0.2, 0.30),
        ("c", "active", False, 700.0, 0.5, 0.05),
        ("d", "ended", False, 1000.0, 0.1, 0.5),
        ("e", "lapsed", False, 950.0, 0.1, 0.4),
        ("f", "active", False, 100.0, 0.1, 0.10),
        ("g", "active", False, 50.0, 0.6, float("nan")),
        ("h", "active", False, 200.0, 0.7, 0.20),
        ("i", "active", True, 300.0, 0.3, 0.0),
        ("j", "active", True, 0.0, 0.8, 0.0),
    ],
    columns=["client_id", "status", "is_internal", "value", "health", "concession_share"],
).assign(name=lambda m: m["client_id"].str.upper(), fit=0.5)


def test_clients_are_chosen_by_stratum_without_ended_or_lapsed_ones():
    chosen = select_clients(MAP, per_stratum=2)
    # top value a, b; worst health f, (b taken) c; highest concessions (b taken) h;
    # internal i, j; ended d and lapsed e never
    assert list(zip(chosen["client_id"], chosen["stratum"], strict=True)) == [
        ("a", "top value"),
        ("b", "top value"),
        ("f", "worst health"),
        ("c", "worst health"),
        ("h", "highest concessions"),
        ("i", "internal"),
        ("j", "internal"),
    ]
    assert {"fit", "health", "name"} <= set(chosen.columns)


def test_the_default_selection_fits_the_exercises_client_list(exercises):
    item = exercises["client-love-map"].items["clients"]
    assert len(select_clients(MAP)) <= item.limit


def test_blind_rows_list_the_clients_with_nothing_prefilled(exercises):
    item = exercises["client-love-map"].items["clients"]
    chosen = select_clients(MAP, per_stratum=2)
    blind = item.client_rows(chosen, None, blind=True)
    shown = item.client_rows(chosen, None)
    assert [r["client_id"] for r in blind] == [r["client_id"] for r in shown]
    assert {(r["fit"], r["reciprocity"]) for r in blind} == {(None, None)}
    assert shown[0]["fit"] == 3  # fit 0.5 on 0..1 -> 1 + 0.5 * 4
    saved = [{"client_id": "a", "client": "A", "fit": 4}]
    assert item.client_rows(chosen, saved, blind=True)[0]["fit"] == 4


#: The data's view: a fit 1.0 -> 5, health 0.9 -> 4.6 -> 5; b fit 0.5 -> 3, health 0.2 -> 2
SUGGESTIONS = pd.DataFrame(
    {
        "client_id": ["a", "b"],
        "name": ["A", "B"],
        "fit": [1.0, 0.5],
        "health": [0.9, 0.2],
        "value": [2.0, 1.0],
    }
)


def rated(a_fit, a_give, b_fit, b_give):
    return {
        "clients": [
            {"client_id": "a", "client": "A", "fit": a_fit, "reciprocity": a_give},
            {"client_id": "b", "client": "B", "fit": b_fit, "reciprocity": b_give},
        ]
    }


def test_blind_ratings_all_count_even_where_they_equal_the_data(exercises):
    # a fit 5 (0 apart), a give-back 3 (2 apart), b fit unrated, b give-back 2 (0 apart)
    result = agreement(exercises["client-love-map"], rated(5, 3, None, 2), SUGGESTIONS, True)
    assert (result.rated, result.accepted, result.agreeing) == (3, 0, 2)
    assert result.differing == (("a", "reciprocity"),)
    assert result.text == (
        "You rated 3 yourself: 2 within one point of the data's view, 1 two or more points apart."
    )


def test_prefilled_ratings_left_as_they_were_are_accepted_not_agreement(exercises):
    result = agreement(exercises["client-love-map"], rated(5, 3, None, 2), SUGGESTIONS, False)
    assert (result.rated, result.accepted, result.agreeing) == (1, 2, 0)
    assert result.text.endswith("2 were left at the data's value and are not compared.")


def test_accepting_every_default_reports_no_agreement(exercises):
    result = agreement(exercises["client-love-map"], rated(5, 5, 3, 2), SUGGESTIONS, False)
    assert (result.rated, result.accepted) == (0, 4)
    assert "agree" not in result.text and "within one point" not in result.text
    assert result.text.startswith("You have not rated any client yourself yet")


def test_ratings_feed_the_client_map(exercises):
    answers = rated(4, 3, None, 2)
    frame = ratings(exercises["client-love-map"], answers)
    assert frame.to_dict("records") == [{"client_id": "a", "fit": 4.0}]
    clients = pd.DataFrame(
        {"client_id": ["a", "b"], "name": ["A", "B"], "is_internal": False, "ended_on": pd.NaT}
    )
    calls = pd.DataFrame(
        {"client_id": ["a", "b"], "occurred_at": pd.to_datetime(["2024-05-20", "2024-05-02"])}
    )
    tx = pd.DataFrame(
        {
            "client_id": ["a", "b"],
            "occurred_on": pd.to_datetime(["2024-05-01", "2024-05-01"]),
            "amount": [5000.0, 2000.0],
            "kind": "invoice",
        }
    )
    result = client_map(clients, calls, tx, as_of="2024-06-01", ratings=frame).set_index(
        "client_id"
    )
    # rating 4 on 1..5 -> (4 - 1) / 4 = 0.75
    assert result.loc["a", ["fit", "fit_source"]].tolist() == [pytest.approx(0.75), "rating"]
    assert result.loc["b", "fit_source"] == "proxies"


def test_each_decision_becomes_a_commitment_naming_the_client(exercises):
    exercise = exercises["client-love-map"]
    answers = rated(4, 3, 2, 2)
    answers["clients"][0]["decision"] = "cherish"
    answers["clients"][1]["decision"] = "renegotiate"
    answers["clients"].append({"client_id": "c", "client": "", "decision": None})
    proposals = decision_proposals(exercise, answers, dt.date(2026, 11, 2))
    assert [(p.text, p.due_on) for p in proposals] == [
        ("A: Cherish - protect and reward", dt.date(2026, 12, 2)),
        ("B: Renegotiate - change the terms", dt.date(2026, 12, 2)),
    ]
    assert {p.source_exercise_id for p in proposals} == {"client-love-map"}
