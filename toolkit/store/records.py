"""What a valid business record looks like: the kinds of record and their fields.

Each kind of record a participant can load (clients, team, interactions, transactions,
client_records, process_steps, excuses) is declared once below, in :data:`RECORD_KINDS`
(the names ``retention import`` takes), as a :class:`RecordKind`: its fields with a type,
whether they are required, the allowed values or range, and which other kind they refer
to, plus the natural key that makes re-imports idempotent.
:func:`toolkit.store.validation.validate` checks rows against them, with the text
parsers of :mod:`toolkit.store.parsing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from toolkit.errors import ToolkitError
from toolkit.transaction_kinds import TRANSACTION_KINDS

FieldType = Literal["id", "text", "bool", "date", "datetime", "money", "float", "int"]

#: Lifecycle stages (compared ignoring case) of companies that are not clients yet: a
#: CRM's leads and prospects (HubSpot's lifecycle stages before "Customer", Salesforce's
#: account type "Prospect", Pipedrive's default organization labels for leads). A
#: company in one of them counts as a client only once it has a won deal (a
#: transaction); any other stage, or none, is a client.
PROSPECT_STAGES = frozenset(
    {
        "subscriber",
        "lead",
        "marketing qualified lead",
        "sales qualified lead",
        "opportunity",
        "prospect",
        "hot lead",
        "warm lead",
        "cold lead",
    }
)
#: Text held in Arrow (fast vectorised string functions) with NaN for missing values.


@dataclass(frozen=True)
class Field:
    """One field of a record kind.

    ``name`` is the design's name (``amount``); :attr:`column` the database column
    (``amount_cents`` for money). ``references`` names the kind whose key this field
    holds (``"clients"`` or ``"team"``), checked against the participant's rows.
    ``not_before`` names a date field this one must not precede.
    """

    name: str
    type: FieldType
    required: bool = False
    choices: tuple[str, ...] = ()
    range: tuple[float | None, float | None] = (None, None)
    references: str | None = None
    default: object = None
    not_before: str | None = None

    @property
    def column(self) -> str:
        """The database column holding this field."""
        return f"{self.name}_cents" if self.type == "money" else self.name


@dataclass(frozen=True)
class RecordKind:
    """A kind of business record: its table, fields and natural key."""

    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        """The field names, in their documented order."""
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        """The names of the fields every row must have."""
        return tuple(f.name for f in self.fields if f.required)


def _id(name: str, references: str | None = None, required: bool = True) -> Field:
    return Field(name, "id", required=required, references=references)


NOT_NEGATIVE = (0.0, None)

#: Every kind of record, by name, in the order the docs and the CLI list them.
RECORD_KINDS: dict[str, RecordKind] = {
    kind.name: kind
    for kind in (
        RecordKind(
            "team",
            (_id("member_id"), Field("name", "text", required=True), Field("role", "text")),
            key=("member_id",),
        ),
        RecordKind(
            "clients",
            (
                _id("client_id"),
                Field("name", "text", required=True),
                Field("is_internal", "bool", default=False),
                _id("owner_id", references="team", required=False),
                Field("acquired_on", "date"),
                Field("ended_on", "date", not_before="acquired_on"),
                Field("industry", "text"),
                Field("notes", "text"),
                Field("stage", "text"),
            ),
            key=("client_id",),
        ),
        RecordKind(
            "interactions",
            (
                _id("interaction_id"),
                _id("client_id", references="clients"),
                _id("member_id", references="team", required=False),
                Field("occurred_at", "datetime", required=True),
                Field("channel", "text"),
                Field("direction", "text", choices=("inbound", "outbound")),
                Field("topic", "text"),
                Field("sentiment", "float", range=(-1.0, 1.0)),
                Field("summary", "text"),
            ),
            key=("interaction_id",),
        ),
        RecordKind(
            "transactions",
            (
                _id("transaction_id"),
                _id("client_id", references="clients"),
                Field("occurred_on", "date", required=True),
                Field("amount", "money", required=True, range=NOT_NEGATIVE),
                Field(
                    "kind",
                    "text",
                    choices=TRANSACTION_KINDS,
                    default=TRANSACTION_KINDS[0],
                ),
            ),
            key=("transaction_id",),
        ),
        RecordKind(
            "client_records",
            (
                _id("client_id", references="clients"),
                Field("field", "text", required=True),
                Field("value", "text"),
                _id("recorded_by", references="team", required=False),
                Field("recorded_at", "datetime"),
            ),
            key=("client_id", "field"),
        ),
        RecordKind(
            "process_steps",
            (
                _id("member_id", references="team"),
                Field("process", "text", required=True),
                Field("step_no", "int", required=True, range=(1.0, None)),
                Field("step", "text", required=True),
            ),
            key=("member_id", "process", "step_no"),
        ),
        RecordKind(
            "excuses",
            (
                _id("excuse_id"),
                _id("client_id", references="clients"),
                Field("occurred_on", "date", required=True),
                Field("what_went_wrong", "text", required=True),
                Field("concession", "text"),
                Field("concession_value", "money", range=NOT_NEGATIVE),
                Field("root_cause", "text"),
            ),
            key=("excuse_id",),
        ),
    )
}


def record_kind(name: str) -> RecordKind:
    """The :class:`RecordKind` called ``name``, or an error listing the known kinds."""
    try:
        return RECORD_KINDS[name]
    except KeyError:
        raise ToolkitError(
            f"unknown kind of record {name!r}; choose one of: {', '.join(RECORD_KINDS)}"
        ) from None
