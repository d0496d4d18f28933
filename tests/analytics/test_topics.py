"""Topic counts per period, shares, changes and the emerging-topic flag."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analytics.conftest import interactions_frame
from toolkit.analytics import topic_trends


def weekly_calls() -> pd.DataFrame:
    rows = []
    monday = pd.Timestamp("2024-01-01")
    for week in range(20):
        day = monday + pd.Timedelta(weeks=week)
        rows += [("a", "m1", day, "call", "billing", 0.0)] * 3
        if week >= 17:  # the new topic: 4 a week in the last three weeks
            rows += [("a", "m1", day, "call", "Portal login", 0.0)] * 4
        if week == 2:
            rows += [("a", "m1", day, "call", "portal login", 0.0)]
    rows.append(("a", None, monday, "automated", "newsletter", None))
    return interactions_frame(rows)


@pytest.fixture(scope="module")
def trends() -> pd.DataFrame:
    return topic_trends(weekly_calls(), "W", recent=3, baseline=10)


def test_dense_grid_and_counts(trends):
    assert set(trends["topic"]) == {"billing", "portal login"}  # automated left out
    assert len(trends) == 20 * 2
    last = trends[trends["period"] == trends["period"].max()].set_index("topic")
    assert last.loc["portal login", "count"] == 4
    assert last.loc["portal login", "share"] == pytest.approx(4 / 7)


def test_change_against_previous_period(trends):
    portal = trends[trends["topic"] == "portal login"].reset_index(drop=True)
    assert np.isnan(portal.loc[0, "change"])
    assert portal.loc[17, "change"] == 4 and np.isnan(portal.loc[17, "pct_change"])
    assert portal.loc[3, "change"] == -1 and portal.loc[3, "pct_change"] == -1.0


def test_emerging_flag(trends):
    flags = trends.groupby("topic")["emerging"].first()
    assert flags["portal login"] and not flags["billing"]


@pytest.mark.parametrize(("freq", "periods"), [("D", 134), ("M", 5)])
def test_frequencies(freq, periods):
    result = topic_trends(weekly_calls(), freq)
    assert result["period"].nunique() == periods


def test_missing_topic_is_unspecified():
    calls = interactions_frame([("a", "m1", "2024-01-01", "call", None, 0.0)])
    assert topic_trends(calls)["topic"].tolist() == ["unspecified"]


def test_bad_input():
    with pytest.raises(ValueError, match="topic"):
        topic_trends(weekly_calls().drop(columns="topic"))
    with pytest.raises(ValueError, match="freq"):
        topic_trends(weekly_calls(), "Q")
    with pytest.raises(ValueError, match="future"):
        topic_trends(weekly_calls(), as_of="2024-01-15")
    assert topic_trends(weekly_calls().iloc[:0]).empty
