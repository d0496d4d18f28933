"""Run the store tests against PostgreSQL as well as SQLite.

``TOOLKIT_TEST_POSTGRES`` names a PostgreSQL server (``postgresql+psycopg://user:password@
host/database``, a role allowed to create databases). When it is set, every test that uses
the :func:`backend` fixture runs twice: once on SQLite, once on a throw-away PostgreSQL
database of its own, copied from a template migrated once per session (``CREATE DATABASE
... TEMPLATE`` takes a few tens of milliseconds, migrating takes seconds). The test sees the
database through ``TOOLKIT_DATABASE_URL``, so ``Workspace.open(tmp_path)`` opens it.

Databases are named ``toolkit_test_<pid>_<random>_<n>``, so parallel sessions on one server
never meet, and are dropped after their test. Without the variable only SQLite runs, except
in CI (``CI=true``), where the PostgreSQL runs fail instead of silently disappearing.
"""

from __future__ import annotations

import itertools
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from toolkit.store.workspace import migrate

#: The variable naming the PostgreSQL server the tests may use.
ENV = "TOOLKIT_TEST_POSTGRES"
#: Mark a test that checks something only SQLite has (a file on disk, a PRAGMA); give why.
SQLITE_ONLY = "sqlite_only"
#: How long dropping a database may wait for another role's connection to it to end.
DROP_WAIT_S = 10


def backends() -> list[str]:
    """The backends the store tests run on: PostgreSQL too when a server is named, or in
    CI, where a missing server must fail the PostgreSQL runs."""
    if os.environ.get(ENV) or os.environ.get("CI") == "true":
        return ["sqlite", "postgresql"]
    return ["sqlite"]


class PostgresServer:
    """Throw-away databases on one PostgreSQL server, created from a migrated template."""

    def __init__(self, url: str) -> None:
        self.url = sa.make_url(url)
        self.prefix = f"toolkit_test_{os.getpid()}_{secrets.token_hex(3)}"
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template = f"{self.prefix}_template"
        self._numbers = itertools.count(1)
        self._execute(f'CREATE DATABASE "{self.template}"')
        engine = sa.create_engine(self.url_of(self.template))
        migrate(engine)
        engine.dispose()

    def url_of(self, database: str) -> str:
        """The URL of ``database`` on this server, password included."""
        return self.url.set(database=database).render_as_string(hide_password=False)

    def create(self, migrated: bool = True) -> str:
        """A new database (a copy of the migrated template, or empty); return its name."""
        name = f"{self.prefix}_{next(self._numbers)}"
        template = self.template if migrated else "template0"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop(self, database: str) -> None:
        """Drop ``database``, closing connections a test left open.

        Closing another role's connection (an autovacuum worker's, which a new database
        often has for a moment) needs ``pg_signal_backend``; a role without it waits for
        the worker to finish, trying again for up to :data:`DROP_WAIT_S` seconds.
        """
        deadline = time.monotonic() + DROP_WAIT_S
        while True:
            try:
                return self._execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            except sa.exc.ProgrammingError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def close(self) -> None:
        self.drop(self.template)
        self.admin.dispose()

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(sql)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{SQLITE_ONLY}(reason): checks what only SQLite has; not run on PostgreSQL"
    )


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The server named by ``TOOLKIT_TEST_POSTGRES`` (skipped without it, failed in CI)."""
    url = os.environ.get(ENV)
    if not url:
        message = f"{ENV} is not set (make test-postgres starts a local server)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the PostgreSQL tests")
        pytest.skip(message)
    server = PostgresServer(url)
    yield server
    server.close()


@pytest.fixture
def postgres_database(postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated throw-away database, which ``TOOLKIT_DATABASE_URL`` names; its URL."""
    name = postgres.create()
    url = postgres.url_of(name)
    monkeypatch.setenv("TOOLKIT_DATABASE_URL", url)
    yield url
    postgres.drop(name)


@pytest.fixture(params=backends())
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """``"sqlite"`` or ``"postgresql"``: where ``Workspace.open(tmp_path)`` keeps its data
    in this run of the test."""
    monkeypatch.delenv("TOOLKIT_DATABASE_URL", raising=False)
    if request.param == "postgresql":
        only = request.node.get_closest_marker(SQLITE_ONLY)
        if only is not None:
            pytest.skip(f"SQLite only: {only.args[0] if only.args else only.kwargs['reason']}")
        request.getfixturevalue("postgres_database")
    return request.param


@pytest.fixture(scope="module", params=backends())
def module_workspace(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A folder for a workspace a whole module shares, once per backend: on PostgreSQL,
    ``TOOLKIT_DATABASE_URL`` names a migrated throw-away database while the module runs."""
    folder = tmp_path_factory.mktemp("workspace")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TOOLKIT_DATABASE_URL", raising=False)
        if request.param == "sqlite":
            yield folder
            return
        postgres = request.getfixturevalue("postgres")
        name = postgres.create()
        patch.setenv("TOOLKIT_DATABASE_URL", postgres.url_of(name))
        yield folder
        postgres.drop(name)
