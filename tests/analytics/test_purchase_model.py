"""The purchase model against the paper it comes from (CDNOW) and its own closed forms.

A fit needs the optional ``models`` extra: without it the tests that fit are skipped on a
laptop and fail in CI (``CI=true``), which installs it; the others need nothing.
"""

from __future__ import annotations

import os
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.special import hyp2f1

from tests.analytics.conftest import transactions_frame
from tests.datasets import (
    SYNTHETIC_AS_OF,
    SYNTHETIC_PARAMS,
    SYNTHETIC_SPEND_PARAMS,
    cdnow_sample_path,
    load_cdnow,
    load_cdnow_summary,
    synthetic_log,
)
from toolkit.analytics import AnalyticsInputError, MissingExtraError, fit_purchase_model
from toolkit.analytics.purchase_model import (
    CLIENT_COLUMNS,
    HORIZON_WEEKS,
    MIN_REPEAT_CLIENTS,
    MISSING_EXTRA_MESSAGE,
    PurchaseModel,
    purchase_summary,
)
from toolkit.demo import create_demo
from toolkit.store import Workspace

#: Fader, Hardie & Lee (2005): the BG/NBD fit on the sample's first 39 weeks.
PAPER_PARAMS = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
#: The Gamma-Gamma fit on the same calibration summary's 946 repeat buyers, as the
#: ``lifetimes`` package's README reports it (two decimals).
LIFETIMES_SPEND_PARAMS = {"p": 6.25, "q": 3.74, "v": 15.45}
#: The sample's customers first bought in 1997-Q1; the paper calibrates on the 39 weeks
#: from 1997-01-01 (T = 38.86 weeks for a first purchase on that day) and holds out the rest.
CALIBRATION_END = "1997-09-30"
AS_OF = "1998-06-30"
#: Probes: the same three purchase days four weeks apart, the later probes starting later,
#: so frequency and recency are equal and T shrinks. All after the calibration period, so
#: they do not change the fit the paper's parameters are checked on.
PROBE_STARTS = pd.date_range("1997-10-09", periods=4, freq="28D")


def _probes() -> pd.DataFrame:
    rows = [
        (f"probe-{number}", start + pd.Timedelta(days=offset), 20.0, "invoice")
        for number, start in enumerate(PROBE_STARTS)
        for offset in (0, 28, 56)
    ]
    return transactions_frame([*rows, ("one-time", "1998-03-01", 50.0, "invoice")])


def _needs_the_extra() -> None:
    """Skip on a laptop without the models extra; in CI the fit's MissingExtraError fails."""
    if os.environ.get("CI") != "true":
        pytest.importorskip("pymc_marketing")


@pytest.fixture(scope="module")
def fitted() -> PurchaseModel:
    """The CDNOW sample (plus the probes), calibrated on 39 weeks, predicted at its end."""
    _needs_the_extra()
    log = pd.concat([load_cdnow(cdnow_sample_path()), _probes()], ignore_index=True)
    return fit_purchase_model(log, as_of=AS_OF, calibration_end=CALIBRATION_END)


@pytest.fixture(scope="module")
def holdout() -> tuple[PurchaseModel, pd.DataFrame]:
    """A model of 10,000 synthetic clients' first two years, and their third year's log."""
    _needs_the_extra()
    log = synthetic_log(10_000)
    as_of = SYNTHETIC_AS_OF - pd.Timedelta(weeks=HORIZON_WEEKS)
    return fit_purchase_model(log, as_of=as_of), log[log["occurred_on"] > as_of]


@pytest.fixture(scope="module")
def demo_outlook(tmp_path_factory) -> pd.DataFrame:
    """The model's clients of the demo firm, with each client's recorded end date."""
    _needs_the_extra()
    workspace = Workspace.open(tmp_path_factory.mktemp("demo") / "workspace")
    firm = create_demo(workspace, participants=1, clients=200, seed=7).participant_ids[0]
    transactions = workspace.table("transactions", firm)
    clients = workspace.table("clients", firm)[["client_id", "ended_on"]]
    as_of = workspace.setting("as_of")
    workspace.close()
    return fit_purchase_model(transactions, as_of=as_of).clients.merge(clients, on="client_id")


def _by_client(model: PurchaseModel) -> pd.DataFrame:
    return model.clients.set_index("client_id")


def test_summary_matches_the_papers_calibration_summary():
    """Frequency, recency, T and mean repeat spend as Fader, Hardie & Lee computed them."""
    ours = purchase_summary(
        load_cdnow(cdnow_sample_path()), as_of=AS_OF, calibration_end=CALIBRATION_END
    )
    theirs = load_cdnow_summary().sort_values("client_id", ignore_index=True)
    assert len(ours) == len(theirs) == 2357
    ours = ours.sort_values("client_id", ignore_index=True)
    assert (ours["client_id"] == theirs["client_id"]).all()
    assert (ours["frequency"].to_numpy() == theirs["x"].to_numpy()).all()
    for column, paper in (("recency", "t_x"), ("T", "T"), ("monetary_value", "zbar")):
        np.testing.assert_allclose(ours[column], theirs[paper], atol=0.006, err_msg=column)


