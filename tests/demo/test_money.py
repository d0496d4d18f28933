"""Invoices and concessions of one client."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.demo.firms import FIRMS, plan_firm
from toolkit.demo.generate import AS_OF
from toolkit.demo.money import concessions, invoices


@pytest.fixture(scope="module")
def clients():
    return plan_firm(np.random.default_rng(8), FIRMS[0], 120, AS_OF).clients


def test_concessions_add_up_to_a_share_in_the_types_range(clients):
    rng = np.random.default_rng(1)
    for plan in clients:
        days, amounts = invoices(rng, plan)
        given_on, values, _ = concessions(rng, plan, days, amounts)
        if not len(values):
            assert plan.profile.concession_any < 1 or not len(amounts)
            continue
        low, high = plan.profile.concession_share
        # Rounding each concession to cents and dropping those under 1.00 moves it slightly.
        assert low - 0.01 <= values.sum() / amounts.sum() <= high + 0.001
        assert ((given_on >= days.min()) & (given_on < plan.last_day)).all()


def test_invoices_fall_in_the_clients_life_with_cents(clients):
    rng = np.random.default_rng(2)
    for plan in clients:
        days, amounts = invoices(rng, plan)
        assert ((days >= plan.acquired) & (days < plan.last_day)).all()
        assert np.array_equal(amounts, amounts.round(2))
        assert (amounts >= 50).all()
