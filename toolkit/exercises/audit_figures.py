"""The abandonment audit's measured figures: for each question the firm's data can answer,
one line saying what the data shows, to read beside the participant's own answer.

The audit asks three things (abandonment-audit.yaml): does every client have one person
to call, does everyone work the same way, and is each client remembered in the records.
The data measures each part: point-person coverage
(:func:`toolkit.analytics.point_person_coverage`), how alike colleagues run a process
(:func:`toolkit.analytics.process_variation`) and how complete the client records are
against the agreed template (:func:`toolkit.analytics.record_completeness`, per keeper).
A part the data does not cover gets no line (nothing is guessed). Every line ends with
the date the figures are as of, since a figure from an old import reads as today's.

Pure: DataFrames in, text out, so the numbers can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}"


def coverage_figures(coverage: pd.DataFrame) -> dict[str, str]:
    """Lines for the point-person questions from ``point_person_coverage`` output (one row
    per active client; ``no_owner``, ``owner_absent``, ``scattered`` flags)."""
    from toolkit.analytics.audit import MANY_MEMBERS

    total = len(coverage)
    if not total:
        return {}
    owned = int((~coverage["no_owner"].astype(bool)).sum())
    absent = int(coverage["owner_absent"].astype(bool).sum())
    scattered = int(coverage["scattered"].astype(bool).sum())
    return {
        "owner_clarity": f"{owned} of {total} active clients ({_share(owned, total)}) have a "
        "named point-person",
        "whoever_free": f"{scattered} of {total} active clients dealt with {MANY_MEMBERS} or "
        "more different colleagues in the last six months",
        "cover": f"for {absent} of {total} active clients the named point-person made none "
        "of the contacts in the last six months: somebody else covers, or nobody does",
    }


def process_figures(variation: pd.DataFrame) -> dict[str, str]:
    """Lines for the process questions from ``process_variation`` output (one row per
    process; ``similarity`` NaN where a single colleague described it)."""
    if variation.empty:
        return {}
    names = ", ".join(sorted(variation["process"].astype(str)))
    lines = {"documented": f"{len(variation)} processes written down as steps: {names}"}
    compared = variation.dropna(subset=["similarity"])
    if not compared.empty:
        mean = compared["similarity"].mean()
        lines["consistent"] = (
            f"colleagues' steps are {mean:.0%} alike on average over {len(compared)} "
            "processes described by two or more of them (100% = the same steps)"
        )
        least = compared.sort_values("similarity", kind="stable").iloc[0]
        lines["most_varied"] = f"least alike: {least['process']} ({least['similarity']:.0%})"
    return lines


def record_figures(template: Sequence[str], completeness: pd.DataFrame | None) -> dict[str, str]:
    """Lines for the record questions: the agreed ``template`` and, with one,
    ``record_completeness(..., by="member")`` output (``clients`` and mean
    ``completeness`` per keeper), averaged over clients."""
    if not template:
        return {"template": "no record template is agreed in the toolkit yet"}
    lines = {"template": f"an agreed template of {len(template)} fields: {', '.join(template)}"}
    if completeness is not None and completeness["clients"].sum() > 0:
        clients = completeness["clients"]
        mean = (clients * completeness["completeness"]).sum() / clients.sum()
        lines["completeness"] = (
            f"client records hold {mean:.0%} of the agreed fields on average "
            f"({int(clients.sum())} clients)"
        )
    return lines


def dated(lines: dict[str, str], as_of: dt.date) -> dict[str, str]:
    """Each line with the date its figures are as of: ``"... (as of 31 October 2026)"``."""
    return {item: f"{text} (as of {as_of.day} {as_of:%B %Y})" for item, text in lines.items()}
