"""Which deals are revenue: won ones, by a won flag or by stage."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.store.importing.deals import not_won, split_import_only


def test_import_only_columns_are_split_from_the_stored_fields():
    frame = pd.DataFrame({"transaction_id": ["d1"], "stage": ["Won"], "currency": ["EUR"]})

    stored, steering = split_import_only("transactions", frame)

    assert list(stored.columns) == ["transaction_id"]
    assert list(steering.columns) == ["stage", "currency"]


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            {"stage": ["Closed Won", "closed won", "Closed Lost", "Proposal", ""]},
            [None, None, "not won: Closed Lost", "not won: Proposal", "not won: no stage"],
        ),
        (
            {"won": ["true", "1", "false", "0", "maybe"], "closed": ["", "", "true", "0", ""]},
            [None, None, "not won: lost", "not won: open", "not won: open"],
        ),
        (
            {"won": ["false", "true"], "stage": ["Negotiation", "Anything"]},
            ["not won: Negotiation", None],
        ),
    ],
)
def test_a_won_flag_decides_before_the_stage(columns, expected):
    reasons = not_won(pd.DataFrame(columns), ("won", "closed won"))

    assert reasons.where(reasons.notna(), None).tolist() == expected


def test_a_file_without_outcome_columns_is_all_revenue():
    reasons = not_won(pd.DataFrame({"currency": ["EUR", "USD"]}), ("won",))

    assert reasons.isna().all()
