"""The analyses of one firm that the apps and the session report show, computed once.

Wiring only: each property hands the firm's tables (from :func:`toolkit.store.views.firm_data`)
to the matching :mod:`toolkit.analytics` function with the firm's settings, and caches
the answer, so switching tabs never recomputes.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from toolkit import analytics
from toolkit.store.views import FirmData
from toolkit.widgets.missing import INTRO, Missing, lacks, map_missing


class FirmAnalyses:
    """Lazily computed analyses of one firm's data as of the firm's date."""

    def __init__(self, firm: FirmData) -> None:
        self.firm = firm

    def lacks(self, *analyses: str, intro: str = INTRO) -> Missing:
        """What the :mod:`toolkit.analytics` functions named still need imported
        (:func:`toolkit.widgets.missing.lacks`)."""
        return lacks(self.firm, *analyses, intro=intro)

    @cached_property
    def map_missing(self) -> Missing:
        """What the client map lacks (:func:`toolkit.widgets.missing.map_missing`)."""
        return map_missing(self.firm)

    @cached_property
    def names(self) -> pd.Series:
        """Client names by client id (for labelling)."""
        clients = self.firm["clients"]
        return clients.set_index("client_id")["name"]

    @cached_property
    def client_map(self) -> pd.DataFrame:
        """:func:`toolkit.analytics.client_map` with the firm's core industries."""
        firm = self.firm
        return analytics.client_map(
            firm["clients"],
            firm["interactions"],
            firm["transactions"],
            as_of=firm.as_of,
            excuses=firm["excuses"],
            core_industries=firm.core_industries or None,
        )

    @cached_property
    def attention_gaps(self) -> pd.DataFrame:
        """:func:`toolkit.analytics.attention_gaps`, with the client's name added."""
        firm = self.firm
        gaps = analytics.attention_gaps(
            firm["clients"],
            firm["interactions"],
            as_of=firm.as_of,
            transactions=firm["transactions"],
        )
        return gaps.assign(name=gaps["client_id"].map(self.names))

    @cached_property
    def coverage(self) -> pd.DataFrame:
        """:func:`toolkit.analytics.point_person_coverage`, with client and owner names."""
        firm = self.firm
        coverage = analytics.point_person_coverage(
            firm["clients"], firm["interactions"], as_of=firm.as_of
        )
        owners = firm["team"].set_index("member_id")["name"]
        return coverage.assign(
            name=coverage["client_id"].map(self.names),
            owner=coverage["owner_id"].map(owners),
            top=coverage["top_member"].map(owners),
        )

    @cached_property
    def completeness_by_member(self) -> pd.DataFrame:
        """:func:`toolkit.analytics.record_completeness` per record keeper, with names."""
        firm = self.firm
        frame = analytics.record_completeness(
            firm["client_records"], firm.record_template, clients=firm["clients"], by="member"
        )
        names = firm["team"].set_index("member_id")["name"]
        return frame.assign(keeper=frame["member_id"].map(names).fillna(frame["member_id"]))

    @cached_property
    def process_variation(self) -> pd.DataFrame:
        """:func:`toolkit.analytics.process_variation` of the firm's described processes."""
        return analytics.process_variation(self.firm["process_steps"])
