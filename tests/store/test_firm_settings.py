import json

import pandas as pd
import pytest

from toolkit.analytics import client_map
from toolkit.errors import ToolkitError
from toolkit.store import Workspace, views
from toolkit.store.firm_settings import firm_list, parse_list, set_firm_list
from toolkit.store.participants import add_participant


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace.open(tmp_path)
    add_participant(workspace, "Ana Works", "ana")
    add_participant(workspace, "Bo Builds", "bo")
    yield workspace
    workspace.close()


def test_a_typed_list_is_trimmed_without_blanks_or_repeats():
    assert parse_list(" Utilities, mining;; utilities ,") == ["Utilities", "mining"]
    assert parse_list(" , ;") == []


def test_set_and_read_a_firms_own_list(ws):
    set_firm_list(ws, "core_industries", "ana", ["Utilities ", "", "Mining"])
    assert firm_list(ws, "core_industries", "ana") == ["Utilities", "Mining"]
    assert firm_list(ws, "core_industries", "bo") == []
    assert views.firm_data(ws, "ana").core_industries == ["Utilities", "Mining"]


def test_clearing_without_a_default_forgets_the_setting(ws):
    set_firm_list(ws, "record_template", "ana", ["email"])
    set_firm_list(ws, "record_template", "ana", [])
    assert ws.setting("record_template:ana") is None
    assert views.firm_data(ws, "ana").record_template == []


def test_clearing_with_a_default_keeps_the_default_away(ws):
    ws.set_setting("core_industries", json.dumps(["Retail"]))
    assert firm_list(ws, "core_industries", "ana") == ["Retail"]
    set_firm_list(ws, "core_industries", "ana", [])
    assert firm_list(ws, "core_industries", "ana") == []
    assert firm_list(ws, "core_industries", "bo") == ["Retail"]


def test_an_unknown_setting_is_refused(ws):
    with pytest.raises(ToolkitError, match="no firm setting 'colour'"):
        set_firm_list(ws, "colour", "ana", ["red"])


def test_an_empty_list_and_none_give_the_same_fit():
    """Not set is not set: an empty industry list must not score every client 0 on the
    industry (client_map's own example: client a in Utilities, b in Retail)."""
    clients = pd.DataFrame(
        {
            "client_id": ["a", "b"],
            "name": ["A", "B"],
            "industry": ["Utilities", "Retail"],
            "is_internal": False,
            "ended_on": pd.NaT,
        }
    )
    calls = pd.DataFrame(
        {
            "client_id": ["a", "b"],
            "occurred_at": pd.to_datetime(["2024-05-20", "2024-05-02"]),
            "topic": ["design review", "complaint"],
        }
    )
    sales = pd.DataFrame(
        {
            "client_id": ["a", "b"],
            "occurred_on": pd.to_datetime(["2024-05-01", "2024-05-01"]),
            "amount": [5000.0, 2000.0],
            "kind": ["invoice", "invoice"],
        }
    )

    def fit(core):
        frame = client_map(clients, calls, sales, as_of="2024-06-01", core_industries=core)
        return frame.set_index("client_id")[["factor_core_industry", "fit"]]

    pd.testing.assert_frame_equal(fit(None), fit([]))
    assert fit([])["factor_core_industry"].isna().all()
    named = fit(["utilities"])
    assert named["factor_core_industry"].to_dict() == {"a": 1.0, "b": 0.0}
    # a fits on every count either way; b, outside the core industries, loses fit
    assert named.loc["a", "fit"] == fit([]).loc["a", "fit"] == 1.0
    assert named.loc["b", "fit"] < fit([]).loc["b", "fit"]
