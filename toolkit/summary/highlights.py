"""The audit findings a session summary highlights, one plain sentence each, and the
imports that would let it say more (a thin workspace's summary names the commands).

The sentences name clients, never staff: a summary may be forwarded to the team, and a
handout that ranks colleagues by name does more harm than the figure does good.
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.firm import FirmAnalyses
from toolkit.widgets.missing import ABSENT, command

#: Rows named in a highlight (the summary must stay short).
TOP = 5
#: The keeper of clients nobody owns, in ``record_completeness(..., by="member")``.
NO_KEEPER = "nobody"
#: The audits the summary highlights, in page order.
AUDITS = ("attention_gaps", "point_person_coverage", "process_variation", "record_completeness")


def _neglected(analyses: FirmAnalyses) -> str:
    gaps = analyses.attention_gaps
    neglected = gaps[gaps["neglected"]]
    names = ", ".join(neglected["name"].head(TOP).astype(str))
    return (
        f"{len(neglected)} valuable clients have waited at least twice as long as "
        f"they deserve for a real contact{': ' + names if len(neglected) else ''}."
    )


def _coverage(analyses: FirmAnalyses) -> str:
    coverage = analyses.coverage
    flagged = coverage[coverage["no_owner"] | coverage["owner_absent"] | coverage["scattered"]]
    return f"{len(flagged)} of {len(coverage)} active clients lack a consistent point-person."


def _variation(analyses: FirmAnalyses) -> str:
    variation = analyses.process_variation.dropna(subset=["similarity"])
    if variation.empty:
        return ""
    worst = variation.iloc[0]
    return (
        f"The least consistent process is {worst['process']}: "
        f"{worst['similarity']:.0%} alike across {int(worst['members'])} people."
    )


def _completeness(analyses: FirmAnalyses) -> str:
    """The firm's record completeness and how many keepers fall short of the template,
    naming nobody: the summary may be forwarded to the staff it would rank."""
    keepers = analyses.completeness_by_member
    if keepers.empty:
        return ""
    firm = (keepers["completeness"] * keepers["clients"]).sum() / keepers["clients"].sum()
    people = keepers[keepers["member_id"] != NO_KEEPER]
    short = int((people["completeness"] < 1).sum())
    return (
        f"Client records hold {firm:.0%} of the agreed fields; {short} of {len(people)} "
        f"record keepers fall short of the agreed template."
    )


#: Each audit's sentence ('' when it has nothing to say).
HIGHLIGHTS: dict[str, Callable[[FirmAnalyses], str]] = {
    "attention_gaps": _neglected,
    "point_person_coverage": _coverage,
    "process_variation": _variation,
    "record_completeness": _completeness,
}


def audits(analyses: FirmAnalyses) -> tuple[str, ...]:
    """The audits that apply: without an agreed record template, completeness is not
    measured at all."""
    return AUDITS if analyses.firm.record_template else AUDITS[:-1]


def highlights(analyses: FirmAnalyses) -> list[str]:
    """One sentence per audit the firm's data allows and that has something to say."""
    lines = [HIGHLIGHTS[a](analyses) for a in audits(analyses) if not analyses.lacks(a)]
    return [line for line in lines if line]


def imports_wanted(analyses: FirmAnalyses) -> dict[str, str]:
    """What the client map and the audits still lack, as {what is missing: the command
    that imports it}, in the order the tables are first needed."""
    tables = [*analyses.map_missing.tables, *analyses.lacks(*audits(analyses)).tables]
    who = analyses.firm.participant_id
    return {ABSENT[table]: command(table, who) for table in dict.fromkeys(tables)}