@pytest.mark.slow
def test_cdnow_parameters_match_the_paper(fitted):
    assert set(fitted.params) == set(PAPER_PARAMS)
    for name, paper in PAPER_PARAMS.items():
        assert fitted.params[name] == pytest.approx(paper, rel=0.05), name
    assert fitted.calibration_end == pd.Timestamp(CALIBRATION_END)


@pytest.mark.slow
def test_cdnow_spend_parameters_match_lifetimes(fitted):
    assert set(fitted.spend_params) == set(LIFETIMES_SPEND_PARAMS)
    for name, reported in LIFETIMES_SPEND_PARAMS.items():
        assert fitted.spend_params[name] == pytest.approx(reported, rel=0.005), name


@pytest.mark.slow
def test_clients_frame_has_every_client_with_a_purchase(fitted):
    clients = fitted.clients
    assert list(clients.columns) == CLIENT_COLUMNS
    assert len(clients) == 2357 + len(PROBE_STARTS) + 1
    assert clients["client_id"].is_unique
    assert clients[CLIENT_COLUMNS[1:]].notna().all().all()
    assert clients["p_alive"].between(0, 1).all()
    # T runs to as_of, not to the calibration end: 1997-01-01 to 1998-06-30 is 545 days.
    assert _by_client(fitted).loc["00004", "T"] == pytest.approx(545 / 7)


@pytest.mark.slow
def test_p_alive_is_one_without_repeat_purchases(fitted):
    clients = fitted.clients
    one_time = clients[clients["frequency"] == 0]
    assert len(one_time) > 1000
    assert (one_time["p_alive"] == 1.0).all()
    assert (clients.loc[clients["frequency"] > 0, "p_alive"] < 1.0).all()


@pytest.mark.slow
def test_p_alive_falls_as_the_silence_grows(fitted):
    probes = _by_client(fitted).loc[[f"probe-{n}" for n in range(len(PROBE_STARTS))]]
    assert (probes["frequency"] == 2).all()
    assert np.allclose(probes["recency"], 8.0)
    older_first = probes.sort_values("T", ascending=False)["p_alive"].to_numpy()
    assert (np.diff(older_first) > 0).all()


@pytest.mark.slow
def test_expected_purchases_and_p_alive_follow_the_closed_forms(fitted):
    """FHL (2005) eq. 10 and FHL (2008) P(alive), computed here from the fitted parameters."""
    r, alpha, a, b = (fitted.params[name] for name in ("r", "alpha", "a", "b"))
    clients = fitted.clients
    x, t_x, big_t = (clients[column].to_numpy() for column in ("frequency", "recency", "T"))
    t = HORIZON_WEEKS
    repeat_odds = (
        (x > 0) * a / (b + np.maximum(x, 1) - 1) * ((alpha + big_t) / (alpha + t_x)) ** (r + x)
    )
    beyond = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(
        r + x, b + x, a + b + x - 1, t / (alpha + big_t + t)
    )
    expected = (a + b + x - 1) / (a - 1) * beyond / (1 + repeat_odds)
    np.testing.assert_allclose(clients["expected_purchases_12m"], expected, rtol=1e-6)
    np.testing.assert_allclose(clients["p_alive"], 1 / (1 + repeat_odds), rtol=1e-9)


@pytest.mark.slow
def test_expected_value_uses_the_gamma_gamma_spend(fitted):
    p, q, v = (fitted.spend_params[name] for name in ("p", "q", "v"))
    clients = fitted.clients
    x, mean_spend = clients["frequency"].to_numpy(), clients["monetary_value"].to_numpy()
    weight = p * x / (p * x + q - 1)
    spend = (1 - weight) * v * p / (q - 1) + weight * mean_spend
    np.testing.assert_allclose(
        clients["expected_value_12m"], clients["expected_purchases_12m"] * spend, rtol=1e-9
    )
    one_time = _by_client(fitted).loc["one-time"]
    assert one_time["expected_value_12m"] == pytest.approx(
        one_time["expected_purchases_12m"] * v * p / (q - 1)
    )


@pytest.mark.slow
def test_synthetic_population_parameters_are_found_again(holdout):
    """10,000 clients drawn from known parameters: sampling error is a few per cent."""
    model, _ = holdout
    truth = {**SYNTHETIC_PARAMS, **SYNTHETIC_SPEND_PARAMS}
    found = {**model.params, **model.spend_params}
    for name, value in truth.items():
        assert found[name] == pytest.approx(value, rel=0.1), name


