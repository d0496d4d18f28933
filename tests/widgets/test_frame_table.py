"""DataFrames as readable HTML tables: labels, formats, escaping, no 'nan'."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.widgets.frame_table import FrameTable, cell_text, table_html


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (None, None, "-"),
        (float("nan"), ".2f", "-"),
        (pd.NaT, None, "-"),
        (pd.Timestamp("2026-10-03"), None, "3 Oct 2026"),
        (0.256, ".0%", "26%"),
        (1234.5, ",.0f", "1,234"),
        ("text", None, "text"),
        (3, lambda n: "✓" * n, "✓✓✓"),
    ],
)
def test_cell_text(value, fmt, text):
    assert cell_text(value, fmt) == text


def test_table_shows_chosen_columns_escaped_and_aligns_numbers_and_text():
    frame = pd.DataFrame({"name": ["<b>Acme</b>"], "value": [12.0], "hidden": ["x"]})
    html = table_html(frame, {"name": "Client", "value": "Value"}, {"value": ".1f"})
    assert '<td class="tk-text">&lt;b&gt;Acme&lt;/b&gt;</td>' in html
    assert '<th class="tk-num">Value</th>' in html and '<td class="tk-num">12.0</td>' in html
    assert "hidden" not in html and ">x<" not in html


def test_optional_columns_are_marked_for_phones_to_leave_out():
    frame = pd.DataFrame({"name": ["Acme"], "fit": [0.5]})
    table = FrameTable({"name": "Client", "fit": "Fit"}, optional=["fit"])
    table.show(frame)
    assert '<th class="tk-num tk-opt">Fit</th>' in table.html.value
    assert '<th class="tk-text">Client</th>' in table.html.value


def test_empty_frame_says_so_and_counts_rows():
    table = FrameTable({"a": "A"}, empty="Nothing here.")
    table.show(pd.DataFrame({"a": []}))
    assert "Nothing here." in table.html.value and table.rows == 0
    table.show(pd.DataFrame({"a": [1, 2]}))
    assert table.rows == 2
