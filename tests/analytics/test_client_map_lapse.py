"""The client map on purchase-only histories: lapsed clients and the purchase outlook."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analytics.conftest import interactions_frame, transactions_frame
from tests.analytics.test_client_map import CALLS, CORE, TX, clients
from toolkit.analytics import attention_gaps, client_map

AS_OF = "1998-06-30"
NO_CALLS = interactions_frame([])


def purchase_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A CDNOW-like client list (no end dates, no contacts) and its purchases."""
    monthly = pd.date_range("1997-01-01", "1998-06-01", freq="MS")
    rows = [
        ("whale", "1997-02-10", 900.0, "invoice"),  # bought once, a lot: lapsed, valuable
        ("once", "1997-03-01", 15.0, "invoice"),  # bought once, little: lapsed
        ("recent", "1998-05-01", 20.0, "invoice"),  # bought once, within the year: active
        *[("regular", day.strftime("%Y-%m-%d"), 40.0, "invoice") for day in monthly],
    ]
    ids = ["whale", "once", "recent", "regular"]
    return pd.DataFrame({"client_id": ids, "ended_on": pd.NaT}), transactions_frame(rows)


def test_lapsed_clients_are_never_cherished():
    base, tx = purchase_log()
    result = client_map(base, NO_CALLS, tx, as_of=AS_OF).set_index("client_id")
    assert result["status"].to_dict() == {
        "whale": "lapsed",
        "once": "lapsed",
        "recent": "active",
        "regular": "active",
    }
    assert result["segment"].to_dict() == {
        "whale": "develop",
        "once": "let go",
        "recent": "cherish",
        "regular": "cherish",
    }
    assert result.loc[["whale", "once"], "value_tier"].eq("lapsed").all()
    assert not result.loc[["whale", "once"], ["active", "neglected"]].to_numpy().any()
    assert result.loc["whale", "value"] == 900.0  # valued over the year before it stopped
    assert result.loc["whale", "explanation"].startswith(
        "Develop: lapsed since 1997-02-10 (no activity for 505 days, more than its 365-day "
        "limit); worth winning back: "
    )
    assert result.loc["once", "explanation"] == (
        "Let go: lapsed since 1997-03-01 (no activity for 486 days, more than its 365-day limit)."
    )


def test_one_time_buyers_of_a_purchase_log_are_not_cherished():
    rng = np.random.default_rng(7)
    size = 2000
    first = np.datetime64("1997-01-01") + rng.integers(0, 90, size).astype("timedelta64[D]")
    repeats = rng.random(size) < 0.5
    later = first + rng.integers(20, 450, size).astype("timedelta64[D]")
    ids = np.array([f"{i:05d}" for i in range(size)])
    tx = pd.DataFrame(
        {
            "client_id": np.concatenate([ids, ids[repeats]]),
            "occurred_on": np.concatenate([first, later[repeats]]),
            "amount": np.round(rng.gamma(2.0, 20.0, size + int(repeats.sum())), 2),
            "kind": "invoice",
        }
    )
    clients_ = pd.DataFrame({"client_id": ids, "acquired_on": first, "ended_on": pd.NaT})
    result = client_map(clients_, NO_CALLS, tx, as_of=AS_OF).set_index("client_id")
    one_time = result.loc[ids[~repeats]]
    assert (one_time["status"] == "lapsed").all()
    assert not (one_time["segment"] == "cherish").any()
    assert (result["segment"] == "cherish").sum() < repeats.sum()


def outlook(p_alive: dict[str, float]) -> pd.DataFrame:
    """A frame shaped like ``fit_purchase_model(...).clients``, made by hand."""
    return pd.DataFrame(
        {
            "client_id": list(p_alive),
            "p_alive": list(p_alive.values()),
            "expected_purchases_12m": 2.0,
            "expected_value_12m": 500.0,
        }
    )


def test_outlook_flags_valuable_clients_slipping_away():
    chances = {"keep": 0.3, "chaos": 0.2, "outsider": 0.9, "dept": 0.1, "gone": 0.05}
    result = client_map(
        clients(), CALLS, TX, as_of="2024-06-30", core_industries=CORE, outlook=outlook(chances)
    ).set_index("client_id")
    assert result.loc["keep", "value_tier"] == "top"
    assert result["slipping"].to_dict() == {
        "keep": True,  # top tier, p_alive 0.3
        "haggler": False,  # not in the outlook: no estimate is not a bad one
        "chaos": False,
        "outsider": False,
        "dept": False,
        "gone": False,  # ended: no longer slipping, gone
    }
    assert result.loc["keep", "explanation"].endswith(" Probably slipping away (p_alive 0.30).")
    assert "slipping" not in result.loc["chaos", "explanation"]
    assert np.isnan(result.loc["haggler", "p_alive"])
    # "gone" has an end date, which the model never sees: the end date wins.
    assert (
        result.loc["gone", ["p_alive", "expected_purchases_12m", "expected_value_12m"]]
        .eq(0.0)
        .all()
    )
    assert result.loc["keep", ["expected_purchases_12m", "expected_value_12m"]].tolist() == [
        2.0,
        500.0,
    ]


def test_map_without_outlook_has_no_outlook_columns():
    result = client_map(clients(), CALLS, TX, as_of="2024-06-30")
    assert "p_alive" not in result.columns and "slipping" not in result.columns


def test_attention_gaps_flag_slipping_valuable_clients():
    base = pd.DataFrame(
        {"client_id": ["big", "small"], "value": [9000.0, 100.0], "ended_on": pd.NaT}
    )
    calls = interactions_frame(
        [
            ("big", "m1", "2024-06-01", "call", "update", 0.2),
            ("small", "m1", "2024-06-01", "call", "update", 0.2),
        ]
    )
    chances = outlook({"big": 0.4, "small": 0.1})
    result = attention_gaps(base, calls, "2024-06-30", outlook=chances).set_index("client_id")
    assert result["slipping"].to_dict() == {"big": True, "small": False}
    assert result.loc["small", "p_alive"] == 0.1


def test_outlook_with_duplicate_clients_raises():
    chances = pd.concat([outlook({"keep": 0.3}), outlook({"keep": 0.4})])
    with pytest.raises(ValueError, match=r"outlook\.client_id"):
        client_map(clients(), CALLS, TX, as_of="2024-06-30", outlook=chances)
