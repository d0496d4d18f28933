"""The vectorised validator: parsing rules for dates, money, numbers, and row checks."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from toolkit.errors import ToolkitError
from toolkit.store.parsing import ParseOptions
from toolkit.store.validation import as_text, validate

KNOWN = {"clients": pd.Index(["c1", "c2"]), "team": pd.Index(["m1"])}


def one_client(**values: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"client_id": ["c9"], "name": ["Nine"], **{k: [v] for k, v in values.items()}}
    )


def one_transaction(amount: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "transaction_id": ["t1"],
            "client_id": ["c1"],
            "occurred_on": ["2024-01-02"],
            "amount": [amount],
        }
    )


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("2024-03-12", ParseOptions(), "2024-03-12"),
        ("2024-03-12 23:59", ParseOptions(), "2024-03-12"),
        ("2024/03/12", ParseOptions(), "2024-03-12"),
        ("12.03.2024", ParseOptions(), "2024-03-12"),
        ("12 Mar 2024", ParseOptions(), "2024-03-12"),
        ("Mar 12, 2024", ParseOptions(), "2024-03-12"),
        ("12-Mar-2024", ParseOptions(), "2024-03-12"),
        ("13/03/2024", ParseOptions(), "2024-03-13"),
        ("03/13/2024", ParseOptions(), "2024-03-13"),
        ("05/05/2024", ParseOptions(), "2024-05-05"),
        ("03/04/2024", ParseOptions(date_order="DMY"), "2024-04-03"),
        ("03/04/2024", ParseOptions(date_order="MDY"), "2024-03-04"),
        ("3-4-2024", ParseOptions(date_order="DMY"), "2024-04-03"),
    ],
)
def test_date_layouts(text, options, expected):
    result = validate("clients", one_client(acquired_on=text), options=options)

    assert result.rejects.empty
    assert result.valid["acquired_on"].iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("03/04/2024", "'03/04/2024' is ambiguous (day/month or month/day?)"),
        ("2024-02-30", "'2024-02-30' is not a date (write YYYY-MM-DD)"),
        ("31/31/2024", "'31/31/2024' is not a date (write YYYY-MM-DD)"),
        ("soon", "'soon' is not a date (write YYYY-MM-DD)"),
    ],
)
def test_bad_dates_are_rejected_not_guessed(text, reason):
    result = validate("clients", one_client(acquired_on=text))

    assert result.valid.empty
    assert result.rejects["reason"].iloc[0].startswith(reason)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-12T14:30:00", "2024-03-12 14:30:00"),
        ("2024-03-12 14:30", "2024-03-12 14:30:00"),
        ("2024-03-12T14:30:00+02:00", "2024-03-12 12:30:00"),
        ("2024-03-12T14:30:00Z", "2024-03-12 14:30:00"),
        ("12.03.2024 08:15", "2024-03-12 08:15:00"),
        ("2024-03-12", "2024-03-12 00:00:00"),
    ],
)
def test_timestamps_are_naive_utc(text, expected):
    frame = pd.DataFrame({"interaction_id": ["i1"], "client_id": ["c1"], "occurred_at": [text]})

    result = validate("interactions", frame)

    assert result.valid["occurred_at"].iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    ("text", "options", "cents"),
    [
        ("1234.5", ParseOptions(), 123450),
        ("1,234.50", ParseOptions(), 123450),
        ("$1,234.50", ParseOptions(), 123450),
        ("EUR 1234.50", ParseOptions(), 123450),
        ("0.1", ParseOptions(), 10),
        ("1234", ParseOptions(), 123400),
        ("1.234,50", ParseOptions(decimal=","), 123450),
        ("1234,5", ParseOptions(decimal=","), 123450),
        ("0", ParseOptions(), 0),
    ],
)
def test_money_is_read_exactly_into_cents(text, options, cents):
    result = validate("transactions", one_transaction(text), options=options)

    assert result.rejects.empty
    assert result.valid["amount_cents"].iloc[0] == cents


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-5", "'-5' is below the minimum 0"),
        ("(5.00)", "'(5.00)' is below the minimum 0"),
        ("1234,50", "'1234,50' is not an amount of money (write 1234.50, or set decimal"),
        ("12.345", "'12.345' has more than two decimals"),
        ("lots", "'lots' is not an amount of money"),
        ("", "missing required value"),
    ],
)
def test_bad_money_is_rejected_with_a_reason(text, reason):
    result = validate("transactions", one_transaction(text))

    assert result.valid.empty
    assert result.rejects["column"].iloc[0] == "amount"
    assert result.rejects["reason"].iloc[0].startswith(reason)


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("yes", True, None),
        ("X", True, None),
        ("No", False, None),
        ("", False, None),
        ("perhaps", None, "'perhaps' is not yes/no (write true or false)"),
    ],
)
def test_booleans(text, expected, reason):
    result = validate("clients", one_client(is_internal=text))

    if reason is None:
        assert result.valid["is_internal"].iloc[0] == expected
    else:
        assert result.rejects["reason"].tolist() == [reason]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0.25", None),
        ("-1", None),
        ("1.5", "'1.5' is above the maximum 1"),
        ("good", "'good' is not a number"),
        ("nan", "'nan' is not a number"),
    ],
)
def test_sentiment_is_a_number_in_range(text, reason):
    frame = pd.DataFrame(
        {
            "interaction_id": ["i1"],
            "client_id": ["c1"],
            "occurred_at": ["2024-01-01"],
            "sentiment": [text],
        }
    )

    result = validate("interactions", frame)

    assert result.rejects["reason"].tolist() == ([] if reason is None else [reason])


@pytest.mark.parametrize(
    ("text", "reason"),
    [("2", None), ("0", "'0' is below the minimum 1"), ("1.5", "'1.5' is not a whole number")],
)
def test_step_numbers_are_whole_and_positive(text, reason):
    frame = pd.DataFrame(
        {"member_id": ["m1"], "process": ["onboarding"], "step_no": [text], "step": ["Call"]}
    )

    result = validate("process_steps", frame)

    assert result.rejects["reason"].tolist() == ([] if reason is None else [reason])


def test_several_problems_of_one_row_are_joined():
    frame = pd.DataFrame(
        {"client_id": ["c9"], "name": [""], "is_internal": ["perhaps"], "acquired_on": ["later"]}
    )

    result = validate("clients", frame, known=KNOWN)

    assert result.rejects.to_dict("records") == [
        {
            "row": 0,
            "column": "name, is_internal, acquired_on",
            "reason": "missing required value; 'perhaps' is not yes/no (write true or false); "
            "'later' is not a date (write YYYY-MM-DD)",
        }
    ]


def test_duplicates_are_found_across_chunks_with_seen_keys():
    seen: dict[str, object] = {}
    first = pd.DataFrame({"member_id": ["m1", "m2"], "name": ["A", "B"]}, index=[2, 3])
    second = pd.DataFrame(
        {"member_id": ["m3", "m1", "m3"], "name": ["C", "D", "E"]}, index=[4, 5, 6]
    )

    validate("team", first, seen=seen, label="line")
    result = validate("team", second, seen=seen, label="line")

    assert result.valid["member_id"].tolist() == ["m3"]
    assert result.rejects["reason"].tolist() == [
        "duplicate member_id (the first occurrence, line 2, is kept)",
        "duplicate member_id (the first occurrence, line 4, is kept)",
    ]


def test_compound_keys_are_duplicates_only_when_every_part_repeats():
    frame = pd.DataFrame(
        {
            "client_id": ["c1", "c1", "c1"],
            "field": ["email", "phone", "email"],
            "value": ["a", "b", "c"],
        }
    )

    result = validate("client_records", frame)

    assert result.rejects[["row", "column"]].to_dict("records") == [
        {"row": 2, "column": "client_id + field"}
    ]


def test_choices_are_case_insensitive_and_others_rejected():
    frame = pd.DataFrame(
        {
            "interaction_id": ["i1", "i2"],
            "client_id": ["c1", "c1"],
            "occurred_at": ["2024-01-01", "2024-01-01"],
            "direction": ["OUTBOUND", "sideways"],
        }
    )

    result = validate("interactions", frame)

    assert result.valid["direction"].tolist() == ["outbound"]
    assert result.rejects["reason"].tolist() == ["'sideways' is not one of inbound, outbound"]


def test_text_longer_than_the_column_is_rejected():
    result = validate("team", pd.DataFrame({"member_id": ["m" * 65], "name": ["Long"]}))

    assert result.rejects["reason"].tolist() == ["longer than 64 characters"]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"member_id": ["m1"], "name": ["A"], "age": ["3"]}), "no field(s) age"),
        (pd.DataFrame({"member_id": ["m1"]}), "need the column(s) name"),
    ],
)
def test_wrong_columns_are_a_programming_error(frame, message):
    with pytest.raises(ToolkitError, match=re.escape(message)):
        validate("team", frame)


def test_unknown_kind_lists_the_known_ones():
    with pytest.raises(ToolkitError, match="choose one of: team, clients"):
        validate("invoices", pd.DataFrame())


def test_as_text_round_trips_typed_values():
    typed = pd.DataFrame(
        {
            "transaction_id": ["t1"],
            "client_id": ["c1"],
            "occurred_on": [pd.Timestamp("2024-01-02")],
            "amount": [0.1 + 0.2],
        }
    )

    result = validate("transactions", as_text(typed))

    assert result.valid[["occurred_on", "amount_cents"]].iloc[0].tolist() == [
        pd.Timestamp("2024-01-02"),
        30,
    ]
