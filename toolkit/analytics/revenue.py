"""What counts as revenue: invoices, less the discounts, refunds and credits given back.

Transactions keep every amount positive with a ``kind``, one of
:data:`toolkit.transaction_kinds.TRANSACTION_KINDS` (the store's rule); a frame without a
``kind`` column is read as all invoices.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd

from toolkit.analytics.inputs import AnalyticsInputError, amounts, duckdb_cursor, text_codes
from toolkit.transaction_kinds import TRANSACTION_KINDS

#: The code of an invoice in :func:`kind_codes`.
INVOICE = 0


def kind_codes(transactions: pd.DataFrame) -> np.ndarray:
    """Each transaction's kind as its position in ``TRANSACTION_KINDS`` (``INVOICE`` = 0).

    A missing kind reads as an invoice; unknown kinds raise (they would be miscounted).
    Integer codes, so callers compare and group numbers instead of millions of strings.
    """
    if "kind" not in transactions.columns:
        return np.full(len(transactions), INVOICE, dtype="int64")
    codes, texts = text_codes(transactions["kind"])
    known = pd.Index(TRANSACTION_KINDS).get_indexer(texts)
    unknown = texts[known < 0]
    if len(unknown):
        raise AnalyticsInputError(
            f"transactions.kind has unknown value(s) {sorted(unknown)}; "
            f"expected one of {', '.join(TRANSACTION_KINDS)}"
        )
    return np.append(known, INVOICE)[codes]


def net_amounts(transactions: pd.DataFrame) -> np.ndarray:
    """Invoices positive, concessions negative (float64); NaN or negative amounts raise."""
    values = amounts(transactions, "amount", "transactions")
    return np.where(kind_codes(transactions) == INVOICE, values, -values)


class KindTotals(NamedTuple):
    """Per client, amounts in whole cents (int64 arrays).

    ``ids`` are the client ids sorted ascending; ``cents[client, kind]`` sums every row
    of each kind (``TRANSACTION_KINDS`` order); ``window_net[client]`` is invoices less concessions
    over the rows inside the window and ``window_rows[client]`` counts those rows (both
    None without a window).
    """

    ids: pd.Index
    cents: np.ndarray
    window_net: np.ndarray | None
    window_rows: np.ndarray | None


def cents(values: np.ndarray) -> np.ndarray:
    """Money in currency units as whole cents (int64): ``round(value * 100)``."""
    return np.rint(values * 100.0).astype("int64")


def kind_totals(transactions: pd.DataFrame, inside: np.ndarray | None = None) -> KindTotals:
    """Sum ``transactions`` per client and kind in whole cents (see :class:`KindTotals`).

    ``inside`` marks the rows of a window (e.g. the last year) summed apart as well.
    Integer cents make the sums exact whatever the order of the rows, so DuckDB can group
    the millions of text ids in memory (a cursor per call, nothing written), faster than
    factorising them in pandas. Kinds spelled exactly as in ``TRANSACTION_KINDS`` (or missing: an
    invoice) are compared in SQL; when any other spelling occurs, kinds are read with
    :func:`kind_codes` instead. NaN or negative amounts, unknown kinds and missing client
    ids raise ``ValueError``.
    """
    columns = {
        "client_id": transactions["client_id"].to_numpy(),
        "kind": (
            transactions["kind"].to_numpy(dtype=object)
            if "kind" in transactions.columns
            else np.full(len(transactions), None, dtype=object)
        ),
        "cents": cents(amounts(transactions, "amount", "transactions")),
    }
    if inside is not None:
        columns["inside"] = inside
    spelled = " ".join(
        f"WHEN kind::VARCHAR = '{kind}' THEN {code}" for code, kind in enumerate(TRANSACTION_KINDS)
    )  # a kind column of numbers reaches kind_codes, which names the unknown values
    with duckdb_cursor() as con:
        con.register("rows", pd.DataFrame(columns, copy=False))
        grouped = _grouped(
            con, f"CASE WHEN kind IS NULL THEN {INVOICE} {spelled} ELSE -1 END", inside
        )
        if grouped["other"].any():
            columns["kind"] = kind_codes(transactions).astype("int8")
            con.register("rows", pd.DataFrame(columns, copy=False))
            grouped = _grouped(con, "kind", inside)
    if len(grouped) and pd.isna(grouped["client_id"].iat[-1]):  # sorted last
        raise AnalyticsInputError("an id column has missing values")
    windowed = inside is not None
    return KindTotals(
        ids=pd.Index(grouped["client_id"].to_numpy()),
        cents=grouped.filter(like="cents").to_numpy(dtype="int64"),
        window_net=grouped["window_net"].to_numpy(dtype="int64") if windowed else None,
        window_rows=grouped["window_rows"].to_numpy(dtype="int64") if windowed else None,
    )


def _grouped(con: duckdb.DuckDBPyConnection, code: str, inside: np.ndarray | None) -> pd.DataFrame:
    """One row per client of the registered ``rows``, sorted by client_id: cents per kind
    (``code``: SQL giving the position in ``TRANSACTION_KINDS``, -1 for another spelling), the net
    cents and the row count inside the window (with ``inside``), and rows of another
    spelling."""
    selected = [
        f"coalesce(sum(cents) FILTER (WHERE code = {k}), 0)::BIGINT AS cents_{k}"
        for k in range(len(TRANSACTION_KINDS))
    ]
    if inside is not None:
        net = f"CASE WHEN code = {INVOICE} THEN cents ELSE -cents END"
        selected.append(f"coalesce(sum({net}) FILTER (WHERE inside), 0)::BIGINT AS window_net")
        selected.append("count(*) FILTER (WHERE inside) AS window_rows")
    selected.append("count(*) FILTER (WHERE code = -1) AS other")
    window = ", inside" if inside is not None else ""
    return con.execute(
        f"""SELECT client_id, {", ".join(selected)}
            FROM (SELECT client_id, cents{window}, {code} AS code FROM rows)
            GROUP BY client_id ORDER BY client_id NULLS LAST"""
    ).df()
