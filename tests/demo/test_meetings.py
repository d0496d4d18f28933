"""The demo mastermind's meetings: attendance, hot seats and actions that fit together."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from toolkit.demo.meetings import seat_order
from toolkit.store import Workspace, meetings


@pytest.fixture(scope="module")
def demo(mastermind) -> tuple[Workspace, dict[str, pd.DataFrame]]:
    """The mastermind demo and its meeting tables."""
    ws, _ = mastermind
    names = ("meetings", "attendance", "hot_seats", "participants", "commitments")
    return ws, {name: ws.table(name) for name in names}


def test_the_group_meets_monthly_on_the_contract_tables(demo):
    ws, tables = demo
    held = tables["meetings"]
    assert held.columns[:3].tolist() == ["group_id", "meeting_id", "held_on"]
    assert tables["attendance"].columns[:2].tolist() == ["meeting_id", "participant_id"]
    assert held["held_on"].dt.to_period("M").is_unique
    assert len(held) == 6
    assert (held["held_on"] < pd.Timestamp(ws.as_of())).all()
    assert (held["held_on"].dt.dayofweek == 3).all()
    assert meetings.agenda(ws, held["meeting_id"].iloc[0])["segment"].tolist() == [
        "Wins round",
        "Hot seats",
        "Commitments round",
    ]


def test_every_attendee_is_a_member_of_the_meetings_group(demo):
    _, tables = demo
    people = tables["participants"].set_index("participant_id")
    attended = tables["attendance"].merge(tables["meetings"], on="meeting_id")
    assert len(attended) == len(tables["attendance"])
    assert (people.loc[attended["participant_id"], "role"] == "member").all()
    assert (
        people.loc[attended["participant_id"], "group_id"].to_numpy() == attended["group_id"]
    ).all()


def test_attendance_is_realistic_not_everyone_every_time(demo):
    _, tables = demo
    members = (tables["participants"]["role"] == "member").sum()
    per_meeting = tables["attendance"].groupby("meeting_id").size()
    assert per_meeting.between(2, members).all()
    assert per_meeting.sum() < members * len(tables["meetings"])


def test_two_or_three_hot_seats_per_meeting_all_attended(demo):
    _, tables = demo
    seats = tables["hot_seats"]
    counts = seats.groupby("meeting_id").size()
    assert counts.index.tolist() == tables["meetings"]["meeting_id"].tolist()
    assert counts.between(2, 3).all()
    positions = seats.groupby("meeting_id")["position"].apply(sorted)
    assert all(order == list(range(1, len(order) + 1)) for order in positions)
    present = seats.merge(tables["attendance"], on=["meeting_id", "participant_id"])
    assert len(present) == len(seats)


def test_every_member_gets_a_hot_seat_and_most_send_their_prep(demo):
    _, tables = demo
    seats = tables["hot_seats"]
    members = tables["participants"].query("role == 'member'")["participant_id"]
    assert set(seats["participant_id"]) == set(members)
    prepared = seats["prepared_at"].notna()
    assert 0 < prepared.sum() < len(seats)
    assert seats.loc[prepared, ["issue", "tried", "ask"]].notna().all().all()
    assert seats.loc[~prepared, ["issue", "tried", "ask"]].isna().all().all()
    held = seats.merge(tables["meetings"], on="meeting_id")
    assert (held.loc[prepared, "prepared_at"] < held.loc[prepared, "held_on"]).all()
    assert seats["outcome"].notna().all()


def test_hot_seats_are_records_not_names_typed_in_notes(demo):
    ws, tables = demo
    assert not ws.table("sessions")["notes"].str.contains("Hot seat:").any()
    history = meetings.hot_seat_history(ws, tables["meetings"]["group_id"].iloc[0])
    assert len(history) == len(tables["hot_seats"])


def test_each_hot_seat_leaves_with_an_action_made_by_an_attendee(demo):
    ws, tables = demo
    actions = tables["commitments"].dropna(subset=["meeting_id"])
    made = actions.merge(tables["attendance"], on=["meeting_id", "participant_id"])
    assert len(made) == len(actions)
    per_seat = tables["hot_seats"].merge(actions, on=["meeting_id", "participant_id"])
    assert set(zip(per_seat["meeting_id"], per_seat["participant_id"], strict=True)) == set(
        zip(tables["hot_seats"]["meeting_id"], tables["hot_seats"]["participant_id"], strict=True)
    )
    made_on = actions.merge(tables["meetings"], on="meeting_id")
    assert (made_on["created_at"].dt.normalize() == made_on["held_on"]).all()
    last = tables["meetings"]["meeting_id"].iloc[-1]
    assert len(meetings.actions(ws, last)) == (actions["meeting_id"] == last).sum()


def test_a_single_firm_has_no_group_and_no_meetings(make_demo):
    ws, _ = make_demo(participants=1, clients=5, seed=3)
    for name in ("meetings", "attendance", "hot_seats"):
        assert ws.table(name).empty, name
    assert ws.table("commitments")["meeting_id"].isna().all()


@pytest.mark.parametrize("seed", range(4))
def test_hot_seats_go_first_to_who_never_had_one_then_longest_ago(seed):
    """Cy draws the first seat; Bo never had one, Ana had one before Dee."""
    last = {"ana": dt.date(2026, 5, 14), "dee": dt.date(2026, 6, 11)}
    order = seat_order(np.random.default_rng(seed), ["ana", "bo", "cy", "dee"], "cy", last)
    assert order == ["cy", "bo", "ana"][: len(order)]
    assert len(order) in (2, 3)


def test_a_group_of_two_has_two_hot_seats():
    assert seat_order(np.random.default_rng(0), ["ana", "bo"], "bo", {}) == ["bo", "ana"]
