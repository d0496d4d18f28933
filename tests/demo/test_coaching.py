"""Calendar rules of the coaching history."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.demo.coaching import month_starts, second_thursday


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (dt.date(2026, 10, 1), dt.date(2026, 10, 8)),  # the month starts on a Thursday
        (dt.date(2026, 9, 1), dt.date(2026, 9, 10)),  # a Tuesday: Thursdays 3 and 10
        (dt.date(2026, 5, 1), dt.date(2026, 5, 14)),  # a Friday: Thursdays 7 and 14
    ],
)
def test_group_meets_on_the_second_thursday(first, expected):
    assert second_thursday(first) == expected


def test_history_covers_six_months_across_a_new_year():
    assert month_starts(dt.date(2026, 2, 15)) == [
        dt.date(2025, 9, 1),
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
