"""What an analysis on a firm's as-of date counts: a small CRM-like firm with rows after
the date, a client not acquired yet and leads with and without a won deal, every count
worked out by hand below."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.store.conftest import PARTICIPANT
from toolkit.store import Workspace
from toolkit.store.scope import FUTURE, NOT_YET, PROSPECT, left_out_note, scope
from toolkit.store.views import BUSINESS_TABLES

AS_OF = dt.date(2026, 11, 30)
#: client_id -> (stage, acquired_on, ended_on). c2 is acquired after AS_OF; c3 and c6
#: are leads whose only invoice (c6's) is dated after AS_OF; c4 is a lead with a won
#: deal, so a client; c1's end date lies after AS_OF, so it is still active.
CLIENTS = {
    "c1": ("Customer", "2025-01-01", "2027-03-31"),
    "c2": (None, "2026-12-15", None),
    "c3": ("Lead", None, None),
    "c4": (" Marketing Qualified LEAD ", "2026-05-01", None),
    "c5": ("Customer", "2024-02-01", "2026-06-30"),
    "c6": ("lead", None, None),
}
#: (id, client, day, kind): t2 and t5 after AS_OF, t3 goes with c2, t6 (a discount is
#: no won deal) with the lead c3.
TRANSACTIONS = [
    ("t1", "c1", "2026-11-30", "invoice"),
    ("t2", "c1", "2026-12-01", "invoice"),
    ("t3", "c2", "2026-11-01", "invoice"),
    ("t4", "c4", "2026-06-01", "invoice"),
    ("t5", "c6", "2027-01-10", "invoice"),
    ("t6", "c3", "2026-10-01", "discount"),
]
#: i1 is on AS_OF's last minute (kept), i2 on the next day's first; i3, i4 go with the
#: leads, i5 with c2.
INTERACTIONS = [
    ("i1", "c1", "2026-11-30 23:59"),
    ("i2", "c1", "2026-12-01 00:00"),
    ("i3", "c3", "2026-11-02 10:00"),
    ("i4", "c6", "2026-11-03 10:00"),
    ("i5", "c2", "2026-11-04 10:00"),
]
EXCUSES = [("e1", "c1", "2027-01-05"), ("e2", "c4", "2026-10-10")]
RECORDS = [("c1", "email"), ("c3", "email")]


@pytest.fixture
def crm(firm: Workspace) -> dict[str, pd.DataFrame]:
    """The business tables of the firm above, read back from a real workspace."""
    clients = pd.DataFrame(
        [(c, f"Client {c}", *values) for c, values in CLIENTS.items()],
        columns=["client_id", "name", "stage", "acquired_on", "ended_on"],
    )
    firm.write("clients", clients, PARTICIPANT)
    frame = pd.DataFrame(
        TRANSACTIONS, columns=["transaction_id", "client_id", "occurred_on", "kind"]
    )
    firm.write("transactions", frame.assign(amount=10), PARTICIPANT)
    frame = pd.DataFrame(INTERACTIONS, columns=["interaction_id", "client_id", "occurred_at"])
    firm.write("interactions", frame, PARTICIPANT)
    frame = pd.DataFrame(EXCUSES, columns=["excuse_id", "client_id", "occurred_on"])
    firm.write("excuses", frame.assign(what_went_wrong="late"), PARTICIPANT)
    frame = pd.DataFrame(RECORDS, columns=["client_id", "field"])
    firm.write("client_records", frame.assign(value="x"), PARTICIPANT)
    return {name: firm.table(name, PARTICIPANT) for name in BUSINESS_TABLES}


def ids(frame: pd.DataFrame, column: str) -> list[str]:
    return sorted(frame[column])


def test_rows_after_the_date_leads_and_clients_not_acquired_yet_are_left_out(crm):
    tables = scope(crm, AS_OF).tables
    assert ids(tables["clients"], "client_id") == ["c1", "c4", "c5"]
    assert ids(tables["transactions"], "transaction_id") == ["t1", "t4"]
    assert ids(tables["interactions"], "interaction_id") == ["i1"]
    assert ids(tables["excuses"], "excuse_id") == ["e2"]
    assert ids(tables["client_records"], "client_id") == ["c1"]
    assert tables["team"].equals(crm["team"])


def test_an_end_date_after_the_as_of_date_means_still_active(crm):
    clients = scope(crm, AS_OF).tables["clients"].set_index("client_id")["ended_on"]
    assert pd.isna(clients["c1"])
    assert clients["c5"] == pd.Timestamp("2026-06-30")


def test_each_row_left_out_is_counted_once_under_its_first_cause(crm):
    left_out = scope(crm, AS_OF).left_out
    assert left_out[["cause", "table", "rows"]].values.tolist() == [
        [FUTURE, "transactions", 2],
        [FUTURE, "interactions", 1],
        [FUTURE, "excuses", 1],
        [NOT_YET, "clients", 1],
        [NOT_YET, "interactions", 1],
        [NOT_YET, "transactions", 1],
        [PROSPECT, "clients", 2],
        [PROSPECT, "interactions", 2],
        [PROSPECT, "transactions", 1],
        [PROSPECT, "client_records", 1],
    ]
    assert left_out["reason"].iloc[0] == "dated after 2026-11-30, the analysis date"
    total = sum(len(frame) for frame in crm.values())
    kept = sum(len(frame) for frame in scope(crm, AS_OF).tables.values())
    assert total - kept == left_out["rows"].sum() == 13


def test_a_lead_with_a_won_deal_by_the_date_is_a_client(crm):
    later = scope(crm, dt.date(2027, 1, 31))  # c6's invoice and c2's acquisition now count
    assert ids(later.tables["clients"], "client_id") == ["c1", "c2", "c4", "c5", "c6"]
    assert later.left_out[["cause", "table", "rows"]].values.tolist() == [
        [PROSPECT, "clients", 1],
        [PROSPECT, "interactions", 1],
        [PROSPECT, "transactions", 1],
        [PROSPECT, "client_records", 1],
    ]


def test_the_note_says_what_was_left_out_and_why(crm):
    assert left_out_note(scope(crm, AS_OF).left_out, AS_OF) == (
        "Left out of these figures: 2 transactions, 1 contact and 1 excuse log entry dated "
        "after 30 November 2026, the analysis date; 1 client acquired only after 30 November "
        "2026, with its 1 contact and 1 transaction; 2 leads and prospects without a won deal, "
        "not counted as clients, with their 2 contacts, 1 transaction and 1 record field."
    )


def test_nothing_left_out_means_no_note_and_the_same_tables(firm):
    tables = {name: firm.table(name, PARTICIPANT) for name in BUSINESS_TABLES}
    scoped = scope(tables, AS_OF)
    assert scoped.left_out.empty
    assert scoped.left_out.columns.tolist() == ["table", "rows", "cause", "reason"]
    assert left_out_note(scoped.left_out, AS_OF) == ""
    assert all(scoped.tables[name].equals(tables[name]) for name in BUSINESS_TABLES)
