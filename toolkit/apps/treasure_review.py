"""The coach session's treasure review: the valuable clients who are probably slipping
away (by the purchase model), then those who wait too long for a contact.

Each part says what it lacks instead of showing an empty table: the purchase outlook
needs purchases with repeat buyers and the ``models`` extra (its install command is shown
when it is missing); the attention gaps need clients, purchases and contacts.
"""

from __future__ import annotations

import ipywidgets as widgets

from toolkit.analytics.attention import SLIPPING_P_ALIVE
from toolkit.apps.page import card, info
from toolkit.charts import attention_gap_bars
from toolkit.firm import FirmAnalyses
from toolkit.widgets.chart import Chart
from toolkit.widgets.frame_table import Format, FrameTable, percent
from toolkit.widgets.layouts import FULL

GAP_COLUMNS = {
    "name": "Client",
    "value": "Value (12 months)",
    "days_since_contact": "Days since contact",
    "cadence_days": "Deserves contact every (days)",
}
#: The purchase model's columns, shown when it could be fitted.
OUTLOOK_COLUMNS = {
    "p_alive": "Chance still a client",
    "expected_value_12m": "Expected value (next 12 months)",
}
FORMATS: dict[str, Format] = {
    "value": ",.0f",
    "days_since_contact": ".0f",
    "cadence_days": ".0f",
    "p_alive": percent,
    "expected_value_12m": ",.0f",
}


def treasure_review(analyses: FirmAnalyses) -> widgets.VBox:
    """The tab: the outlook's 'slipping away' list first, then the attention gaps."""
    return widgets.VBox([*_slipping(analyses), *_attention(analyses)], layout=FULL)


def _with_outlook(analyses: FirmAnalyses) -> dict[str, str]:
    """The gap columns, and the outlook's when there is one."""
    shown = analyses.outlook.clients is not None
    return GAP_COLUMNS | (OUTLOOK_COLUMNS if shown else {})


def _slipping(analyses: FirmAnalyses) -> list[widgets.Widget]:
    if analyses.lacks("fit_purchase_model"):
        return []  # the attention part names the purchases to import
    outlook = analyses.outlook
    if outlook.clients is None:
        return [info(outlook.note)] if outlook.note else []
    gaps = analyses.attention_gaps
    slipping = gaps[gaps["slipping"]].sort_values("value", ascending=False)
    table = FrameTable(
        _with_outlook(analyses),
        FORMATS,
        empty="No valuable client seems to be slipping away.",
        optional=("cadence_days", "days_since_contact"),
    )
    table.show(slipping)
    return [
        card(
            "Valuable and probably slipping away",
            table,
            intro="Valuable clients whose purchase rhythm says they have probably stopped "
            f"buying (chance still a client below {SLIPPING_P_ALIVE:.0%}), most valuable first.",
        )
    ]


def _attention(analyses: FirmAnalyses) -> list[widgets.Widget]:
    missing = analyses.lacks(
        "attention_gaps",
        intro="To see which valuable clients wait too long for a contact, import:",
    )
    if missing:
        return [missing.widget()]
    gaps = analyses.attention_gaps
    if gaps.empty:
        return [info("No active clients to review.")]
    neglected = gaps[gaps["neglected"]]
    table = FrameTable(
        _with_outlook(analyses),
        FORMATS,
        empty="No valuable client is waiting too long. Well kept!",
        optional=tuple(OUTLOOK_COLUMNS),
    )
    table.show(neglected)
    return [
        card(
            "Valuable clients waiting too long",
            table,
            intro=f"{len(neglected)} valuable clients have waited at least twice as "
            "long as they deserve since their last real contact.",
        ),
        card("Days since the last contact", Chart(attention_gap_bars(gaps, top=15))),
    ]