@pytest.mark.slow
def test_next_year_purchases_and_value_match_what_happened(holdout):
    """The 52-week predictions, summed over the clients, against the year that followed."""
    model, next_year = holdout
    known = next_year[next_year["client_id"].isin(model.clients["client_id"])]
    purchase_days = known.groupby("client_id")["occurred_on"].nunique().sum()
    assert model.clients["expected_purchases_12m"].sum() == pytest.approx(purchase_days, rel=0.03)
    assert model.clients["expected_value_12m"].sum() == pytest.approx(
        known["amount"].sum(), rel=0.03
    )


@pytest.mark.slow
def test_demo_clients_who_left_look_gone(demo_outlook):
    """The demo's clients with an end date stopped buying then; the model, which never
    sees the end dates, must tell them from the clients who stayed."""
    ended = demo_outlook["ended_on"].notna()
    assert ended.sum() >= 10 and (~ended).sum() >= 10
    assert demo_outlook.loc[ended, "p_alive"].mean() < 0.5
    assert demo_outlook.loc[~ended, "p_alive"].mean() > 0.9
    value = demo_outlook["expected_value_12m"]
    assert value[ended].median() < value[~ended].median() / 3


def test_summary_counts_invoice_days_up_to_the_calibration_end():
    """Concessions are no purchase, two invoices on a day are one, later days are left out."""
    log = transactions_frame(
        [
            ("a", "2024-01-01", 10.0, "invoice"),
            ("a", "2024-01-01", 5.0, "invoice"),
            ("a", "2024-01-08", 7.0, "invoice"),
            ("a", "2024-01-08", 3.0, "invoice"),
            ("a", "2024-01-15", 9.0, "refund"),
            ("a", "2024-01-22", 4.0, "discount"),
            ("a", "2024-03-01", 99.0, "invoice"),
            ("b", "2024-01-15", 8.0, "credit"),
        ]
    )
    summary = purchase_summary(log, as_of="2024-03-31", calibration_end="2024-01-29")
    assert summary.to_dict("records") == [
        {"client_id": "a", "frequency": 1, "recency": 1.0, "T": 4.0, "monetary_value": 10.0}
    ]


def test_summary_of_a_log_without_kinds_counts_positive_amounts():
    log = transactions_frame(
        [("a", "2024-01-01", 10.0, None), ("a", "2024-01-15", 0.0, None)]
    ).drop(columns="kind")
    summary = purchase_summary(log, as_of="2024-01-29")
    assert summary[["frequency", "T"]].to_dict("records") == [{"frequency": 0, "T": 4.0}]


def test_summary_keeps_the_client_ids_type():
    """Whole-number ids stay numbers, so the outlook joins onto a frame of such clients."""
    log = transactions_frame([(7, "2024-01-01", 1.0, "invoice"), (9, "2024-01-02", 2.0, "invoice")])
    summary = purchase_summary(log, as_of="2024-02-01")
    assert summary["client_id"].tolist() == [7, 9]
    assert summary["client_id"].dtype == log["client_id"].dtype


def _regulars(clients: int, repeat_amount: float = 10.0) -> pd.DataFrame:
    """``clients`` clients who each bought twice, a month apart."""
    rows = [
        (f"c{number}", day, amount, "invoice")
        for number in range(clients)
        for day, amount in (("2024-01-05", 10.0), ("2024-02-05", repeat_amount))
    ]
    return transactions_frame(rows)


def test_too_few_repeat_clients_is_an_input_error():
    with pytest.raises(AnalyticsInputError, match=f"at least {MIN_REPEAT_CLIENTS} clients"):
        fit_purchase_model(_regulars(MIN_REPEAT_CLIENTS - 1), as_of="2024-06-30")


def test_repeat_purchases_without_an_amount_do_not_count():
    """The spend model needs repeat buyers who paid something."""
    with pytest.raises(AnalyticsInputError, match="transactions have 0"):
        fit_purchase_model(_regulars(30, repeat_amount=0.0), as_of="2024-06-30")


def test_no_purchases_at_all_is_an_input_error():
    empty = transactions_frame([("a", "2024-01-05", 10.0, "refund")])
    with pytest.raises(ValueError, match="transactions have 0"):
        fit_purchase_model(empty, as_of="2024-06-30")


def test_calibration_end_after_as_of_is_an_input_error():
    with pytest.raises(AnalyticsInputError, match="calibration_end 2024-07-01 is after as_of"):
        fit_purchase_model(_regulars(30), as_of="2024-06-30", calibration_end="2024-07-01")


def test_without_the_models_extra_the_error_says_how_to_install_it(monkeypatch):
    """A missing extra is an ImportError subclass with the pip command, for the apps."""
    monkeypatch.setitem(sys.modules, "pymc_marketing", None)
    monkeypatch.setitem(sys.modules, "pymc_marketing.clv", None)
    with pytest.raises(MissingExtraError) as raised:
        fit_purchase_model(_regulars(30), as_of="2024-06-30")
    assert isinstance(raised.value, ImportError)
    assert str(raised.value) == MISSING_EXTRA_MESSAGE
    assert 'pip install "client-retention-toolkit[models]"' in str(raised.value)
