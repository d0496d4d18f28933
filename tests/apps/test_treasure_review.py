"""The treasure review with the purchase model: the 'valuable and probably slipping away'
list comes first and the tables gain the model's columns; without the ``models`` extra
the install command is shown instead of them; a model is fitted once per firm and date."""

from __future__ import annotations

import datetime as dt
from html import escape
from types import SimpleNamespace

import pandas as pd
import pytest

from tests.apps.conftest import shown_text
from tests.thin import make_thin
from toolkit import analytics
from toolkit import firm as analyses_module
from toolkit.analytics.purchase_model import MISSING_EXTRA_MESSAGE, MissingExtraError
from toolkit.apps.coach_session import CoachSessionApp
from toolkit.firm import FirmAnalyses
from toolkit.store import Workspace, views

TREASURE = "Treasure review"
SLIPPING = "Valuable and probably slipping away"
COLUMN = "Chance still a client"


@pytest.fixture
def fits(monkeypatch) -> list[str]:
    """No model kept from other tests; ``fit_purchase_model`` replaced by one that
    predicts every buyer to be probably gone (p_alive 0.1). Returns the as-of dates it
    was fitted at."""
    monkeypatch.setattr(analyses_module, "_models", {})
    calls: list[str] = []

    def fake_fit(transactions, *, as_of, calibration_end=None):
        calls.append(str(as_of))
        ids = sorted(transactions["client_id"].unique())
        clients = pd.DataFrame(
            {
                "client_id": ids,
                "p_alive": 0.1,
                "expected_purchases_12m": 2.0,
                "expected_value_12m": 1234.0,
            }
        )
        return SimpleNamespace(clients=clients, params={"r": 1, "alpha": 1, "a": 1, "b": 1})

    monkeypatch.setattr(analytics, "fit_purchase_model", fake_fit)
    return calls


def treasure(app: CoachSessionApp, participant_id: str) -> str:
    app.picker.value = participant_id
    index = app.tabs.titles.index(TREASURE)
    app.tabs.select(index)
    assert app.notice.value == ""
    return shown_text(app.tabs.children[index])


def test_the_slipping_list_comes_first_with_the_models_columns(crm_ws, exercises, fits):
    app = CoachSessionApp(crm_ws, exercises)
    text = treasure(app, "northfield")
    assert text.index(SLIPPING) < text.index("Valuable clients waiting too long")
    gaps = app.analyses.attention_gaps
    slipping = gaps[gaps["slipping"]].sort_values("value", ascending=False)
    assert 0 < len(slipping) < len(gaps)  # the valuable ones only
    listed = text[text.index(SLIPPING) : text.index("Valuable clients waiting too long")]
    names = [listed.index(escape(name)) for name in slipping["name"]]
    assert names == sorted(names)  # most valuable first
    assert "10%" in listed and COLUMN in listed and "1,234" in listed
    assert "p_alive" in app.analyses.client_map.columns  # the map got the outlook too


def test_a_model_is_fitted_once_per_firm_and_date(crm_ws, exercises, fits):
    for _ in range(2):
        treasure(CoachSessionApp(crm_ws, exercises), "northfield")
    assert fits == [str(crm_ws.as_of())]
    crm_ws.set_as_of("northfield", dt.date(2026, 9, 30))
    treasure(CoachSessionApp(crm_ws, exercises), "northfield")
    assert fits[-1] == "2026-09-30" and len(fits) == 2


def test_without_the_extra_the_install_command_replaces_the_models_columns(
    crm_ws, exercises, monkeypatch
):
    monkeypatch.setattr(analyses_module, "_models", {})

    def missing_extra(transactions, *, as_of, calibration_end=None):
        raise MissingExtraError(MISSING_EXTRA_MESSAGE)

    monkeypatch.setattr(analytics, "fit_purchase_model", missing_extra)
    text = treasure(CoachSessionApp(crm_ws, exercises), "northfield")
    assert escape('pip install "client-retention-toolkit[models]"') in text
    assert SLIPPING not in text and COLUMN not in text
    assert "Valuable clients waiting too long" in text


def test_too_few_repeat_buyers_say_so_and_fit_nothing(tmp_path, exercises, monkeypatch):
    monkeypatch.setattr(analyses_module, "_models", {})
    with Workspace.open(make_thin(tmp_path, ("clients-transactions",))) as ws:
        app = CoachSessionApp(ws, exercises)
        text = treasure(app, "clients-transactions")
    assert "No purchase outlook yet: the purchase model needs at least" in text
    assert COLUMN not in text
    assert analyses_module._models == {}


def test_a_members_page_never_fits_the_model(crm_ws, fits):
    firm = FirmAnalyses(views.firm_data(crm_ws, "northfield"))
    assert firm.outlook.clients is None and "p_alive" not in firm.client_map.columns
    assert fits == []


@pytest.mark.slow
def test_the_real_model_predicts_every_buyer_of_the_demo_firm(crm_ws, exercises, monkeypatch):
    pytest.importorskip("pymc_marketing")
    monkeypatch.setattr(analyses_module, "_models", {})
    app = CoachSessionApp(crm_ws, exercises)
    text = treasure(app, "northfield")
    outlook = app.analyses.outlook.clients
    buyers = app.analyses.firm.transactions["client_id"].nunique()
    assert len(outlook) == buyers
    assert outlook["p_alive"].between(0, 1).all()
    assert (outlook["expected_value_12m"] >= 0).all()
    assert SLIPPING in text and COLUMN in text
