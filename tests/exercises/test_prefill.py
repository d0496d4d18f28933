"""Answers pre-filled from the firm's data: the excuse log and the contact gaps."""

import pandas as pd
import pytest

from toolkit.analytics import attention_gaps
from toolkit.exercises import from_attention, from_excuses, with_shared_causes
from toolkit.exercises.prefill import FROM_DATA, kept_status, rhythm

CLIENTS = pd.DataFrame({"client_id": ["c1", "c2"], "name": ["Kiln Foods", "Mesa Water"]})


def log(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "client_id",
            "occurred_on",
            "what_went_wrong",
            "concession",
            "concession_value",
            "root_cause",
        ],
    ).astype({"occurred_on": "datetime64[ns]"})


EXCUSES = log(
    [
        ("c1", "2026-09-10", "Found a cheaper quote", "Discount", 300.0, "discount demanded"),
        ("c2", "2026-08-01", "Requirements changed", None, float("nan"), "client changed scope"),
        ("c1", "2026-10-02", "Drawing late", "Free fix", 120.0, "the weather"),
    ]
)


def test_the_excuse_log_becomes_the_audits_rows_oldest_first(exercises):
    (rows,) = from_excuses(exercises["excuse-audit"], EXCUSES, CLIENTS).values()
    assert rows == [
        {
            "client_id": "c2",
            "client": "Mesa Water",
            "occurred_on": "2026-08-01",
            "what_went_wrong": "Requirements changed",
            "concession": None,
            "value": None,
            "root_cause": "scope_change",
            FROM_DATA: ["client", "occurred_on", "what_went_wrong", "root_cause"],
        },
        {
            "client_id": "c1",
            "client": "Kiln Foods",
            "occurred_on": "2026-09-10",
            "what_went_wrong": "Found a cheaper quote",
            "concession": "Discount",
            "value": 300.0,
            "root_cause": "price_pressure",
            FROM_DATA: [
                "client",
                "occurred_on",
                "what_went_wrong",
                "concession",
                "value",
                "root_cause",
            ],
        },
        {
            "client_id": "c1",
            "client": "Kiln Foods",
            "occurred_on": "2026-10-02",
            "what_went_wrong": "Drawing late",
            "concession": "Free fix",
            "value": 120.0,
            "root_cause": None,
            FROM_DATA: ["client", "occurred_on", "what_went_wrong", "concession", "value"],
        },
    ]


def test_prefilled_excuses_score_once_the_gaps_are_filled(exercises):
    exercise = exercises["excuse-audit"]
    answers = {**from_excuses(exercise, EXCUSES, CLIENTS), "revenue": 21_000}
    assert "excuses" in exercise.missing(answers)  # a concession, a value, a cause to fill in
    answers["excuses"][0].update(concession="Nothing", value=0)
    answers["excuses"][2]["root_cause"] = "outside"
    result = exercise.score(answers)
    assert "excuses" not in result.missing
    # (0 + 300 + 120) / 21,000 = 2 %; one entry each: scope change, price pressure, outside
    assert result.sections["given_away"] == pytest.approx(2.0)
    assert [result.sections[c] for c in ("price_pressure", "scope_change", "outside")] == [1, 1, 1]


def test_a_long_log_keeps_the_latest_entries_the_table_holds(exercises):
    days = pd.date_range("2026-01-01", periods=45, freq="D").strftime("%Y-%m-%d")
    many = log([("c1", day, "Late", "Discount", 10.0, "our mistake") for day in days])
    (rows,) = from_excuses(exercises["excuse-audit"], many).values()
    assert len(rows) == 40
    assert (rows[0]["occurred_on"], rows[-1]["occurred_on"]) == ("2026-01-06", "2026-02-14")
    assert rows[0]["client"] == "c1"  # no names given: the id
    assert {row["root_cause"] for row in rows} == {"execution_mistake"}


