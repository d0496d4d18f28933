"""Probability alive and expected value per client, from a purchase log alone.

A firm that only keeps invoices never records the day a client left. The BG/NBD model
(Fader, Hardie & Lee 2005) reads it from the purchase rhythm instead: while alive, a client
buys at its own Poisson rate (rates Gamma(r, alpha) across clients) and after each purchase
drops out with its own probability (Beta(a, b) across clients). The Gamma-Gamma model
(Fader, Hardie & Lee 2005b) adds the spend per purchase. Both are fitted with
pymc-marketing's CLV module, an optional extra (``pip install
"client-retention-toolkit[models]"``) because PyMC, PyTensor and Numba weigh ~800 MB: it is
imported only inside :func:`fit_purchase_model`, so importing :mod:`toolkit.analytics`
stays light.

Time is counted in weeks, the literature's unit, so the parameters of the CDNOW data set
can be checked against the paper. Formulas: :func:`fit_purchase_model`; how the apps use
the figures: docs/analytics.md, "Purchase outlook".
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    amounts,
    dates,
    require_columns,
)
from toolkit.analytics.lapse import purchase_rows
from toolkit.errors import ToolkitError

if TYPE_CHECKING:
    import xarray as xr

#: The model's unit of time, in days.
WEEK_DAYS = 7
#: Expected purchases and value are predicted over the next 52 weeks.
HORIZON_WEEKS = 52
#: Fewer clients with paid repeat purchase days than this cannot pin the four BG/NBD
#: parameters (and the Gamma-Gamma model is fitted on exactly those clients).
MIN_REPEAT_CLIENTS = 20
#: Weak priors: half-normals whose scale is far beyond any plausible value (a rate of one
#: purchase a decade still has ``alpha`` below 520 weeks), so the MAP estimate is the
#: likelihood's maximum for real data and only degenerate data is held back from infinity.
BG_NBD_PRIOR_SIGMA = {"r": 10.0, "alpha": 520.0, "a": 10.0, "b": 10.0}
MISSING_EXTRA_MESSAGE = (
    'The purchase model needs the optional extra: pip install "client-retention-toolkit[models]"'
)
CLIENT_COLUMNS = [
    "client_id",
    "p_alive",
    "expected_purchases_12m",
    "expected_value_12m",
    "frequency",
    "recency",
    "T",
    "monetary_value",
]
#: Loggers whose INFO messages and progress would otherwise be printed by every fit.
QUIET_LOGGERS = ("pymc", "pymc_marketing", "pytensor")


class MissingExtraError(ToolkitError, ImportError):
    """The optional ``models`` extra (pymc-marketing) is not installed."""


@dataclass(frozen=True)
class PurchaseModel:
    """A fitted BG/NBD + Gamma-Gamma model and its predictions per client.

    ``params``: the BG/NBD parameters ``r``, ``alpha``, ``a``, ``b`` (time in weeks).
    ``spend_params``: the Gamma-Gamma parameters ``p``, ``q``, ``v`` (spend in currency
    units). ``clients``: one row per client with a purchase on or before ``as_of``
    (columns ``CLIENT_COLUMNS``). ``calibration_end``: the last day of the purchases the
    parameters were fitted on.
    """

    params: dict[str, float]
    spend_params: dict[str, float]
    clients: pd.DataFrame
    as_of: pd.Timestamp
    calibration_end: pd.Timestamp


def purchase_summary(
    transactions: pd.DataFrame, *, as_of: DateLike, calibration_end: DateLike | None = None
) -> pd.DataFrame:
    """Frequency, recency, T (weeks) and mean repeat spend per client, as of ``calibration_end``.

    The summary of the literature: purchases are counted by day (several invoices on one
    day are one purchase of their total amount). ``frequency`` = purchase days after the
    first; ``recency`` = weeks from the first to the last purchase day; ``T`` = weeks from
    the first purchase day to ``calibration_end`` (default ``as_of``); ``monetary_value`` =
    mean amount of the repeat purchase days (0 without any). Purchases are invoices, or in a
    frame without ``kind`` the rows with a positive amount; later rows are left out.

    >>> import pandas as pd
    >>> log = pd.DataFrame({"client_id": ["a", "a", "a", "b"], "amount": [10.0, 4.0, 6.0, 9.0],
    ...     "occurred_on": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-15",
    ...                                    "2024-01-08"])})
    >>> purchase_summary(log, as_of="2024-01-29")
      client_id  frequency  recency    T  monetary_value
    0         a          1      2.0  4.0            10.0
    1         b          0      0.0  3.0             0.0
    """
    as_of, end = _dates(as_of, calibration_end)
    days = _purchase_days(transactions, end)
    first = days.groupby("client", sort=False)["day"].transform("min")
    repeat = days["day"] > first
    per_client = (
        days.assign(repeat=repeat, spend=days["amount"].where(repeat, 0.0))
        .groupby("client", sort=True)
        .agg(
            first=("day", "min"),
            last=("day", "max"),
            frequency=("repeat", "sum"),
            spend=("spend", "sum"),
        )
    )
    frequency = per_client["frequency"].to_numpy(dtype="int64")
    end_day = (end - pd.Timestamp(0)).days
    return pd.DataFrame(
        {
            "client_id": days.attrs["ids"][per_client.index.to_numpy()],
            "frequency": frequency,
            "recency": (per_client["last"] - per_client["first"]).to_numpy() / WEEK_DAYS,
            "T": (end_day - per_client["first"]).to_numpy() / WEEK_DAYS,
            "monetary_value": np.where(
                frequency > 0, per_client["spend"].to_numpy() / np.maximum(frequency, 1), 0.0
            ),
        }
    )


def fit_purchase_model(
    transactions: pd.DataFrame, *, as_of: DateLike, calibration_end: DateLike | None = None
) -> PurchaseModel:
    """Fit BG/NBD and Gamma-Gamma on the purchases up to ``calibration_end``; predict at ``as_of``.

    Why: a coach needs, per client, how likely it still is a client (``p_alive``) and what
    it will probably buy next year, without an end date anybody recorded.

    The parameters come from the summary (:func:`purchase_summary`) at ``calibration_end``
    (default ``as_of``; an earlier one keeps a hold-out period to check the model against).
    Each client's predictions use its history up to ``as_of``:

    - ``p_alive`` = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x))
    - ``expected_purchases_12m`` = E[X(t) | x, t_x, T] for t = 52 weeks (FHL 2005, eq. 10)
    - ``expected_value_12m`` = expected purchases x expected spend per purchase, the
      Gamma-Gamma mean ``(1 - w) v p / (q - 1) + w z`` with ``w = p x / (p x + q - 1)``:
      a client without repeat purchases gets the population mean spend ``v p / (q - 1)``.

    Both models are fitted by MAP (deterministic, a few seconds) with weak priors
    (``BG_NBD_PRIOR_SIGMA``; flat for Gamma-Gamma). Raises :class:`MissingExtraError`
    without the ``models`` extra and :class:`AnalyticsInputError` when fewer than
    ``MIN_REPEAT_CLIENTS`` clients bought on two days or more by ``calibration_end``.

    >>> model = fit_purchase_model(purchase_log, as_of="1998-06-30")  # doctest: +SKIP
    >>> model.params  # doctest: +SKIP
    {'r': 0.24, 'alpha': 4.41, 'a': 0.79, 'b': 2.43}
    """
    as_of, end = _dates(as_of, calibration_end)
    calibration = purchase_summary(transactions, as_of=as_of, calibration_end=end)
    repeaters = int(_repeat_buyers(calibration).sum())
    if repeaters < MIN_REPEAT_CLIENTS:
        raise AnalyticsInputError(
            f"the purchase model needs at least {MIN_REPEAT_CLIENTS} clients who bought on "
            f"two days or more (for an amount) by {end.date()}; transactions have {repeaters}"
        )
    current = calibration if end == as_of else purchase_summary(transactions, as_of=as_of)
    with _quiet():
        params, spend_params, predictions = _fit_and_predict(calibration, current)
    return PurchaseModel(params, spend_params, predictions, as_of, end)


def _dates(as_of: DateLike, calibration_end: DateLike | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``as_of`` and the calibration end (default ``as_of``) at midnight; the end not after it."""
    if as_of is None:
        raise AnalyticsInputError("the purchase model needs as_of, the date it predicts from")
    as_of = pd.Timestamp(as_of).normalize()
    end = as_of if calibration_end is None else pd.Timestamp(calibration_end).normalize()
    if end > as_of:
        raise AnalyticsInputError(
            f"calibration_end {end.date()} is after as_of {as_of.date()}: the model cannot "
            "be fitted on purchases after the date it predicts from"
        )
    return as_of, end


