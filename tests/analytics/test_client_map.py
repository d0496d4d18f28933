"""The client-base map on a hand-made base with one client per segment."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.analytics.conftest import excuses_frame, interactions_frame, transactions_frame
from toolkit.analytics import DEFAULT_WEIGHTS, client_map

AS_OF = "2024-06-30"
CORE = ["Utilities"]


def clients() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": ["keep", "haggler", "chaos", "outsider", "dept", "gone"],
            "name": [
                "Keep Ltd",
                "Haggle Co",
                "Chaos Inc",
                "Outside plc",
                "Internal: Finance",
                "Gone",
            ],
            "industry": ["Utilities", "Utilities", "Utilities", "Retail", None, "Utilities"],
            "is_internal": [False, False, False, False, True, False],
            "ended_on": pd.to_datetime([None, None, None, None, None, "2024-01-01"]),
        }
    )


def calls(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return interactions_frame([(c, "m1", at, "call", topic, s) for c, at, topic, s in rows])


CALLS = calls(
    [
        ("keep", "2024-02-01", "design review", 0.6),
        ("keep", "2024-02-15", "design review", 0.6),
        ("keep", "2024-03-01", "design review", 0.6),
        ("haggler", "2024-06-01", "price negotiation", 0.0),
        ("haggler", "2024-06-10", "discount request", 0.0),
        ("chaos", "2024-06-01", "complaint", -0.6),
        ("chaos", "2024-06-02", "complaint", -0.6),
        ("chaos", "2024-06-03", "escalation", -0.6),
        ("chaos", "2024-06-04", "late payment", -0.6),
        ("outsider", "2024-06-01", "custom request", 0.5),
        ("outsider", "2024-06-02", "custom request", 0.5),
        ("outsider", "2024-06-03", "project update", 0.5),
        ("outsider", "2024-06-04", "project update", 0.5),
        ("dept", "2024-06-20", "support call", 0.2),
    ]
)
TX = transactions_frame(
    [
        ("keep", "2024-05-01", 5000, "invoice"),
        ("haggler", "2024-05-01", 1000, "invoice"),
        ("haggler", "2024-05-02", 300, "discount"),
        ("chaos", "2024-05-01", 1000, "invoice"),
        ("chaos", "2024-05-02", 100, "credit"),
        ("outsider", "2024-05-01", 2000, "invoice"),
    ]
)


@pytest.fixture(scope="module")
def mapped() -> pd.DataFrame:
    return client_map(clients(), CALLS, TX, as_of=AS_OF, core_industries=CORE).set_index(
        "client_id"
    )


@pytest.mark.parametrize(
    ("client", "segment", "band"),
    [
        ("keep", "cherish", "green"),
        ("haggler", "renegotiate", "amber"),
        ("chaos", "let go", "red"),
        ("outsider", "develop", "green"),
        ("dept", "cherish", "green"),
    ],
)
def test_segments_and_bands(mapped, client, segment, band):
    assert mapped.loc[client, "segment"] == segment
    assert mapped.loc[client, "health_band"] == band
    assert mapped.loc[client, "explanation"].startswith(segment.capitalize() + ":")


def test_scores_by_hand(mapped):
    # keep: concessions, conduct, payment 1, sentiment (0.6 + 1) / 2; referrals unrecorded
    assert mapped.loc["keep", "health"] == pytest.approx(
        (0.35 + 0.2 + 0.15 + 0.2 * 0.8) / 0.9, abs=1e-4
    )
    # haggler: 30 % conceded scores 0; sentiment 0 scores 0.5
    assert mapped.loc["haggler", "health"] == pytest.approx((0.2 + 0.15 + 0.1) / 0.9, abs=1e-4)
    assert mapped.loc["haggler", "concession_share"] == pytest.approx(0.3)
    # outsider: outside the core, half its contacts out of scope (full scale 30 %)
    assert mapped.loc["outsider", "fit"] == 0.0
    assert mapped.loc["keep", "fit"] == 1.0
    assert mapped.loc["chaos", "factor_conduct"] == 0.0
    assert mapped.loc["chaos", "factor_payment"] == 0.0
    assert mapped.loc["keep", "value"] == 5000.0


def test_explanations_name_the_two_weightiest_factors(mapped):
    assert mapped.loc["haggler", "explanation"] == (
        "Renegotiate: a large share of revenue given back; contacts are lukewarm or tense."
    )
    assert "frequent complaints and escalations" in mapped.loc["chaos", "explanation"]
    assert "often asks for work outside the scope" in mapped.loc["outsider", "explanation"]


def test_valuable_client_without_recent_contact_is_neglected(mapped):
    assert mapped.loc["keep", "days_since_contact"] == 121
    assert mapped.loc["keep", "neglected"]
    assert "overdue" in mapped.loc["keep", "explanation"]
    assert mapped["neglected"].sum() == 1


def test_internal_and_ended_clients_are_mapped_and_flagged(mapped):
    assert mapped.loc["dept", "is_internal"] and mapped.loc["dept", "value_tier"] == "internal"
    assert not mapped.loc["gone", "active"] and not mapped.loc["gone", "neglected"]
    assert len(mapped) == 6


def test_ratings_replace_proxies():
    ratings = pd.DataFrame({"client_id": ["outsider"], "fit": [5]})
    result = client_map(
        clients(), CALLS, TX, as_of=AS_OF, core_industries=CORE, ratings=ratings
    ).set_index("client_id")
    assert result.loc["outsider", "fit"] == 1.0
    assert result.loc["outsider", "fit_source"] == "rating"
    assert result.loc["outsider", "segment"] == "cherish"
    assert result.loc["keep", "fit_source"] == "proxies"


def test_weights_change_health():
    result = client_map(
        clients(), CALLS, TX, {"concessions": 0.0}, AS_OF, core_industries=CORE
    ).set_index("client_id")
    assert result.loc["haggler", "health"] == pytest.approx((0.2 + 0.15 + 0.1) / 0.55, abs=1e-4)


@pytest.mark.parametrize(
    ("weights", "message"),
    [({"loyalty": 1.0}, "unknown factor"), ({"sentiment": -1.0}, ">= 0")],
)
def test_bad_weights_raise(weights, message):
    with pytest.raises(ValueError, match=message):
        client_map(clients(), CALLS, TX, weights, AS_OF)


def test_zero_weights_for_a_whole_score_raise():
    zero = dict.fromkeys(["concessions", "conduct", "payment", "sentiment", "referrals"], 0.0)
    with pytest.raises(ValueError, match="needs a weight"):
        client_map(clients(), CALLS, TX, zero, AS_OF)


def test_bad_thresholds_raise():
    with pytest.raises(ValueError, match="thresholds"):
        client_map(clients(), CALLS, TX, as_of=AS_OF, thresholds={"red": 0.9})


def test_all_internal_clients_are_mapped():
    frame = clients().assign(is_internal=True)
    result = client_map(frame, CALLS, TX, as_of=AS_OF)
    assert result["is_internal"].all() and not result["neglected"].any()
    assert set(result["value_tier"]) <= {"internal", "ended"}


def test_defaults_sum_to_one_per_score():
    assert sum(DEFAULT_WEIGHTS[f] for f in ("core_industry", "scope", "capability")) == 1.0
    assert sum(
        DEFAULT_WEIGHTS[f] for f in ("concessions", "conduct", "payment", "sentiment", "referrals")
    ) == pytest.approx(1.0)


def test_empty_clients_give_empty_map():
    assert client_map(clients().iloc[:0], CALLS, TX, as_of=AS_OF).empty


@pytest.mark.parametrize(
    ("frame", "column"),
    [("interactions", "occurred_at"), ("transactions", "amount"), ("clients", "client_id")],
)
def test_missing_columns_are_named(frame, column):
    frames = {"clients": clients(), "interactions": CALLS, "transactions": TX}
    frames[frame] = frames[frame].drop(columns=column)
    with pytest.raises(ValueError, match=column):
        client_map(frames["clients"], frames["interactions"], frames["transactions"], as_of=AS_OF)


def test_future_dates_and_nan_amounts_raise():
    with pytest.raises(ValueError, match="future"):
        client_map(clients(), CALLS, TX, as_of="2024-06-15")
    broken = TX.copy()
    broken.loc[0, "amount"] = float("nan")
    with pytest.raises(ValueError, match="missing amount"):
        client_map(clients(), CALLS, broken, as_of=AS_OF)


def test_excuses_blaming_capability_lower_fit():
    causes = ["over-promised", "capability gap", "Capability gap"]
    excuses = excuses_frame([("keep", "2024-04-01", 0.0, cause) for cause in causes])
    result = client_map(
        clients(), CALLS, TX, as_of=AS_OF, core_industries=CORE, excuses=excuses
    ).set_index("client_id")
    assert result.loc["keep", "factor_capability"] == 0.0
    assert result.loc["keep", "fit"] == pytest.approx(0.8)
    assert result.loc["haggler", "factor_capability"] == 1.0
