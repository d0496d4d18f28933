"""The relationship measures on the public CDNOW purchase log (issue 12's complaint).

A client list built from the purchases (first purchase = acquired, no end dates) and no
contacts, as a small firm that keeps only invoices has. Read literally, nobody ever left:
100 % retention, survival 1.0, nearly everybody in "cherish". The lapse rule must end
the relationships that stopped.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.analytics.test_client_map_lapse import NO_CALLS
from tests.datasets import cdnow_master_path, load_cdnow
from toolkit.analytics import (
    client_map,
    period_retention,
    relationship_status,
    relationship_survival,
)

AS_OF = "1998-06-30"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cdnow() -> dict[str, pd.DataFrame]:
    transactions = load_cdnow(cdnow_master_path())
    first = transactions.groupby("client_id")["occurred_on"].min()
    clients = pd.DataFrame(
        {"client_id": first.index, "acquired_on": first.to_numpy(), "ended_on": pd.NaT}
    )
    days = transactions.groupby("client_id")["occurred_on"].nunique()
    return {"clients": clients, "transactions": transactions, "one_time": days[days == 1]}


def test_one_time_buyers_are_not_cherished(cdnow):
    result = client_map(cdnow["clients"], NO_CALLS, cdnow["transactions"], as_of=AS_OF)
    segments = result.set_index("client_id")["segment"]
    counts = segments.value_counts().to_dict()
    print(f"CDNOW client map: {counts}")
    assert len(result) == 23_570
    assert not segments.loc[cdnow["one_time"].index].eq("cherish").any()
    assert counts["cherish"] < len(cdnow["one_time"])


def test_relationships_that_stopped_end(cdnow):
    status = relationship_status(cdnow["clients"], cdnow["transactions"], as_of=AS_OF)
    print(f"CDNOW status: {status['status'].value_counts().to_dict()}")
    assert (status.set_index("client_id").loc[cdnow["one_time"].index, "status"] == "lapsed").all()
    literal = period_retention(cdnow["clients"], "Q", as_of=AS_OF)
    lapsing = period_retention(
        cdnow["clients"], "Q", transactions=cdnow["transactions"], as_of=AS_OF
    )
    assert (literal["retention_rate"].dropna() == 1.0).all()  # the complaint, reproduced
    assert (lapsing["retention_rate"].iloc[1:-1] < 1.0).all()  # 1997Q2 to 1998Q1
    survival = relationship_survival(
        cdnow["clients"], transactions=cdnow["transactions"], as_of=AS_OF
    )
    assert survival["survival"].iloc[-1] < 0.5
