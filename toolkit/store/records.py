"""What a valid business record looks like, and one vectorised validator for all of them.

Each KIND of record a participant can load (clients, team, interactions, transactions,
client_records, process_steps, excuses) is declared once below as a :class:`RecordKind`:
its fields with a type, whether they are required, the allowed values or range, and which
other kind they refer to, plus the natural key that makes re-imports idempotent.
:func:`validate` turns a frame of strings (as read from a CSV or a spreadsheet, or as
handed to :meth:`~toolkit.store.workspace.Workspace.write`) into typed rows under the
database's column names and a frame of rejected rows with the reason for each, without a
Python loop over the rows, so a million rows take seconds.

Parsing rules (also in docs/importing.md):

* **Dates**: ``YYYY-MM-DD`` (ISO 8601, with or without a time), ``YYYY/MM/DD``,
  ``DD.MM.YYYY``, ``12 Mar 2024``, ``Mar 12, 2024`` and slashed or dashed ``a/b/YYYY``.
  The last one is read as day/month when ``a > 12``, month/day when ``b > 12``, and is
  rejected as ambiguous otherwise (unless ``a == b``) instead of guessed: the reason says
  to write ``YYYY-MM-DD`` or to set ``date_order: DMY`` or ``MDY`` in the mapping. Each
  may carry a time of day (``2024-03-12 14:30``); a date field drops it.
* **Timestamps** are stored as naive UTC: a value with an offset (``+02:00``, ``Z``) is
  converted, one without is taken as UTC.
* **Money** is written in currency units with at most two decimals: ``1234.5``,
  ``1,234.50``, ``$1,234.50``, ``EUR 1234.50``. A comma is read as a thousands separator
  only in groups of three (``1,234``); ``1234,50`` is rejected with a hint, because it
  reads differently in different countries. Set ``decimal: ","`` in the mapping for
  files that write ``1.234,50``. Money is never negative: refunds, discounts and credits
  are positive amounts with their own kind.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.errors import ToolkitError
from toolkit.store import schema

FieldType = Literal["id", "text", "bool", "date", "datetime", "money", "float", "int"]
DateOrder = Literal["DMY", "MDY"]

TRUE_WORDS = frozenset({"true", "yes", "y", "t", "1", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "f", "0"})
CURRENCY = r"[$€£¥]|\b[A-Za-z]{3}\b"
KEY_SEPARATOR = "\x1f"
#: Lifecycle stages (compared ignoring case) of companies that are not clients yet: a
#: CRM's leads and prospects. A company in one of them counts as a client only once it
#: has a won deal (a transaction); any other stage, or none, is a client.
PROSPECT_STAGES = frozenset(
    {
        "subscriber",
        "lead",
        "marketing qualified lead",
        "sales qualified lead",
        "opportunity",
        "prospect",
    }
)
#: Text held in Arrow (fast vectorised string functions) with NaN for missing values.
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


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

KINDS: dict[str, RecordKind] = {
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
                    choices=("invoice", "discount", "refund", "credit"),
                    default="invoice",
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
        return KINDS[name]
    except KeyError:
        raise ToolkitError(
            f"unknown kind of record {name!r}; choose one of: {', '.join(KINDS)}"
        ) from None


@dataclass(frozen=True)
class ParseOptions:
    """How to read ambiguous text: the order of slashed dates and the decimal mark."""

    date_order: DateOrder | None = None
    decimal: Literal[".", ","] = "."


@dataclass
class Validation:
    """The outcome of :func:`validate`.

    ``valid`` holds the typed rows that passed, under database column names (money in
    integer cents), indexed like the input. ``rejects`` has one row per rejected input
    row: ``row`` (the input's index label), ``column`` and ``reason`` (several problems
    are joined with ``"; "``). ``supplied`` lists the database columns the input actually
    provided: an upsert updates only those, so a file without ``notes`` keeps the notes.
    """

    valid: pd.DataFrame
    rejects: pd.DataFrame
    supplied: tuple[str, ...]


@dataclass
class _Problems:
    """Problems found so far, as (positions, column, reasons) triples."""

    size: int
    found: list[tuple[np.ndarray, str, pd.Series | str]] = field(default_factory=list)

    def add(self, mask: pd.Series | np.ndarray, column: str, reason: pd.Series | str) -> None:
        mask = _flags(mask)
        if mask.any():
            positions = np.flatnonzero(mask)
            if isinstance(reason, pd.Series):
                reason = reason[mask]
            self.found.append((positions, column, reason))

    def add_at(self, positions: np.ndarray, column: str, reasons: pd.Series) -> None:
        if len(positions):
            self.found.append((positions, column, reasons))

    def bad(self) -> np.ndarray:
        bad = np.zeros(self.size, dtype=bool)
        for positions, _, _ in self.found:
            bad[positions] = True
        return bad

    def frame(self, labels: pd.Index) -> pd.DataFrame:
        if not self.found:
            return pd.DataFrame({"row": labels[:0], "column": [], "reason": []})
        parts = [
            pd.DataFrame(
                {
                    "position": positions,
                    "column": column,
                    "reason": reason if isinstance(reason, str) else reason.to_numpy(),
                }
            )
            for positions, column, reason in self.found
        ]
        problems = pd.concat(parts, ignore_index=True).sort_values("position", kind="stable")
        joined = problems.groupby("position", sort=True).agg(
            {"column": ", ".join, "reason": "; ".join}
        )
        return pd.DataFrame(
            {
                "row": labels[joined.index.to_numpy()],
                "column": joined["column"].to_numpy(),
                "reason": joined["reason"].to_numpy(),
            }
        )


def _explain(
    text: pd.Series, mask: pd.Series | np.ndarray, suffix: str, prefix: str = ""
) -> pd.Series:
    """``prefix 'value' suffix`` for the flagged rows, NaN for the others.

    Built for the flagged rows only: reasons are few, rows are many, and joining strings
    over a whole column of a million rows costs more than the check itself.
    """
    flagged = _flags(mask)
    reasons = pd.Series(np.nan, index=text.index, dtype=object)
    if flagged.any():
        reasons[flagged] = [f"{prefix}'{value}'{suffix}" for value in text[flagged]]
    return reasons


def _flags(mask: pd.Series | np.ndarray) -> np.ndarray:
    """A boolean mask as numpy, missing values counting as False."""
    return pd.array(mask, dtype="boolean").to_numpy(dtype=bool, na_value=False)


def _isin(values: pd.Series, allowed: Iterable[str]) -> np.ndarray:
    """Which text values are in ``allowed`` (Arrow's hash set; missing values are not)."""
    array = pa.array(values, from_pandas=True)
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    found = pc.is_in(array, value_set=pa.array(list(allowed), type=pa.string()))
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def _strings(column: pd.Series) -> pd.Series:
    """Text with surrounding whitespace removed; missing values become ''."""
    values = pa.array(column, from_pandas=True)
    if not pa.types.is_string(values.type):
        values = pc.cast(values, pa.string())
    return pd.Series(pc.utf8_trim_whitespace(values).fill_null(""), dtype=TEXT)


# --- parsers: (strings) -> (typed values, reasons for the non-empty values that failed) ---


def _parse_bool(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    lower = text.str.lower()
    typed = pd.Series(
        np.where(lower.isin(TRUE_WORDS), True, np.where(lower.isin(FALSE_WORDS), False, None)),
        index=text.index,
        dtype=object,
    )
    bad = (text != "") & typed.isna()
    return typed, _explain(text, bad, " is not yes/no (write true or false)")


def _parse_number(text: pd.Series, options: ParseOptions) -> tuple[pd.Series, pd.Series]:
    if options.decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    numeric = text.str.fullmatch(NUMBER)
    values = pc.cast(pa.array(text.where(numeric), from_pandas=True), pa.float64())
    number = pd.Series(values.to_numpy(zero_copy_only=False), index=text.index)
    bad = (text != "") & ~np.isfinite(number)
    return number.where(~bad), _explain(text, bad, " is not a number")


def _parse_int(text: pd.Series, options: ParseOptions) -> tuple[pd.Series, pd.Series]:
    number, reasons = _parse_number(text, options)
    fractional = number.notna() & (number != np.floor(number))
    reasons = reasons.where(~fractional, _explain(text, fractional, " is not a whole number"))
    return number.where(~fractional).astype("Int64"), reasons


MONEY_NUMBER = r"^(?P<sign>-)?(?P<units>\d+)(?:\.(?P<fraction>\d*))?$"


def _parse_money(text: pd.Series, options: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Currency units as text -> integer cents, exactly (no floating point on the way)."""
    plain = text.str.replace(CURRENCY, "", regex=True).str.replace(r"\s", "", regex=True)
    accounting = plain.str.startswith("(") & plain.str.endswith(")")
    plain = plain.where(~accounting, "-" + plain.str.slice(1, -1))
    group, mark = (",", ".") if options.decimal == "." else (".", ",")
    grouped = plain.str.fullmatch(rf"-?\d{{1,3}}(?:\{group}\d{{3}})+(?:\{mark}\d*)?")
    plain = plain.where(~grouped, plain.str.replace(group, "", regex=False))
    if options.decimal == ",":
        plain = plain.str.replace(",", ".", regex=False)
    parts = plain.str.extract(MONEY_NUMBER)
    fraction = parts["fraction"].fillna("")
    extra_digits = fraction.str.slice(2).str.strip("0") != ""
    cents = parts["units"].astype("float64") * 100 + pd.to_numeric(
        fraction.str.slice(0, 2).str.pad(2, side="right", fillchar="0"), errors="coerce"
    ).fillna(0)
    cents = cents.where(parts["sign"].isna(), -cents)
    ok = parts["units"].notna() & ~extra_digits
    hint = (
        "write 1234.50, or set decimal: ',' in the mapping"
        if options.decimal == "."
        else "write 1234,50 or 1.234,50"
    )
    bad = (text != "") & ~ok
    reasons = _explain(text, bad & ~extra_digits, f" is not an amount of money ({hint})")
    reasons = reasons.where(~extra_digits, _explain(text, bad, " has more than two decimals"))
    return cents.where(ok).round().astype("Int64"), reasons


#: Unambiguous date layouts tried after ISO 8601, in this order.
DATE_FORMATS = (
    "%Y/%m/%d",
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%d-%b-%Y",
)
DATE_AND_TIME = r"^(?P<date>.+?)(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$"
ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:$|[T ])"
SLASHED = r"^(?P<a>\d{1,2})[/-](?P<b>\d{1,2})[/-](?P<year>\d{4})$"


def _ambiguity_hint(field_name: str) -> str:
    return (
        f" is ambiguous (day/month or month/day?); write {field_name} as YYYY-MM-DD or set "
        "date_order: DMY or MDY in the mapping"
    )


def _parse_slashed(
    text: pd.Series, order: DateOrder | None, field_name: str
) -> tuple[pd.Series, pd.Series]:
    parts = text.str.extract(SLASHED).astype("float64")
    a, b = parts["a"], parts["b"]
    if order == "DMY":
        day_first = pd.Series(True, index=text.index)
    elif order == "MDY":
        day_first = pd.Series(False, index=text.index)
    else:
        day_first = (a > 12) | (a == b)
    ambiguous = parts["year"].notna() & (order is None) & (a <= 12) & (b <= 12) & (a != b)
    day, month = a.where(day_first, b), b.where(day_first, a)
    date = pd.to_datetime(
        pd.DataFrame({"year": parts["year"], "month": month, "day": day}).where(~ambiguous),
        errors="coerce",
    )
    return date, _explain(text, ambiguous, _ambiguity_hint(field_name))


def _parse_loose(
    text: pd.Series, options: ParseOptions, field_name: str
) -> tuple[pd.Series, pd.Series]:
    """Dates in the non-ISO layouts, with an optional time of day."""
    parts = text.str.extract(DATE_AND_TIME)
    date_text = parts["date"].fillna("")
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for layout in DATE_FORMATS:
        todo = parsed.isna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(date_text[todo], format=layout, errors="coerce")
    slashed, reasons = _parse_slashed(date_text, options.date_order, field_name)
    parsed = parsed.fillna(slashed)
    time = parts["time"].fillna("0:00")
    time = time.where(time.str.count(":") == 2, time + ":00")
    return parsed + pd.to_timedelta(time, errors="coerce"), reasons


def _parse_temporal(
    text: pd.Series, options: ParseOptions, field_name: str, with_time: bool
) -> tuple[pd.Series, pd.Series]:
    """Dates or timestamps in any accepted layout -> naive ``datetime64[ns]``.

    Timestamps with an offset are converted to UTC. A date field keeps the date as
    written and drops a time of day (CRM exports often add one to dates).
    """
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if with_time:
        iso = text.str.len() >= 10
        if iso.any():
            parsed[iso] = pd.to_datetime(
                text[iso], format="ISO8601", errors="coerce", utc=True
            ).dt.tz_localize(None)
    else:
        iso = text.str.match(ISO_DATE)
        if iso.any():
            parsed[iso] = pd.to_datetime(
                text[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce"
            )
    reasons = pd.Series(None, index=text.index, dtype=object)
    rest = parsed.isna() & (text != "")
    if rest.any():
        parsed[rest], reasons[rest] = _parse_loose(text[rest], options, field_name)
    unread = (text != "") & parsed.isna() & reasons.isna()
    expected = "YYYY-MM-DD HH:MM" if with_time else "YYYY-MM-DD"
    reasons = reasons.where(~unread, _explain(text, unread, f" is not a date (write {expected})"))
    return (parsed if with_time else parsed.dt.normalize()), reasons


def _parse(
    spec: Field, text: pd.Series, options: ParseOptions
) -> tuple[pd.Series, pd.Series | None]:
    if spec.type == "bool":
        return _parse_bool(text)
    if spec.type in ("date", "datetime"):
        return _parse_temporal(text, options, spec.name, with_time=spec.type == "datetime")
    if spec.type == "money":
        return _parse_money(text, options)
    if spec.type == "float":
        return _parse_number(text, options)
    if spec.type == "int":
        return _parse_int(text, options)
    if spec.choices:
        text = text.str.lower()
    return text.where(text != ""), None


def _max_length(kind: str, column: str) -> int | None:
    return getattr(schema.metadata.tables[kind].c[column].type, "length", None)


def _check_field(
    spec: Field,
    kind: str,
    text: pd.Series,
    typed: pd.Series,
    problems: _Problems,
    known: Mapping[str, pd.Index] | None,
) -> None:
    """Record the problems of one parsed field other than parse errors."""
    present = typed.notna()
    if spec.required:
        problems.add(text == "", spec.name, "missing required value")
    if spec.choices:
        outside = present & ~_isin(typed, spec.choices)
        problems.add(
            outside, spec.name, _explain(text, outside, f" is not one of {', '.join(spec.choices)}")
        )
    low, high = spec.range
    scale = 100 if spec.type == "money" else 1
    if low is not None:
        below = present & (typed < low * scale)
        hint = (
            " (record refunds, discounts and credits as positive amounts of their kind)"
            if spec.type == "money"
            else ""
        )
        problems.add(
            below, spec.name, _explain(text, below, f" is below the minimum {low:g}{hint}")
        )
    if high is not None:
        above = present & (typed > high * scale)
        problems.add(above, spec.name, _explain(text, above, f" is above the maximum {high:g}"))
    limit = _max_length(kind, spec.column) if spec.type in ("id", "text") else None
    if limit is not None:
        problems.add(
            present & (text.str.len() > limit), spec.name, f"longer than {limit} characters"
        )
    if spec.references and known is not None:
        unknown = present & ~_isin(typed, known[spec.references])
        noun = "team member" if spec.references == "team" else "client"
        problems.add(
            unknown,
            spec.name,
            _explain(text, unknown, f" (import {spec.references} first)", f"unknown {noun} "),
        )


def _check_duplicates(
    record: RecordKind,
    typed: dict[str, pd.Series],
    problems: _Problems,
    labels: pd.Index,
    label: str,
    seen: dict[str, object] | None,
) -> None:
    """Reject every repetition of a natural key after its first occurrence.

    ``seen`` carries the keys of earlier chunks of the same file (key -> label of the
    first occurrence) and is updated in place.
    """
    keys = typed[record.key[0]].astype(TEXT)
    for name in record.key[1:]:
        keys = keys + KEY_SEPARATOR + typed[name].astype(TEXT)
    present = keys.notna().to_numpy()
    positions = np.flatnonzero(present)
    values = keys[present].reset_index(drop=True)
    repeated = values.duplicated(keep="first").to_numpy()
    first_label = pd.Series(pd.NA, index=values.index, dtype=object)
    if repeated.any():
        first = pd.Series(positions[~repeated], index=values[~repeated].to_numpy())
        first_label[repeated] = labels[first[values[repeated].to_numpy()].to_numpy()]
    if seen is not None:
        listed = values.tolist()
        if seen.keys().isdisjoint(listed):
            before = np.zeros(len(listed), dtype=bool)
        else:
            before = np.fromiter((key in seen for key in listed), dtype=bool, count=len(listed))
            first_label[before] = [seen[key] for key in values[before]]
        new = ~repeated & ~before
        new_labels = labels[positions[new]].tolist()
        seen.update(zip(itertools.compress(listed, new), new_labels, strict=True))
        repeated |= before
    problems.add_at(
        positions[repeated],
        " + ".join(record.key),
        f"duplicate {' + '.join(record.key)} (the first occurrence, {label} "
        + first_label[repeated].astype(str)
        + ", is kept)",
    )


def validate(
    kind: str,
    frame: pd.DataFrame,
    *,
    options: ParseOptions | None = None,
    known: Mapping[str, pd.Index] | None = None,
    seen: dict[str, object] | None = None,
    label: str = "row",
) -> Validation:
    """Type-check ``frame`` (one column per field name, values as text) for ``kind``.

    Checks required values, types, allowed values and ranges, text lengths, dates not
    before their start, references to ``known`` ids (``{"clients": ids, "team": ids}``;
    skipped when ``known`` is None) and duplicate natural keys (the first occurrence is
    kept; ``seen`` extends that check across chunks of one file). ``label`` names the
    index in reasons (``"line"`` when the index holds line numbers).

    Columns that are not fields of ``kind`` are an error (a bug in the caller's mapping),
    as is a missing required column.

    >>> frame = pd.DataFrame({"member_id": ["m1", "m1"], "name": ["Ana", "Bo"]})
    >>> result = validate("team", frame)
    >>> result.valid["name"].tolist(), result.rejects["reason"].tolist()
    (['Ana'], ['duplicate member_id (the first occurrence, row 0, is kept)'])
    """
    record = record_kind(kind)
    options = options or ParseOptions()
    unknown_columns = [c for c in frame.columns if c not in record.names]
    if unknown_columns:
        raise ToolkitError(
            f"{kind} have no field(s) {', '.join(map(str, unknown_columns))}; "
            f"fields: {', '.join(record.names)}"
        )
    missing = [name for name in record.required if name not in frame.columns]
    if missing:
        raise ToolkitError(f"{kind} need the column(s) {', '.join(missing)}")
    labels = frame.index
    frame = frame.reset_index(drop=True)
    problems = _Problems(len(frame))
    texts: dict[str, pd.Series] = {}
    typed: dict[str, pd.Series] = {}
    for spec in record.fields:
        if spec.name not in frame.columns:
            continue
        texts[spec.name] = _strings(frame[spec.name])
        typed[spec.name], reasons = _parse(spec, texts[spec.name], options)
        if spec.default is not None:
            typed[spec.name] = typed[spec.name].where(texts[spec.name] != "", spec.default)
        if reasons is not None:
            problems.add(reasons.notna(), spec.name, reasons)
        _check_field(spec, kind, texts[spec.name], typed[spec.name], problems, known)
    for spec in record.fields:
        if spec.not_before and spec.name in typed and spec.not_before in typed:
            early = typed[spec.name] < typed[spec.not_before]
            problems.add(
                early,
                spec.name,
                _explain(texts[spec.name], early, f" is before {spec.not_before}", f"{spec.name} "),
            )
    _check_duplicates(record, typed, problems, labels, label, seen)
    good = ~problems.bad()
    valid = pd.DataFrame(
        {
            spec.column: typed[spec.name][good]
            if spec.name in typed
            else pd.Series(spec.default, index=frame.index[good], dtype=object)
            for spec in record.fields
            if spec.name in typed or spec.default is not None
        }
    )
    valid.index = labels[good]
    supplied = tuple(spec.column for spec in record.fields if spec.name in typed)
    return Validation(valid=valid, rejects=problems.frame(labels), supplied=supplied)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of typed values (dates, floats, booleans) as the text :func:`validate` reads.

    Floats keep up to six decimals so that money computed in floating point (0.1 + 0.2)
    comes out as ``0.3``; missing values become empty text.
    """

    def column_text(column: pd.Series) -> pd.Series:
        if pd.api.types.is_datetime64_any_dtype(column):
            text = column.dt.strftime("%Y-%m-%dT%H:%M:%S.%f")
        elif pd.api.types.is_float_dtype(column):
            text = column.round(6).map(repr, na_action="ignore")
        else:
            text = column.astype(object).where(column.notna()).map(str, na_action="ignore")
        return text.fillna("")

    return frame.apply(column_text)
