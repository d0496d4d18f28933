"""open_firm and Firm: which participant, which settings, which tables."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from toolkit.errors import ToolkitError
from toolkit.firm import open_firm
from toolkit.store import Workspace
from toolkit.store.views import BUSINESS_TABLES


def person(participant_id: str, role: str, day: int) -> dict[str, object]:
    return {
        "participant_id": participant_id,
        "display_name": participant_id.title(),
        "role": role,
        "created_at": dt.datetime(2026, 1, day, 9),
    }


@pytest.fixture
def ws(tmp_path) -> Workspace:
    """A coach and two firms (zeta added before alpha), zeta with two clients and records."""
    workspace = Workspace.open(tmp_path)
    people = [
        person("coach", "coach", 1),
        person("zeta", "member", 2),
        person("alpha", "member", 3),
    ]
    workspace.upsert("participants", people)
    workspace.write("team", pd.DataFrame({"member_id": ["m1"], "name": ["Ann"]}), "zeta")
    workspace.write(
        "clients", pd.DataFrame({"client_id": ["c1", "c2"], "name": ["One", "Two"]}), "zeta"
    )
    records = pd.DataFrame(
        {
            "client_id": ["c1", "c1", "c2"],
            "field": ["phone", "email", "site_address"],
            "value": ["1", "a@b.example", "Main St"],
            "recorded_by": ["m1"] * 3,
        }
    )
    workspace.write("client_records", records, "zeta")
    yield workspace
    workspace.close()


def test_without_an_id_the_first_member_added_is_chosen(ws):
    firm = open_firm(ws)
    assert (firm.participant_id, firm.display_name) == ("zeta", "Zeta")


def test_an_id_chooses_that_firm_and_only_its_rows(ws):
    assert open_firm(ws, "alpha").clients.empty
    assert open_firm(ws, "zeta").clients["client_id"].tolist() == ["c1", "c2"]


def test_an_unknown_id_names_the_known_ones(ws):
    with pytest.raises(ToolkitError, match="alpha, coach, zeta"):
        open_firm(ws, "nobody")


def test_a_workspace_without_members_says_how_to_fill_it(tmp_path):
    with pytest.raises(ToolkitError, match=r"retention --workspace .* demo"):
        open_firm(tmp_path)


def test_settings_prefer_the_participant_then_the_workspace(ws):
    ws.set_setting("core_industries", json.dumps(["Retail"]))
    ws.set_setting("core_industries:alpha", json.dumps(["Utilities", "Mining"]))
    assert open_firm(ws, "alpha").core_industries == ["Utilities", "Mining"]
    assert open_firm(ws, "zeta").core_industries == ["Retail"]


def test_no_core_industries_is_an_empty_list(ws):
    assert open_firm(ws).core_industries == []


def test_record_template_without_a_setting_is_every_recorded_field(ws):
    assert open_firm(ws).record_template == ["email", "phone", "site_address"]


def test_record_template_setting_wins(ws):
    ws.set_setting("record_template:zeta", json.dumps(["email", "billing_terms"]))
    assert open_firm(ws).record_template == ["email", "billing_terms"]


def test_counts_has_one_row_per_business_table(ws):
    counts = open_firm(ws).counts().set_index("table")["rows"]
    assert counts.index.tolist() == list(BUSINESS_TABLES)
    assert (counts["team"], counts["clients"], counts["client_records"], counts["excuses"]) == (
        1,
        2,
        3,
        0,
    )


def test_as_of_is_the_workspace_date(ws):
    ws.set_setting("as_of", "2026-10-31")
    assert open_firm(ws).as_of == dt.date(2026, 10, 31)
