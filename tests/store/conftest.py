"""Factories for store tests: a workspace with a participant, a team and a few clients."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from toolkit.store import Workspace

FILES = Path(__file__).with_name("files")
PARTICIPANT = "p1"
#: The team of the ``firm`` workspace: member_id -> name.
TEAM = {"m1": "Ana Lima", "m2": "Ben Okafor", "Ana Lima": "Ana Lima"}
#: The clients of the ``firm`` workspace: client_id -> owner_id.
CLIENTS = {"c1": "m1", "c2": "m2", "c3": "m1"}


def add_participant(ws: Workspace, participant_id: str = PARTICIPANT) -> None:
    """Create a member participant (the firm whose data is imported)."""
    ws.upsert(
        "participants",
        [
            {
                "participant_id": participant_id,
                "display_name": f"Firm {participant_id}",
                "role": "member",
                "created_at": dt.datetime(2024, 1, 1),
            }
        ],
    )


@pytest.fixture(autouse=True)
def on_every_backend(backend: str) -> str:
    """Every store test runs on SQLite, and on PostgreSQL when a server is named
    (:mod:`tests.postgres`)."""
    return backend


@pytest.fixture
def empty_firm(tmp_path: Path) -> Workspace:
    """A workspace with one participant and no business data."""
    ws = Workspace.open(tmp_path / "workspace")
    add_participant(ws)
    yield ws
    ws.close()


@pytest.fixture
def firm(empty_firm: Workspace) -> Workspace:
    """A workspace with one participant, the :data:`TEAM` and the :data:`CLIENTS`."""
    empty_firm.write(
        "team",
        pd.DataFrame({"member_id": list(TEAM), "name": list(TEAM.values())}),
        PARTICIPANT,
    )
    empty_firm.write(
        "clients",
        pd.DataFrame(
            {
                "client_id": list(CLIENTS),
                "name": [f"Client {c}" for c in CLIENTS],
                "owner_id": list(CLIENTS.values()),
            }
        ),
        PARTICIPANT,
    )
    return empty_firm


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """``write_csv(name, rows)`` writes rows (lists, the first is the header) as CSV."""

    def write(name: str, rows: list[list[object]], encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        with path.open("w", encoding=encoding, newline="") as file:
            csv.writer(file).writerows(rows)
        return path

    return write


@pytest.fixture
def read_rejects() -> Callable[[Path], list[dict[str, str]]]:
    """``read_rejects(path)``: the rows of a rejects CSV as dicts (line, column, reason...)."""

    def read(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8-sig", newline="") as file:
            return list(csv.DictReader(file))

    return read


@pytest.fixture
def files() -> Path:
    """The folder of bad-input files, each named by the failure it provokes."""
    return FILES
