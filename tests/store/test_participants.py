"""Participants, groups and personal keys."""

from __future__ import annotations

import pytest

from toolkit.errors import ToolkitError
from toolkit.store import Workspace
from toolkit.store import participants as people


@pytest.fixture
def ws(tmp_path):
    return Workspace.open(tmp_path)


def test_key_is_stored_only_as_a_salted_hash(ws):
    people.add_participant(ws, "Northfield Engineering", "northfield")
    key = people.rotate_key(ws, "northfield")
    stored = ws.table("participants")["access_key_hash"].iloc[0]
    assert key not in stored
    assert stored.startswith("sha256$")
    assert people.key_matches(key, stored)
    assert people.participant_for_key(ws, key) == "northfield"


def test_same_key_hashes_differently_with_another_salt():
    assert people.hash_key("k") != people.hash_key("k")
    assert people.key_matches("k", people.hash_key("k"))


@pytest.mark.parametrize("key", ["", None, "wrong", "x" * 43])
def test_unknown_keys_identify_nobody(ws, key):
    people.add_participant(ws, "A", "a")
    people.rotate_key(ws, "a")
    assert people.participant_for_key(ws, key) is None


def test_rotating_invalidates_the_old_key(ws):
    people.add_participant(ws, "A", "a")
    old = people.rotate_key(ws, "a")
    new = people.rotate_key(ws, "a")
    assert old != new
    assert people.participant_for_key(ws, old) is None
    assert people.participant_for_key(ws, new) == "a"


def test_keys_tell_participants_apart(ws):
    people.add_participant(ws, "A", "a")
    people.add_participant(ws, "B", "b")
    key_a, key_b = people.rotate_key(ws, "a"), people.rotate_key(ws, "b")
    assert people.participant_for_key(ws, key_a) == "a"
    assert people.participant_for_key(ws, key_b) == "b"


def test_list_counts_clients_and_groups(ws):
    people.add_participant(ws, "Northfield Engineering", group_id="thursday")
    people.add_participant(ws, "Coach Kim", role="coach")
    frame = people.participants(ws).set_index("participant_id")
    assert frame.loc["northfield-engineering", "group_name"] == "Thursday"
    assert frame.loc["northfield-engineering", "clients"] == 0
    assert not frame.loc["coach-kim", "has_key"]


@pytest.mark.parametrize(
    ("name", "participant_id", "role", "message"),
    [
        ("A", "Bad Id", "member", "lowercase letters"),
        ("  ", "ok", "member", "display name"),
        ("A", "ok", "boss", "role must be"),
    ],
)
def test_bad_participants_are_refused(ws, name, participant_id, role, message):
    with pytest.raises(ToolkitError, match=message):
        people.add_participant(ws, name, participant_id, role)


def test_duplicate_id_is_refused(ws):
    people.add_participant(ws, "A", "a")
    with pytest.raises(ToolkitError, match="already exists"):
        people.add_participant(ws, "Another A", "a")


def test_rotating_an_unknown_participant_fails(ws):
    with pytest.raises(ToolkitError, match="unknown participant"):
        people.rotate_key(ws, "ghost")


def test_personal_link_opens_the_participant_app():
    link = people.personal_link("http://127.0.0.1:8866/", "abc")
    assert link == "http://127.0.0.1:8866/voila/render/participant.ipynb?key=abc"
