"""Events drawn client by client (contacts, invoices, excuses), gathered into one table.

Each generator draws one client's events as columns of equal length with a fractional
``day`` (days since the window start); :class:`ClientEvents` tags them with the client id
and turns them into one frame ordered by day, with ids numbered in that order.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from toolkit.demo.firms import ClientPlan


class ClientEvents:
    """The events of a firm's clients, added client by client."""

    def __init__(self) -> None:
        self.parts: dict[str, list[np.ndarray]] = defaultdict(list)

    def add(self, plan: ClientPlan, columns: dict[str, np.ndarray]) -> None:
        """Add one client's events (``columns`` includes ``day``); ``client_id`` comes first."""
        self.parts["client_id"].append(np.full(len(columns["day"]), plan.client_id, object))
        for column, values in columns.items():
            self.parts[column].append(values)

    def frame(self, key: str, template: str) -> pd.DataFrame:
        """All events ordered by day (ties by client, else as added), numbered in that order
        as ``template.format(1, 2, ...)`` in a first column ``key``; ``day`` is kept."""
        frame = pd.DataFrame(
            {column: np.concatenate(parts) for column, parts in self.parts.items()}
        )
        frame = frame.sort_values(["day", "client_id"], kind="stable", ignore_index=True)
        frame.insert(0, key, [template.format(i) for i in range(1, len(frame) + 1)])
        return frame
