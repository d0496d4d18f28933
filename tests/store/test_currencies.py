"""The reporting currency, rates files and exact conversion."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from toolkit.store import currencies


def test_conversion_is_exact_and_rounds_half_to_even():
    cents = pd.Series([1005, 1015, 700, 300], dtype="Int64")
    codes = pd.Series(["EUR", "EUR", "usd", ""])

    converted, reasons = currencies.convert(cents, codes, "USD", {"EUR": Decimal("1.1")})

    # 1005 * 1.1 = 1105.5 -> 1106 (even); 1015 * 1.1 = 1116.5 -> 1116 (even)
    assert converted.tolist() == [1106, 1116, 700, 300]
    assert reasons.isna().all()


def test_a_currency_without_a_rate_keeps_its_amount_and_gets_a_reason():
    converted, reasons = currencies.convert(
        pd.Series([500], dtype="Int64"), pd.Series(["GBP"]), "EUR", {}
    )

    assert converted.tolist() == [500]
    assert reasons.tolist() == ["amount in GBP, and the workspace has no GBP rate"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("code,value\nEUR,1\n", ":1: the header must be: currency,rate"),
        ("currency,rate\nEUR,0\n", ":2: the rate of EUR must be above 0"),
        ("currency,rate\nEUR\n", ":2: expected a currency and a rate"),
        ("currency,rate\n", ": no rates in the file"),
    ],
)
def test_a_broken_rates_file_names_its_line(tmp_path, text, problem):
    path = tmp_path / "rates.csv"
    path.write_text(text)

    with pytest.raises(currencies.CurrencyError, match=problem):
        currencies.read_rates(path)


def test_the_reporting_currency_and_rates_are_kept_in_the_workspace(empty_firm, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,rate\neur,1.085\n")

    currencies.set_currency(empty_firm, "usd", currencies.read_rates(path))

    assert currencies.reporting_currency(empty_firm) == "USD"
    assert currencies.rates(empty_firm) == {"EUR": Decimal("1.085")}


def test_the_most_common_currency_ignores_case_and_blanks():
    assert currencies.most_common(pd.Series(["eur", "USD", "EUR", "", None])) == "EUR"
