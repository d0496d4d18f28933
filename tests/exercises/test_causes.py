"""One list of excuse causes for the excuse log, the analytics, the exercise and the demo."""

import pandas as pd
import pytest

from toolkit.analytics import excuse_breakdown
from toolkit.analytics.client_map import CAPABILITY_CAUSES
from toolkit.demo.profiles import PROFILES
from toolkit.excuse_causes import CAUSE_IDS, cause_of, name_of, spellings_of

#: Every root cause the demo's excuse logs write, and the cause it is read as.
DEMO_CAUSES = {
    "price pressure": "price_pressure",
    "discount demanded": "price_pressure",
    "client changed scope": "scope_change",
    "unclear requirements": "scope_change",
    "over-promised": "over_promised",
    "capability gap": "over_promised",
    "our mistake": "execution_mistake",
    "missed follow-up": "execution_mistake",
    "supplier delay": "outside",
}


def test_the_five_causes_are_fixed():
    assert CAUSE_IDS == (
        "price_pressure",
        "scope_change",
        "over_promised",
        "execution_mistake",
        "outside",
    )


def test_every_demo_root_cause_is_read_as_its_cause():
    written = {text for profile in PROFILES.values() for text in profile.root_causes}
    assert written == set(DEMO_CAUSES)
    assert {text: cause_of(text) for text in written} == DEMO_CAUSES


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("  Capability   GAP ", "over_promised"),
        ("price_pressure", "price_pressure"),
        ("Outside our control", "outside"),
        ("the weather", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_log_texts_are_read_whatever_their_case_and_spaces(text, cause):
    assert cause_of(text) == cause


def test_the_client_maps_capability_factor_reads_the_over_promised_cause():
    assert {cause_of(text) for text in CAPABILITY_CAUSES} == {"over_promised"}
    assert set(CAPABILITY_CAUSES) <= set(spellings_of("over_promised"))


def test_the_excuse_audit_offers_exactly_the_five_causes(exercises):
    field = exercises["excuse-audit"].items["excuses"].field("root_cause")
    assert field.vocabulary == "excuse-causes"
    assert tuple(option.id for option in field.options) == CAUSE_IDS


def test_excuse_breakdown_by_cause_merges_the_spellings_of_a_cause():
    log = pd.DataFrame(
        {
            "client_id": ["a", "b", "b", "c"],
            "occurred_on": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-03-01", "2024-03-02"]),
            "concession_value": [100.0, 50.0, 300.0, 10.0],
            "root_cause": ["price pressure", "Discount demanded", "capability gap", "weather"],
        }
    )
    by_text = excuse_breakdown(log)
    assert len(by_text) == 4
    result = excuse_breakdown(log, by_cause=True).set_index("root_cause")
    # price pressure: 100 + 50 over two clients; capability gap is over-promising
    assert result.loc["price pressure", ["excuses", "clients", "concession_value"]].tolist() == [
        2,
        2,
        150.0,
    ]
    assert result.loc["over-promised or capability gap", "concession_value"] == 300.0
    assert result.loc["weather", "excuses"] == 1
    assert name_of("weather") == "weather"
