"""Exercise forms with what the firm's data offers, on a three-client firm whose figures
are worked out by hand below."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from toolkit.apps.exercise_forms import exercise_form
from toolkit.apps.participant import ParticipantApp
from toolkit.firm import FirmAnalyses, own_fit_ratings
from toolkit.store import Workspace, coaching, views
from toolkit.store.participants import rotate_key
from toolkit.widgets.client_plans import ClientPlans

from .conftest import shown_text

AS_OF = dt.date(2026, 10, 31)


@pytest.fixture
def firm_ws(tmp_path):
    """Kiln Foods (owner Ava, 30,000, last contact 20 Oct), Harbour Labs (owner Ben, whom
    only Ava contacted, 20,000, last contact 1 Aug) and Mesa Tools (no owner, 10,000, never
    contacted); Old Mill, which ended in June; four excuses, one of them (1 May) older than
    the audit's three months."""
    ws = Workspace.open(tmp_path)
    ws.upsert(
        "participants",
        [
            {
                "participant_id": "ana",
                "display_name": "Ana",
                "role": "member",
                "created_at": dt.datetime(2026, 1, 1),
            }
        ],
    )
    ws.set_as_of("ana", AS_OF)
    tables = {
        "team": {"member_id": ["m1", "m2"], "name": ["Ava Holt", "Ben Ode"]},
        "clients": {
            "client_id": ["C1", "C2", "C3", "C4"],
            "name": ["Kiln Foods", "Harbour Labs", "Mesa Tools", "Old Mill"],
            "owner_id": ["m1", "m2", None, "m1"],
            "acquired_on": ["2025-01-10"] * 4,
            "ended_on": [None, None, None, "2026-06-30"],
        },
        "transactions": {
            "transaction_id": ["T1", "T2", "T3"],
            "client_id": ["C1", "C2", "C3"],
            "occurred_on": ["2026-06-01", "2026-07-01", "2026-05-01"],
            "amount": [30000, 20000, 10000],
        },
        "interactions": {
            "interaction_id": ["I1", "I2"],
            "client_id": ["C1", "C2"],
            "member_id": ["m1", "m1"],
            "occurred_at": ["2026-10-20 10:00", "2026-08-01 10:00"],
            "topic": ["review", "review"],
        },
        "excuses": {
            "excuse_id": ["E1", "E2", "E3", "E4"],
            "client_id": ["C1", "C2", "C1", "C3"],
            "occurred_on": ["2026-09-10", "2026-10-05", "2026-05-01", "2026-10-20"],
            "what_went_wrong": ["Pushed on price", "Changed the spec", "Late", "Pallets lost"],
            "concession": ["10% off", "Free rework", "Credit", "Credit"],
            "concession_value": [500, 1200, 900, 300],
            "root_cause": ["price hunter", "client changed scope", "our mistake", "weather"],
        },
    }
    for name, columns in tables.items():
        ws.write(name, pd.DataFrame(columns), "ana")
    yield ws
    ws.close()


@pytest.fixture
def analyses(firm_ws):
    return FirmAnalyses(views.firm_data(firm_ws, "ana"))


def test_the_excuse_audit_starts_from_the_imported_log_and_proposes_each_causes_remedy(
    firm_ws, analyses, exercises
):
    audit = exercises["excuse-audit"]
    form = exercise_form(audit, firm_ws, "ana", analyses, AS_OF)
    rows = form.answers["excuses"]
    # E3 (1 May) lies before 2 August, 91 days back: left out; the rest oldest first
    assert [(r["client"], r["value"], r["root_cause"]) for r in rows] == [
        ("Kiln Foods", 500, "price_pressure"),  # "price hunter"
        ("Harbour Labs", 1200, "scope_change"),  # "client changed scope"
        ("Mesa Tools", 300, None),  # "weather" names no cause: for the participant to choose
    ]
    log = form.items["excuses"]
    shown = shown_text(log)
    assert "From the data: Client, When, What went wrong, What we gave away, Value, Root" in shown
    assert "From the data: Client, When, What went wrong, What we gave away, Value. " in shown
    log.rows[2]["root_cause"].value = "execution_mistake"
    form.items["revenue"].value = 50_000
    for item_id in ("discount_to_win", "free_extras", "unchecked_promises", "price_talk"):
        form.items[item_id].value = 2
    assert form.complete
    # (500 + 1200 + 300) / 50,000 = 4 % given away: leaking (2-5)
    assert form.result.total == pytest.approx(4.0)
    assert form.result.band.id == "leaking"
    # 300 of 2,000 given away for our own mistakes: 15 %
    assert form.result.sections["self_inflicted"] == pytest.approx(15.0)
    texts = [row.proposal.text for row in form.proposal_rows]
    assert any(t.startswith("List the clients who pushed hardest on price") for t in texts)
    assert any(t.startswith("Add a change-request step") for t in texts)
    assert any(t.startswith("Go through our own execution mistakes") for t in texts)
    assert not any("delivery check" in t or "who carries delays" in t for t in texts)
    form.flush()


