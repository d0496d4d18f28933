"""Per-employee process variants."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.demo.audit import MIN_STEPS, variant

STEPS = ("a", "b", "c", "d", "e")
EXTRAS = ("x", "y")


def test_a_disciplined_employee_follows_the_agreed_steps():
    assert variant(np.random.default_rng(0), STEPS, EXTRAS, deviation=0.0) == list(STEPS)


@pytest.mark.parametrize("seed", range(10))
def test_a_careless_employee_still_has_a_process(seed):
    steps = variant(np.random.default_rng(seed), STEPS, EXTRAS, deviation=1.0)
    assert len(steps) >= MIN_STEPS
    assert set(steps) <= set(STEPS) | set(EXTRAS)
    assert len(set(steps)) == len(steps)
