"""The client-base map: fit x health x value, and what to do with each client.

The idea (docs/analytics.md, "Client-base map"): not every client is worth keeping.
Each client gets

* **fit** in [0, 1]: how well its needs match the firm's strengths. The participant's own
  rating when there is one, else a weighted mean of observable proxies: works in one of
  the firm's core industries, asks for work within scope, no excuses blaming
  over-promising or capability gaps;
* **health** in [0, 1]: does the relationship give back (docs/analytics.md, "Client-base map": a
  weighted mean of normalised factors): little revenue conceded, few complaints or
  escalations, payments on time, the tone of contacts, referrals where the firm records
  them; banded red / amber / green;
* **value**: net revenue in the last ``window_days`` up to ``as_of``;

and a **segment** with the reason in words (the two factors that weigh most):

1. *cherish*: fits and healthy;
2. *renegotiate*: fits, not healthy, and concessions explain at least half of what the
   health score lacks: the work is right, the terms are not;
3. *let go*: health in the red band, or neither fit nor healthy;
4. *develop*: the rest: healthy work outside the core, or fitting work with an amber
   relationship that is not about money.

A client that has lapsed (the lapse rule, :func:`~toolkit.analytics.relationship_status`)
is never cherished: a valuable one that fitted (cherish or develop before it stopped) is
*develop*, worth winning back; any other is *let go*.

Every factor is scored 0 (bad) to 1 (good) with a documented full-scale point; a factor
with no evidence for a client (no interactions, no industry, no invoices) is NaN and left
out of that client's weighted mean, so missing data never reads as bad behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from toolkit.analytics.attention import (
    OUTLOOK_COLUMNS,
    SLIPPING_COLUMNS,
    VALUABLE_TIERS,
    review,
    window_rows,
    windowed_net,
    with_outlook,
)
from toolkit.analytics.concessions import share_of
from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    dates,
    not_after,
    require_columns,
    resolve_as_of,
    text_codes,
)
from toolkit.analytics.lapse import Activity, activity_status, contacts, purchases
from toolkit.analytics.revenue import INVOICE, kind_totals
from toolkit.excuse_causes import spellings_of

FIT_FACTORS = ("core_industry", "scope", "capability")
HEALTH_FACTORS = ("concessions", "conduct", "payment", "sentiment", "referrals")
#: Default weight of each factor inside its score (fit or health); 0 drops a factor.
DEFAULT_WEIGHTS: dict[str, float] = {
    "core_industry": 0.4,
    "scope": 0.4,
    "capability": 0.2,
    "concessions": 0.35,
    "conduct": 0.2,
    "payment": 0.15,
    "sentiment": 0.2,
    "referrals": 0.1,
}
#: Cut-offs: fit and health (green band) at or above which a client counts as fitting /
#: healthy, the red band below ``red``, and the part of the health shortfall concessions
#: must explain for *renegotiate*.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "fit": 0.5,
    "health": 0.6,
    "red": 0.4,
    "commercial": 0.5,
}
#: Interaction topics that signal each factor (compared stripped and case-folded).
SIGNAL_TOPICS: dict[str, tuple[str, ...]] = {
    "scope": ("custom request", "out-of-scope request", "scope change"),
    "conduct": ("complaint", "escalation"),
    "payment": ("late payment",),
    "referrals": ("referral",),
}
#: Excuse-log root causes that show the firm cannot deliver what the client needs: every
#: spelling of the shared "over-promised or capability gap" cause (toolkit/excuse_causes.py).
CAPABILITY_CAUSES = spellings_of("over_promised")
#: The share (or count) at which a factor scores 0: e.g. a quarter of revenue conceded.
FULL_SCALE: dict[str, float] = {
    "scope": 0.30,
    "capability": 3,
    "concessions": 0.25,
    "conduct": 0.30,
    "payment": 0.20,
}
SEGMENTS = ("cherish", "develop", "renegotiate", "let go")
BANDS = ("red", "amber", "green")
#: Factor score from which a factor reads as a strength in an explanation.
STRONG = 0.6
#: How each factor reads in an explanation: (when it is good, when it is weak).
FACTOR_WORDS: dict[str, tuple[str, str]] = {
    "rating": ("you rate the fit as strong", "you rate the fit as weak"),
    "core_industry": ("works in a core industry", "works outside the core industries"),
    "scope": ("asks for work within scope", "often asks for work outside the scope"),
    "capability": (
        "no excuses about over-promising",
        "excuses point to over-promising or capability gaps",
    ),
    "concessions": ("little revenue given back", "a large share of revenue given back"),
    "conduct": ("few complaints or escalations", "frequent complaints and escalations"),
    "payment": ("pays on time", "payments run late"),
    "sentiment": ("contacts are friendly", "contacts are lukewarm or tense"),
    "referrals": ("has referred others", "no referrals"),
}
MAP_COLUMNS = [
    "client_id",
    "name",
    "is_internal",
    "active",
    "status",
    "fit",
    "fit_source",
    "health",
    "health_band",
    "value",
    "value_tier",
    "concession_share",
    "days_since_contact",
    "neglected",
    "segment",
    "explanation",
]


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    merged = dict(DEFAULT_WEIGHTS)
    for factor, weight in (weights or {}).items():
        if factor not in DEFAULT_WEIGHTS:
            raise AnalyticsInputError(
                f"weights has unknown factor {factor!r}; factors: {', '.join(DEFAULT_WEIGHTS)}"
            )
        if not np.isfinite(weight) or weight < 0:
            raise AnalyticsInputError(f"weight of {factor!r} must be a number >= 0")
        merged[factor] = float(weight)
    for group in (FIT_FACTORS, HEALTH_FACTORS):
        if sum(merged[f] for f in group) <= 0:
            raise AnalyticsInputError(f"at least one of {', '.join(group)} needs a weight > 0")
    return merged


def _thresholds(thresholds: Mapping[str, float] | None) -> dict[str, float]:
    merged = dict(DEFAULT_THRESHOLDS)
    unknown = set(thresholds or {}) - set(merged)
    if unknown:
        raise AnalyticsInputError(
            f"thresholds has unknown key(s) {sorted(unknown)}; keys: {', '.join(merged)}"
        )
    merged |= dict(thresholds or {})
    if not 0 <= merged["red"] <= merged["health"] <= 1:
        raise AnalyticsInputError("thresholds need 0 <= red <= health <= 1")
    return merged


def _decline(value: np.ndarray, full_scale: float) -> np.ndarray:
    """1 at 0, falling linearly to 0 at ``full_scale`` and beyond (NaN stays NaN)."""
    return 1.0 - np.clip(value / full_scale, 0.0, 1.0)


def _weighted(factors: pd.DataFrame, weights: Mapping[str, float]) -> np.ndarray:
    """Row-wise weighted mean over the factors a row has evidence for (NaN when none)."""
    values = factors.to_numpy(dtype="float64")
    w = np.array([weights[c] for c in factors.columns]) * ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.nansum(values * w, axis=1) / np.where(w.sum(axis=1) > 0, w.sum(axis=1), np.nan)


def _interaction_signals(
    interactions: pd.DataFrame,
    occurred: pd.Series,
    ids: pd.Index,
    contacted: Activity,
    stop: np.ndarray,
    window_days: int,
) -> pd.DataFrame:
    """Per client: topic-signal counts, referrals and mean sentiment in its window, and
    the last meaningful contact ever (NaT when none).

    A client's window is the ``window_days`` before it ended (or before ``as_of``);
    ``contacted`` holds each row's client position and whether it is meaningful.
    """
    codes = contacted.code
    occurred = occurred.to_numpy(dtype="datetime64[ns]")
    start = stop - np.timedelta64(window_days, "D")
    meaningful_rows = contacted.keep & (codes >= 0)
    keep = meaningful_rows.copy()
    keep[keep] &= occurred[keep] > start[codes[keep]]
    rows = codes[keep]
    size = len(ids)
    counts = np.bincount(rows, minlength=size).astype("float64")
    signals = {}
    if "topic" in interactions.columns:
        # only the rows in a window need their topic: factorise those, not every row
        topic, texts = text_codes(interactions["topic"].to_numpy()[keep])
        for factor, topics in SIGNAL_TOPICS.items():
            hits = np.append(texts.isin(topics), False)[topic]  # code -1 (missing): no hit
            signals[factor] = np.bincount(rows[hits], minlength=size)
    else:
        signals = {factor: np.full(size, np.nan) for factor in SIGNAL_TOPICS}
    frame = pd.DataFrame(signals, index=ids, dtype="float64")
    frame["contacts"] = counts
    latest = np.full(size, np.iinfo("int64").min, dtype="int64")
    np.maximum.at(latest, codes[meaningful_rows], occurred.view("int64")[meaningful_rows])
    frame["last_contact"] = latest.view("datetime64[ns]")  # int64 minimum is NaT
    if "sentiment" in interactions.columns:
        sentiment = pd.to_numeric(interactions["sentiment"]).to_numpy(dtype="float64")[keep]
        rated = ~np.isnan(sentiment)
        total = np.bincount(rows[rated], weights=sentiment[rated], minlength=size)
        rated_count = np.bincount(rows[rated], minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            frame["sentiment"] = np.where(rated_count > 0, total / rated_count, np.nan)
    else:
        frame["sentiment"] = np.nan
    return frame


def _fit_factors(
    base: pd.DataFrame,
    signals: pd.DataFrame,
    excuses: pd.DataFrame | None,
    core_industries: Iterable[str] | None,
) -> pd.DataFrame:
    factors = pd.DataFrame(index=base.index)
    if core_industries and "industry" in base.columns:
        core = {str(i).strip().casefold() for i in core_industries}
        industry = base["industry"].astype("string").str.strip().str.casefold()
        factors["core_industry"] = np.where(
            industry.isna(), np.nan, industry.isin(core).fillna(False).astype(float)
        )
    else:
        factors["core_industry"] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        scope_share = (signals["scope"] / signals["contacts"]).to_numpy()
    factors["scope"] = _decline(scope_share, FULL_SCALE["scope"])
    if excuses is not None:
        require_columns(excuses, ["client_id", "root_cause"], "excuses")
        cause, texts = text_codes(excuses["root_cause"])
        blamed = np.isin(cause, np.flatnonzero(texts.isin(CAPABILITY_CAUSES)))
        count = excuses["client_id"][blamed].value_counts().reindex(base.index, fill_value=0)
        factors["capability"] = _decline(count.to_numpy(dtype=float), FULL_SCALE["capability"])
    else:
        factors["capability"] = np.nan
    return factors


def _health_factors(signals: pd.DataFrame, share: pd.Series) -> pd.DataFrame:
    contacts = signals["contacts"].where(signals["contacts"] > 0)
    factors = pd.DataFrame(index=signals.index)
    factors["concessions"] = _decline(share.to_numpy(dtype=float), FULL_SCALE["concessions"])
    for factor in ("conduct", "payment"):
        factors[factor] = _decline((signals[factor] / contacts).to_numpy(), FULL_SCALE[factor])
    factors["sentiment"] = (signals["sentiment"].to_numpy() + 1.0) / 2.0
    recorded = bool((signals["referrals"] > 0).any())
    factors["referrals"] = (
        np.where(signals["referrals"] > 0, 1.0, 0.5) if recorded else np.full(len(signals), np.nan)
    )
    return factors


def _explain(
    segment: np.ndarray, factors: pd.DataFrame, weights: Mapping[str, float]
) -> np.ndarray:
    """'Cherish: <strength>; <strength>.' or '<Segment>: <weakness>; <weakness>.'

    Strengths are the factors with the largest ``weight * score`` that score at least
    ``STRONG``, weaknesses those with the largest ``weight * (1 - score)`` that score
    below it; a renegotiate reason names health factors only.
    """
    names = np.array(factors.columns)
    values = factors.to_numpy(dtype="float64")
    w = np.array([weights.get(name, 1.0) for name in names])
    praise = segment == "cherish"
    pull = np.where(praise[:, None], w * values, w * (1.0 - values))
    fit_side = np.isin(names, [*FIT_FACTORS, "rating"])
    ignored = (segment == "renegotiate")[:, None] & fit_side[None, :]
    pull = np.where(np.isnan(pull) | (w == 0) | ignored, -np.inf, pull)
    order = np.argsort(-pull, axis=1, kind="stable")[:, :2]
    good = np.array([FACTOR_WORDS[n][0] for n in names], dtype=object)
    weak = np.array([FACTOR_WORDS[n][1] for n in names], dtype=object)
    rows = np.arange(len(segment))
    parts = []
    for k in range(2):
        column = order[:, k]
        score = values[rows, column]
        strong = score >= STRONG
        usable = np.isfinite(pull[rows, column]) & (strong == praise)
        parts.append(np.where(usable, np.where(strong, good[column], weak[column]), ""))
    heads = pd.Series(segment).str.capitalize().to_numpy(dtype=object)
    first = pd.Series(parts[0], dtype=object)
    second = pd.Series(parts[1], dtype=object)
    joined = np.where((first != "") & (second != ""), first + "; " + second, first + second)
    reason = pd.Series(joined, dtype=object).where(joined != "", "no single factor stands out")
    return (heads + ": " + reason + ".").to_numpy(dtype=object)


def client_map(
    clients: pd.DataFrame,
    interactions: pd.DataFrame,
    transactions: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    as_of: DateLike | None = None,
    *,
    excuses: pd.DataFrame | None = None,
    ratings: pd.DataFrame | None = None,
    core_industries: Iterable[str] | None = None,
    thresholds: Mapping[str, float] | None = None,
    window_days: int = 365,
    rating_scale: tuple[float, float] = (1.0, 5.0),
    cadence: int | Mapping[str, int] | pd.Series | None = None,
    outlook: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per client: fit, health, value and the segment to act on, with the reason.

    Fit factors (weights ``DEFAULT_WEIGHTS``, each 0..1):
    ``core_industry`` = 1 when ``industry`` is in ``core_industries`` else 0 (NaN without
    an industry, and without a list: None and an empty list both mean not set);
    ``scope`` = 1 - min(1, share of contacts about custom, out-of-scope or changed scope
    / 0.30); ``capability`` = 1 - min(1, excuses blaming
    over-promising or a capability gap / 3). A rating in ``ratings`` (client_id, fit on
    ``rating_scale``, default 1-5) replaces the proxies: ``fit_source`` says which.

    Health factors: ``concessions`` = 1 - min(1, concession_share / 0.25) where
    ``concession_share`` = (discounts + refunds + credits) / invoices over all
    transactions up to ``as_of`` (as :func:`~toolkit.analytics.concessions.concession_share`;
    the excuse log's values are
    not added because firms book them as transactions too); ``conduct`` = 1 - min(1,
    share of contacts that are complaints or escalations / 0.30); ``payment`` = 1 - min(1,
    share about late payment / 0.20); ``sentiment`` = (mean sentiment + 1) / 2; and
    ``referrals`` = 1 with a referral contact, else 0.5 (left out when no client has one).
    Contact-based factors use meaningful contacts in the client's last ``window_days``
    (before it ended, or before ``as_of``).

    ``health = sum(w_i * f_i) / sum(w_i)`` over the factors with evidence; band red below
    ``thresholds['red']`` (0.4), green from ``thresholds['health']`` (0.6), amber between.
    Segments as in the module docstring with ``thresholds['fit']`` (0.5) and
    ``thresholds['commercial']`` (0.5). ``value``, ``value_tier``, ``days_since_contact``
    and ``neglected`` follow :func:`attention_gaps` (``cadence`` passed through; ended
    clients get tier 'ended' and are never neglected). Internal clients are mapped like
    the others and flagged ``is_internal``. ``as_of`` defaults to the latest date in all
    the frames given. Extra columns ``factor_<name>`` hold every factor score. No
    clients: an empty frame.

    ``status`` is the lapse rule's (active, lapsed, ended; ``active`` is True for the
    first only), read from these transactions and interactions. A lapsed client is
    treated like an ended one from the day it stopped: its contact window ends then, its
    ``value`` is the net revenue of the ``window_days`` before it stopped, its tier is
    'lapsed' and it is never neglected (it is not due a routine contact, it has gone).
    It is never *cherish*: one whose value tier before it stopped was valuable (top)
    and whose fit and health made it cherish or develop is *develop*, "worth winning
    back"; every other lapsed client is *let go*. The explanation says since when and
    after how many days without activity.

    ``outlook`` (shaped like ``fit_purchase_model(...).clients``) adds ``p_alive``,
    ``expected_purchases_12m``, ``expected_value_12m`` and ``slipping``: an active,
    valuable client with ``p_alive`` below 0.5; its explanation adds "Probably slipping
    away".

    >>> import pandas as pd
    >>> clients = pd.DataFrame({"client_id": ["a", "b"], "name": ["A", "B"],
    ...     "industry": ["Utilities", "Retail"], "is_internal": False, "ended_on": pd.NaT})
    >>> calls = pd.DataFrame({"client_id": ["a", "b", "b"],
    ...     "occurred_at": pd.to_datetime(["2024-05-20", "2024-05-02", "2024-05-09"]),
    ...     "topic": ["design review", "discount request", "complaint"],
    ...     "sentiment": [0.6, -0.2, -0.6]})
    >>> tx = pd.DataFrame({"client_id": ["a", "b", "b"],
    ...     "occurred_on": pd.to_datetime(["2024-05-01", "2024-05-01", "2024-05-03"]),
    ...     "amount": [5000.0, 2000.0, 700.0], "kind": ["invoice", "invoice", "discount"]})
    >>> result = client_map(clients, calls, tx, as_of="2024-06-01", core_industries=["Utilities"])
    >>> result[["client_id", "fit", "health", "segment"]].round(2)
      client_id  fit  health      segment
    0         a  1.0    0.96      cherish
    1         b  0.5    0.23  renegotiate
    >>> print(result.loc[1, "explanation"])
    Renegotiate: a large share of revenue given back; frequent complaints and escalations.
    """
    require_columns(clients, ["client_id"], "clients")
    require_columns(interactions, ["client_id", "occurred_at"], "interactions")
    require_columns(transactions, ["client_id", "occurred_on", "amount"], "transactions")
    weights_ = _weights(weights)
    cuts = _thresholds(thresholds)
    occurred = dates(interactions, "occurred_at", "interactions", required=True)
    dates(transactions, "occurred_on", "transactions", required=True)
    as_of = resolve_as_of(as_of, clients, interactions, transactions, excuses)
    if clients.empty or as_of is None:
        columns = MAP_COLUMNS + (SLIPPING_COLUMNS if outlook is not None else [])
        return pd.DataFrame({column: pd.Series(dtype="float64") for column in columns})
    base = clients.set_index("client_id")
    if base.index.has_duplicates:
        raise AnalyticsInputError("clients.client_id has duplicate values")
    not_after(occurred, as_of, "occurred_at", "interactions")
    ended = dates(base, "ended_on", "clients") if "ended_on" in base.columns else None
    if ended is None:
        ended = pd.Series(pd.NaT, index=base.index, dtype="datetime64[ns]")
    not_after(ended, as_of, "ended_on", "clients")
    internal = (
        base["is_internal"].fillna(False).astype(bool)
        if "is_internal" in base.columns
        else pd.Series(False, index=base.index)
    )
    contacted = contacts(interactions, base.index)
    bought = purchases(transactions, base.index)
    status = activity_status(clients, bought, contacted, as_of)
    status.index = base.index
    active = (status["status"] == "active").to_numpy()
    lapsed = (status["status"] == "lapsed").to_numpy()
    stopped = status["since"].where(lapsed)
    stop = ended.fillna(stopped + pd.Timedelta(days=1)).fillna(as_of + pd.Timedelta(days=1))
    stop = stop.to_numpy(dtype="datetime64[ns]")
    signals = _interaction_signals(interactions, occurred, base.index, contacted, stop, window_days)
    inside = _value_rows(transactions, as_of, window_days, stopped, bought.code)
    totals = kind_totals(transactions, inside)
    conceded = totals.cents[:, INVOICE + 1 :].sum(axis=1) / 100.0
    share = pd.Series(
        share_of(conceded, totals.cents[:, INVOICE] / 100.0), index=totals.ids
    ).reindex(base.index)
    fit_factors = _fit_factors(base, signals, excuses, core_industries)
    health_factors = _health_factors(signals, share)
    fit = pd.Series(_weighted(fit_factors, weights_), index=base.index)
    source = pd.Series("proxies", index=base.index, dtype=object)
    if ratings is not None:
        require_columns(ratings, ["client_id", "fit"], "ratings")
        low, high = rating_scale
        rated = pd.to_numeric(ratings.set_index("client_id")["fit"]).reindex(base.index)
        if ((rated < low) | (rated > high)).any():
            raise AnalyticsInputError(f"ratings.fit must lie within {low}..{high}")
        fit = ((rated - low) / (high - low)).fillna(fit)
        source = source.mask(rated.notna(), "rating")
    fit = fit.fillna(0.5)
    health = pd.Series(_weighted(health_factors, weights_), index=base.index).fillna(0.5)
    band = np.select([health < cuts["red"], health < cuts["health"]], ["red", "amber"], "green")
    shortfall = (1.0 - health_factors).mul([weights_[f] for f in HEALTH_FACTORS]).fillna(0.0)
    commercial = shortfall["concessions"] >= cuts["commercial"] * shortfall.sum(axis=1)
    fits = fit >= cuts["fit"]
    healthy = health >= cuts["health"]
    segment = np.select(
        [
            fits & healthy,
            fits & ~healthy & commercial & (shortfall.sum(axis=1) > 0),
            (health < cuts["red"]) | (~fits & ~healthy),
        ],
        ["cherish", "renegotiate", "let go"],
        "develop",
    )
    value = windowed_net(totals).reindex(base.index).fillna(0.0)
    last = signals["last_contact"]
    gaps = review(value, internal, last, as_of, cadence)
    valuable = gaps["value_tier"].isin(VALUABLE_TIERS).to_numpy()
    win_back = lapsed & valuable & np.isin(segment, ["cherish", "develop"])
    gaps.loc[~active, ["value_tier", "neglected"]] = ["ended", False]
    gaps.loc[lapsed, "value_tier"] = "lapsed"
    days = gaps["days_since_contact"]
    explained = pd.concat([fit_factors, health_factors], axis=1)
    if ratings is not None:
        explained = explained.assign(rating=np.where(source == "rating", fit, np.nan))
        explained.loc[source == "rating", list(FIT_FACTORS)] = np.nan
    explanation = _explain(
        np.where(win_back, "cherish", segment), explained, weights_ | {"rating": 1.0}
    )
    if lapsed.any():
        explanation = _explain_lapse(explanation, status, as_of, lapsed, win_back)
    segment = np.where(win_back, "develop", np.where(lapsed, "let go", segment))
    neglected = gaps["neglected"].to_numpy(dtype=bool)
    note = np.where(neglected, " Valuable and overdue for a contact.", "")
    result = pd.DataFrame(
        {
            "name": base["name"] if "name" in base.columns else base.index.to_series(),
            "is_internal": internal,
            "active": active,
            "status": status["status"],
            "fit": fit.round(4),
            "fit_source": source,
            "health": health.round(4),
            "health_band": band,
            "value": value,
            "value_tier": gaps["value_tier"],
            "concession_share": share,
            "days_since_contact": days,
            "neglected": neglected,
            "segment": segment,
            "explanation": explanation + note,
        },
        index=base.index,
    )
    result = with_outlook(result, outlook, pd.Series(valuable & active, index=base.index))
    if outlook is not None:
        # An explicit end date wins over the model, which never sees it.
        result.loc[result["status"] == "ended", OUTLOOK_COLUMNS] = 0.0
        p_alive = result["p_alive"].map("{:.2f}".format)
        slipping = " Probably slipping away (p_alive " + p_alive + ")."
        result["explanation"] += slipping.where(result["slipping"], "")
    for name, column in explained.items():
        result[f"factor_{name}"] = column.round(4)
    return result.rename_axis("client_id").reset_index()


