"""A small demo mastermind (three firms and a coach) with personal keys, made once per
session, and helpers that read what a page shows without a browser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest

from toolkit.demo import create_demo
from toolkit.store import Workspace
from toolkit.store.participants import rotate_key
from toolkit.store.views import members


@dataclass(frozen=True)
class Demo:
    """A demo mastermind workspace: each member's name and current personal key, and the
    key the last member had before it was rotated (a link that must no longer work)."""

    directory: Path
    keys: dict[str, str]
    names: dict[str, str]
    old_key: str


def make_demo(directory: Path) -> Demo:
    """Three demo firms of 30 clients in ``directory``, keys made and one rotated (also
    used by the browser tests' server)."""
    with Workspace.open(directory) as ws:
        create_demo(ws, participants=3, clients=30)
        people = members(ws)
        names = dict(zip(people["participant_id"], people["display_name"], strict=True))
        keys = {pid: rotate_key(ws, pid) for pid in names}
        last = people["participant_id"].iloc[-1]
        old_key, keys[last] = keys[last], rotate_key(ws, last)
    return Demo(directory, keys, names, old_key)


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("apps-workspace"))


@pytest.fixture
def ws(demo):
    workspace = Workspace.open(demo.directory)
    yield workspace
    workspace.close()


@pytest.fixture
def crm_ws(one_firm_ws: Workspace) -> Workspace:
    """A one-firm demo (northfield) whose data also has what real CRM exports bring: a
    deal closing 60 days after the as-of date, and a lead who never bought, with a contact."""
    workspace = one_firm_ws
    as_of = pd.Timestamp(workspace.as_of())
    deal = {"transaction_id": ["T-FUTURE"], "client_id": ["C0001"], "amount": [5000]}
    workspace.write(
        "transactions",
        pd.DataFrame(deal).assign(occurred_on=as_of + pd.Timedelta(days=60)),
        "northfield",
    )
    lead = {"client_id": ["L-1"], "name": ["Maybe Later Ltd"], "stage": ["Lead"]}
    workspace.write("clients", pd.DataFrame(lead), "northfield")
    contact = {"interaction_id": ["I-LEAD"], "client_id": ["L-1"]}
    workspace.write(
        "interactions",
        pd.DataFrame(contact).assign(occurred_at=as_of - pd.Timedelta(days=3)),
        "northfield",
    )
    return workspace


def shown_text(widget: widgets.Widget) -> str:
    """Every text a widget tree shows (HTML values, labels, options, tab titles), tags
    stripped: what a person could read on the page."""
    parts: list[str] = []

    def visit(w) -> None:
        for name in ("value", "description", "placeholder"):
            value = getattr(w, name, None)
            if isinstance(value, str):
                parts.append(value)
        parts.extend(str(label) for label in getattr(w, "_options_labels", ()))
        parts.extend(getattr(w, "titles", ()) or ())
        for child in getattr(w, "children", ()):
            visit(child)

    visit(widget)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", " ".join(parts)))
