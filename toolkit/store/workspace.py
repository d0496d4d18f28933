"""Open a workspace, keep its schema current, read tables as DataFrames, write rows.

A workspace is a directory with ``workspace.db`` (SQLite in WAL mode), an ``imports/``
and a ``reports/`` folder, all private to their owner (:mod:`toolkit.store.private`).
``TOOLKIT_DATABASE_URL`` replaces the SQLite file with any SQLAlchemy URL; the directory
still holds ``imports/`` and ``reports/``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from toolkit.errors import ToolkitError
from toolkit.store import records, schema
from toolkit.store.private import FILE_MODE, private_folder

if TYPE_CHECKING:
    import pandas as pd
    from alembic.config import Config

    from toolkit.store import validation

DEFAULT_WORKSPACE = "workspace"
DB_FILE = "workspace.db"
BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest revision of ``migrations/versions`` (tests/store/test_workspace.py checks it
#: against alembic's head; a new migration changes it). A database already at it opens
#: without loading alembic, which would add 0.1 s of CPU to every kernel and command.
HEAD_REVISION = "0006"

#: Columns stored as integer cents, exposed by :meth:`Workspace.table` as currency units.
MONEY_COLUMNS = {"amount_cents": "amount", "concession_value_cents": "concession_value"}
#: The setting that holds the date analyses treat as 'today'; ``as_of:<participant id>``
#: holds one participant's own date.
AS_OF = "as_of"


class SchemaTooNewError(ToolkitError):
    """The workspace was written by a newer toolkit than the one running."""


class InvalidRowsError(ToolkitError):
    """Rows handed to :meth:`Workspace.write` break the rules; nothing was written.

    ``rejects`` holds one row per invalid input row (``row``, ``column``, ``reason``).
    """

    SHOWN = 20

    def __init__(self, kind: str, rejects: pd.DataFrame) -> None:
        self.rejects = rejects
        lines = [
            f"  row {r.row}, {r.column}: {r.reason}"
            for r in rejects.head(self.SHOWN).itertuples(index=False)
        ]
        if len(rejects) > self.SHOWN:
            lines.append(f"  ... and {len(rejects) - self.SHOWN} more")
        super().__init__(
            f"{len(rejects)} {kind} row(s) are invalid, nothing was written:\n" + "\n".join(lines)
        )


def resolve_location(path_or_url: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """Return ``(directory, database_url)`` for a workspace argument.

    Precedence: an explicit SQLAlchemy URL, then ``TOOLKIT_DATABASE_URL`` (with the directory
    from the argument, ``TOOLKIT_WORKSPACE`` or the default), then ``workspace.db`` inside
    the directory. The default directory is ``./workspace``, or the nearest existing
    ``workspace`` folder in a parent directory (notebooks run in ``notebooks/``).
    """
    if path_or_url is not None and "://" in str(path_or_url):
        return Path(os.environ.get("TOOLKIT_WORKSPACE", DEFAULT_WORKSPACE)), str(path_or_url)
    directory = Path(path_or_url or os.environ.get("TOOLKIT_WORKSPACE") or _nearest_workspace())
    url = os.environ.get("TOOLKIT_DATABASE_URL") or f"sqlite:///{directory.resolve() / DB_FILE}"
    return directory, url


def _nearest_workspace() -> Path:
    """``./workspace``, or the nearest ``workspace`` folder with a database above the
    current directory, so a notebook opened in ``notebooks/`` finds the project's one."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / DEFAULT_WORKSPACE / DB_FILE).is_file():
            return folder / DEFAULT_WORKSPACE
    return here / DEFAULT_WORKSPACE


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _create_private_database(url: sa.URL) -> None:
    """Create a missing SQLite database file with mode 0600. SQLite gives the ``-wal`` and
    ``-shm`` files the database file's mode, so all three stay private to their owner."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).touch(mode=FILE_MODE, exist_ok=True)


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def stored_revision(connection: Connection) -> str | None:
    """The schema revision the database says it has (None: a new, empty database)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine) -> str:
    """Bring the database to the newest schema revision and return it.

    Refuses (:class:`SchemaTooNewError`) a database whose revision this toolkit does not
    know, which means a newer toolkit wrote it: downgrading silently would lose data.
    """
    with engine.begin() as connection:
        current = stored_revision(connection)
        if current == HEAD_REVISION:
            return HEAD_REVISION
        return _upgrade(connection, current)


