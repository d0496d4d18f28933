"""Store views for the apps, on a small hand-made mastermind with known sessions."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from toolkit.errors import ToolkitError
from toolkit.store import Workspace, coaching, views
from toolkit.store.participants import add_participant


@pytest.fixture
def group(tmp_path) -> Workspace:
    ws = Workspace.open(tmp_path)
    for name, pid in [("Ana Works", "ana"), ("Bo Builds", "bo"), ("Cy Fixes", "cy")]:
        add_participant(ws, name, pid, group_id="tuesday")
    add_participant(ws, "Dee Coach", "dee", role="coach", group_id="tuesday")
    ws.set_setting("as_of", "2026-10-31")
    for pid, day in [("ana", "2026-10-03"), ("ana", "2026-10-20"), ("bo", "2026-09-05")]:
        views.add_session(ws, dt.date.fromisoformat(day), "one-to-one", participant_id=pid)
    yield ws
    ws.close()


def test_profile_and_unknown_participant(group):
    me = views.profile(group, "ana")
    assert (me.display_name, me.role, me.group_id, me.group_name) == (
        "Ana Works",
        "member",
        "tuesday",
        "Tuesday",
    )
    with pytest.raises(ToolkitError, match="unknown participant"):
        views.profile(group, "zed")


def test_members_leave_out_the_coach(group):
    assert views.members(group, "tuesday")["participant_id"].tolist() == ["ana", "bo", "cy"]
    assert views.groups(group)[["group_id", "members"]].values.tolist() == [["tuesday", 3]]


def test_a_participants_sessions_are_their_own_newest_first(group):
    assert views.sessions(group, participant_id="ana")["held_on"].dt.day.tolist() == [20, 3]
    assert views.sessions(group, "bo")["notes"].tolist() == ["one-to-one"]


def test_commitments_carry_their_latest_checkin(group):
    first = coaching.add_commitment(group, "ana", "Call Acme", dt.date(2026, 11, 1))
    coaching.add_commitment(group, "bo", "Write the process", dt.date(2026, 11, 2))
    coaching.checkin(group, first, "open", "left a message", at=dt.datetime(2026, 10, 1))
    coaching.checkin(group, first, "done", "met them", at=dt.datetime(2026, 10, 5))
    frame = views.commitments_with_checkins(group, "ana")
    assert frame[["text", "status", "last_note"]].values.tolist() == [
        ["Call Acme", "done", "met them"]
    ]
    everyone = views.group_commitments(group, "tuesday")
    assert everyone["display_name"].tolist() == ["Ana Works", "Bo Builds"]


def test_firm_data_uses_the_firms_own_settings_before_the_defaults(group):
    group.set_setting("record_template", '["email"]')
    group.set_setting("record_template:bo", '["email", "phone"]')
    assert views.firm_data(group, "ana").record_template == ["email"]
    assert views.firm_data(group, "bo").record_template == ["email", "phone"]
    assert views.firm_data(group, "bo").as_of == dt.date(2026, 10, 31)


def person(participant_id: str, role: str, day: int) -> dict[str, object]:
    return {
        "participant_id": participant_id,
        "display_name": participant_id.title(),
        "role": role,
        "created_at": dt.datetime(2026, 1, day, 9),
    }


@pytest.fixture
def firms(tmp_path) -> Workspace:
    """A coach and two firms (zeta added before alpha), zeta with two clients and records."""
    ws = Workspace.open(tmp_path)
    ws.upsert(
        "participants",
        [person("coach", "coach", 1), person("zeta", "member", 2), person("alpha", "member", 3)],
    )
    ws.write("team", pd.DataFrame({"member_id": ["m1"], "name": ["Ann"]}), "zeta")
    ws.write("clients", pd.DataFrame({"client_id": ["c1", "c2"], "name": ["One", "Two"]}), "zeta")
    records = pd.DataFrame(
        {
            "client_id": ["c1", "c1", "c2"],
            "field": ["phone", "email", "site_address"],
            "value": ["1", "a@b.example", "Main St"],
            "recorded_by": ["m1"] * 3,
        }
    )
    ws.write("client_records", records, "zeta")
    yield ws
    ws.close()


def test_without_an_id_the_first_member_added_is_chosen(firms):
    assert views.first_member(firms) == "zeta"
    firm = views.firm_data(firms)
    assert (firm.participant_id, firm.display_name) == ("zeta", "Zeta")


def test_an_id_chooses_that_firm_and_only_its_rows(firms):
    assert views.firm_data(firms, "alpha").clients.empty
    zeta = views.firm_data(firms, "zeta")
    assert zeta.clients["client_id"].tolist() == ["c1", "c2"]
    assert zeta["clients"] is zeta.clients
    assert list(zeta.tables) == list(views.BUSINESS_TABLES)


def test_only_business_tables_are_items(firms):
    with pytest.raises(KeyError):
        views.firm_data(firms)["as_of"]


def test_an_unknown_id_names_the_known_ones(firms):
    with pytest.raises(ToolkitError, match="alpha, coach, zeta"):
        views.firm_data(firms, "nobody")


def test_a_workspace_without_members_says_how_to_fill_it(tmp_path):
    with Workspace.open(tmp_path) as ws, pytest.raises(ToolkitError) as raised:
        views.firm_data(ws)
    assert re.search(r"retention --workspace \S+ demo", str(raised.value))
    assert re.search(r"retention --workspace \S+ import team team\.csv", str(raised.value))


def test_settings_prefer_the_participant_then_the_workspace(firms):
    firms.set_setting("core_industries", json.dumps(["Retail"]))
    firms.set_setting("core_industries:alpha", json.dumps(["Utilities", "Mining"]))
    assert views.firm_data(firms, "alpha").core_industries == ["Utilities", "Mining"]
    assert views.firm_data(firms, "zeta").core_industries == ["Retail"]
    assert views.firm_data(firms, "zeta").record_template == []


def test_record_fields_without_a_template_are_every_recorded_field(firms):
    firm = views.firm_data(firms)
    assert (firm.record_template, firm.record_fields) == ([], ["email", "phone", "site_address"])


def test_record_fields_are_the_template_when_there_is_one(firms):
    firms.set_setting("record_template:zeta", json.dumps(["email", "billing_terms"]))
    firm = views.firm_data(firms)
    assert firm.record_template == firm.record_fields == ["email", "billing_terms"]


def test_counts_has_one_row_per_business_table(firms):
    counts = views.firm_data(firms).counts().set_index("table")["rows"]
    assert counts.index.tolist() == list(views.BUSINESS_TABLES)
    assert counts[["team", "clients", "client_records", "excuses"]].tolist() == [1, 2, 3, 0]


def test_firm_data_leaves_out_rows_after_the_firms_own_date_and_says_so(firms):
    firms.set_setting("as_of", "2026-11-30")
    deals = pd.DataFrame(
        {
            "transaction_id": ["t1", "t2"],
            "client_id": ["c1", "c1"],
            "occurred_on": ["2026-11-02", "2027-01-15"],
            "amount": [100, 250],
        }
    )
    firms.write("transactions", deals, "zeta")
    firm = views.firm_data(firms, "zeta")
    assert firm.as_of == dt.date(2026, 11, 30)
    assert firm.transactions["transaction_id"].tolist() == ["t1"]
    assert firm.left_out[["table", "rows"]].values.tolist() == [["transactions", 1]]
    assert firm.left_out_note == (
        "Left out of these figures: 1 transaction dated after 30 November 2026, the analysis date."
    )
    firms.set_as_of("zeta", dt.date(2027, 1, 31))
    later = views.firm_data(firms, "zeta")
    assert (later.as_of, len(later.transactions)) == (dt.date(2027, 1, 31), 2)
    assert later.left_out.empty and later.left_out_note == ""
    assert views.firm_data(firms, "alpha").as_of == dt.date(2026, 11, 30)