def _purchase_days(transactions: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """One row per (client code, day since 1970) with a purchase on or before ``end``, and
    the day's total amount; ``attrs["ids"]`` maps the codes back to client ids."""
    require_columns(transactions, ["client_id", "occurred_on", "amount"], "transactions")
    day = dates(transactions, "occurred_on", "transactions", required=True)
    spend = amounts(transactions, "amount", "transactions", allow_missing=True)
    keep = purchase_rows(transactions) & (day <= end).to_numpy()
    codes, ids = pd.factorize(transactions["client_id"].to_numpy()[keep])
    if (codes < 0).any():
        raise AnalyticsInputError("transactions.client_id has missing values")
    days = (
        pd.DataFrame(
            {
                "client": codes,
                "day": day.to_numpy()[keep].astype("datetime64[D]").astype("int64"),
                "amount": spend[keep],
            }
        )
        .groupby(["client", "day"], sort=False, as_index=False)["amount"]
        .sum()
    )
    days.attrs["ids"] = np.asarray(ids)
    return days


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence PyMC's and PyTensor's log lines and warnings for the duration of a fit."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _fit_and_predict(
    calibration: pd.DataFrame, current: pd.DataFrame
) -> tuple[dict[str, float], dict[str, float], pd.DataFrame]:
    """Fit both models on ``calibration``; predict for every client of ``current``."""
    try:
        from pymc_extras.prior import Prior
        from pymc_marketing.clv import BetaGeoModel, GammaGammaModel
    except ImportError as error:
        raise MissingExtraError(MISSING_EXTRA_MESSAGE) from error

    bg_nbd = BetaGeoModel(
        model_config={
            name: Prior("HalfNormal", sigma=sigma) for name, sigma in BG_NBD_PRIOR_SIGMA.items()
        }
    )
    bg_nbd.fit(_model_frame(calibration), method="map", progressbar=False)
    spend = GammaGammaModel()
    spend.fit(
        _model_frame(calibration[_repeat_buyers(calibration)]), method="map", progressbar=False
    )
    params = _point_values(bg_nbd.fit_result, ("r", "alpha", "a", "b"))
    spend_params = _point_values(spend.fit_result, ("p", "q", "v"))
    _check_fit(params, spend_params)
    data = _model_frame(current)
    purchases = _point(bg_nbd.expected_purchases(data, future_t=HORIZON_WEEKS))
    predictions = current.assign(
        p_alive=_point(bg_nbd.expected_probability_alive(data)),
        expected_purchases_12m=purchases,
        expected_value_12m=purchases * _point(spend.expected_customer_spend(data)),
    )[CLIENT_COLUMNS]
    if not np.isfinite(predictions[CLIENT_COLUMNS[1:]].to_numpy(dtype="float64")).all():
        raise AnalyticsInputError(
            f"the purchase model's predictions overflow for these purchases ({params})"
        )
    return params, spend_params, predictions