def _upgrade(connection: Connection, current: str | None) -> str:
    """Alembic's upgrade from ``current`` to its head, refusing a revision it does not
    know (:func:`migrate`)."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = _alembic_config(connection)
    scripts = ScriptDirectory.from_config(config)
    head = scripts.get_current_head()
    if head is None:
        raise ToolkitError("the toolkit's migrations have no head revision")
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
            private_folder(directory)
        engine = sa.create_engine(url)
        if engine.dialect.name == "sqlite":
            _create_private_database(engine.url)
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)
        return cls(directory, engine)

    @property
    def imports_dir(self) -> Path:
        """Where imported source files and their rejected rows are kept."""
        return self._folder("imports")

    @property
    def reports_dir(self) -> Path:
        """Where session summaries are written unless told otherwise."""
        return self._folder("reports")

    def _folder(self, name: str) -> Path:
        """The workspace's private subfolder ``name``, created (with the workspace's own
        folder, which a database URL elsewhere leaves uncreated) when missing."""
        return private_folder(private_folder(self.directory) / name)

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
        import pandas as pd

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

    def delete_setting(self, key: str) -> None:
        """Forget a setting, so its default applies again (nothing happens when unset)."""
        with self.connect() as connection:
            connection.execute(sa.delete(schema.Setting).where(schema.Setting.key == key))

    def as_of(self, participant_id: str | None = None) -> dt.date:
        """The date analyses treat as 'today'.

        For a participant, their firm's own date (setting ``as_of:<id>``: the day their
        data was exported, say); else the workspace's (``as_of``, which a demo sets to
        the day its invented history ends); else today's date.
        """
        own = self.setting(f"{AS_OF}:{participant_id}") if participant_id else None
        value = own or self.setting(AS_OF)
        return dt.date.fromisoformat(value) if value else dt.date.today()

    def set_as_of(self, participant_id: str, day: dt.date | None) -> None:
        """Set a participant's own as-of date, or with ``None`` forget it so the
        workspace's date applies again. An unknown participant raises
        :class:`ToolkitError`."""
        key = f"{AS_OF}:{self.resolve_participant(participant_id)}"
        if day is None:
            self.delete_setting(key)
        else:
            self.set_setting(key, day.isoformat())

    def resolve_participant(
        self, participant_id: str | None = None, connection: Connection | None = None
    ) -> str:
        """The participant whose business data is meant: ``participant_id`` if it exists,
        else the workspace's only member participant; an error names the known ids."""
        query = sa.select(schema.Participant.participant_id, schema.Participant.role)
        with self._connection(connection) as own:
            known = own.execute(query).all()
        ids = ", ".join(sorted(row.participant_id for row in known)) or "none yet"
        if participant_id is None:
            members = [row.participant_id for row in known if row.role == "member"]
            if len(members) == 1:
                return members[0]
            raise ToolkitError(
                f"say which participant the data belongs to (--participant ID); "
                f"participants in this workspace: {ids}"
            )
        if participant_id not in {row.participant_id for row in known}:
            raise ToolkitError(
                f"unknown participant {participant_id!r}; participants in this workspace: {ids}"
            )
        return participant_id

    @contextmanager
    def _connection(self, connection: Connection | None) -> Iterator[Connection]:
        if connection is not None:
            yield connection
        else:
            with self.connect() as own:
                yield own

    # --- writing -----------------------------------------------------------------------

    def validate(
        self,
        kind: str,
        frame: pd.DataFrame,
        participant_id: str,
        connection: Connection,
        *,
        options: validation.ParseOptions | None = None,
        seen: dict[str, object] | None = None,
        label: str = "row",
    ) -> validation.Validation:
        """:func:`validation.validate <toolkit.store.validation.validate>` with the references
        checked against this participant's clients and team in the database.

        ``options``, ``seen`` and ``label`` are passed on.
        """
        from toolkit.store import validation

        record = records.record_kind(kind)
        known = {
            spec.references: self._ids(connection, spec.references, participant_id)
            for spec in record.fields
            if spec.references
        }
        return validation.validate(
            kind, frame, options=options, known=known, seen=seen, label=label
        )

    def _ids(self, connection: Connection, kind: str, participant_id: str) -> pd.Index:
        import pandas as pd

        table = self.sa_table(kind)
        (key,) = records.record_kind(kind).key
        query = sa.select(table.c[key]).where(table.c.participant_id == participant_id)
        return pd.Index(connection.execute(query).scalars().all(), dtype=object)

    def store(
        self,
        kind: str,
        checked: validation.Validation,
        participant_id: str,
        connection: Connection,
    ) -> int:
        """Upsert the valid rows of ``checked`` for a participant; return their count.

        The fast path behind :meth:`write` and the importer: one compiled
        ``INSERT ... ON CONFLICT DO UPDATE`` run with the driver's ``executemany`` on plain
        Python values, updating only the columns the input supplied.
        """
        frame = checked.valid
        if frame.empty:
            return 0
        table = self.sa_table(kind)
        columns = ["participant_id", *frame.columns]
        statement = _upsert_statement(
            table, self.engine.dialect.name, ["participant_id", *checked.supplied]
        )
        compiled = statement.compile(dialect=self.engine.dialect, column_keys=columns)
        values = {"participant_id": [participant_id] * len(frame)}
        sqlite = self.engine.dialect.name == "sqlite"
        for name in frame.columns:
            values[name] = _driver_values(frame[name], table.c[name].type, sqlite)
        rows: list[tuple[object, ...]] | list[dict[str, object]]
        if compiled.positional and compiled.positiontup is not None:
            rows = list(zip(*(values[name] for name in compiled.positiontup), strict=True))
        else:
            rows = [
                dict(zip(values, row, strict=True)) for row in zip(*values.values(), strict=True)
            ]
        connection.exec_driver_sql(compiled.string, rows)
        return len(rows)

    def write(self, kind: str, frame: pd.DataFrame, participant_id: str) -> int:
        """Validate ``frame`` (typed values or text) as ``kind`` rows and upsert them.

        Applies the importer's rules (:mod:`toolkit.store.records`), including references
        to the participant's clients and team. Raises :class:`InvalidRowsError` listing
        the problems, writing nothing, if any row is invalid; returns the number of rows
        written otherwise.
        """
        import pandas as pd

        from toolkit.store import validation

        with self.connect() as connection:
            participant_id = self.resolve_participant(participant_id, connection)
            checked = self.validate(kind, validation.as_text(frame), participant_id, connection)
            problems = pd.concat([checked.rejects, checked.warnings], ignore_index=True)
            if not problems.empty:
                raise InvalidRowsError(kind, problems.sort_values("row", kind="stable"))
            return self.store(kind, checked, participant_id, connection)

    def upsert(
        self,
        name: str,
        rows: Iterable[Mapping[str, object]],
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


def insert_returning_id(connection: Connection, statement: sa.Insert) -> int:
    """Run an INSERT of one row and return the primary key the database gave it."""
    key = connection.execute(statement).inserted_primary_key
    if key is None:
        raise ToolkitError("the database gave the new row no id")
    return key[0]


def _upsert_statement(table: sa.Table, dialect: str, columns: Iterable[str]) -> sa.Insert:
    from sqlalchemy.dialects import postgresql, sqlite

    statement: sqlite.Insert | postgresql.Insert
    if dialect == "sqlite":
        statement = sqlite.insert(table)
    elif dialect == "postgresql":
        statement = postgresql.insert(table)
    else:
        raise ToolkitError(f"writing to a {dialect} database is not supported (SQLite, PostgreSQL)")
    keys = [c.name for c in table.primary_key.columns]
    updates = {c: statement.excluded[c] for c in columns if c not in keys}
    if not updates:
        return statement.on_conflict_do_nothing(index_elements=keys)
    return statement.on_conflict_do_update(index_elements=keys, set_=updates)


def _driver_values(column: pd.Series, sql_type: sa.types.TypeEngine, sqlite: bool) -> list:
    """A typed column as plain Python values for the DBAPI driver (None for missing).

    SQLite gets dates and timestamps as text in SQLAlchemy's own storage format, so rows
    written here and through the ORM compare and sort alike.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(column, from_pandas=True)
    if sqlite and isinstance(sql_type, sa.DateTime):
        # Arrow's cast gives SQLAlchemy's format, YYYY-MM-DD HH:MM:SS.ffffff, 9x faster
        # than strftime.
        values = pc.cast(values.cast(pa.timestamp("us")), pa.string())
    elif sqlite and isinstance(sql_type, sa.Date):
        values = pc.strftime(values, format="%Y-%m-%d")
    elif isinstance(sql_type, sa.Date):
        values = values.cast(pa.date32())
    return values.to_pylist()


def _typed(frame: pd.DataFrame, table: sa.Table) -> pd.DataFrame:
    """Give a frame read from ``table`` the dtypes analytics expect."""
    import pandas as pd

    for column in table.columns:
        name = column.name
        if isinstance(column.type, sa.DateTime | sa.Date):
            frame[name] = pd.to_datetime(frame[name])
        elif isinstance(column.type, sa.Boolean):
            frame[name] = frame[name].astype(bool)
        elif name in MONEY_COLUMNS:
            frame[name] = frame[name].astype("float64") / 100
    return frame.rename(columns=MONEY_COLUMNS)
