"""New SQLite workspaces start as a copy of a database migrated once per session.

Most tests open a workspace in an empty folder, and ``Workspace.open`` would run every
Alembic migration into it: tens of milliseconds, hundreds of times a run. Instead, once per
test session (once per xdist worker) an empty database is migrated to the head, and a new
SQLite workspace file is written as a copy of it (still created private to its owner), so
``migrate`` finds it at the head and has nothing to do.

The migrations themselves still run from empty: tests marked ``migrates_from_empty`` (the
whole of ``tests/store/test_workspace.py``) open their workspaces the real way,
``tests/store/test_migrations.py`` drives Alembic over empty databases itself, the
PostgreSQL template of :mod:`tests.postgres` is migrated the real way, and a command run in
a subprocess (the CLI tests) is not touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from toolkit.store import workspace

#: Mark a test whose new SQLite workspaces must be migrated from empty, not copied.
FROM_EMPTY = "migrates_from_empty"
#: How the toolkit creates a new SQLite file (kept for the tests marked :data:`FROM_EMPTY`).
CREATE_EMPTY = workspace._create_private_database


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{FROM_EMPTY}: Workspace.open migrates a new SQLite file from empty instead of "
        "copying the session's migrated one (tests/migrated_template.py)",
    )


def migrated_database(path: Path) -> bytes:
    """The bytes of a SQLite database at ``path`` migrated to the head, with the pragmas
    (WAL mode) a workspace's database gets, its write-ahead log checkpointed away."""
    engine = sa.create_engine(f"sqlite:///{path}")
    sa.event.listen(engine, "connect", workspace._sqlite_pragmas)
    workspace.migrate(engine)
    engine.dispose()
    return path.read_bytes()


@pytest.fixture(scope="session", autouse=True)
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bytes]:
    """For the whole session, a new SQLite workspace file is a copy of a migrated one."""
    content = migrated_database(tmp_path_factory.mktemp("migrated-template") / "template.db")

    def create_migrated(url: sa.URL) -> None:
        path = Path(url.database) if url.database not in (None, "", ":memory:") else None
        new = path is not None and not path.exists()
        CREATE_EMPTY(url)
        if new:
            path.write_bytes(content)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workspace, "_create_private_database", create_migrated)
        yield content


@pytest.fixture(autouse=True)
def migrations_from_empty(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test marked :data:`FROM_EMPTY` creates its SQLite files the toolkit's own way."""
    if request.node.get_closest_marker(FROM_EMPTY) is not None:
        monkeypatch.setattr(workspace, "_create_private_database", CREATE_EMPTY)