def _value_rows(
    transactions: pd.DataFrame,
    as_of: pd.Timestamp,
    window_days: int,
    stopped: pd.Series,
    client: np.ndarray,
) -> np.ndarray:
    """Mask of the transactions in a client's value window: the ``window_days`` up to
    ``as_of``, and for a lapsed client (``stopped``: the day it stopped, by client_id;
    NaT for the others) also those before the day it stopped, so that a client that has
    gone is valued by what it was worth while it bought. ``client``: each row's position
    in ``stopped``."""
    inside = window_rows(transactions, as_of, window_days)
    if stopped.notna().any():
        stop = np.append(stopped.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))[client]
        occurred = dates(transactions, "occurred_on", "transactions").to_numpy()
        inside |= occurred > stop - np.timedelta64(window_days, "D")  # NaT compares False
    return inside


def _explain_lapse(
    explanation: np.ndarray,
    status: pd.DataFrame,
    as_of: pd.Timestamp,
    lapsed: np.ndarray,
    win_back: np.ndarray,
) -> np.ndarray:
    """Lapsed clients' explanations: since when, how long silent against their limit, and,
    for those worth winning back, the strengths ``explanation`` found ("Cherish: ...").
    Only the lapsed rows' texts are built."""
    gone = status[lapsed]
    silent = (as_of - gone["last_activity"]).dt.days.astype(str)
    limit = gone["threshold_days"].round().astype("int64").astype(str)
    note = (
        "lapsed since "
        + gone["since"].dt.strftime("%Y-%m-%d")
        + " (no activity for "
        + silent
        + " days, more than its "
        + limit
        + "-day limit)"
    )
    strengths = pd.Series(explanation[lapsed], index=gone.index).str.removeprefix("Cherish: ")
    result = explanation.copy()
    result[lapsed] = np.where(
        win_back[lapsed],
        "Develop: " + note + "; worth winning back: " + strengths,
        "Let go: " + note + ".",
    )
    return result
