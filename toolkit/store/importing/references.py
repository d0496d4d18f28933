"""References by name: an export that names a client or a person instead of giving its id.

CRM exports link records in whichever way their screens show them: HubSpot's companies
name their owner ("Company owner: Ana Lima"), a Salesforce report shows the
``Account Owner`` by name, Pipedrive's deals name their organization. A reference that
is not a known id is therefore looked up among the names of the participant's clients or
team members (ignoring case and surrounding spaces) and replaced by that id. A name
shared by several of them is ambiguous and the row is set aside, with the ids to choose
from; an unknown value is left for validation to report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from toolkit.store import schema
from toolkit.store.records import RecordKind

#: Each kind that can be referred to: its table's id column and the noun for messages.
TARGETS = {"clients": ("client_id", "client"), "team": ("member_id", "team member")}
#: Unknown client ids quoted in the report.
EXAMPLES = 3


def _directory(connection: Connection, kind: str, participant_id: str) -> pd.DataFrame:
    """The ids and names of one participant's clients or team, with a matching key."""
    key, _ = TARGETS[kind]
    table = schema.metadata.tables[kind]
    query = sa.select(table.c[key].label("id"), table.c.name).where(
        table.c.participant_id == participant_id
    )
    found = pd.DataFrame(connection.execute(query).all(), columns=["id", "name"])
    found["match"] = found["name"].str.strip().str.lower()
    return found


class Names:
    """One import's look-up of the participant's clients and team by id and by name.

    Read once per import (in its transaction): an import of one kind never changes the
    clients or the team it refers to.
    """

    def __init__(self, connection: Connection, participant_id: str) -> None:
        self.connection, self.participant_id = connection, participant_id
        self.directories: dict[str, pd.DataFrame] = {}

    def directory(self, kind: str) -> pd.DataFrame:
        if kind not in self.directories:
            self.directories[kind] = _directory(self.connection, kind, self.participant_id)
        return self.directories[kind]

    def resolve(self, frame: pd.DataFrame, record: RecordKind) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``frame`` with references given by name replaced by ids, and the ambiguous rows.

        The second frame has ``row``, ``column`` and ``reason`` for each reference whose
        name several clients or team members share.
        """
        return resolve_names(frame, record, self.directory)


def resolve_names(
    frame: pd.DataFrame, record: RecordKind, directories: Callable[[str], pd.DataFrame]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:meth:`Names.resolve` with ``directories(kind)`` giving ids, names and match keys."""
    ambiguous = []
    for spec in record.fields:
        if not spec.references or spec.name not in frame.columns:
            continue
        directory = directories(spec.references)
        raw = pa.array(frame[spec.name], from_pandas=True, type=pa.string())
        trimmed = pc.utf8_trim_whitespace(raw)
        known = pc.is_in(trimmed, value_set=pa.array(directory["id"], type=pa.string()))
        by_id = pc.or_kleene(known, pc.equal(pc.utf8_length(trimmed), 0)).fill_null(True)
        if pc.all(by_id).as_py():
            continue
        values = pd.Series(trimmed.to_numpy(zero_copy_only=False), index=frame.index)
        by_id = by_id.to_numpy(zero_copy_only=False)
        named = values[~by_id].str.lower()
        matches = directory[directory["match"].isin(set(named))]
        ids = matches.groupby("match")["id"].agg(list)
        unique = ids[ids.map(len) == 1].map(lambda found: found[0])
        resolved = named.map(unique)
        frame.loc[resolved.dropna().index, spec.name] = resolved.dropna()
        shared = named.map(ids[ids.map(len) > 1])
        shared = shared.dropna()
        if not shared.empty:
            _, noun = TARGETS[spec.references]
            ambiguous.append(
                pd.DataFrame(
                    {
                        "row": shared.index,
                        "column": spec.name,
                        "reason": [
                            f"the name '{values[row]}' belongs to {len(found)} {noun}s "
                            f"(ids {', '.join(sorted(found))}); use the id"
                            for row, found in shared.items()
                        ],
                    }
                )
            )
    if not ambiguous:
        return frame, pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "reason": []})
    return frame, pd.concat(ambiguous, ignore_index=True)


class UnknownClients:
    """The rows of one import that name a client the participant does not have.

    The validator sets each of them aside; this keeps the count and the ids, so the
    report can say at once how many rows that is and how to create the clients (a
    purchase log is often the only list of clients a small firm has).
    """

    def __init__(self, record: RecordKind) -> None:
        self.refers = any(spec.references == "clients" for spec in record.fields)
        self.rows = 0
        self.ids: set[str] = set()

    def add(self, frame: pd.DataFrame, directory: pd.DataFrame) -> None:
        """Count the rows of ``frame`` whose ``client_id`` is not in ``directory``."""
        if not self.refers or "client_id" not in frame:
            return
        given = frame["client_id"].dropna().astype(str).str.strip()
        unknown = given[(given != "") & ~given.isin(directory["id"])]
        self.rows += len(unknown)
        self.ids.update(unknown)

    def advice(self, kind: str, path: Path) -> str | None:
        """What the report says about them (None when every client was known)."""
        if not self.rows:
            return None
        shown = ", ".join(repr(found) for found in sorted(self.ids)[:EXAMPLES])
        more = ", ..." if len(self.ids) > EXAMPLES else ""
        create = (
            f"create them from this file with `retention import clients --from-transactions "
            f"{path}` (same --participant and reading options), then import it again"
            if kind == "transactions"
            else "import them with `retention import clients FILE` first, then this file again"
        )
        return (
            f"{self.rows} row(s) refer to {len(self.ids)} client(s) not in the workspace "
            f"({shown}{more}): {create}"
        )
