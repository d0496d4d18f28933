"""The abandonment audit: coverage, record completeness, process variation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analytics.conftest import interactions_frame
from toolkit.analytics import (
    coverage_matrix,
    point_person_coverage,
    process_side_by_side,
    process_variation,
    record_completeness,
)

CLIENTS = pd.DataFrame(
    {
        "client_id": ["solo", "shared", "orphan", "absent", "left"],
        "owner_id": ["m1", "m1", None, "m3", "m1"],
        "ended_on": pd.to_datetime([None, None, None, None, "2024-01-01"]),
    }
)
CALLS = interactions_frame(
    [
        ("solo", "m1", "2024-06-01", "call", "t", 0.0),
        ("solo", "m1", "2024-06-02", "call", "t", 0.0),
        ("solo", None, "2024-06-03", "automated", "t", None),  # not meaningful
        ("shared", "m1", "2024-06-01", "call", "t", 0.0),
        ("shared", "m2", "2024-06-01", "call", "t", 0.0),
        ("shared", "m3", "2024-06-01", "call", "t", 0.0),
        ("shared", "m4", "2024-06-01", "call", "t", 0.0),
        ("shared", "m4", "2024-06-02", "email", "t", 0.0),
        ("shared", "m1", "2023-01-01", "call", "t", 0.0),  # outside the 180-day window
        ("orphan", "m2", "2024-06-05", "call", "t", 0.0),
        ("orphan", None, "2024-06-06", "call", "t", 0.0),
        ("absent", "m2", "2024-06-30", "call", "t", 0.0),
        ("stranger", "m2", "2024-06-30", "call", "t", 0.0),  # not in clients: ignored
    ]
)


@pytest.fixture(scope="module")
def coverage() -> pd.DataFrame:
    return point_person_coverage(CLIENTS, CALLS).set_index("client_id")


def test_coverage_counts(coverage):
    assert coverage.loc["solo", ["contacts", "members", "owner_contacts"]].tolist() == [2, 1, 2]
    assert coverage.loc["solo", "owner_share"] == 1.0 and coverage.loc["solo", "top_share"] == 1.0
    assert coverage.loc["shared", ["contacts", "members", "owner_contacts"]].tolist() == [5, 4, 1]
    assert coverage.loc["shared", "top_member"] == "m4"
    assert coverage.loc["shared", "top_share"] == pytest.approx(0.4)
    assert coverage.loc["orphan", ["contacts", "members"]].tolist() == [2, 1]


def test_coverage_flags(coverage):
    assert coverage.loc["shared", "scattered"] and not coverage.loc["solo", "scattered"]
    assert coverage.loc["orphan", "no_owner"] and np.isnan(coverage.loc["orphan", "owner_share"])
    assert coverage.loc["absent", "owner_absent"] and not coverage.loc["solo", "owner_absent"]
    assert "left" not in coverage.index and "stranger" not in coverage.index
    assert coverage.index[-1] == "solo"  # unflagged clients last


def test_coverage_window_and_threshold():
    wide = point_person_coverage(CLIENTS, CALLS, window_days=800).set_index("client_id")
    assert wide.loc["shared", "owner_contacts"] == 2
    relaxed = point_person_coverage(CLIENTS, CALLS, many_members=5).set_index("client_id")
    assert not relaxed["scattered"].any()


def test_a_tie_for_the_most_contacts_goes_to_the_same_member_whatever_the_row_order():
    """SQLite and PostgreSQL return rows in different orders; the page must not change."""
    calls = interactions_frame(
        [
            ("shared", "m4", "2024-06-01", "call", "t", 0.0),
            ("shared", "m2", "2024-06-02", "call", "t", 0.0),
            ("shared", "m2", "2024-06-03", "call", "t", 0.0),
            ("shared", "m4", "2024-06-04", "call", "t", 0.0),
        ]
    )
    tops = {
        point_person_coverage(CLIENTS, frame).set_index("client_id").loc["shared", "top_member"]
        for frame in (calls, calls.iloc[::-1])
    }

    assert tops == {"m2"}  # two contacts each: the id that sorts first


def test_coverage_of_clients_nobody_has_contacted_yet():
    """A firm that imported its CRM's companies and deals but no activities."""
    coverage = point_person_coverage(CLIENTS, interactions_frame([]), as_of="2024-06-30").set_index(
        "client_id"
    )

    assert (coverage["contacts"] == 0).all() and coverage["top_member"].isna().all()
    assert coverage.loc["solo", "owner_absent"] and coverage.loc["orphan", "no_owner"]


def test_coverage_rejects_bad_window_and_missing_owner_column():
    with pytest.raises(ValueError, match="window_days"):
        point_person_coverage(CLIENTS, CALLS, window_days=0)
    with pytest.raises(ValueError, match="owner_id"):
        point_person_coverage(CLIENTS.drop(columns="owner_id"), CALLS)


