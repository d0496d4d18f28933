"""Open a workspace, keep its schema current, read tables as DataFrames, write rows.

A workspace is a directory with ``workspace.db`` (SQLite in WAL mode) and an ``imports/``
folder. ``TOOLKIT_DATABASE_URL`` replaces the SQLite file with any SQLAlchemy URL; the
directory still holds ``imports/``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection, Engine

from toolkit.errors import ToolkitError
from toolkit.store import schema

DEFAULT_WORKSPACE = "workspace"
DB_FILE = "workspace.db"
BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).with_name("migrations")

#: Columns stored as integer cents, exposed by :meth:`Workspace.table` as currency units.
MONEY_COLUMNS = {"amount_cents": "amount", "concession_value_cents": "concession_value"}


class SchemaTooNewError(ToolkitError):
    """The workspace was written by a newer toolkit than the one running."""


def resolve_location(path_or_url: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """Return ``(directory, database_url)`` for a workspace argument.

    Precedence: an explicit SQLAlchemy URL, then ``TOOLKIT_DATABASE_URL`` (with the directory
    from the argument, ``TOOLKIT_WORKSPACE`` or ``./workspace``), then ``workspace.db`` inside
    the directory.
    """
    if path_or_url is not None and "://" in str(path_or_url):
        return Path(os.environ.get("TOOLKIT_WORKSPACE", DEFAULT_WORKSPACE)), str(path_or_url)
    directory = Path(path_or_url or os.environ.get("TOOLKIT_WORKSPACE") or DEFAULT_WORKSPACE)
    url = os.environ.get("TOOLKIT_DATABASE_URL") or f"sqlite:///{directory.resolve() / DB_FILE}"
    return directory, url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> str:
    """Bring the database to the newest schema revision and return it.

    Refuses (:class:`SchemaTooNewError`) a database whose revision this toolkit does not
    know, which means a newer toolkit wrote it: downgrading silently would lose data.
    """
    with engine.begin() as connection:
        config = _alembic_config(connection)
        scripts = ScriptDirectory.from_config(config)
        current = MigrationContext.configure(connection).get_current_revision()
        head = scripts.get_current_head()
        if current is not None:
            try:
                scripts.get_revision(current)
            except CommandError:
                raise SchemaTooNewError(
                    f"this workspace uses schema revision {current!r}, which is newer than this "
                    f"toolkit knows (newest: {head!r}); upgrade the toolkit "
                    "(pip install -U client-retention-toolkit) to open it"
                ) from None
        if current != head:
            command.upgrade(config, "head")
        return head


class Workspace:
    """A coaching workspace: the database plus the folder of imported files."""

    def __init__(self, directory: Path, engine: Engine) -> None:
        self.directory = directory
        self.engine = engine

    @classmethod
    def open(cls, path_or_url: str | os.PathLike[str] | None = None) -> Workspace:
        """Open (creating when needed) and migrate the workspace at a directory or URL.

        >>> ws = Workspace.open(tmp_path)  # doctest: +SKIP
        >>> ws.table("clients").columns[:3].tolist()  # doctest: +SKIP
        ['participant_id', 'client_id', 'name']
        """
        directory, url = resolve_location(path_or_url)
        if url.startswith("sqlite"):
            directory.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)
        return cls(directory, engine)

    @property
    def imports_dir(self) -> Path:
        """Where imported source files and their rejected rows are kept."""
        path = self.directory / "imports"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({str(self.engine.url)!r})"

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection inside a transaction, committed when the block ends without error."""
        with self.engine.begin() as connection:
            yield connection

    # --- reading -----------------------------------------------------------------------

    @staticmethod
    def sa_table(name: str) -> sa.Table:
        """The SQLAlchemy table called ``name``, or a clear error listing the known ones."""
        try:
            return schema.metadata.tables[name]
        except KeyError:
            known = ", ".join(sorted(schema.metadata.tables))
            raise ToolkitError(f"unknown table {name!r}; known tables: {known}") from None

    def table(self, name: str, participant_id: str | None = None) -> pd.DataFrame:
        """Read a whole table (optionally one participant's rows) as a DataFrame.

        Dates and timestamps come back as ``datetime64``, booleans as ``bool`` and money
        columns (stored as cents) as currency units under their design names
        (``amount_cents`` becomes ``amount``).
        """
        table = self.sa_table(name)
        query = sa.select(table)
        if participant_id is not None:
            if "participant_id" not in table.c:
                raise ToolkitError(f"table {name!r} is not kept per participant")
            query = query.where(table.c.participant_id == participant_id)
        with self.engine.connect() as connection:
            frame = pd.read_sql(query, connection)
        return _typed(frame, table)

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A workspace-wide setting (see :class:`~toolkit.store.schema.Setting`)."""
        with self.engine.connect() as connection:
            value = connection.scalar(
                sa.select(schema.Setting.value).where(schema.Setting.key == key)
            )
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        self.upsert("settings", [{"key": key, "value": value}])

    def as_of(self) -> dt.date:
        """The date analyses treat as 'today': a demo workspace's own date, else today."""
        value = self.setting("as_of")
        return dt.date.fromisoformat(value) if value else dt.date.today()

    # --- writing -----------------------------------------------------------------------

    def upsert(
        self,
        name: str,
        rows: Iterable[dict[str, object]],
        connection: Connection | None = None,
    ) -> int:
        """Insert rows, replacing those with the same primary key; return the row count.

        Rows must already be valid (see :mod:`toolkit.store.records`): this is the one
        place that writes business rows, so imports and the Python API behave alike and a
        repeated import leaves the table as it was.
        """
        table = self.sa_table(name)
        rows = list(rows)
        if not rows:
            return 0
        statement = _upsert_statement(table, self.engine.dialect.name, rows[0].keys())
        if connection is None:
            with self.connect() as own:
                own.execute(statement, rows)
        else:
            connection.execute(statement, rows)
        return len(rows)


def _upsert_statement(table: sa.Table, dialect: str, columns: Iterable[str]) -> sa.Insert:
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        raise ToolkitError(f"writing to a {dialect} database is not supported (SQLite, PostgreSQL)")
    statement = insert(table)
    keys = [c.name for c in table.primary_key.columns]
    updates = {c: statement.excluded[c] for c in columns if c not in keys}
    if not updates:
        return statement.on_conflict_do_nothing(index_elements=keys)
    return statement.on_conflict_do_update(index_elements=keys, set_=updates)


def _typed(frame: pd.DataFrame, table: sa.Table) -> pd.DataFrame:
    """Give a frame read from ``table`` the dtypes analytics expect."""
    for column in table.columns:
        name = column.name
        if isinstance(column.type, sa.DateTime | sa.Date):
            frame[name] = pd.to_datetime(frame[name])
        elif isinstance(column.type, sa.Boolean):
            frame[name] = frame[name].astype(bool)
        elif name in MONEY_COLUMNS:
            frame[name] = frame[name].astype("float64") / 100
    return frame.rename(columns=MONEY_COLUMNS)
