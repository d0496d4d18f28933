"""Which rows of a firm an analysis on the firm's as-of date counts, which it leaves out,
and why.

The analytics refuse rows dated after their analysis date (a deal closing next year is
no part of a picture of this one), and a CRM export mixes the firm's clients with leads
that never bought. Both are normal in real exports, so
:func:`toolkit.store.views.firm_data` passes a firm's tables through :func:`scope` before
any app, notebook or report sees them, and says what was left out. The rules, in order
(a row left out is counted under the first rule that removes it):

1. Transactions, interactions and excuses dated after the as-of date are left out (an
   interaction by its day, whatever the time).
2. A client acquired after the as-of date is not a client yet on that date: left out.
3. A client whose CRM ``stage`` (stripped, case-folded) is one of
   :data:`~toolkit.store.records.PROSPECT_STAGES` and who has no invoice (a won deal)
   left after rule 1 is a lead or prospect, not a client: left out. With a won deal it
   is a client, whatever its stage.
4. The interactions, transactions, client records and excuses of the clients left out
   by rules 2 and 3 go with them.

A client whose end date falls after the as-of date was still a client on that date: its
``ended_on`` is cleared (active) and nothing is left out. Client records and process
steps are current values, not dated events, so only rule 4 applies to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from toolkit.store.records import PROSPECT_STAGES

#: Why rows are left out (``left_out["cause"]``), in the order the rules apply.
FUTURE, NOT_YET, PROSPECT = "future", "not_yet", "prospect"
#: The reason recorded with each cause (``left_out["reason"]``); ``{as_of}`` is ISO.
REASONS = {
    FUTURE: "dated after {as_of}, the analysis date",
    NOT_YET: "client acquired after {as_of}, not a client yet on that date",
    PROSPECT: "lead or prospect without a won deal, not counted as a client",
}
#: The date column of each table whose rows are events (rule 1).
EVENT_DATES = {
    "transactions": "occurred_on",
    "interactions": "occurred_at",
    "excuses": "occurred_on",
}
#: Tables whose rows belong to one client (rule 4).
OF_A_CLIENT = ("interactions", "transactions", "client_records", "excuses")
#: How the note names one row and several rows of each table.
NOUNS = {
    "clients": ("client", "clients"),
    "interactions": ("contact", "contacts"),
    "transactions": ("transaction", "transactions"),
    "client_records": ("record field", "record fields"),
    "excuses": ("excuse log entry", "excuse log entries"),
}
LEFT_OUT_COLUMNS = ["table", "rows", "cause", "reason"]


@dataclass(frozen=True)
class Scoped:
    """A firm's tables as an analysis on ``as_of`` counts them, and what was left out:
    one row per table and cause (columns ``table``, ``rows``, ``cause``, ``reason``)."""

    tables: dict[str, pd.DataFrame]
    left_out: pd.DataFrame


def prospects(clients: pd.DataFrame, transactions: pd.DataFrame) -> pd.Series:
    """Which clients are leads or prospects: a prospect stage and no invoice (rule 3)."""
    stage = clients["stage"].astype("string").str.strip().str.casefold()
    won = transactions.loc[transactions["kind"] == "invoice", "client_id"]
    return stage.isin(PROSPECT_STAGES) & ~clients["client_id"].isin(won)


def scope(tables: Mapping[str, pd.DataFrame], as_of: dt.date) -> Scoped:
    """Apply the module's rules to a firm's business tables (shaped like
    :meth:`Workspace.table <toolkit.store.workspace.Workspace.table>`) for ``as_of``."""
    tables = dict(tables)
    cutoff = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    counts: list[tuple[str, int, str, str]] = []

    def leave_out(name: str, mask: pd.Series, cause: str) -> None:
        if mask.any():
            reason = REASONS[cause].format(as_of=as_of.isoformat())
            counts.append((name, int(mask.sum()), cause, reason))
            tables[name] = tables[name][~mask.to_numpy()].reset_index(drop=True)

    for name, column in EVENT_DATES.items():
        leave_out(name, tables[name][column] >= cutoff, FUTURE)
    clients = tables["clients"]
    not_yet = clients["acquired_on"] >= cutoff
    causes = {NOT_YET: not_yet, PROSPECT: ~not_yet & prospects(clients, tables["transactions"])}
    for cause, mask in causes.items():
        if mask.any():
            gone = clients.loc[mask, "client_id"]
            for name in ("clients", *OF_A_CLIENT):
                leave_out(name, tables[name]["client_id"].isin(gone), cause)
    ended = tables["clients"]["ended_on"]
    if (ended >= cutoff).any():
        tables["clients"] = tables["clients"].assign(ended_on=ended.where(ended < cutoff))
    left_out = pd.DataFrame(counts, columns=LEFT_OUT_COLUMNS).astype({"rows": "int64"})
    return Scoped(tables, left_out)


def left_out_note(left_out: pd.DataFrame, as_of: dt.date) -> str:
    """One plain sentence saying what :func:`scope` left out and why ('' when nothing),
    e.g. 'Left out of these figures: 1 transaction dated after 30 November 2026, the
    analysis date; 2 leads and prospects without a won deal, not counted as clients,
    with their 3 contacts.'"""
    if left_out.empty:
        return ""
    day = f"{as_of:%-d %B %Y}"
    clauses = []
    for cause, rows in left_out.groupby("cause", sort=False):
        counts = dict(zip(rows["table"], rows["rows"], strict=True))
        if cause == FUTURE:
            clauses.append(f"{_listing(counts)} dated after {day}, the analysis date")
            continue
        clients = counts.pop("clients")
        one = clients == 1
        if cause == NOT_YET:
            clause = f"{_count(clients, 'clients')} acquired only after {day}"
        else:
            who, what = (
                ("lead or prospect", "a client") if one else ("leads and prospects", "clients")
            )
            clause = f"{clients} {who} without a won deal, not counted as {what}"
        if counts:
            clause += f", with {'its' if one else 'their'} {_listing(counts)}"
        clauses.append(clause)
    return f"Left out of these figures: {'; '.join(clauses)}."


def _count(rows: int, table: str) -> str:
    """'1 contact', '3 contacts'."""
    singular, plural = NOUNS[table]
    return f"{rows} {singular if rows == 1 else plural}"


def _listing(counts: Mapping[str, int]) -> str:
    """'2 transactions and 1 contact', '1 contact, 2 transactions and 1 excuse log entry'."""
    parts = [_count(rows, table) for table, rows in counts.items()]
    return " and ".join(filter(None, [", ".join(parts[:-1]), parts[-1]]))
