"""A firm's picture: the analyses of one firm that the apps, the session summary and the
learner notebooks show, computed one way and once.

:func:`firm_analyses` is the one entry point: the firm's tables as of its date
(:func:`toolkit.store.views.firm_data`), its settings (:mod:`toolkit.store.firm_settings`)
and the participant's own fit ratings from the client fit map. :class:`FirmAnalyses` is
wiring only: each property hands the tables to the matching :mod:`toolkit.analytics`
function and caches the answer, so switching tabs never recomputes. A notebook and an
app that start from :func:`firm_analyses` therefore show the same segments. The purchase
model (:func:`toolkit.analytics.fit_purchase_model`, seconds to fit) is also kept per
firm, as-of date and purchase history, so opening a participant again does not refit it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from toolkit import analytics
from toolkit.analytics import AnalyticsInputError, MissingExtraError
from toolkit.store import Workspace
from toolkit.store.views import FirmData, firm_data
from toolkit.widgets.missing import INTRO, Missing, lacks, map_missing

if TYPE_CHECKING:
    from toolkit.exercises import Exercise

#: The client fit map, whose fit ratings feed the client map.
CLIENT_FIT = "client-love-map"
#: How many fitted purchase models a kernel keeps (the coach's last few participants).
MODELS_KEPT = 8
#: Predictions of fitted models by (participant, as-of date, fingerprint of the purchases).
_models: dict[tuple[str, dt.date, int], pd.DataFrame] = {}


class Outlook(NamedTuple):
    """The purchase model's predictions per client (``clients``: client_id, p_alive,
    expected_purchases_12m, expected_value_12m), or ``None`` and in ``note`` why not."""

    clients: pd.DataFrame | None
    note: str = ""


def predicted(firm: FirmData) -> pd.DataFrame:
    """``fit_purchase_model(...).clients`` for ``firm`` at its as-of date, fitted once per
    participant, date and purchase history (raises as the fit does)."""
    transactions = firm["transactions"]
    fingerprint = int(pd.util.hash_pandas_object(transactions, index=False).sum())
    key = (firm.participant_id, firm.as_of, fingerprint)
    if key not in _models:
        model = analytics.fit_purchase_model(transactions, as_of=firm.as_of)
        if len(_models) >= MODELS_KEPT:
            del _models[next(iter(_models))]
        _models[key] = model.clients
    return _models[key]


class FirmAnalyses:
    """Lazily computed analyses of one firm's data as of the firm's date.

    With ``purchase_model`` the client map and the attention gaps also get each client's
    outlook (:attr:`outlook`); without it no model is fitted (a member's page stays light).
    ``ratings`` are the participant's own fit ratings (client_id, fit on 1-5: see
    :func:`toolkit.exercises.ratings`), which replace the data's fit estimate in
    :attr:`client_map`; :attr:`data_map` keeps the data's own view.
    """

    def __init__(
        self,
        firm: FirmData,
        *,
        purchase_model: bool = False,
        ratings: pd.DataFrame | None = None,
    ) -> None:
        self.firm = firm
        self.purchase_model = purchase_model
        self.ratings = ratings if ratings is not None and not ratings.empty else None

    def lacks(self, *analyses: str, intro: str = INTRO) -> Missing:
        """What the :mod:`toolkit.analytics` functions named still need imported
        (:func:`toolkit.widgets.missing.lacks`)."""
        return lacks(self.firm, *analyses, intro=intro)

    @cached_property
    def without_outlook(self) -> FirmAnalyses:
        """These analyses without the purchase model (``self`` when they have none): for
        views that read no outlook, so that they need not wait for the model's fit."""
        if not self.purchase_model:
            return self
        return FirmAnalyses(self.firm, ratings=self.ratings)

    @cached_property
    def map_missing(self) -> Missing:
        """What the client map lacks (:func:`toolkit.widgets.missing.map_missing`)."""
        return map_missing(self.firm)

    @cached_property
    def outlook(self) -> Outlook:
        """The purchase model's predictions, when asked for and the firm has purchases
        with enough repeat buyers; else why not (the install command when the ``models``
        extra is missing, the model's own reason when there are too few repeats)."""
        if not self.purchase_model or self.lacks("fit_purchase_model"):
            return Outlook(None)
        try:
            return Outlook(predicted(self.firm))
        except MissingExtraError as error:
            return Outlook(None, str(error))
        except AnalyticsInputError as error:
            return Outlook(None, f"No purchase outlook yet: {error}.")

    @cached_property
    def names(self) -> pd.Series:
        """Client names by client id (for labelling)."""
        clients = self.firm["clients"]
        return clients.set_index("client_id")["name"]

    @cached_property
    def client_map(self) -> pd.DataFrame:
        """:func:`toolkit.analytics.client_map` with the firm's core industries and the
        participant's own fit :attr:`ratings`, where given (``fit_source`` says which)."""
        return self.data_map if self.ratings is None else self._map(self.ratings)

    @cached_property
    def data_map(self) -> pd.DataFrame:
        """The client map from the data alone: the view the client fit exercise compares
        the participant's ratings with (their ratings must not be compared with
        themselves)."""
        return self._map(None)

    def _map(self, ratings: pd.DataFrame | None) -> pd.DataFrame:
        firm = self.firm
        return analytics.client_map(
            firm["clients"],
            firm["interactions"],
            firm["transactions"],
            as_of=firm.as_of,
            excuses=firm["excuses"],
            ratings=ratings,
            core_industries=firm.core_industries,
            outlook=self.outlook.clients,
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
            outlook=self.outlook.clients,
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


def own_fit_ratings(
    workspace: Workspace, participant_id: str, exercises: Mapping[str, Exercise]
) -> pd.DataFrame | None:
    """The participant's latest fit ratings from the client fit map (client_id, fit on
    1-5; :func:`toolkit.exercises.ratings`) for the client map, or None before any."""
    from toolkit.exercises import ratings
    from toolkit.store import coaching

    exercise = exercises.get(CLIENT_FIT)
    if exercise is None:
        return None
    answers = coaching.latest_answers(workspace, participant_id, CLIENT_FIT)
    items = exercise.items
    valid = {i: v for i, v in answers.items() if i in items and items[i].problem(v) is None}
    frame = ratings(exercise, valid)
    return None if frame.empty else frame


def firm_analyses(
    workspace: Workspace,
    participant_id: str | None = None,
    exercises: Mapping[str, Exercise] | None = None,
    *,
    purchase_model: bool = False,
) -> FirmAnalyses:
    """The picture of a participant's firm (default: the workspace's first member) as of
    its date, with their own fit ratings where they rated clients (``exercises``: the
    loaded exercises, default the shipped ones)."""
    from toolkit.exercises import load_all

    firm = firm_data(workspace, participant_id)
    ratings = own_fit_ratings(workspace, firm.participant_id, exercises or load_all())
    return FirmAnalyses(firm, purchase_model=purchase_model, ratings=ratings)
