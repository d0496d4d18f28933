"""Which rows of a deals export are revenue: only won deals are.

A CRM's deals export lists every deal, won, lost or still open, each with an amount.
Counting them all as revenue inflates a firm's income by the deals it never closed, and
an open deal's expected close date lies in the future. So when a transactions file says
how a deal ended, only won deals are imported; the others are set aside with their
outcome ("not won: Closed lost") and counted per outcome in the report.

How a deal's outcome is read, from the import-only fields of a mapping
(:data:`toolkit.store.mappings.IMPORT_ONLY_FIELDS`):

* ``won`` (a yes/no column, Salesforce's ``ISWON``) decides when present; the label of a
  deal that is not won is its ``stage``, else ``lost`` or ``open`` from ``closed``.
* otherwise ``stage`` decides: won when it is one of the mapping's ``won_stages``
  (by default ``won`` and ``closed won``, compared ignoring case).
* a file with neither is a plain invoice file: every row is revenue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.store.mappings import IMPORT_ONLY_FIELDS
from toolkit.store.parsing import FALSE_WORDS, TRUE_WORDS

#: The prefix of the reason a deal that was not won is set aside with.
NOT_WON = "not won"


def split_import_only(kind: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``frame`` without its import-only columns, and those columns on their own."""
    names = [name for name in IMPORT_ONLY_FIELDS.get(kind, ()) if name in frame.columns]
    return frame.drop(columns=names), frame[names]


def _flag(text: pd.Series) -> pd.Series:
    """Yes/no text as True, False or NA."""
    lower = text.fillna("").str.strip().str.lower()
    return pd.Series(
        # numpy's stubs leave None out of where's values, which takes any object.
        np.where(lower.isin(TRUE_WORDS), True, np.where(lower.isin(FALSE_WORDS), False, None)),  # type: ignore[call-overload]
        index=text.index,
        dtype="boolean",
    )


def not_won(steering: pd.DataFrame, won_stages: tuple[str, ...]) -> pd.Series:
    """Why each row is not revenue (``"not won: Closed lost"``), NaN for won deals.

    >>> deals = pd.DataFrame({"stage": ["Closed won", "Closed lost", "Proposal"]})
    >>> not_won(deals, ("closed won",)).tolist()
    [nan, 'not won: Closed lost', 'not won: Proposal']
    """
    stage = steering["stage"].fillna("").str.strip() if "stage" in steering else None
    if "won" in steering:
        won = _flag(steering["won"]).fillna(False).to_numpy(dtype=bool)
        closed = (
            _flag(steering["closed"]).fillna(False).to_numpy(dtype=bool)
            if "closed" in steering
            else np.zeros(len(steering), dtype=bool)
        )
        fallback = pd.Series(np.where(closed, "lost", "open"), index=steering.index)
        label = fallback if stage is None else stage.where(stage != "", fallback)
    elif stage is not None:
        won = stage.str.lower().isin({s.lower() for s in won_stages}).to_numpy(dtype=bool)
        label = stage.where(stage != "", "no stage")
    else:
        return pd.Series(np.nan, index=steering.index, dtype=object)
    reasons = (f"{NOT_WON}: " + label.astype(str)).astype(object)
    return reasons.where(~won, np.nan)
