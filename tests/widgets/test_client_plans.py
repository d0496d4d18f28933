"""One retention plan per client: two clients' plans kept apart in the answers and in the
results, the specificity score with its scale, the plan as a paragraph."""

import pandas as pd
import pytest

from toolkit.store import coaching
from toolkit.widgets.client_plans import NEW, UNSCOPED, ClientPlans, new_key

from .conftest import PARTICIPANT, TODAY

CLIENTS = pd.DataFrame({"client_id": ["c1", "c2"], "name": ["Kiln Foods", "Harbour Labs"]})


@pytest.fixture
def plans(workspace, exercises, open_form):
    exercise = exercises["retention-plan"]

    def build() -> ClientPlans:
        def form(client, name):
            initial = {"client_name": name} if client else {}
            return open_form(exercise, initial=initial, client=client)

        return ClientPlans(exercise, workspace, PARTICIPANT, form, clients=CLIENTS, currency="EUR ")

    return build


def answer(form, phase: str | None, promise: int) -> None:
    """A complete plan: ``promise`` for both growth ratings, named parts when ``phase``."""
    values = {
        "stage": "proposed",
        "why": "You will add a second plant",
        "what": "Line B after line A",
        "first_review": "2027-01-15",
        "how": "Monthly visit by the owner",
        "in_proposal": promise,
        "built_to_grow": promise,
        "owner": "named",
        "topics": ["faults"],
        "topic_rhythm": "monthly",
        "feedback_route": "regular",
    }
    if phase:
        values |= {"next_phase": phase, "relationship_owner": "Ava Holt"}
    for item_id, value in values.items():
        form.items[item_id].value = value


def test_two_clients_plans_are_kept_apart(workspace, exercises, plans):
    page = plans()
    assert page.picker.value is None and page.form is None
    page.picker.value = "c1"
    kiln = page.form
    answer(kiln, "Phase 2: line B", promise=2)
    page.picker.value = "c2"
    harbour = page.form
    assert harbour is not kiln and harbour.answers == {"client_name": "Harbour Labs"}
    answer(harbour, None, promise=5)
    assert kiln.complete and harbour.complete
    page.flush()

    stored = coaching.latest_answers(workspace, PARTICIPANT, "retention-plan")
    assert stored["why@c1"] == stored["why@c2"] == "You will add a second plant"
    assert (stored["in_proposal@c1"], stored["in_proposal@c2"]) == (2, 5)
    assert stored["next_phase@c1"] == "Phase 2: line B" and "next_phase@c2" not in stored
    results = coaching.results(workspace, PARTICIPANT, "retention-plan", subject=None)
    assert results["subject"].tolist() == ["c1", "c2"]
    assert set(results["period"]) == {TODAY.isoformat()}
    # promise: (2 + 2) / 2 = 2 and (5 + 5) / 2 = 5; listening (5 + 4 + 5) / 3 for both
    assert [s["promise"] for s in results["sections"]] == [2.0, 5.0]
    # specificity counts next phase and owner for Kiln (2 of 4), nothing for Harbour
    assert [s["specificity"] for s in results["sections"]] == [2.0, 0.0]

    again = plans()
    assert [value for _label, value in again.picker.options] == ["c1", "c2", NEW]
    assert again.picker.options[0][0] == "Kiln Foods (planned)"
    assert again.picker.value == "c1" and again.form.answers["in_proposal"] == 2


def test_the_specificity_score_shows_with_its_scale_and_the_plan_as_a_paragraph(plans):
    page = plans()
    page.picker.value = "c1"
    assert "Specificity of the plan: 0 (0-4 named parts" in page.specificity.value
    page.form.items["next_phase"].value = "Phase 2: line B"
    page.form.items["next_phase_on"].value = "2027-03-01"
    page.form.items["next_phase_value"].value = 40000
    assert "Specificity of the plan: 3 (0-4 named parts" in page.specificity.value
    page.form.items["why"].value = "You will add a second plant."
    text = page.show_paragraph()
    assert text == (
        "How we will grow together with Kiln Foods. You will add a second plant. The next "
        "step is Phase 2: line B, which we will propose on 1 March 2027 (about EUR 40,000)."
    )
    assert page.paragraph.value == text and page.paragraph.layout.display == "block"


def test_a_new_client_typed_by_name_gets_a_plan_of_its_own(workspace, plans):
    page = plans()
    page.picker.value = NEW
    assert page.new_box.layout.display == "flex"
    page.choose_new("  Mesa Tools Ltd. ")
    assert page.client == new_key("Mesa Tools Ltd.") == "new-mesa-tools-ltd"
    assert page.form.answers == {"client_name": "Mesa Tools Ltd."}
    page.flush()
    stored = coaching.latest_answers(workspace, PARTICIPANT, "retention-plan")
    assert stored == {"client_name@new-mesa-tools-ltd": "Mesa Tools Ltd."}


def test_a_plan_stored_before_plans_were_per_client_is_still_offered(workspace, exercises, plans):
    coaching.save_answers(
        workspace, PARTICIPANT, exercises["retention-plan"], {"client_name": "Old Mill"}
    )
    page = plans()
    assert page.picker.options[0] == (
        "Old Mill (planned before plans were per client)",
        UNSCOPED,
    )
    assert page.client == UNSCOPED and page.form.client is None
    assert page.form.answers == {"client_name": "Old Mill"}


def test_a_client_picked_in_passing_gets_no_plan(workspace, plans):
    page = plans()
    page.picker.value = "c2"
    page.picker.value = "c1"
    answer(page.form, None, promise=3)
    page.flush()
    stored = coaching.latest_answers(workspace, PARTICIPANT, "retention-plan")
    assert stored["client_name@c1"] == "Kiln Foods"
    assert not [key for key in stored if key.endswith("@c2")]
    assert plans().picker.options[0] == ("Kiln Foods (planned)", "c1")
