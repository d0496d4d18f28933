"""Demo workspaces shared by the demo tests, and an independent measure of each client.

Workspaces are generated once per session and only read by the tests.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from toolkit.demo import DemoSummary, create_demo
from toolkit.store import Workspace

#: Size of the firm the signature tests measure: big enough for stable shares, still fast.
SIGNATURE_CLIENTS = 120

#: Arguments of the small mastermind demo.
MASTERMIND = {"participants": 3, "clients": 30, "seed": 5}

MakeDemo = Callable[..., tuple[Workspace, DemoSummary]]


@pytest.fixture(scope="session")
def make_demo(tmp_path_factory: pytest.TempPathFactory) -> MakeDemo:
    """Generate (once per set of arguments) a demo workspace and its summary."""
    made: dict[tuple[tuple[str, int], ...], tuple[Workspace, DemoSummary]] = {}

    def make(**arguments: int) -> tuple[Workspace, DemoSummary]:
        key = tuple(sorted(arguments.items()))
        if key not in made:
            ws = Workspace.open(tmp_path_factory.mktemp("demo"))
            made[key] = ws, create_demo(ws, **arguments)
        return made[key]

    return make


@pytest.fixture(scope="session")
def firm(make_demo: MakeDemo) -> Workspace:
    """The single-firm demo the signature tests measure."""
    ws, _ = make_demo(clients=SIGNATURE_CLIENTS, seed=11)
    return ws


@pytest.fixture(scope="session")
def mastermind(make_demo: MakeDemo) -> tuple[Workspace, DemoSummary]:
    """A small mastermind demo: three firms and a coach."""
    return make_demo(**MASTERMIND)


@pytest.fixture(scope="session")
def twins(
    mastermind: tuple[Workspace, DemoSummary], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Workspace, Workspace]:
    """Two workspaces made with the same arguments (the mastermind demo and a second one)."""
    second = Workspace.open(tmp_path_factory.mktemp("twin"))
    create_demo(second, **MASTERMIND)
    return mastermind[0], second


def measure_clients(ws: Workspace, participant_id: str = "northfield") -> pd.DataFrame:
    """One row per client with its latent type and what an analyst would measure.

    revenue = invoiced - conceded; concession_share = conceded / invoiced;
    days_since_contact = as_of - last non-automated interaction; members = distinct team
    members in non-automated interactions; sentiment = their mean sentiment.
    """
    clients = ws.table("clients", participant_id)
    truth = ws.table("demo_ground_truth", participant_id)[["client_id", "latent_type"]]
    clients = clients.merge(truth, on="client_id", validate="one_to_one")
    money = ws.table("transactions", participant_id)
    contacts = ws.table("interactions", participant_id)
    meaningful = contacts[contacts["channel"] != "automated"].groupby("client_id")
    is_invoice = money["kind"] == "invoice"
    invoiced = money[is_invoice].groupby("client_id")["amount"].sum()
    conceded = money[~is_invoice].groupby("client_id")["amount"].sum()
    ids = clients["client_id"]
    clients["invoiced"] = ids.map(invoiced).fillna(0.0)
    clients["conceded"] = ids.map(conceded).fillna(0.0)
    clients["revenue"] = clients["invoiced"] - clients["conceded"]
    clients["concession_share"] = clients["conceded"] / clients["invoiced"].where(
        clients["invoiced"] > 0
    )
    as_of = pd.Timestamp(ws.as_of())
    clients["days_since_contact"] = (as_of - ids.map(meaningful["occurred_at"].max())).dt.days
    clients["members"] = ids.map(meaningful["member_id"].nunique())
    clients["sentiment"] = ids.map(meaningful["sentiment"].mean())
    clients["no_owner"] = clients["owner_id"].isna()
    clients["ended"] = clients["ended_on"].notna()
    return clients


@pytest.fixture(scope="session")
def measured(firm: Workspace) -> pd.DataFrame:
    return measure_clients(firm)


@pytest.fixture(scope="session")
def by_type(measured: pd.DataFrame) -> pd.DataFrame:
    """Mean of each measure per latent type."""
    columns = [
        "concession_share", "days_since_contact", "members", "sentiment", "no_owner", "ended",
        "revenue",
    ]  # fmt: skip
    return measured.groupby("latent_type")[columns].mean()