def test_a_saved_excuse_log_is_not_replaced_by_the_import(firm_ws, analyses, exercises):
    audit = exercises["excuse-audit"]
    own = [
        {
            "client": "Kiln Foods",
            "occurred_on": None,
            "what_went_wrong": "Late again",
            "concession": "Credit",
            "value": 50,
            "root_cause": "our_mistake",  # the first version's cause, read as the shared one
        }
    ]
    coaching.save_answers(firm_ws, "ana", audit, {"excuses": own})
    form = exercise_form(audit, firm_ws, "ana", analyses, AS_OF)
    assert [(r["value"], r["root_cause"]) for r in form.answers["excuses"]] == [
        (50, "execution_mistake")
    ]
    form.flush()


def test_the_treasure_review_lists_the_clients_from_the_contact_data(firm_ws, analyses, exercises):
    review = exercises["treasure-review"]
    form = exercise_form(review, firm_ws, "ana", analyses, AS_OF)
    rows = form.answers["top_clients"]
    # Kiln: 11 days since contact, deserves one every 30: on time. Harbour: 91 days, every
    # 60 (nearer a month than a quarter): 1.5 times over, a little overdue. Mesa: never.
    assert [(r["client"], r["last_contact"], r["cadence"], r["status"]) for r in rows] == [
        ("Kiln Foods", "2026-10-20", "monthly", "on_time"),
        ("Harbour Labs", "2026-08-01", "monthly", "slipping"),
        ("Mesa Tools", None, "quarterly", "neglected"),
    ]
    assert rows[2]["from_data"] == ["cadence", "status"]
    widget = form.items["top_clients"]
    assert "From the data: Rhythm they deserve, Are we keeping that rhythm?" in shown_text(widget)
    for fields in widget.rows.values():
        fields["this_week"].value = "Call them"
    form.items["list_review"].value = 3
    form.items["after_delivery"].value = 3
    assert form.complete
    # one of three within the rhythm: 33.3 %, although the attention points read 50
    assert form.result.sections["on_time"] == pytest.approx(100 / 3)
    assert form.result.sections["attention"] == pytest.approx(50.0)  # (2 + 1 + 0) / 3 * 50
    assert form.result.text("on_time").startswith(
        "Valuable clients contacted within their rhythm (%): 33.3 (0-100 % of the clients"
    )
    form.flush()
    stored = coaching.latest_answers(firm_ws, "ana", review.id)["top_clients"]
    assert stored[0]["from_data"] == ["last_contact", "cadence", "status"]


def test_the_abandonment_audit_shows_the_measured_figures_beside_the_questions(
    firm_ws, analyses, exercises
):
    form = exercise_form(exercises["abandonment-audit"], firm_ws, "ana", analyses, AS_OF)
    figures = {item_id: widget.figure for item_id, widget in form.items.items()}
    # Kiln and Harbour have an owner, Mesa none; Harbour's owner Ben made none of its contacts
    assert figures["owner_clarity"] == (
        "2 of 3 active clients (67%) have a named point-person (as of 31 October 2026)"
    )
    assert figures["cover"].startswith("for 1 of 3 active clients the named point-person")
    assert figures["template"].startswith("no record template is agreed")
    assert figures["documented"] == ""  # no process steps imported: nothing guessed
    assert "From your data: 2 of 3 active clients" in form.items["owner_clarity"]._figure.value


