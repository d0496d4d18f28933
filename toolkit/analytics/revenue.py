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


def kinds(transactions: pd.DataFrame) -> np.ndarray:
    """Each transaction's kind, lower-case; unknown kinds raise (they would be miscounted)."""
    if "kind" not in transactions.columns:
        return np.full(len(transactions), "invoice", dtype=object)
    codes, texts = text_codes(transactions["kind"])
    unknown = texts[~texts.isin(KINDS)]
    if len(unknown):
        raise AnalyticsInputError(
            f"transactions.kind has unknown value(s) {sorted(unknown)}; "
            f"expected one of {', '.join(KINDS)}"
        )
    return np.append(texts.to_numpy(dtype=object), "invoice")[codes]


def net_amounts(transactions: pd.DataFrame) -> np.ndarray:
    """Invoices positive, concessions negative (float64); NaN or negative amounts raise."""
    values = amounts(transactions, "amount", "transactions")
    return np.where(kinds(transactions) == "invoice", values, -values)