def _check_fit(params: dict[str, float], spend_params: dict[str, float]) -> None:
    """Raise when an estimate is not finite, or the mean spend ``v p / (q - 1)`` is not."""
    if not np.isfinite([*params.values(), *spend_params.values()]).all():
        raise AnalyticsInputError(
            f"the purchase model found no finite fit for these purchases ({params}, {spend_params})"
        )
    if spend_params["q"] <= 1:
        raise AnalyticsInputError(
            "the spend per purchase varies too much between clients for the Gamma-Gamma "
            f"model (q = {spend_params['q']:.3f} <= 1: the mean spend is unbounded)"
        )


def _repeat_buyers(summary: pd.DataFrame) -> pd.Series:
    """Clients with repeat purchase days of a positive mean amount: the Gamma-Gamma data."""
    return (summary["frequency"] > 0) & (summary["monetary_value"] > 0)


def _model_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary under pymc-marketing's names, with client positions as ``customer_id``
    (client ids may be any type; positions keep the coordinates unique and cheap)."""
    return summary.drop(columns="client_id").assign(customer_id=np.arange(len(summary)))


def _point(values: xr.DataArray) -> np.ndarray:
    """A MAP prediction (one chain, one draw) as a plain array over clients."""
    return values.mean(dim=("chain", "draw")).to_numpy()


def _point_values(fit_result: xr.Dataset, names: tuple[str, ...]) -> dict[str, float]:
    """The MAP estimates of ``names`` as plain floats."""
    return {name: float(fit_result[name].mean()) for name in names}
