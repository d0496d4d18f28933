"""One vectorised validator for every kind of record.

:func:`validate` turns a frame of strings (as read from a CSV or a spreadsheet, or as
handed to :meth:`~toolkit.store.workspace.Workspace.write`) into typed rows under the
database's column names and a frame of rejected rows with the reason for each, without a
Python loop over the rows, so a million rows take seconds. Money is never negative:
refunds, discounts and credits are positive amounts with their own kind.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.errors import ToolkitError
from toolkit.store import schema
from toolkit.store.parsing import TEXT, ParseOptions, explain, flags, parse, strings
from toolkit.store.records import Field, RecordKind, record_kind

KEY_SEPARATOR = "\x1f"


@dataclass
class Validation:
    """The outcome of :func:`validate`.

    ``valid`` holds the typed rows that passed, under database column names (money in
    integer cents), indexed like the input. ``rejects`` has one row per rejected input
    row: ``row`` (the input's index label), ``column`` and ``reason`` (several problems
    are joined with ``"; "``). ``supplied`` lists the database columns the input actually
    provided: an upsert updates only those, so a file without ``notes`` keeps the notes.
    ``warnings`` has the same columns as ``rejects`` for valid rows that were kept with a
    value left out (an optional reference to an unknown team member).
    """

    valid: pd.DataFrame
    rejects: pd.DataFrame
    supplied: tuple[str, ...]
    warnings: pd.DataFrame


@dataclass
class _Problems:
    """Problems found so far, as (positions, column, reasons) triples."""

    size: int
    found: list[tuple[np.ndarray, str, pd.Series | str]] = field(default_factory=list)

    def add(self, mask: pd.Series | np.ndarray, column: str, reason: pd.Series | str) -> None:
        mask = flags(mask)
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


def _isin(values: pd.Series, allowed: Iterable[str]) -> np.ndarray:
    """Which text values are in ``allowed`` (Arrow's hash set; missing values are not)."""
    array = pa.array(values, from_pandas=True)
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    found = pc.is_in(array, value_set=pa.array(list(allowed), type=pa.string()))
    return found.fill_null(False).to_numpy(zero_copy_only=False)


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
            outside, spec.name, explain(text, outside, f" is not one of {', '.join(spec.choices)}")
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
        problems.add(below, spec.name, explain(text, below, f" is below the minimum {low:g}{hint}"))
    if high is not None:
        above = present & (typed > high * scale)
        problems.add(above, spec.name, explain(text, above, f" is above the maximum {high:g}"))
    limit = _max_length(kind, spec.column) if spec.type in ("id", "text") else None
    if limit is not None:
        problems.add(
            present & (text.str.len() > limit), spec.name, f"longer than {limit} characters"
        )
    if spec.references and known is not None and spec.required:
        unknown = present & ~_isin(typed, known[spec.references])
        noun = "team member" if spec.references == "team" else "client"
        problems.add(
            unknown,
            spec.name,
            explain(text, unknown, f" (import {spec.references} first)", f"unknown {noun} "),
        )


def _clear_unknown(
    spec: Field,
    text: pd.Series,
    typed: pd.Series,
    known: Mapping[str, pd.Index] | None,
    warnings: _Problems,
) -> pd.Series:
    """An optional reference to an unknown row, cleared: the row is kept without it.

    A client whose owner has left the firm is still a client; rejecting it would lose the
    client to keep a name nobody can use. Each cleared value is a warning.
    """
    if not spec.references or spec.required or known is None:
        return typed
    unknown = typed.notna() & ~_isin(typed, known[spec.references])
    if not unknown.any():
        return typed
    noun = "team member" if spec.references == "team" else "client"
    warnings.add(
        unknown,
        spec.name,
        explain(text, unknown, " left empty", f"unknown {noun} "),
    )
    return typed.where(~unknown)


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
    skipped when ``known`` is None; an unknown optional reference is left empty with a
    warning) and duplicate natural keys (the first occurrence is
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
    problems, cleared = _Problems(len(frame)), _Problems(len(frame))
    texts: dict[str, pd.Series] = {}
    typed: dict[str, pd.Series] = {}
    for spec in record.fields:
        if spec.name not in frame.columns:
            continue
        texts[spec.name] = strings(frame[spec.name])
        typed[spec.name], reasons = parse(spec, texts[spec.name], options)
        if spec.default is not None:
            typed[spec.name] = typed[spec.name].where(texts[spec.name] != "", spec.default)
        if reasons is not None:
            problems.add(reasons.notna(), spec.name, reasons)
        _check_field(spec, kind, texts[spec.name], typed[spec.name], problems, known)
        typed[spec.name] = _clear_unknown(spec, texts[spec.name], typed[spec.name], known, cleared)
    for spec in record.fields:
        if spec.not_before and spec.name in typed and spec.not_before in typed:
            early = typed[spec.name] < typed[spec.not_before]
            problems.add(
                early,
                spec.name,
                explain(texts[spec.name], early, f" is before {spec.not_before}", f"{spec.name} "),
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
    warnings = cleared.frame(labels)
    warnings = warnings[warnings["row"].isin(valid.index)].reset_index(drop=True)
    return Validation(
        valid=valid, rejects=problems.frame(labels), supplied=supplied, warnings=warnings
    )


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
