"""Text as exported by spreadsheets and CRMs -> typed values, with a reason for each failure.

Every parser takes a column of stripped strings and returns the typed values and, for the
non-empty values it could not read, the reason, vectorised (no Python loop over rows).
The rules (also in docs/importing.md):

* **Dates**: ``YYYY-MM-DD`` (ISO 8601, with or without a time), ``YYYY/MM/DD``,
  ``DD.MM.YYYY``, ``12 Mar 2024``, ``Mar 12, 2024``, ``YYYYMMDD``, Excel serial day
  numbers (``45363``) and slashed or dashed ``a/b/YYYY``. The order of day and month in
  the last one is a property of the whole column (:func:`infer_date_order`): one
  ``13/4/2021`` makes a column day-first, one ``4/13/2021`` month-first. A column with
  neither is ambiguous and its ``a/b`` values with both parts up to 12 are rejected
  rather than guessed; the reason says how to choose the order. Each may carry a time of
  day (``2024-03-12 14:30``); a date field drops it.
* **Timestamps** are stored as naive UTC: a value with an offset (``+02:00``, ``Z``) is
  converted, one without is taken as UTC.
* **Money** is written in currency units with at most two decimals: ``1234.5``,
  ``1,234.50``, ``$1,234.50``, ``EUR 1234.50``. A comma is read as a thousands separator
  only in groups of three (``1,234``); ``1234,50`` is rejected with a hint, because it
  reads differently in different countries. Set ``decimal: ","`` in the mapping for
  files that write ``1.234,50``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.store.records import Field

DateOrder = Literal["DMY", "MDY", "YMD"]
#: The order a whole column shows: one of the orders, or "mixed" when it shows both.
FoundOrder = DateOrder | Literal["mixed"]

TRUE_WORDS = frozenset({"true", "yes", "y", "t", "1", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "f", "0"})
CURRENCY = r"[$€£¥]|\b[A-Za-z]{3}\b"
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


@dataclass(frozen=True)
class ParseOptions:
    """How to read ambiguous text: the order of slashed dates and the decimal mark.

    ``date_order`` (from the user: a mapping or ``--date-order``) applies to every date
    field; ``column_orders`` holds the order found for single fields by looking at a
    whole file (:func:`infer_date_order`). Without either, a field's order is inferred
    from the values being parsed.
    """

    date_order: DateOrder | None = None
    decimal: Literal[".", ","] = "."
    column_orders: Mapping[str, FoundOrder] = field(default_factory=dict)

    def order_of(self, field_name: str) -> FoundOrder | None:
        """The order of day and month for ``field_name`` if known before parsing."""
        return self.date_order or self.column_orders.get(field_name)


def explain(
    text: pd.Series, mask: pd.Series | np.ndarray, suffix: str, prefix: str = ""
) -> pd.Series:
    """``prefix 'value' suffix`` for the flagged rows, NaN for the others.

    Built for the flagged rows only: reasons are few, rows are many, and joining strings
    over a whole column of a million rows costs more than the check itself.
    """
    flagged = flags(mask)
    reasons = pd.Series(np.nan, index=text.index, dtype=object)
    if flagged.any():
        reasons[flagged] = [f"{prefix}'{value}'{suffix}" for value in text[flagged]]
    return reasons


def flags(mask: pd.Series | np.ndarray) -> np.ndarray:
    """A boolean mask as numpy, missing values counting as False."""
    return pd.array(mask, dtype="boolean").to_numpy(dtype=bool, na_value=False)


def strings(column: pd.Series) -> pd.Series:
    """Text with surrounding whitespace removed; missing values become ''."""
    values = pa.array(column, from_pandas=True)
    if not pa.types.is_string(values.type):
        values = pc.cast(values, pa.string())
    return pd.Series(pc.utf8_trim_whitespace(values).fill_null(""), dtype=TEXT)


# --- parsers: (strings) -> (typed values, reasons for the non-empty values that failed) ---


def _parse_bool(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    lower = text.str.lower()
    typed = pd.Series(
        # numpy's stubs leave None out of where's values, which takes any object.
        np.where(lower.isin(TRUE_WORDS), True, np.where(lower.isin(FALSE_WORDS), False, None)),  # type: ignore[call-overload]
        index=text.index,
        dtype=object,
    )
    bad = (text != "") & typed.isna()
    return typed, explain(text, bad, " is not yes/no (write true or false)")


def _parse_number(text: pd.Series, options: ParseOptions) -> tuple[pd.Series, pd.Series]:
    if options.decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    numeric = text.str.fullmatch(NUMBER)
    values = pc.cast(pa.array(text.where(numeric), from_pandas=True), pa.float64())
    number = pd.Series(values.to_numpy(zero_copy_only=False), index=text.index)
    bad = (text != "") & ~np.isfinite(number)
    return number.where(~bad), explain(text, bad, " is not a number")


def _parse_int(text: pd.Series, options: ParseOptions) -> tuple[pd.Series, pd.Series]:
    number, reasons = _parse_number(text, options)
    fractional = number.notna() & (number != np.floor(number))
    reasons = reasons.where(~fractional, explain(text, fractional, " is not a whole number"))
    return number.where(~fractional).astype("Int64"), reasons


MONEY_NUMBER = r"^(?P<sign>-)?(?P<units>\d+)(?:\.(?P<fraction>\d*))?$"
#: An amount written without sign, currency or grouping, with at most two decimals.
PLAIN_AMOUNT = r"\d{1,12}(?:\.\d{0,2})?"


def _parse_money(text: pd.Series, options: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Currency units as text -> integer cents, exactly.

    Plain amounts (``1234.5``, what most files hold) take a fast path: at most twelve
    digits before the point and two after, so units times 100 rounds to the exact cents.
    The others are taken apart as text, without floating point on the way.
    """
    if options.decimal == ".":
        fast = text.str.fullmatch(PLAIN_AMOUNT)
        if fast.all():
            cents = (pd.to_numeric(text, errors="coerce") * 100).round()
            return cents.astype("Int64"), pd.Series(np.nan, index=text.index, dtype=object)
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
    reasons = explain(text, bad & ~extra_digits, f" is not an amount of money ({hint})")
    reasons = reasons.where(~extra_digits, explain(text, bad, " has more than two decimals"))
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
#: A slashed date at the start of a value, perhaps followed by a time of day.
SLASHED_START = r"^\s*(?P<a>\d{1,2})[/-](?P<b>\d{1,2})[/-]\d{4}(?:$|[ T])"


