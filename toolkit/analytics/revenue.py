"""What counts as revenue: invoices, less the discounts, refunds and credits given back.

Transactions keep every amount positive with a ``kind`` (the store's rule); a frame without
a ``kind`` column is read as all invoices.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import AnalyticsInputError, amounts, text_codes

#: Transaction kinds that give revenue back.
CONCESSION_KINDS = ("discount", "refund", "credit")
KINDS = ("invoice", *CONCESSION_KINDS)
#: The code of an invoice in :func:`kind_codes`.
INVOICE = 0


def kind_codes(transactions: pd.DataFrame) -> np.ndarray:
    """Each transaction's kind as its position in ``KINDS`` (``INVOICE`` = 0).

    A missing kind reads as an invoice; unknown kinds raise (they would be miscounted).
    Integer codes, so callers compare and group numbers instead of millions of strings.
    """
    if "kind" not in transactions.columns:
        return np.full(len(transactions), INVOICE, dtype="int64")
    codes, texts = text_codes(transactions["kind"])
    known = pd.Index(KINDS).get_indexer(texts)
    unknown = texts[known < 0]
    if len(unknown):
        raise AnalyticsInputError(
            f"transactions.kind has unknown value(s) {sorted(unknown)}; "
            f"expected one of {', '.join(KINDS)}"
        )
    return np.append(known, INVOICE)[codes]


def net_amounts(transactions: pd.DataFrame) -> np.ndarray:
    """Invoices positive, concessions negative (float64); NaN or negative amounts raise."""
    values = amounts(transactions, "amount", "transactions")
    return np.where(kind_codes(transactions) == INVOICE, values, -values)
