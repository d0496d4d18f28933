"""The workspace store: migrations, schema refusal, SQLite settings, private files, typed
round trips."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from toolkit.errors import ToolkitError
from toolkit.store import SchemaTooNewError, Workspace, schema
from toolkit.store.workspace import (
    HEAD_REVISION,
    MIGRATIONS,
    InvalidRowsError,
    resolve_location,
)

#: Every workspace here is migrated from empty, not copied (tests/migrated_template.py).
pytestmark = pytest.mark.migrates_from_empty


def _participant(ws: Workspace, participant_id: str = "p1") -> None:
    ws.upsert(
        "participants",
        [
            {
                "participant_id": participant_id,
                "display_name": participant_id.upper(),
                "role": "member",
                "created_at": dt.datetime(2026, 1, 1),
            }
        ],
    )


def test_new_workspace_has_every_table_of_the_design(tmp_path, backend):
    ws = Workspace.open(tmp_path)
    names = set(sa.inspect(ws.engine).get_table_names())
    assert set(schema.metadata.tables) <= names
    assert "alembic_version" in names
    assert (tmp_path / "workspace.db").is_file() == (backend == "sqlite")


def test_migrations_match_the_models(tmp_path):
    """Autogenerate finds nothing to do: migrations and schema.py agree."""
    ws = Workspace.open(tmp_path)
    with ws.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), schema.metadata)
    assert diff == []


@pytest.mark.sqlite_only("SQLite's PRAGMA settings")
def test_sqlite_runs_in_wal_mode_with_busy_timeout_and_foreign_keys(tmp_path):
    ws = Workspace.open(tmp_path)
    with ws.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def mode(path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.sqlite_only("the modes of the SQLite file and its -wal and -shm")
def test_a_new_workspace_is_private_to_its_owner(permissive_umask, tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    _participant(ws)  # a write, after which SQLite has its -wal and -shm files
    assert mode(tmp_path / "ws") == mode(ws.imports_dir) == mode(ws.reports_dir) == 0o700
    for name in ("workspace.db", "workspace.db-wal", "workspace.db-shm"):
        assert mode(tmp_path / "ws" / name) == 0o600, name
    ws.close()


@pytest.mark.sqlite_only("the mode of a SQLite file named by URL")
def test_a_database_named_by_url_is_private_too(permissive_umask, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    ws = Workspace.open(tmp_path / "ws")
    assert mode(tmp_path / "elsewhere.db") == 0o600
    assert mode(tmp_path / "ws") == mode(ws.imports_dir) == 0o700
    ws.close()


def test_reopening_keeps_data(tmp_path):
    ws = Workspace.open(tmp_path)
    _participant(ws)
    ws.close()
    assert Workspace.open(tmp_path).table("participants")["participant_id"].tolist() == ["p1"]


def test_workspace_written_by_a_newer_toolkit_is_refused(tmp_path):
    ws = Workspace.open(tmp_path)
    with ws.connect() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'from_the_future'")
    ws.close()
    with pytest.raises(SchemaTooNewError, match="newer than this toolkit"):
        Workspace.open(tmp_path)


def test_the_head_revision_is_the_newest_migration():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


@pytest.mark.sqlite_only("a workspace folder opened by another process")
def test_a_current_workspace_opens_without_loading_alembic(tmp_path):
    probe = (
        "import sys; from toolkit.store import Workspace;"
        f"Workspace.open({str(tmp_path)!r}).close(); print('alembic' in sys.modules)"
    )
    loads = [
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert loads == ["True", "False"]  # created (and migrated) by the first, opened by the second


@pytest.mark.sqlite_only("an old SQLite file in a folder")
def test_old_workspace_is_migrated_on_open(tmp_path):
    """A database at no revision (an old, empty one) is brought to the head."""
    ws = Workspace.open(tmp_path)
    with ws.connect() as connection:
        head = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    ws.close()
    bare = sa.create_engine(f"sqlite:///{tmp_path / 'old' / 'workspace.db'}")
    (tmp_path / "old").mkdir()
    with bare.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE unrelated (x INTEGER)")
    bare.dispose()
    migrated = Workspace.open(tmp_path / "old")
    with migrated.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head
        )


@pytest.mark.sqlite_only("a SQLite URL in TOOLKIT_DATABASE_URL")
def test_database_url_replaces_the_sqlite_file(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    monkeypatch.setenv("TOOLKIT_DATABASE_URL", url)
    directory, resolved = resolve_location(tmp_path / "ws")
    assert resolved == url
    assert directory == tmp_path / "ws"
    Workspace.open(tmp_path / "ws")
    assert (tmp_path / "elsewhere.db").is_file()
    assert not (tmp_path / "ws" / "workspace.db").exists()


@pytest.mark.sqlite_only("finds the folder by its SQLite file")
def test_default_workspace_is_found_from_a_subfolder(tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLKIT_WORKSPACE", raising=False)
    monkeypatch.delenv("TOOLKIT_DATABASE_URL", raising=False)
    Workspace.open(tmp_path / "workspace").close()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    directory, url = resolve_location()
    assert directory == tmp_path / "workspace"
    assert url.endswith(f"{tmp_path / 'workspace' / 'workspace.db'}")


def test_round_trip_keeps_types_and_exact_money(tmp_path):
    ws = Workspace.open(tmp_path)
    _participant(ws)
    ws.write("team", pd.DataFrame({"member_id": ["m1"], "name": ["Ann"]}), "p1")
    ws.write(
        "clients",
        pd.DataFrame(
            {
                "client_id": ["c1", "c2"],
                "name": ["Acme Pumps", "Internal: Finance"],
                "is_internal": [False, True],
                "owner_id": ["m1", None],
                "acquired_on": [dt.date(2024, 1, 31), dt.date(2024, 2, 29)],
            }
        ),
        "p1",
    )
    amounts = ["0.10", "0.20", "1234.56"]
    ws.write(
        "transactions",
        pd.DataFrame(
            {
                "transaction_id": ["t1", "t2", "t3"],
                "client_id": ["c1", "c1", "c2"],
                "occurred_on": ["2024-03-01", "2024-03-02", "2024-03-03"],
                "amount": amounts,
            }
        ),
        "p1",
    )
    clients = ws.table("clients", "p1").set_index("client_id")
    assert clients.loc["c2", "is_internal"]
    assert clients.loc["c1", "acquired_on"] == pd.Timestamp("2024-01-31")
    assert pd.isna(clients.loc["c2", "owner_id"])
    transactions = ws.table("transactions")
    assert transactions["kind"].tolist() == ["invoice"] * 3
    with ws.engine.connect() as connection:
        cents = connection.exec_driver_sql("SELECT SUM(amount_cents) FROM transactions").scalar()
    assert cents == 10 + 20 + 123456


def test_foreign_keys_are_enforced(tmp_path):
    ws = Workspace.open(tmp_path)
    _participant(ws)
    with pytest.raises(sa.exc.IntegrityError), ws.connect() as connection:
        connection.execute(
            sa.insert(schema.Interaction).values(
                participant_id="p1",
                interaction_id="i1",
                client_id="nobody",
                occurred_at=dt.datetime(2024, 1, 1),
            )
        )


def test_write_refuses_invalid_rows_and_writes_nothing(tmp_path):
    ws = Workspace.open(tmp_path)
    _participant(ws)
    frame = pd.DataFrame({"member_id": ["m1", "m1", "m2"], "name": ["Ann", "Ann B", ""]})
    with pytest.raises(InvalidRowsError) as error:
        ws.write("team", frame, "p1")
    assert ws.table("team").empty
    assert sorted(error.value.rejects["row"].tolist()) == [1, 2]


def test_write_needs_a_known_participant(tmp_path):
    ws = Workspace.open(tmp_path)
    with pytest.raises(ToolkitError, match="unknown participant 'ghost'"):
        ws.write("team", pd.DataFrame({"member_id": ["m1"], "name": ["Ann"]}), "ghost")


def test_unknown_table_lists_the_known_ones(tmp_path):
    with pytest.raises(ToolkitError, match="known tables: answers"):
        Workspace.open(tmp_path).table("clientz")


def test_as_of_is_the_participants_date_then_the_workspaces_then_today(tmp_path):
    ws = Workspace.open(tmp_path)
    _participant(ws, "p1")
    _participant(ws, "p2")
    assert ws.as_of("p1") == ws.as_of() == dt.date.today()
    ws.set_setting("as_of", "2026-10-31")
    assert ws.as_of("p1") == ws.as_of() == dt.date(2026, 10, 31)
    ws.set_as_of("p1", dt.date(2026, 11, 30))
    assert ws.setting("as_of:p1") == "2026-11-30"
    assert (ws.as_of("p1"), ws.as_of("p2"), ws.as_of()) == (
        dt.date(2026, 11, 30),
        dt.date(2026, 10, 31),
        dt.date(2026, 10, 31),
    )
    ws.set_as_of("p1", None)
    assert ws.setting("as_of:p1") is None
    assert ws.as_of("p1") == dt.date(2026, 10, 31)
    ws.delete_setting("as_of")
    assert ws.as_of("p1") == dt.date.today()


def test_only_a_known_participant_gets_an_as_of_date(tmp_path):
    ws = Workspace.open(tmp_path)
    with pytest.raises(ToolkitError, match="unknown participant 'ghost'"):
        ws.set_as_of("ghost", dt.date(2026, 11, 30))
    assert ws.setting("as_of:ghost") is None