#: ``YYYYMMDD``, as some systems write dates (years 1900-2199).
COMPACT_DATE = r"^(?:19|20|21)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$"
#: An Excel serial day number (days since 1899-12-30) of the years 1927-2173, with an
#: optional fraction for the time of day: what a date cell becomes when exported bare.
EXCEL_SERIAL = r"^\d{5}(?:\.\d+)?$"
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _slashed_parts(text: pd.Series) -> pd.DataFrame:
    return text.str.extract(SLASHED).astype("float64")


def _slashed_numbers(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The first two parts of the ``a/b/YYYY`` values of a column (Arrow, vectorised)."""
    values = pa.array(text, from_pandas=True, type=pa.string())
    slashed = pc.match_substring_regex(values, SLASHED_START).fill_null(False)
    if not pc.any(slashed).as_py():
        return np.empty(0), np.empty(0)
    parts = pc.extract_regex(values.filter(slashed), SLASHED_START)
    return tuple(
        pc.cast(parts.field(name), pa.int64()).to_numpy(zero_copy_only=False) for name in ("a", "b")
    )


def could_be_either(text: pd.Series) -> bool:
    """Whether a column holds a slashed date that reads both ways (``03/04/2024``)."""
    a, b = _slashed_numbers(text)
    return bool(((a <= 12) & (b <= 12) & (a != b)).any())


def infer_date_order(text: pd.Series) -> FoundOrder | None:
    """The order of day and month that the slashed dates of a column show.

    ``DMY`` when some value has a first part over 12 (``13/4/2021``), ``MDY`` when some
    value has a second part over 12 (``4/13/2021``), ``"mixed"`` when both occur (the
    column mixes the two orders: only values that read one way are accepted), and None
    when no value settles it.

    >>> infer_date_order(pd.Series(["03/04/2021", "13/04/2021"]))
    'DMY'
    >>> infer_date_order(pd.Series(["03/04/2021", "2021-05-06"])) is None
    True
    """
    a, b = _slashed_numbers(text)
    day_first, month_first = bool((a > 12).any()), bool((b > 12).any())
    if day_first and month_first:
        return "mixed"
    return "DMY" if day_first else "MDY" if month_first else None


def _ambiguity_hint(field_name: str, mixed: bool) -> str:
    why = (
        "the column has both day-first and month-first dates"
        if mixed
        else "no other date in the column settles the order"
    )
    return (
        f" is ambiguous (day/month or month/day?) and {why}; write {field_name} as "
        "YYYY-MM-DD, or choose the order with --date-order DMY or MDY "
        "(date_order in a mapping file)"
    )


def _parse_slashed(
    text: pd.Series, order: FoundOrder | None, field_name: str
) -> tuple[pd.Series, pd.Series]:
    """``a/b/YYYY`` values in ``order`` (None: the order the values themselves show)."""
    parts = _slashed_parts(text)
    a, b = parts["a"], parts["b"]
    slashed = parts["year"].notna()
    found = order or infer_date_order(text)
    if found == "YMD":
        wrong = explain(text, slashed, " is not year-month-day, as the date order says")
        return pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]"), wrong
    if found in ("DMY", "MDY"):
        day_first = pd.Series(found == "DMY", index=text.index)
        ambiguous = pd.Series(False, index=text.index)
    else:
        day_first = (a > 12) | (a == b)
        ambiguous = slashed & (a <= 12) & (b <= 12) & (a != b)
    day, month = a.where(day_first, b), b.where(day_first, a)
    date = pd.to_datetime(
        pd.DataFrame({"year": parts["year"], "month": month, "day": day}).where(~ambiguous),
        errors="coerce",
    )
    return date, explain(text, ambiguous, _ambiguity_hint(field_name, found == "mixed"))


def _parse_numeric_dates(text: pd.Series) -> pd.Series:
    """``YYYYMMDD`` and Excel serial day numbers; NaT for anything else."""
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    compact = text.str.fullmatch(COMPACT_DATE)
    if compact.any():
        parsed[compact] = pd.to_datetime(text[compact], format="%Y%m%d", errors="coerce")
    serial = text.str.fullmatch(EXCEL_SERIAL)
    if serial.any():
        days = text[serial].astype("float64")
        parsed[serial] = EXCEL_EPOCH + pd.to_timedelta(days.round(6), unit="D")
    return parsed


def _parse_loose(
    text: pd.Series, options: ParseOptions, field_name: str
) -> tuple[pd.Series, pd.Series]:
    """Dates in the non-ISO layouts, with an optional time of day."""
    parsed = _parse_numeric_dates(text)
    parts = text.str.extract(DATE_AND_TIME)
    date_text = parts["date"].fillna("")
    for layout in DATE_FORMATS:
        todo = parsed.isna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(date_text[todo], format=layout, errors="coerce")
    slashed, reasons = _parse_slashed(date_text, options.order_of(field_name), field_name)
    numeric = parsed.notna() & text.str.fullmatch(f"{COMPACT_DATE}|{EXCEL_SERIAL}")
    parsed = parsed.fillna(slashed)
    time = parts["time"].fillna("0:00")
    time = time.where(time.str.count(":") == 2, time + ":00")
    timed = parsed + pd.to_timedelta(time, errors="coerce")
    return timed.where(~numeric, parsed), reasons


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
    compact = parsed.isna() & text.str.fullmatch(COMPACT_DATE)
    if compact.any():
        parsed[compact] = pd.to_datetime(text[compact], format="%Y%m%d", errors="coerce")
    reasons = pd.Series(None, index=text.index, dtype=object)
    rest = parsed.isna() & (text != "")
    if rest.any():
        parsed[rest], reasons[rest] = _parse_loose(text[rest], options, field_name)
    unread = (text != "") & parsed.isna() & reasons.isna()
    expected = "YYYY-MM-DD HH:MM" if with_time else "YYYY-MM-DD"
    reasons = reasons.where(~unread, explain(text, unread, f" is not a date (write {expected})"))
    return (parsed if with_time else parsed.dt.normalize()), reasons


def parse(
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