@pytest.mark.parametrize(
    ("days", "option"), [(7, "weekly"), (30, "monthly"), (60, "monthly"), (91, "quarterly")]
)
def test_a_cadence_becomes_the_nearest_rhythm(days, option):
    assert rhythm(days) == option


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (0.5, "on_time"),
        (1.0, "on_time"),
        (1.5, "slipping"),
        (2.0, "neglected"),
        (None, "neglected"),
    ],
)
def test_the_rhythm_is_kept_up_to_the_cadence_and_neglected_from_twice_it(ratio, status):
    assert kept_status(float("nan") if ratio is None else ratio, 2.0) == status


GAPS = pd.DataFrame(
    {
        "client_id": ["f", "a", "b", "c", "d", "e"],
        "value": [100.0, 9000.0, 8000.0, 7000.0, 6000.0, 9500.0],
        "last_contact": pd.to_datetime(
            ["2026-07-01", "2026-10-20", "2026-09-01", None, "2026-10-25", "2026-10-01"]
        ),
        "cadence_days": [90.0, 30.0, 30.0, 30.0, 30.0, 30.0],
        "overdue_ratio": [2.5, 0.5, 1.5, float("nan"), 0.2, 1.0],
    }
)
STATUSES = pd.DataFrame(
    {
        "client_id": ["a", "b", "c", "d", "e", "f"],
        "status": ["active"] * 3 + ["lapsed", "ended", "active"],
    }
)


def test_last_contact_and_kept_rhythm_come_from_the_data(exercises):
    exercise = exercises["treasure-review"]
    answers = from_attention(exercise, GAPS, STATUSES)
    rows = answers["top_clients"]
    # highest value first, ended client e left out, lapsed client d long overdue
    assert [(r["client_id"], r["last_contact"], r["cadence"], r["status"]) for r in rows] == [
        ("a", "2026-10-20", "monthly", "on_time"),
        ("b", "2026-09-01", "monthly", "slipping"),
        ("c", None, "monthly", "neglected"),
        ("d", "2026-10-25", "monthly", "neglected"),
        ("f", "2026-07-01", "quarterly", "neglected"),
    ]
    assert rows[2][FROM_DATA] == ["cadence", "status"]
    assert rows[0][FROM_DATA] == ["last_contact", "cadence", "status"]
    assert rows[0]["this_week"] is None
    # 1 of 5 within the rhythm = 20 %; attention points (2 + 1 + 0 + 0 + 0) / 5 * 50 = 30
    result = exercise.score({**answers, "list_review": 3, "after_delivery": 3})
    assert result.sections["on_time"] == pytest.approx(20.0)
    assert result.sections["attention"] == pytest.approx(30.0)
    assert result.band.id == "at_risk"
    assert "top_clients" in result.missing  # this week's action is the participant's


def test_attention_gaps_output_prefills_the_review(exercises):
    clients = pd.DataFrame(
        {
            "client_id": ["a", "b"],
            "name": ["Alpha", "Beta"],
            "value": [9000.0, 100.0],
            "is_internal": [False, False],
            "ended_on": pd.NaT,
        }
    )
    calls = pd.DataFrame(
        {"client_id": ["a", "b"], "occurred_at": pd.to_datetime(["2024-01-01", "2024-05-20"])}
    )
    gaps = attention_gaps(clients, calls, "2024-06-01")
    rows = from_attention(exercises["treasure-review"], gaps, clients=clients)["top_clients"]
    # a: 152 days against a 30-day cadence; b: 12 days against 90
    assert [(r["client"], r["last_contact"], r["cadence"], r["status"]) for r in rows] == [
        ("Alpha", "2024-01-01", "monthly", "neglected"),
        ("Beta", "2024-05-20", "quarterly", "on_time"),
    ]


def test_first_version_causes_are_read_as_the_shared_ones(exercises):
    exercise = exercises["excuse-audit"]
    old = ["price_hunter", "over_promised", "our_mistake", "outside", "made up"]
    rows = [{"client": "A", "value": 10, "root_cause": cause} for cause in old]
    answers = {"excuses": rows, "revenue": 1000}
    upgraded = with_shared_causes(exercise, answers)
    assert [row["root_cause"] for row in upgraded["excuses"]] == [
        "price_pressure",
        "over_promised",
        "execution_mistake",
        "outside",
        "made up",
    ]
    assert upgraded["revenue"] == 1000
    assert rows[0]["root_cause"] == "price_hunter"  # the stored answer is not changed
