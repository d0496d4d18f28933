"""The personal key in the query string decides whose page opens, if any."""

from __future__ import annotations

import pytest

from toolkit.apps.access import key_from_query, link_not_valid, member_for_query


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("key=abc", "abc"),
        ("x=1&key=abc&y=2", "abc"),
        ("key=", None),
        ("", None),
        (None, None),
        ("other=abc", None),
    ],
)
def test_key_from_query(query, key):
    assert key_from_query(query) == key


def test_a_valid_key_names_its_member(demo, ws):
    for participant_id, key in demo.keys.items():
        assert member_for_query(ws, f"key={key}") == participant_id


@pytest.mark.parametrize("query", ["key=wrong", "", None, "key="])
def test_a_wrong_or_missing_key_names_nobody(ws, query):
    assert member_for_query(ws, query) is None


def test_a_rotated_key_stops_working(demo, ws):
    assert member_for_query(ws, f"key={demo.old_key}") is None


def test_the_friendly_page_says_what_to_do_and_shows_no_data(demo):
    text = link_not_valid().value
    assert "ask your coach to send you a new personal link" in text
    assert not any(name in text for name in demo.names.values())