def test_coverage_matrix():
    matrix = coverage_matrix(CALLS)
    assert matrix.loc["shared", "m4"] == 2
    assert matrix.loc["orphan", "nobody"] == 1
    assert matrix.loc["solo"].sum() == 2


RECORDS = pd.DataFrame(
    {
        "client_id": ["a", "a", "a", "b", "b"],
        "field": ["email", "Phone", "hobby", "email", "phone"],
        "value": ["a@x.example", "123", "golf", " ", "456"],
        "recorded_by": ["m1", "m1", "m1", "m2", "m2"],
    }
)
TEMPLATE = ["email", "phone", "site_address"]


def test_completeness_per_client():
    result = record_completeness(RECORDS, TEMPLATE).set_index("client_id")
    assert result.loc["a", "completeness"] == pytest.approx(2 / 3)
    assert result.loc["a", "missing"] == "site_address"
    assert result.loc["a", "extra"] == 1
    assert result.loc["b", "filled"] == 1  # a blank value is not filled
    assert result.loc["b", "missing"] == "email; site_address"
    assert result.loc["a", "keeper"] == "m1"


def test_clients_without_records_count_as_empty():
    clients = pd.DataFrame({"client_id": ["a", "b", "c"], "owner_id": ["m1", "m1", "m2"]})
    result = record_completeness(RECORDS, TEMPLATE, clients=clients).set_index("client_id")
    assert result.loc["c", "completeness"] == 0.0
    assert result.loc["b", "keeper"] == "m1"


def test_completeness_per_member():
    clients = pd.DataFrame({"client_id": ["a", "b", "c"], "owner_id": ["m1", "m1", "m2"]})
    result = record_completeness(RECORDS, TEMPLATE, clients=clients, by="member")
    result = result.set_index("member_id")
    assert result.loc["m1", "clients"] == 2
    assert result.loc["m1", "completeness"] == pytest.approx((2 / 3 + 1 / 3) / 2)
    assert result.loc["m1", "most_missing"] == "site_address"
    assert result.loc["m2", "completeness"] == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"template": []}, "template"), ({"by": "team"}, "by")]
)
def test_completeness_bad_arguments(kwargs, message):
    arguments = {"template": TEMPLATE} | kwargs
    with pytest.raises(ValueError, match=message):
        record_completeness(RECORDS, **arguments)


STEPS = pd.DataFrame(
    {
        "member_id": ["m1", "m1", "m1", "m2", "m2", "m3", "m3", "m1", "m2"],
        "process": ["handover"] * 7 + ["Invoice run", "invoice run"],
        "step_no": [1, 2, 3, 1, 2, 1, 2, 1, 1],
        "step": [
            "Call client",
            "send summary",
            "update CRM",
            "call client",
            "update crm",
            "update crm",
            "call client",
            "send invoice",
            "send invoice",
        ],
    }
)


def test_process_variation_jaccard_by_hand():
    result = process_variation(STEPS).set_index("process")
    handover = result.loc["handover"]
    assert handover["members"] == 3 and handover["steps"] == 3
    assert handover["shared_steps"] == 2
    assert handover["unshared"] == "send summary"
    # pairs: m1-m2 2/3, m1-m3 2/3, m2-m3 1
    assert handover["similarity"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert result.loc["invoice run", "similarity"] == 1.0
    assert result.index[0] == "handover"


def test_single_member_process_has_no_similarity():
    result = process_variation(STEPS[STEPS["member_id"] == "m1"])
    assert result["similarity"].isna().all()


def test_side_by_side():
    table = process_side_by_side(STEPS, "Handover")
    # mean positions 4/3, 2 and 2: ties keep alphabetical order
    assert table.index.tolist() == ["call client", "send summary", "update crm"]
    assert table.loc["update crm", ["m1", "m2", "m3"]].tolist() == [3, 2, 1]
    assert table["followed_by"].tolist() == [3, 1, 3]
    assert table["shared"].tolist() == [True, False, True]
    with pytest.raises(ValueError, match="no process"):
        process_side_by_side(STEPS, "billing")


def test_process_steps_need_their_columns():
    with pytest.raises(ValueError, match="step_no"):
        process_variation(STEPS.drop(columns="step_no"))


def test_clients_without_any_record_count_as_empty():
    records = pd.DataFrame(
        {"client_id": pd.Series([], dtype=object), "field": [], "value": [], "recorded_by": []}
    )
    result = record_completeness(
        records, ["email", "phone"], clients=pd.DataFrame({"client_id": ["a"]})
    )
    assert result[["client_id", "completeness", "missing"]].to_numpy().tolist() == [
        ["a", 0.0, "email; phone"]
    ]
    assert result.loc[0, "keeper"] is None
