"""The public CDNOW purchase log, end to end: imported with the documented commands, then
measured, modelled and mapped as a coach would see it (issue 12's acceptance).

The log (23,570 customers, 69,659 purchases, 1997-98) has no end dates, no contacts, no
transaction ids and no clients file. The cohort figures are checked against DuckDB reading
the raw text file itself, so neither the import nor the analytics can agree with a
mistake of the other.
"""

from __future__ import annotations

import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from tests.analytics.test_purchase_model import PAPER_PARAMS
from tests.datasets import cdnow_master_path, cdnow_sample_path
from tests.store.importing.test_importing_recipe import recipe_steps, run_recipe
from toolkit import analytics
from toolkit.firm import FirmAnalyses
from toolkit.store import Workspace
from toolkit.store.views import firm_data

pytestmark = pytest.mark.slow

AS_OF = "1998-06-30"
#: Fader, Hardie & Lee (2005) calibrate on the first 39 weeks of 1997.
CALIBRATION_END = "1997-09-30"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    """The full log imported with the recipe of docs/importing.md, as written."""
    directory = tmp_path_factory.mktemp("cdnow")
    shutil.copyfile(cdnow_master_path(), directory / "CDNOW_master.txt")
    outputs = run_recipe(directory, recipe_steps())
    assert "69659 transactions row(s) imported, 0 set aside" in outputs[-1]
    with Workspace.open(directory / "workspace") as ws:
        yield ws


def raw_purchases(path) -> str:
    """DuckDB SQL for the raw file's purchases: client_id, day, amount (header line skipped)."""
    return f"""
        SELECT f[1] AS client_id, strptime(f[2], '%Y%m%d')::DATE AS day,
               f[4]::DOUBLE AS amount
        FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS f
              FROM (SELECT unnest(string_split(content, chr(10))) AS line
                    FROM read_text('{path}')))
        WHERE regexp_full_match(f[2], '[0-9]{{8}}')"""


def test_every_purchase_and_client_arrives(workspace):
    purchases = raw_purchases(cdnow_master_path())
    raw = (
        duckdb.connect()
        .execute(f"SELECT count(*), count(DISTINCT client_id), sum(amount) FROM ({purchases})")
        .fetchone()
    )
    transactions = workspace.table("transactions", "cdnow")
    clients = workspace.table("clients", "cdnow")
    assert raw[:2] == (69_659, 23_570)
    assert len(transactions) == raw[0]
    assert transactions["transaction_id"].is_unique  # 2,068 rows repeat client and day
    assert transactions["amount"].sum() == pytest.approx(raw[2], abs=0.01)
    assert len(clients) == raw[1]
    first = transactions.groupby("client_id")["occurred_on"].min()
    acquired = clients.set_index("client_id")["acquired_on"]
    assert (pd.to_datetime(acquired.loc[first.index]) == first).all()


def test_monthly_repeat_rates_by_cohort_match_duckdb_on_the_raw_file(workspace):
    firm = firm_data(workspace, "cdnow")
    ours = analytics.cohort_retention(firm["transactions"], "M", as_of=firm.as_of)
    reference = (
        duckdb.connect()
        .execute(
            f"""
            WITH p AS ({raw_purchases(cdnow_master_path())}),
            f AS (SELECT client_id, min(date_trunc('month', day)) AS cohort FROM p
                  GROUP BY client_id),
            size AS (SELECT cohort, count(*) AS n FROM f GROUP BY cohort),
            a AS (SELECT DISTINCT client_id, cohort,
                         datediff('month', cohort, date_trunc('month', day)) AS k
                  FROM p JOIN f USING (client_id))
            SELECT strftime(cohort, '%Y-%m') AS cohort, k, count(*) / any_value(n) AS share
            FROM a JOIN size USING (cohort) GROUP BY cohort, k"""
        )
        .df()
        .pivot(index="cohort", columns="k", values="share")
    )
    assert (
        list(ours.index.astype(str)) == list(reference.index) == ["1997-01", "1997-02", "1997-03"]
    )
    # 1997-01 .. 1998-06: the January cohort is followed for 18 months (k = 0..17).
    assert list(ours.columns) == list(range(18))
    expected = reference.reindex(columns=ours.columns).fillna(0.0)
    future = ours.isna()  # months after the log ends, for the later cohorts
    assert future.sum().sum() == 1 + 2
    np.testing.assert_allclose(ours.mask(future, 0.0).to_numpy(), expected.to_numpy(), atol=1e-12)
    assert (ours[0] == 1.0).all()


def test_one_time_buyers_are_not_cherished(workspace):
    firm = firm_data(workspace, "cdnow")
    client_map = FirmAnalyses(firm).client_map.set_index("client_id")
    days = firm["transactions"].groupby("client_id")["occurred_on"].nunique()
    one_time = days.index[days == 1]
    assert len(one_time) > 11_000
    assert not client_map.loc[one_time, "segment"].eq("cherish").any()
    assert (client_map.loc[one_time, "status"] == "lapsed").all()
    kept = analytics.period_retention(
        firm["clients"], "Q", transactions=firm["transactions"], as_of=firm.as_of
    )
    assert (kept["retention_rate"].dropna() < 1.0).any()


def test_bg_nbd_on_the_imported_sample_matches_the_published_fit(tmp_path):
    """The 2,357-customer sample, imported the same way (its second column is the sample's
    own customer number), fitted on the first 39 weeks."""
    shutil.copyfile(cdnow_sample_path(), tmp_path / "CDNOW_master.txt")
    columns = "client_id,sample_id,occurred_on,quantity,amount"
    steps = [
        [*args[:-1], columns] if args[-1].startswith("client_id,") else args
        for args in recipe_steps()
    ]
    outputs = run_recipe(tmp_path, steps)
    assert "6919 transactions row(s) imported, 0 set aside" in outputs[-1]
    with Workspace.open(tmp_path / "workspace") as ws:
        transactions = ws.table("transactions", "cdnow")
    model = analytics.fit_purchase_model(transactions, as_of=AS_OF, calibration_end=CALIBRATION_END)
    assert model.clients["client_id"].nunique() == 2_357
    for name, published in PAPER_PARAMS.items():
        assert model.params[name] == pytest.approx(published, rel=0.05), name
