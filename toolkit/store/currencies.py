"""The workspace's reporting currency, exchange rates, and converting money exactly.

Every amount in the workspace is in one currency, the reporting currency, so sums mean
something. An import whose file names a currency per row (Salesforce's
``Amount Currency``, Pipedrive's ``Deal - Currency``) keeps rows in the reporting
currency, converts the others with the rates the user gave, and sets aside the rows of
a currency without a rate, with a reason. When the workspace has no reporting currency
yet, the first such import adopts the most common currency of its file and says so.

A rates file is CSV with a header and two columns, ``currency`` and ``rate``: how many
units of the reporting currency one unit of that currency is worth::

    currency,rate
    EUR,1.08
    GBP,1.27

Converted amounts are rounded to the cent half to even (banker's rounding), from exact
decimal arithmetic, never from floating point.
"""

from __future__ import annotations

import csv
import json
import os
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.store.workspace import Workspace

CURRENCY_SETTING = "currency"
RATES_SETTING = "currency_rates"
CODE = re.compile(r"^[A-Z]{3}$")


class CurrencyError(ToolkitError):
    """A currency code or a rates file that cannot be used."""


def currency_code(text: str) -> str:
    """A three-letter ISO 4217 code in upper case, or an error saying what is expected."""
    code = text.strip().upper()
    if not CODE.match(code):
        raise CurrencyError(f"{text!r} is not a currency code (three letters, such as EUR or USD)")
    return code


def reporting_currency(ws: Workspace) -> str | None:
    """The workspace's reporting currency, None until one is set or adopted."""
    return ws.setting(CURRENCY_SETTING)


def rates(ws: Workspace) -> dict[str, Decimal]:
    """The workspace's exchange rates: currency -> units of the reporting currency."""
    text = ws.setting(RATES_SETTING)
    return {code: Decimal(rate) for code, rate in json.loads(text).items()} if text else {}


def set_currency(ws: Workspace, code: str, new_rates: dict[str, Decimal] | None = None) -> None:
    """Set the reporting currency and, when given, replace the exchange rates."""
    ws.set_setting(CURRENCY_SETTING, currency_code(code))
    if new_rates is not None:
        ws.set_setting(RATES_SETTING, json.dumps({c: str(r) for c, r in new_rates.items()}))


def read_rates(path: str | os.PathLike[str]) -> dict[str, Decimal]:
    """Read a rates file (``currency,rate``); errors name the file and line."""
    path = Path(path)
    if not path.is_file():
        raise CurrencyError(f"{path}: no such file")
    found: dict[str, Decimal] = {}
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file)
        header = [cell.strip().lower() for cell in next(reader, [])]
        if header[:2] != ["currency", "rate"]:
            raise CurrencyError(f"{path}:1: the header must be: currency,rate")
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < 2:
                raise CurrencyError(f"{path}:{line}: expected a currency and a rate")
            try:
                code, rate = currency_code(row[0]), Decimal(row[1].strip())
            except (CurrencyError, InvalidOperation):
                raise CurrencyError(
                    f"{path}:{line}: {row[0]!r}, {row[1]!r} is not a currency code and a "
                    "rate such as EUR,1.08"
                ) from None
            if not rate.is_finite() or rate <= 0:
                raise CurrencyError(f"{path}:{line}: the rate of {code} must be above 0")
            found[code] = rate
    if not found:
        raise CurrencyError(f"{path}: no rates in the file")
    return found


def most_common(currencies: pd.Series) -> str | None:
    """The most frequent currency code of a column (the first in order on a tie)."""
    codes = currencies.dropna().str.strip().str.upper()
    codes = codes[codes != ""]
    if codes.empty:
        return None
    counts = codes.value_counts(sort=False)
    return str(counts.idxmax())


def convert(
    cents: pd.Series, currencies: pd.Series, reporting: str, known: dict[str, Decimal]
) -> tuple[pd.Series, pd.Series]:
    """Amounts in cents converted to ``reporting``, and why the others cannot be.

    A row in the reporting currency (or with no currency) is kept as it is; one in a
    currency with a rate is converted, rounded half to even to the cent; one without a
    rate gets a reason and keeps its amount.

    >>> amounts, why = convert(
    ...     pd.Series([1000, 1005, 700]), pd.Series(["USD", "EUR", "GBP"]), "USD",
    ...     {"EUR": Decimal("1.1")},
    ... )
    >>> amounts.tolist(), why.tolist()
    ([1000, 1106, 700], [nan, nan, 'amount in GBP, and the workspace has no GBP rate'])
    """
    codes = currencies.reindex(cents.index).fillna("").str.strip().str.upper()
    foreign = (codes != "") & (codes != reporting)
    converted = cents.astype(object).copy()
    reasons = pd.Series(np.nan, index=cents.index, dtype=object)
    for code in codes[foreign].unique():
        rows = foreign & (codes == code)
        rate = known.get(code)
        if rate is None:
            reasons[rows] = f"amount in {code}, and the workspace has no {code} rate"
            continue
        converted[rows] = [
            int((Decimal(int(value)) * rate).quantize(Decimal(1), ROUND_HALF_EVEN))
            for value in cents[rows]
        ]
    return converted.astype(cents.dtype), reasons
