"""create_demo: determinism, what it writes, and the mastermind setup."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from toolkit.demo import AS_OF, create_demo
from toolkit.errors import ToolkitError
from toolkit.store import Workspace
from toolkit.store.schema import metadata

from .conftest import MASTERMIND

BUSINESS = (
    "team", "clients", "interactions", "transactions", "client_records", "process_steps",
    "excuses",
)  # fmt: skip
TABLES = sorted(metadata.tables)


def sorted_table(ws: Workspace, name: str) -> pd.DataFrame:
    """A whole table ordered by its primary key, so the comparison ignores storage order."""
    keys = [column.name for column in metadata.tables[name].primary_key.columns]
    return ws.table(name).sort_values(keys, ignore_index=True)


@pytest.mark.parametrize("name", TABLES)
def test_same_seed_gives_identical_tables(twins, name):
    first, second = twins
    pd.testing.assert_frame_equal(sorted_table(first, name), sorted_table(second, name))


@pytest.mark.parametrize("name", ["clients", "interactions", "transactions", "excuses"])
def test_another_seed_gives_other_data(make_demo, name):
    one, _ = make_demo(**MASTERMIND)
    other, _ = make_demo(**{**MASTERMIND, "seed": MASTERMIND["seed"] + 1})
    assert not sorted_table(one, name).equals(sorted_table(other, name))


@pytest.mark.slow
def test_default_size_is_deterministic_and_sized_as_promised(make_demo, tmp_path):
    ws, summary = make_demo()
    again = Workspace.open(tmp_path)
    assert create_demo(again) == summary
    for name in TABLES:
        pd.testing.assert_frame_equal(sorted_table(ws, name), sorted_table(again, name))
    assert summary.counts["clients"] == 200
    assert 6 <= summary.counts["team"] <= 10
    assert 15_000 <= summary.counts["interactions"] <= 30_000
    assert 3_000 <= summary.counts["transactions"] <= 8_000


@pytest.mark.parametrize("kind", BUSINESS)
def test_every_business_table_is_filled(firm, kind):
    assert not firm.table(kind, "northfield").empty


def test_summary_counts_what_is_in_the_workspace(mastermind):
    ws, summary = mastermind
    for name, count in summary.counts.items():
        assert len(ws.table(name)) == count, name


def test_single_firm_is_northfield_without_group(make_demo):
    ws, summary = make_demo(clients=60)
    assert summary.participant_ids == ("northfield",)
    assert (summary.group_id, summary.coach_id) == (None, None)
    people = ws.table("participants")
    assert people[["participant_id", "display_name", "role"]].values.tolist() == [
        ["northfield", "Northfield Engineering", "member"]
    ]
    assert people["access_key_hash"].isna().all()
    assert ws.table("groups").empty
    assert len(ws.table("clients", "northfield")) == 60


def test_settings_hold_as_of_and_each_firms_lists(mastermind):
    ws, summary = mastermind
    assert ws.as_of() == AS_OF == summary.as_of
    first, *others = summary.participant_ids
    assert ws.setting("core_industries") == ws.setting(f"core_industries:{first}")
    assert ws.setting("record_template") == ws.setting(f"record_template:{first}")
    assert json.loads(ws.setting("core_industries"))[0] == "Manufacturing"
    for pid in others:
        assert json.loads(ws.setting(f"core_industries:{pid}")) != json.loads(
            ws.setting("core_industries")
        )


def test_mastermind_has_a_group_a_coach_and_meetings(mastermind):
    ws, summary = mastermind
    people = ws.table("participants").set_index("participant_id")
    assert summary.coach_id == "coach"
    assert people.loc["coach", "role"] == "coach"
    members = people[people["role"] == "member"]
    assert members.index.tolist() == list(summary.participant_ids)
    assert members["display_name"].nunique() == 3
    assert set(people["group_id"]) == {summary.group_id}
    assert ws.table("groups")["name"].tolist() == ["Thursday mastermind"]
    meetings = ws.table("sessions").dropna(subset=["group_id"])
    assert len(meetings) == 6
    assert (meetings["held_on"].dt.dayofweek == 3).all()


def test_other_firms_vary_around_the_requested_size(mastermind):
    ws, _ = mastermind
    sizes = ws.table("clients").groupby("participant_id").size()
    assert sizes["northfield"] == MASTERMIND["clients"]
    assert sizes.between(21, 39).all()
    assert sizes.nunique() > 1


def test_coaching_history_covers_the_last_six_months(mastermind):
    ws, _ = mastermind
    commitments = ws.table("commitments")
    checkins = ws.table("checkins")
    as_of = pd.Timestamp(AS_OF)
    assert set(commitments["status"]) == {"open", "done", "dropped"}
    assert commitments["created_at"].between(as_of - pd.Timedelta(days=185), as_of).all()
    last = checkins.sort_values("at").groupby("commitment_id")["status"].last()
    assert last.to_dict() == commitments.set_index("commitment_id")["status"].to_dict()
    one_to_one = ws.table("sessions").dropna(subset=["participant_id"])
    assert one_to_one.groupby("participant_id").size().between(5, 6).all()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"participants": 0}, "1 to 12 participants"),
        ({"participants": 13}, "1 to 12 participants"),
        ({"clients": 0}, "at least one client"),
    ],
)
def test_bad_sizes_are_refused(tmp_path, arguments, message):
    with pytest.raises(ToolkitError, match=message):
        create_demo(Workspace.open(tmp_path), **arguments)


def test_running_it_again_changes_nothing(tmp_path):
    ws = Workspace.open(tmp_path)
    create_demo(ws, participants=2, clients=15)
    before = {name: sorted_table(ws, name) for name in TABLES}
    create_demo(ws, participants=2, clients=15)
    for name in TABLES:
        pd.testing.assert_frame_equal(sorted_table(ws, name), before[name])
