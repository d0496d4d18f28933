"""The latent types drive the data: each signature of docs/demo.md, measured independently."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from toolkit.demo import LATENT_TYPES

from .conftest import SIGNATURE_CLIENTS


def test_types_come_in_the_contract_shares(measured):
    # Largest remainder of 120 x (.40, .15, .12, .13, .12, .08): 48, 18, 14.4, 15.6, 14.4, 9.6.
    counts = measured["latent_type"].value_counts().to_dict()
    assert counts == {
        "loyal_fit": 48,
        "price_hunter": 18,
        "chaos_maker": 14,
        "over_demanding": 16,
        "neglected_high_value": 14,
        "internal": 10,
    }
    assert sum(counts.values()) == SIGNATURE_CLIENTS
    assert set(counts) == set(LATENT_TYPES)


@pytest.mark.parametrize(
    ("latent_type", "low", "high"),
    [
        ("loyal_fit", 0.0, 0.03),
        ("price_hunter", 0.2, 0.4),
        ("chaos_maker", 0.08, 0.15),
        ("over_demanding", 0.10, 0.20),
        ("neglected_high_value", 0.0, 0.03),
    ],
)
def test_concession_share_per_client_stays_in_its_types_range(measured, latent_type, low, high):
    shares = measured.loc[measured["latent_type"] == latent_type, "concession_share"]
    assert shares.between(low - 0.005, high + 0.005).all()


def test_price_hunters_concede_much_more_than_loyal_clients(by_type):
    assert by_type.loc["price_hunter", "concession_share"] > 0.15
    assert by_type.loc["loyal_fit", "concession_share"] < 0.05


def test_neglected_high_value_clients_are_valuable_and_not_contacted(measured):
    neglected = measured[measured["latent_type"] == "neglected_high_value"]
    assert (neglected["days_since_contact"] > 100).all()
    assert (neglected["revenue"] > measured["revenue"].median()).all()
    assert (neglected["revenue"] >= measured["revenue"].quantile(0.75)).mean() > 0.8


def test_active_loyal_clients_were_contacted_within_their_cadence(measured):
    loyal = measured[(measured["latent_type"] == "loyal_fit") & ~measured["ended"]]
    assert (loyal["days_since_contact"] <= 45).all()


def test_chaos_makers_are_touched_by_many_members(measured, by_type):
    chaos = measured[measured["latent_type"] == "chaos_maker"]
    assert (chaos["members"] >= 4).all()
    assert by_type.loc["chaos_maker", "members"] > by_type.loc["loyal_fit", "members"]
    loyal = measured[measured["latent_type"] == "loyal_fit"]
    assert loyal["members"].between(1, 2).all()


def test_chaos_makers_lack_an_owner_more_often(by_type):
    assert by_type.loc["chaos_maker", "no_owner"] > 2 * by_type.loc["loyal_fit", "no_owner"]


def test_sentiment_follows_the_types_tone(by_type):
    tone = by_type["sentiment"]
    assert tone["loyal_fit"] > tone["neglected_high_value"] > tone["price_hunter"]
    assert tone["price_hunter"] > tone["over_demanding"] > tone["chaos_maker"]
    assert tone["loyal_fit"] == pytest.approx(0.5, abs=0.1)
    assert tone["chaos_maker"] == pytest.approx(-0.4, abs=0.15)


def test_price_hunters_end_more_often_than_loyal_clients(by_type):
    assert by_type.loc["price_hunter", "ended"] > by_type.loc["loyal_fit", "ended"]


def test_internal_clients_and_only_they_are_internal(measured):
    internal = measured["latent_type"] == "internal"
    assert measured["is_internal"].tolist() == internal.tolist()
    assert measured.loc[internal, "name"].str.startswith("Internal: ").all()


def test_fit_decides_core_industry(firm, measured):
    core = json.loads(firm.setting("core_industries:northfield"))
    in_core = measured["industry"].isin(core)
    assert in_core[measured["latent_type"] == "loyal_fit"].all()
    assert not in_core[measured["latent_type"] == "over_demanding"].any()


@pytest.mark.parametrize(
    ("latent_type", "causes"),
    [
        ("price_hunter", {"price pressure", "discount demanded"}),
        ("over_demanding", {"over-promised", "capability gap"}),
        ("chaos_maker", {"client changed scope", "unclear requirements"}),
    ],
)
def test_excuses_carry_the_types_root_causes(firm, measured, latent_type, causes):
    excuses = firm.table("excuses", "northfield").merge(measured, on="client_id")
    mine = excuses[excuses["latent_type"] == latent_type]
    assert not mine.empty
    assert set(mine["root_cause"]) <= causes
    assert (mine["concession_value"] > 0).all()


def test_scope_changes_dominate_chaos_excuses(firm, measured):
    excuses = firm.table("excuses", "northfield").merge(measured, on="client_id")
    chaos = excuses.loc[excuses["latent_type"] == "chaos_maker", "root_cause"]
    assert chaos.value_counts().index[0] == "client changed scope"


@pytest.mark.parametrize(
    ("latent_type", "topics"),
    [
        ("price_hunter", {"price negotiation", "discount request"}),
        ("chaos_maker", {"scope change", "late payment", "complaint", "escalation"}),
        ("over_demanding", {"custom request", "out-of-scope request"}),
    ],
)
def test_types_talk_about_their_topics(firm, measured, latent_type, topics):
    contacts = firm.table("interactions", "northfield").merge(
        measured[["client_id", "latent_type"]], on="client_id"
    )
    contacts = contacts[contacts["channel"] != "automated"]
    share = contacts.groupby("latent_type")["topic"].apply(lambda t: t.isin(topics).mean())
    assert share[latent_type] > 0.4
    assert share.drop(latent_type).max() < share[latent_type] / 2


def test_emerging_topic_rises_sharply_in_the_last_six_weeks(firm):
    contacts = firm.table("interactions", "northfield")
    as_of = pd.Timestamp(firm.as_of())
    portal = contacts.loc[contacts["topic"] == "portal login problem", "occurred_at"]
    recent = (portal >= as_of - pd.Timedelta(weeks=6)).sum()
    before = (portal.between(as_of - pd.Timedelta(weeks=12), as_of - pd.Timedelta(weeks=6))).sum()
    assert recent >= 20
    assert recent > 5 * max(before, 1)


def test_automated_contacts_have_no_person_and_no_sentiment(firm):
    contacts = firm.table("interactions", "northfield")
    automated = contacts[contacts["channel"] == "automated"]
    assert len(automated) > 0
    assert automated["member_id"].isna().all()
    assert automated["sentiment"].isna().all()
    assert (automated["direction"] == "outbound").all()


def test_record_completeness_depends_on_the_employee(firm):
    records = firm.table("client_records", "northfield")
    template = json.loads(firm.setting("record_template:northfield"))
    kept = records[records["field"].isin(template)]
    filled = kept.groupby("recorded_by")["value"].apply(lambda v: v.notna().mean())
    assert filled.max() - filled.min() > 0.15


def test_employees_follow_their_own_version_of_each_process(firm):
    steps = firm.table("process_steps", "northfield")
    versions = steps.groupby(["process", "member_id"])["step"].agg(tuple)
    assert versions.groupby(level="process").nunique().gt(1).all()
