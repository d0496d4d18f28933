"""Clients made from a purchase log: ``retention import clients --from-transactions FILE``.

Most small firms have no client list worth the name, only invoices. The clients a
purchase log refers to are created from it: ``client_id`` as in the log, ``name`` from
a name column when the log has one (``name``, ``client_name``, ``customer_name`` or the
mapping's client name) and else the id, ``acquired_on`` the first purchase date.

Clients already in the workspace are left exactly as they are (their names and dates
may have come from a better source), so running it again creates nothing. The file is
read with the same options as ``import transactions`` (mapping, delimiter, columns,
widths, date order); rows without a client id are counted and skipped.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from toolkit.store.importing import columns, references
from toolkit.store.importing.pipeline import open_table
from toolkit.store.importing.storing import write_transaction
from toolkit.store.importing.tables import ImportFileError
from toolkit.store.mappings import KindMapping, Mapping, Source, load_mapping
from toolkit.store.mappings.layout import FileLayout
from toolkit.store.parsing import DateOrder, parse, strings
from toolkit.store.records import Field, RecordKind
from toolkit.store.workspace import Workspace

#: What is read of each purchase: whose it is, when, and perhaps the client's name.
PURCHASE = RecordKind(
    "transactions",
    (
        Field("client_id", "id", required=True),
        Field("occurred_on", "date", required=True),
        Field("name", "text"),
    ),
    key=("client_id",),
)
#: Headers of a client's name in a purchase log, besides the mapping's client name.
NAME_HEADERS = ("client_name", "customer_name", "client", "customer")


@dataclass
class ClientsReport:
    """What making clients from a purchase log did: ``clients`` named by the log, of which
    ``created`` were made and ``kept`` were in the workspace already (left as they were);
    the others could not be made (the messages say why)."""

    source: Path
    rows_read: int
    clients: int
    created: int = 0
    kept: int = 0
    without_client: int = 0
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the terminal."""
        lines = [
            f"{self.source}: {self.rows_read} purchase row(s) name {self.clients} client(s): "
            f"{self.created} created, {self.kept} already in the workspace (left as they were)"
        ]
        if self.without_client:
            lines.append(
                f"{self.without_client} row(s) skipped: no client id, or not as many values "
                "as the file has columns"
            )
        return "\n".join([*lines, *self.messages])


def _layout(mapping: Mapping) -> KindMapping:
    """The transactions layout, with the client's name where a log may hold it."""
    names = (*mapping.kind("clients").columns.get("name", ()), *map(Source, zip(NAME_HEADERS)))
    purchases = mapping.kind("transactions")
    return KindMapping(columns={**purchases.columns, "name": names}, values=purchases.values)


def _clients(frame: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    """The rows of a batch that name a client: its id, the date and the name given."""
    ids = strings(frame["client_id"])
    dates, _ = parse(PURCHASE.field("occurred_on"), strings(frame["occurred_on"]), mapping.options)
    names = strings(frame["name"]) if "name" in frame else pd.Series("", index=frame.index)
    found = pd.DataFrame(
        {"client_id": ids.to_numpy(), "first": dates.to_numpy(), "name": names.to_numpy()}
    )
    found = found[found["client_id"] != ""]
    found["name"] = found["name"].where(found["name"] != "")
    return found


def clients_from_transactions(
    ws: Workspace,
    path: str | os.PathLike[str],
    participant_id: str | None = None,
    mapping: str | os.PathLike[str] | Mapping | None = None,
    *,
    date_order: DateOrder | None = None,
    sheet: str | int | None = None,
    file_layout: FileLayout | None = None,
) -> ClientsReport:
    """Create the clients a purchase log refers to and the workspace does not have yet.

    Reads ``path`` as :func:`~toolkit.store.importing.import_file` reads transactions;
    raises :class:`ImportFileError` when no row names a client.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    layout = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    layout = layout.with_date_order(date_order).with_layout(file_layout or FileLayout())
    layout = replace(layout, kinds={"transactions": _layout(layout)})
    participant_id = ws.resolve_participant(participant_id)
    table = open_table(path, PURCHASE, layout, sheet)
    rows_read, named, parts = 0, 0, []
    with contextlib.closing(table):
        planned = columns.plan(table, layout.kind("transactions"), PURCHASE, made=("name",))
        for batch in table.batches():
            rows_read += batch.size
            rows = _clients(columns.frame(batch, planned, layout, PURCHASE)[0], layout)
            named += len(rows)
            parts.append(rows.groupby("client_id").agg({"first": "min", "name": "first"}))
    if not named:
        raise ImportFileError(f"{table.location}: no row names a client, so no client was made")
    found = pd.concat(parts).groupby(level=0).agg({"first": "min", "name": "first"})
    report = ClientsReport(
        path, rows_read, len(found), without_client=rows_read - named, messages=table.messages
    )
    with write_transaction(ws, "clients", len(found)) as connection:
        known = references.Names(connection, participant_id).directory("clients")["id"]
        new = found[~found.index.isin(known)]
        report.kept = len(found) - len(new)
        text = pd.DataFrame(
            {
                "client_id": new.index,
                "name": new["name"].fillna(pd.Series(new.index, index=new.index)),
                "acquired_on": new["first"].dt.strftime("%Y-%m-%d").fillna(""),
            }
        )
        checked = ws.validate("clients", text, participant_id, connection, label="client")
        report.created = ws.store("clients", checked, participant_id, connection)
    for row, reason in zip(checked.rejects["row"], checked.rejects["reason"], strict=True):
        report.messages.append(f"client {row!r} not created: {reason}")
    return report
