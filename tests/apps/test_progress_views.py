"""A person's own progress: each client's retention plan is its own line, named."""

from __future__ import annotations

import datetime as dt

from tests.apps.conftest import shown_text
from toolkit.apps.progress_views import own_progress
from toolkit.store import Workspace, coaching
from toolkit.store.participants import add_participant

AT = dt.datetime(2026, 10, 1, 9)


def test_each_clients_plan_is_listed_with_the_clients_name(tmp_path, exercises):
    plan, excuses = exercises["retention-plan"], exercises["excuse-audit"]
    with Workspace.open(tmp_path / "ws") as ws:
        add_participant(ws, "Northfield Engineering", "northfield")
        ws.upsert(
            "clients", [{"participant_id": "northfield", "client_id": "c1", "name": "Harbour Labs"}]
        )
        for subject, answers in [("c1", {"why": "a"}), ("orchid", {"client_name": "Orchid Ltd"})]:
            result = plan.score(answers)
            coaching.save_result(ws, "northfield", plan, result, answers, AT, subject=subject)
        whole = excuses.score({})
        coaching.save_result(ws, "northfield", excuses, whole, {}, AT)

        text = shown_text(own_progress(ws, "northfield", exercises, AT.date()))

    assert f"{plan.title} · for Harbour Labs" in text  # the client's name in the data
    assert f"{plan.title} · for Orchid Ltd" in text  # a prospect, named in its plan
    assert f"{excuses.title}" in text and f"{excuses.title} · for" not in text