def test_own_fit_ratings_reach_the_client_maps_fit_column(firm_ws, exercises):
    fit_map = exercises["client-love-map"]
    assert own_fit_ratings(firm_ws, "ana", exercises) is None
    rows = [
        {"client_id": "C2", "client": "Harbour Labs", "fit": 2, "reciprocity": 4},
        {"client_id": "C3", "client": "Mesa Tools", "fit": None, "reciprocity": 3},
    ]
    coaching.save_answers(firm_ws, "ana", fit_map, {"clients": rows})
    ratings = own_fit_ratings(firm_ws, "ana", exercises)
    assert ratings.to_dict("records") == [{"client_id": "C2", "fit": 2.0}]
    analyses = FirmAnalyses(views.firm_data(firm_ws, "ana"), ratings=ratings)
    mapped = analyses.client_map.set_index("client_id")
    # a 2 on the 1-5 scale is (2 - 1) / (5 - 1) = 0.25 on the map's 0-1 fit
    assert mapped.loc["C2", "fit"] == pytest.approx(0.25)
    sources = mapped["fit_source"].to_dict()
    assert sources == {"C1": "proxies", "C2": "rating", "C3": "proxies", "C4": "proxies"}
    # the exercise's data view stays the data's own
    assert analyses.data_map.set_index("client_id").loc["C2", "fit_source"] == "proxies"


def test_each_client_decision_becomes_a_commitment_naming_the_client(firm_ws, analyses, exercises):
    fit_map = exercises["client-love-map"]
    form = exercise_form(fit_map, firm_ws, "ana", analyses, AS_OF)
    assert form.blind and set(form.items["clients"].rows) == {"C1", "C2", "C3"}
    decisions = {"C1": "cherish", "C2": "renegotiate", "C3": "let_go"}
    for client_id, fields in form.items["clients"].rows.items():
        fields["fit"].value = 4
        fields["reciprocity"].value = 3
        fields["decision"].value = decisions[client_id]
    form.items["a_list_traits"].value = ["pays_on_time"]
    form.items["a_list_description"].value = "Pays on time and needs our line."
    form.items["let_go_readiness"].value = 3
    assert form.complete
    texts = [row.proposal.text for row in form.proposal_rows]
    assert {
        "Kiln Foods: Cherish - protect and reward",
        "Harbour Labs: Renegotiate - change the terms",
        "Mesa Tools: Let go - hand over on purpose",
    } <= set(texts)
    form.accept_proposals()
    stored = coaching.commitments(firm_ws, "ana")
    harbour = stored[stored["text"] == "Harbour Labs: Renegotiate - change the terms"]
    assert harbour["due_on"].tolist() == [pd.Timestamp(AS_OF + dt.timedelta(days=30))]
    assert set(stored["source_exercise_id"]) == {fit_map.id}


def test_the_retention_plan_opens_with_the_firms_clients_to_plan(firm_ws, analyses, exercises):
    plans = exercise_form(exercises["retention-plan"], firm_ws, "ana", analyses, AS_OF)
    assert isinstance(plans, ClientPlans)
    labels = [label for label, _value in plans.picker.options]  # Old Mill ended: not offered
    assert labels == ["Harbour Labs", "Kiln Foods", "Mesa Tools", "A new client (type the name)"]
    plans.picker.value = "C1"
    assert plans.form.client == "C1"
    assert plans.form.answers["client_name"] == "Kiln Foods"
    plans.flush()


def test_a_members_page_builds_its_forms_with_their_data_and_own_ratings(crm_ws, exercises):
    """On a member's page: the client map they are shown carries their latest fit ratings,
    the fit exercise still compares with the data's view, a plan opens per client."""
    fit_map = exercises["client-love-map"]
    row = {"client_id": "C0001", "client": "first", "fit": 1, "reciprocity": 5}
    coaching.save_answers(crm_ws, "northfield", fit_map, {"clients": [row]})
    app = ParticipantApp(crm_ws, exercises)
    app.start(f"key={rotate_key(crm_ws, 'northfield')}")
    form = app.form("client-love-map")
    mapped = app.analyses.client_map.set_index("client_id")
    assert (mapped.loc["C0001", "fit"], mapped.loc["C0001", "fit_source"]) == (0.0, "rating")
    assert set(form.suggestions["fit_source"]) == {"proxies"}
    assert isinstance(app.form("retention-plan"), ClientPlans)
    assert (
        app.form("abandonment-audit")
        .items["owner_clarity"]
        .figure.endswith(f"(as of {app.today.day} {app.today:%B %Y})")
    )
    assert app.notice.value == ""
