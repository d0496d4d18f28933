"""A new SQLite workspace copied from the session's migrated database (tests/migrated_template.py)
is what migrating an empty one gives: the same schema, revision and journal mode, and a
file private to its owner."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.migrated_template import CREATE_EMPTY
from toolkit.store import Workspace, workspace


def database(ws: Workspace) -> dict[str, object]:
    """What a workspace's database is made of, beyond its rows: each table and index with
    the lines of its definition (in any order: a table Alembic rebuilt lists its
    constraints in an order that varies from run to run), the revision, the journal mode."""
    with ws.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT type, name, sql FROM sqlite_master").all()
        return {
            "schema": {
                (kind, name): sorted(line.strip(" \t,") for line in (sql or "").splitlines())
                for kind, name, sql in rows
            },
            "revision": connection.exec_driver_sql("SELECT version_num FROM alembic_version").all(),
            "journal": connection.exec_driver_sql("PRAGMA journal_mode").scalar(),
        }


@pytest.mark.sqlite_only("compares SQLite files")
def test_a_copied_workspace_is_the_one_the_migrations_make(permissive_umask, tmp_path, monkeypatch):
    assert workspace._create_private_database is not CREATE_EMPTY, "the copy is in place"
    with Workspace.open(tmp_path / "copied") as copied:
        made_by_copy = database(copied)
    assert (tmp_path / "copied" / "workspace.db").stat().st_mode & 0o777 == 0o600
    monkeypatch.setattr(workspace, "_create_private_database", CREATE_EMPTY)
    with Workspace.open(tmp_path / "migrated") as migrated:
        assert made_by_copy == database(migrated)
    assert made_by_copy["journal"] == "wal" and made_by_copy["revision"]


@pytest.mark.migrates_from_empty
def test_a_marked_test_migrates_from_empty():
    assert workspace._create_private_database is CREATE_EMPTY


def test_an_existing_file_is_never_overwritten(tmp_path):
    """A SQLite file already there (an old workspace) is opened, not replaced."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'workspace.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE unrelated (x INTEGER)")
    engine.dispose()
    with Workspace.open(tmp_path) as ws:
        assert "unrelated" in sa.inspect(ws.engine).get_table_names()
