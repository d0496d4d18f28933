"""Storing an import: one write transaction, tuned for bulk loads on SQLite.

Every batch of an import is upserted inside a single transaction, so a file that fails
half way writes nothing and a re-import of the same file leaves the tables as they were.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from toolkit.store.workspace import Workspace

#: A SQLite import of at least this many rows, more than the table holds, drops the
#: table's secondary indexes and builds them again at the end (faster than updating them
#: row by row).
BULK_MIN_ROWS = 50_000
#: SQLite page cache for an import, in KiB (negative = size, not pages).
CACHE_KIB = 262_144


@contextlib.contextmanager
def write_transaction(ws: Workspace, kind: str, rows: int | None) -> Iterator[Connection]:
    """One transaction for the whole import, tuned for bulk loading on SQLite.

    On SQLite the write lock is taken first (``BEGIN IMMEDIATE``), so the ids the
    validator reads stay true until the rows are written. A load of at least
    :data:`BULK_MIN_ROWS` rows into a smaller table drops the table's secondary indexes
    and builds them again before committing, which is several times faster than
    updating them row by row; inside the transaction, so readers never miss them.
    """
    with ws.connect() as connection:
        rebuild: list[sa.Index] = []
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")
            table = ws.sa_table(kind)
            if rows is not None and rows >= BULK_MIN_ROWS and table.indexes:
                held = connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0
                if rows > held:
                    rebuild = sorted(table.indexes, key=lambda index: str(index.name))
            for index in rebuild:
                index.drop(connection)
        yield connection
        for index in rebuild:
            index.create(connection)
