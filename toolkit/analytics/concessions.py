"""Excuses and price hunters: how much revenue each client is given back, and why.

The idea (docs/analytics.md, "Excuses and price hunters"): a firm that keeps clients by
discounting, refunding and apologising is either serving price hunters or over-promising;
the share of revenue conceded per client and the root causes in the excuse log show which.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import (
    DateLike,
    amounts,
    dates,
    not_after,
    ordered,
    positions,
    require_columns,
    resolve_as_of,
    text_codes,
)
from toolkit.analytics.revenue import INVOICE, cents, kind_totals
from toolkit.excuse_causes import name_of
from toolkit.transaction_kinds import CONCESSION_KINDS, TRANSACTION_KINDS

SHARE_COLUMNS = [
    "client_id",
    "invoiced",
    *CONCESSION_KINDS,
    "excuse_concessions",
    "conceded",
    "concession_share",
    "excuses",
]
BREAKDOWN_COLUMNS = [
    "root_cause",
    "excuses",
    "clients",
    "concession_value",
    "share_of_excuses",
    "share_of_value",
]
UNSPECIFIED = "unspecified"


def _excuse_frame(excuses: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    require_columns(excuses, ["client_id", "occurred_on", "concession_value"], "excuses")
    occurred = dates(excuses, "occurred_on", "excuses", required=True)
    if as_of is not None:
        not_after(occurred, as_of, "occurred_on", "excuses")
    value = amounts(excuses, "concession_value", "excuses", allow_missing=True)
    return pd.DataFrame({"client_id": excuses["client_id"].to_numpy(), "value": value})


def concession_share(
    transactions: pd.DataFrame,
    excuses: pd.DataFrame | None = None,
    *,
    as_of: DateLike | None = None,
) -> pd.DataFrame:
    """Per client: what was invoiced, what was given back, and the share given back.

    ``conceded = discount + refund + credit + excuse_concessions`` where the first three
    are the transactions of those kinds and the last the excuse log's ``concession_value``
    (missing values read as 0: the log often notes an apology with nothing conceded).
    ``concession_share = conceded / invoiced``, NaN for a client never invoiced. Pass
    ``excuses`` only when the log's concessions are not also booked as transactions, or
    they are counted twice. ``excuses`` counts the client's log entries. Clients appear
    when they have a transaction or an excuse; sorted by share, highest first. NaN or
    negative amounts and dates after ``as_of`` (default: the latest date in both frames;
    the shares cover everything up to it) raise ``ValueError``.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({
    ...     "client_id": ["a", "a", "b"],
    ...     "occurred_on": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-01"]),
    ...     "amount": [1000.0, 250.0, 500.0],
    ...     "kind": ["invoice", "discount", "invoice"],
    ... })
    >>> concession_share(tx)[["client_id", "invoiced", "conceded", "concession_share"]]
      client_id  invoiced  conceded  concession_share
    0         a    1000.0     250.0              0.25
    1         b     500.0       0.0              0.00
    """
    require_columns(transactions, ["client_id", "occurred_on", "amount"], "transactions")
    occurred = dates(transactions, "occurred_on", "transactions", required=True)
    as_of = resolve_as_of(as_of, transactions, excuses)
    if as_of is not None:
        not_after(occurred, as_of, "occurred_on", "transactions")
    logged = _excuse_frame(excuses, as_of) if excuses is not None else None
    totals = kind_totals(transactions)
    ids = totals.ids
    if logged is not None:
        ids = ids.append(pd.Index(logged["client_id"]).unique().difference(ids))
    by_kind = np.zeros((len(ids), len(TRANSACTION_KINDS)), dtype="int64")
    by_kind[: len(totals.ids)] = totals.cents
    excused = np.zeros(len(ids), dtype="int64")
    counted = np.zeros(len(ids), dtype="int64")
    if logged is not None:
        logged_client = positions(logged["client_id"], ids)
        excused += np.bincount(
            logged_client, weights=cents(logged["value"].to_numpy()), minlength=len(ids)
        ).astype("int64")
        counted += np.bincount(logged_client, minlength=len(ids))
    conceded = (by_kind[:, INVOICE + 1 :].sum(axis=1) + excused) / 100.0
    share = share_of(conceded, by_kind[:, INVOICE] / 100.0)
    order = ordered(share, ids, descending=True)
    columns = {
        "client_id": ids.to_numpy()[order],
        "invoiced": by_kind[order, INVOICE] / 100.0,
        **{
            kind: by_kind[order, TRANSACTION_KINDS.index(kind)] / 100.0 for kind in CONCESSION_KINDS
        },
        "excuse_concessions": excused[order] / 100.0,
        "conceded": conceded[order],
        "concession_share": share[order],
        "excuses": counted[order],
    }
    return pd.DataFrame(columns, columns=SHARE_COLUMNS)


def share_of(conceded: np.ndarray, invoiced: np.ndarray) -> np.ndarray:
    """``conceded / invoiced`` to 6 decimals, NaN where nothing was invoiced."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.round(conceded / np.where(invoiced > 0, invoiced, np.nan), 6)


def excuse_breakdown(
    excuses: pd.DataFrame, *, as_of: DateLike | None = None, by_cause: bool = False
) -> pd.DataFrame:
    """How often each root cause appears in the excuse log and what it cost.

    Per ``root_cause`` (missing causes grouped as 'unspecified', spelling variants of case
    and spaces merged; with ``by_cause``, the log's texts read as the five shared causes of
    :mod:`toolkit.excuse_causes`, so "discount demanded" counts as "price pressure", and a
    text naming none kept as it is): number of excuses, distinct clients, total
    ``concession_value``, ``share_of_excuses = excuses / all excuses`` and
    ``share_of_value = value / all value`` (NaN when nothing was conceded at all).
    Sorted by excuses, most first. The log up to ``as_of`` (default: its latest entry)
    counts; an entry after it raises ``ValueError``. An empty log gives an empty frame.

    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "client_id": ["a", "a", "b"],
    ...     "occurred_on": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-03-01"]),
    ...     "concession_value": [100.0, None, 300.0],
    ...     "root_cause": ["price pressure", "Price pressure ", "over-promised"],
    ... })
    >>> excuse_breakdown(log)[["root_cause", "excuses", "clients", "concession_value"]]
           root_cause  excuses  clients  concession_value
    0  price pressure        2        1             100.0
    1   over-promised        1        1             300.0
    """
    frame = _excuse_frame(excuses, resolve_as_of(as_of, excuses))
    require_columns(excuses, ["root_cause"], "excuses")
    cause, texts = text_codes(excuses["root_cause"])
    if by_cause:
        texts = texts.map(name_of)
    names = np.append(texts.to_numpy(dtype=object), UNSPECIFIED)
    frame["root_cause"] = np.where(names == "", UNSPECIFIED, names)[cause]
    grouped = frame.groupby("root_cause").agg(
        excuses=("client_id", "size"),
        clients=("client_id", "nunique"),
        concession_value=("value", "sum"),
    )
    total_value = grouped["concession_value"].sum()
    grouped["share_of_excuses"] = grouped["excuses"] / max(int(grouped["excuses"].sum()), 1)
    grouped["share_of_value"] = grouped["concession_value"] / total_value if total_value else np.nan
    grouped = grouped.reset_index().sort_values(["excuses", "root_cause"], ascending=[False, True])
    return grouped[BREAKDOWN_COLUMNS].reset_index(drop=True)
