"""Firms, teams and client plans."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.demo import vocabulary as words
from toolkit.demo.firms import FIRMS, WINDOW_DAYS, allocate_types, make_team, plan_firm
from toolkit.demo.generate import AS_OF


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        # 60 x shares = 24, 9, 7.2, 7.8, 7.2, 4.8: the two .8 remainders round up.
        (60, [24, 9, 7, 8, 7, 5]),
        # 10 x shares = 4, 1.5, 1.2, 1.3, 1.2, 0.8: .8 and .5 round up.
        (10, [4, 2, 1, 1, 1, 1]),
        (1, [1, 0, 0, 0, 0, 0]),
    ],
)
def test_types_are_allocated_by_largest_remainder(count, expected):
    profiles = allocate_types(np.random.default_rng(0), count)
    names = [p.name for p in profiles]
    order = [
        "loyal_fit", "price_hunter", "chaos_maker", "over_demanding", "neglected_high_value",
        "internal",
    ]  # fmt: skip
    assert [names.count(name) for name in order] == expected


def test_team_has_six_to_ten_named_members_with_their_own_care():
    for seed in range(20):
        team, care = make_team(np.random.default_rng(seed))
        assert 6 <= len(team) <= 10
        assert team["name"].is_unique
        assert team["role"].iloc[0] == "Managing director"
        assert set(care) == set(team["member_id"])
        assert all(0.35 <= value <= 0.98 for value in care.values())


def test_firm_ids_and_names_are_unique():
    assert len({f.participant_id for f in FIRMS}) == len({f.name for f in FIRMS}) == len(FIRMS)
    assert FIRMS[0].name == "Northfield Engineering"


@pytest.mark.parametrize("spec", FIRMS, ids=lambda spec: spec.participant_id)
def test_every_core_industry_can_name_clients(spec):
    assert set(spec.core_industries) <= set(words.INDUSTRY_NOUNS)
    assert len(spec.record_template) >= 8


def test_client_plans_stay_inside_the_window():
    firm = plan_firm(np.random.default_rng(3), FIRMS[0], 200, AS_OF)
    assert firm.client_table["name"].is_unique
    for plan in firm.clients:
        assert 0 <= plan.acquired < plan.last_contact <= plan.last_day <= WINDOW_DAYS
        assert plan.ended == (plan.last_day < WINDOW_DAYS)
        assert plan.main not in plan.helpers
        assert plan.owner in (None, plan.main)
