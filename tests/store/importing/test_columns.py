"""Mapping columns to fields: joined columns, list columns, several sources, ids."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from toolkit.store.importing import columns
from toolkit.store.importing.tables import Batch, Table
from toolkit.store.mappings import parse_mapping
from toolkit.store.records import record_kind


def _table(header: list[str], rows: list[list[str]]) -> tuple[Table, Batch]:
    batch = Batch(
        np.arange(2, 2 + len(rows), dtype=np.int64),
        [pa.array(list(column), type=pa.string()) for column in zip(*rows, strict=True)],
    )
    table = Table(
        path="export.csv",
        digest="0" * 64,
        header=header,
        header_line=1,
        encoding="utf-8",
        data_rows=len(rows),
        batches=lambda: iter([batch]),
    )
    return table, batch


MAPPING = parse_mapping(
    """
kinds:
  team:
    columns:
      name: [Full Name, {join: [First Name, Last Name]}]
  transactions:
    columns:
      client_id: [Primary, {first: Companies, separator: ";"}]
""",
    "test",
)


def test_joined_columns_make_one_name():
    record = record_kind("team")
    table, batch = _table(
        ["member_id", "First Name", "Last Name"], [["u1", "Ana", "Lima"], ["u2", " Bo ", ""]]
    )

    frame, warnings = columns.frame(
        batch, columns.plan(table, MAPPING.kind("team"), record), MAPPING, record
    )

    assert frame["name"].tolist() == ["Ana Lima", "Bo"]
    assert warnings.empty


def test_each_row_takes_the_first_source_with_a_value_and_lists_warn():
    record = record_kind("transactions")
    header = ["transaction_id", "Primary", "Companies", "occurred_on", "amount"]
    rows = [
        ["d1", "c2", "c1;c2", "2024-01-01", "1"],
        ["d2", "", "c3;c4", "2024-01-01", "1"],
        ["d3", "", "c5", "2024-01-01", "1"],
    ]
    table, batch = _table(header, rows)
    planned = columns.plan(table, MAPPING.kind("transactions"), record)

    frame, warnings = columns.frame(batch, planned, MAPPING, record)

    assert frame["client_id"].tolist() == ["c2", "c3", "c5"]
    assert warnings.to_dict("records") == [
        {"row": 3, "column": "client_id", "reason": "2 values in 'Companies'; the first was used"}
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0015e00000Hk2PqAAJ", "0015e00000Hk2Pq"),
        ("0015e00000Hk2Pq", "0015e00000Hk2Pq"),
        ("0015e00000Hk2PqAAB", "0015e00000Hk2PqAAB"),
        ("not-an-id-of-18-ch", "not-an-id-of-18-ch"),
    ],
)
def test_an_18_character_salesforce_id_becomes_its_15_character_form_only_with_its_checksum(
    value, expected
):
    assert columns.salesforce_id(value) == expected
