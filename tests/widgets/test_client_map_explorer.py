"""The client-map explorer: a plotly chart and the clients of the chosen segment."""

from __future__ import annotations

import pandas as pd

from toolkit.widgets.client_map_explorer import SHOWN, ClientMapExplorer


def client_map(counts: dict[str, int]) -> pd.DataFrame:
    rows = [
        {
            "client_id": f"{segment[:2]}{i}",
            "name": f"{segment} client {i}",
            "fit": 0.5,
            "health": 0.5,
            "value": float(i),
            "segment": segment,
            "explanation": "because",
            "days_since_contact": 10.0,
        }
        for segment, count in counts.items()
        for i in range(count)
    ]
    return pd.DataFrame(rows)


def test_segments_are_counted_and_the_table_follows_the_choice():
    explorer = ClientMapExplorer(client_map({"cherish": 2, "let go": SHOWN + 3}))
    assert explorer.counts == {"cherish": 2, "develop": 0, "renegotiate": 0, "let go": SHOWN + 3}
    assert explorer.chart.figure is not None and explorer.chart.output.outputs
    assert explorer.table.rows == 2
    explorer.segment = "let go"
    assert explorer.table.rows == SHOWN
    assert f"{SHOWN} most valuable of {SHOWN + 3}" in explorer.caption.value
    assert f"let go client {SHOWN + 2}" in explorer.table.html.value  # largest value first
