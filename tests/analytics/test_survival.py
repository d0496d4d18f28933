"""Kaplan-Meier survival of relationships, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from tests.analytics.conftest import clients_frame, lapse_base
from toolkit.analytics import relationship_survival

CLIENTS = [
    ("a", "2024-01-01", "2024-01-11"),  # ends after 10 days
    ("b", "2024-01-01", None),  # still a client: censored at as_of (25 days)
    ("c", "2024-01-01", "2024-01-21"),  # 20 days
    ("d", "2024-01-06", "2024-01-26"),  # 20 days
]


def test_kaplan_meier_by_hand():
    result = relationship_survival(clients_frame(CLIENTS), as_of="2024-01-26")
    by_day = result.set_index("days")
    assert by_day.loc[10.0, "survival"] == pytest.approx(3 / 4)
    # at day 20 two of the three still at risk end: 3/4 * (1 - 2/3)
    assert by_day.loc[20.0, "at_risk"] == 3
    assert by_day.loc[20.0, "survival"] == pytest.approx(0.25)
    assert by_day.loc[25.0, "censored"] == 1
    assert by_day.loc[25.0, "survival"] == pytest.approx(0.25)
    assert result.attrs["median_days"] == 20.0


def test_band_brackets_the_curve(base):
    result = relationship_survival(base["clients"], as_of="2024-12-31")
    assert (result["lower"] <= result["survival"] + 1e-12).all()
    assert (result["survival"] <= result["upper"] + 1e-12).all()
    assert result["survival"].is_monotonic_decreasing
    assert result["lower"].between(0, 1).all() and result["upper"].between(0, 1).all()
    assert result.attrs["median_days"] > 0


def test_wider_band_with_smaller_alpha(base):
    narrow = relationship_survival(base["clients"], as_of="2024-12-31", alpha=0.2)
    wide = relationship_survival(base["clients"], as_of="2024-12-31", alpha=0.01)
    assert ((wide["upper"] - wide["lower"]) >= (narrow["upper"] - narrow["lower"]) - 1e-12).all()


def test_nobody_ended_means_survival_one_and_infinite_median():
    clients = clients_frame([("a", "2024-01-01", None), ("b", "2024-02-01", None)])
    result = relationship_survival(clients, as_of="2024-06-01")
    assert (result["survival"] == 1.0).all()
    assert np.isinf(result.attrs["median_days"])


def test_empty_and_undated_clients_give_empty_result():
    result = relationship_survival(clients_frame([("a", None, None)]))
    assert result.empty and result.attrs["skipped_clients"] == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("a", "2024-01-01", "2025-01-01")], "future"),
        ([("a", "2024-03-01", "2024-01-01")], "before acquired_on"),
    ],
)
def test_bad_dates_raise(rows, message):
    with pytest.raises(ValueError, match=message):
        relationship_survival(clients_frame(rows), as_of="2024-06-01")


def test_alpha_out_of_range_raises():
    with pytest.raises(ValueError, match="alpha"):
        relationship_survival(clients_frame(CLIENTS), alpha=1.5)


def test_lapse_is_the_event_and_active_clients_are_censored():
    frames = lapse_base()
    result = relationship_survival(
        frames["clients"], transactions=frames["transactions"], as_of="2024-12-31"
    ).set_index("days")
    # durations: e 0 (lapsed), a 151 (lapsed), d 305 (censored), b 331 (ended), c 730 (censored)
    assert result.loc[0.0, ["at_risk", "ended"]].tolist() == [5, 1]
    assert result.loc[0.0, "survival"] == pytest.approx(4 / 5)
    assert result.loc[151.0, "survival"] == pytest.approx(4 / 5 * 3 / 4)
    assert result.loc[305.0, ["censored", "ended"]].tolist() == [1, 0]
    assert result.loc[331.0, "at_risk"] == 2
    assert result.loc[331.0, "survival"] == pytest.approx(4 / 5 * 3 / 4 * 1 / 2)
    assert result.loc[730.0, "censored"] == 1
    assert result.attrs == {"median_days": 331.0, "skipped_clients": 0}


def test_without_activity_only_end_dates_end_relationships():
    frames = lapse_base()
    result = relationship_survival(frames["clients"], as_of="2024-12-31").set_index("days")
    assert result["ended"].sum() == 1 and result.loc[331.0, "survival"] == pytest.approx(3 / 4)
    assert result.attrs["skipped_clients"] == 1  # d has no acquired_on


def test_activity_after_as_of_raises():
    frames = lapse_base()
    with pytest.raises(ValueError, match=r"transactions\.occurred_on has 1 date"):
        relationship_survival(
            frames["clients"], transactions=frames["transactions"], as_of="2024-11-15"
        )
