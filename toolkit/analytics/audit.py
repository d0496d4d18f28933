"""The abandonment audit: point-person coverage, process variation, record completeness.

The idea (docs/analytics.md, "Abandonment audit"): clients feel abandoned after the sale
when nobody in particular looks after them, when every employee handles them their own way,
and when every employee records different things about them. Each part is measured here."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.analytics.inputs import (
    AnalyticsInputError,
    DateLike,
    dates,
    group_codes,
    meaningful,
    most_frequent,
    not_after,
    ordered,
    pair_counts,
    positions,
    require_columns,
    resolve_as_of,
    text_codes,
)

#: From this many different team members in the window a client counts as scattered.
MANY_MEMBERS = 4
COVERAGE_COLUMNS = [
    "client_id",
    "owner_id",
    "contacts",
    "members",
    "owner_contacts",
    "owner_share",
    "top_member",
    "top_share",
    "no_owner",
    "owner_absent",
    "scattered",
]


def _window(
    interactions: pd.DataFrame, as_of: DateLike | None, window_days: int
) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """The meaningful interactions in the ``window_days`` up to ``as_of``."""
    require_columns(interactions, ["client_id", "member_id", "occurred_at"], "interactions")
    if window_days <= 0:
        raise AnalyticsInputError("window_days must be positive")
    occurred = dates(interactions, "occurred_at", "interactions", required=True)
    as_of = resolve_as_of(as_of, occurred)
    if as_of is None:
        return interactions.iloc[:0], None
    not_after(occurred, as_of, "occurred_at", "interactions")
    inside = (
        meaningful(interactions)
        & (occurred >= as_of - pd.Timedelta(days=window_days - 1)).to_numpy()
    )
    return interactions[inside], as_of


def point_person_coverage(
    clients: pd.DataFrame,
    interactions: pd.DataFrame,
    window_days: int = 180,
    *,
    as_of: DateLike | None = None,
    many_members: int = MANY_MEMBERS,
) -> pd.DataFrame:
    """Who looks after each client: distinct team members, the owner's part, concentration.

    Over meaningful contacts in the ``window_days`` days up to ``as_of`` (default: the
    latest date in both frames), per client of ``clients`` (active ones: no ``ended_on`` on or
    before ``as_of``): ``contacts``, ``members`` (distinct team members; contacts without
    a member are counted but name nobody), ``owner_contacts`` and ``owner_share =
    owner_contacts / contacts`` (NaN without an owner), the ``top_member`` and
    ``top_share`` (the largest single member's share: 1.0 is one point-person, low values
    mean whoever is free answers; of members tied for the most contacts, the one whose id
    sorts first).
    Flags: ``no_owner`` (no ``owner_id``), ``owner_absent`` (an owner who made none of
    the contacts, including a client nobody contacted), ``scattered`` (``members >=
    many_members``, default 4). Shares are NaN without contacts. Sorted with the flagged
    clients first. Interactions of clients not in ``clients`` are ignored.

    >>> import pandas as pd
    >>> clients = pd.DataFrame({"client_id": ["a", "b"], "owner_id": ["m1", None]})
    >>> calls = pd.DataFrame({"client_id": ["a", "a", "b"], "member_id": ["m1", "m2", "m2"],
    ...     "occurred_at": pd.to_datetime(["2024-05-01", "2024-05-02", "2024-05-03"])})
    >>> point_person_coverage(clients, calls)[["client_id", "members", "owner_share", "no_owner"]]
      client_id  members  owner_share  no_owner
    0         b        1          NaN      True
    1         a        2          0.5     False
    """
    require_columns(clients, ["client_id", "owner_id"], "clients")
    window, as_of = _window(interactions, resolve_as_of(as_of, clients, interactions), window_days)
    base = clients
    if "ended_on" in clients.columns and as_of is not None:
        ended = dates(clients, "ended_on", "clients")
        base = clients[(ended.isna() | (ended > as_of)).to_numpy()]
    ids = pd.Index(base["client_id"])
    if ids.has_duplicates:
        raise AnalyticsInputError("clients.client_id has duplicate values")
    client = positions(window["client_id"], ids)
    known = client >= 0
    # sorted codes: of members with equally many contacts, the one whose id sorts first is
    # the top member, whatever order the database returned the rows in
    member, members_index = pd.factorize(
        window["member_id"].to_numpy(dtype=object)[known], sort=True
    )
    members_index = pd.Index(members_index, dtype=object)
    client = client[known]
    size = len(ids)
    contacts = np.bincount(client, minlength=size)
    pairs = pair_counts(client, member, size)
    distinct = (pairs > 0).sum(axis=1)
    top = pairs.max(axis=1, initial=0)
    top_member = np.full(size, None, dtype=object)
    contacted = top > 0
    top_member[contacted] = members_index.to_numpy()[pairs.argmax(axis=1)[contacted]]
    owner = base["owner_id"].to_numpy(dtype=object)
    owner_code = members_index.get_indexer(owner)
    by_owner = (member == owner_code[client]) & (member >= 0)
    owner_contacts = np.bincount(client[by_owner], minlength=size)
    no_owner = pd.isna(owner)
    with np.errstate(invalid="ignore", divide="ignore"):
        owner_share = np.where((contacts > 0) & ~no_owner, owner_contacts / contacts, np.nan)
        top_share = np.where(contacts > 0, top / contacts, np.nan)
    frame = pd.DataFrame(
        {
            "client_id": ids,
            "owner_id": owner,
            "contacts": contacts,
            "members": distinct,
            "owner_contacts": owner_contacts,
            "owner_share": owner_share,
            "top_member": top_member,
            "top_share": top_share,
            "no_owner": no_owner,
            "owner_absent": ~no_owner & (owner_contacts == 0),
            "scattered": distinct >= many_members,
        }
    )
    flagged = frame[["no_owner", "owner_absent", "scattered"]].sum(axis=1)
    frame = frame.assign(_flags=-flagged, _top=frame["top_share"].fillna(-1))
    frame = frame.sort_values(["_flags", "_top", "client_id"], kind="stable")
    return frame[COVERAGE_COLUMNS].reset_index(drop=True)


def coverage_matrix(
    interactions: pd.DataFrame, window_days: int = 180, *, as_of: DateLike | None = None
) -> pd.DataFrame:
    """Meaningful contacts per client (rows) and team member (columns) in the window.

    The data behind the coverage heatmap; contacts without a member go to column
    'nobody'.

    >>> import pandas as pd
    >>> calls = pd.DataFrame({"client_id": ["a", "a", "b"], "member_id": ["m1", "m2", "m2"],
    ...     "occurred_at": pd.to_datetime(["2024-05-01", "2024-05-02", "2024-05-03"])})
    >>> coverage_matrix(calls)
    member_id  m1  m2
    client_id
    a           1   1
    b           0   1
    """
    window, _ = _window(interactions, as_of, window_days)
    client, clients = pd.factorize(window["client_id"], sort=True)
    member, members = pd.factorize(window["member_id"].fillna("nobody"), sort=True)
    return pd.DataFrame(
        pair_counts(client, member, len(clients))[:, : len(members)],
        index=pd.Index(clients, name="client_id"),
        columns=pd.Index(members, name="member_id"),
    )


def _filled(records: pd.DataFrame) -> np.ndarray:
    """Rows whose value is neither missing nor blank."""
    codes, texts = text_codes(records["value"])
    return np.append(texts != "", False)[codes]


def record_completeness(
    client_records: pd.DataFrame,
    template: Sequence[str],
    *,
    clients: pd.DataFrame | None = None,
    by: str = "client",
) -> pd.DataFrame:
    """How complete each client's record is against the firm's agreed field template.

    ``completeness = filled template fields / len(template)``; a field counts as filled
    when its value is not empty; fields outside the template are counted in ``extra``.
    ``by="client"``: one row per client with ``filled``, ``completeness``, the
    ``missing`` fields ('; '-joined), and its ``keeper``: the owner when ``clients`` (with
    ``owner_id``) is given, else whoever recorded most of its filled fields. Pass
    ``clients`` so clients without any record row count as 0 % instead of disappearing.
    ``by="member"``: per keeper, the number of clients, their mean completeness and the
    template field most often missing. Field names are compared stripped and case-folded.

    >>> import pandas as pd
    >>> records = pd.DataFrame({"client_id": ["a", "a", "b"], "field": ["email", "phone", "email"],
    ...     "value": ["x@y.example", "", "z@y.example"], "recorded_by": ["m1", "m1", "m2"]})
    >>> record_completeness(records, ["email", "phone"])[["client_id", "completeness", "missing"]]
      client_id  completeness missing
    0         a           0.5   phone
    1         b           0.5   phone
    """
    require_columns(
        client_records, ["client_id", "field", "value", "recorded_by"], "client_records"
    )
    if by not in ("client", "member"):
        raise AnalyticsInputError(f"by must be 'client' or 'member', not {by!r}")
    fields = pd.Index([str(f).strip().casefold() for f in template]).unique()
    if fields.empty:
        raise AnalyticsInputError("template must name at least one field")
    client, ids = group_codes(client_records["client_id"])
    if clients is not None:
        require_columns(clients, ["client_id"], "clients")
        ids = ids.append(pd.Index(clients["client_id"]).unique().difference(ids))
    field_code, texts = text_codes(client_records["field"])
    field = np.append(fields.get_indexer(texts), -1)[field_code]
    value = _filled(client_records)
    filled = value & (field >= 0)
    has = np.zeros((len(ids), len(fields)), dtype=bool)
    has[client[filled], field[filled]] = True
    # the text is built once per distinct pattern of filled fields, not once per client
    pattern = np.zeros(len(ids), dtype="int64")
    for column in has.T:  # codes stay below 2 * clients, whatever the template's size
        pattern, _ = pd.factorize(pattern * 2 + column)
    _, first = np.unique(pattern, return_index=True)
    names = fields.to_numpy(dtype=object)
    missing = np.array(["; ".join(names[~has[row]]) for row in first], dtype=object)
    recorder, recorders = pd.factorize(client_records["recorded_by"])
    if clients is not None and "owner_id" in clients.columns:
        keeper = clients.set_index("client_id")["owner_id"].reindex(ids).to_numpy(dtype=object)
    else:
        best, _ = most_frequent(np.where(filled, client, -1), recorder, len(ids))
        keeper = np.append(np.asarray(recorders, dtype=object), np.array([None]))[best]
    result = pd.DataFrame(
        {
            "client_id": ids,
            "keeper": keeper,
            "filled": has.sum(axis=1),
            "template_fields": len(fields),
            "completeness": has.sum(axis=1) / len(fields),
            "missing": missing[pattern],
            "extra": np.bincount(client[value & (field < 0)], minlength=len(ids)),
        }
    )
    if by == "client":
        order = ordered(result["completeness"].to_numpy(), ids)
        return result.take(order).reset_index(drop=True)
    holder = pd.Series(keeper, dtype=object).fillna("nobody").to_numpy()
    gaps = pd.DataFrame(~has, columns=fields).groupby(holder).sum()
    grouped = result.groupby(holder)["completeness"]
    return (
        pd.DataFrame(
            {
                "clients": grouped.size(),
                "completeness": grouped.mean(),
                "most_missing": gaps.idxmax(axis=1).where(gaps.max(axis=1) > 0),
            }
        )
        .rename_axis("member_id")
        .reset_index()
        .sort_values(["completeness", "member_id"])
        .reset_index(drop=True)
    )


def _step_codes(process_steps: pd.DataFrame) -> tuple[np.ndarray, pd.Index, np.ndarray, pd.Index]:
    """Codes and distinct normalised texts of the process and step columns."""
    require_columns(process_steps, ["member_id", "process", "step_no", "step"], "process_steps")
    process, processes = text_codes(process_steps["process"])
    step, steps = text_codes(process_steps["step"])
    if (process < 0).any() or (step < 0).any():
        raise AnalyticsInputError("process_steps has rows without a process or a step")
    return process, processes, step, steps


def _step_sets(process_steps: pd.DataFrame) -> pd.DataFrame:
    process, processes, step, steps = _step_codes(process_steps)
    frame = pd.DataFrame(
        {
            "member_id": process_steps["member_id"].to_numpy(dtype=object),
            "process": processes.to_numpy(dtype=object)[process],
            "step_no": pd.to_numeric(process_steps["step_no"]).to_numpy(),
            "step": steps.to_numpy(dtype=object)[step],
        }
    )
    return frame.drop_duplicates(["member_id", "process", "step"])


def process_variation(process_steps: pd.DataFrame) -> pd.DataFrame:
    """How differently the employees run each process.

    Per process: ``members`` who described it, distinct ``steps``, ``shared_steps``
    followed by every one of them, the ``unshared`` steps ('; '-joined) and
    ``similarity``: the mean over member pairs of the Jaccard index |A ∩ B| / |A ∪ B| of
    their step sets (1 = everybody does the same steps; NaN with a single member, as there
    is nothing to compare). Steps are compared stripped and case-folded; order is shown
    by :func:`process_side_by_side`. Sorted by similarity, lowest first.

    >>> import pandas as pd
    >>> steps = pd.DataFrame({"member_id": ["m1", "m1", "m2", "m2"],
    ...     "process": ["handover"] * 4, "step_no": [1, 2, 1, 2],
    ...     "step": ["call client", "send summary", "call client", "update crm"]})
    >>> process_variation(steps)[["process", "shared_steps", "unshared", "similarity"]]
        process  shared_steps                  unshared  similarity
    0  handover             1  send summary; update crm    0.333333
    """
    steps = _step_sets(process_steps)
    member, _ = pd.factorize(steps["member_id"])
    step, step_names = pd.factorize(steps["step"])
    step_names = np.asarray(step_names, dtype=object)
    rows = []
    for process, at in steps.groupby("process", sort=True).indices.items():
        members, local_member = np.unique(member[at], return_inverse=True)
        kinds, local_step = np.unique(step[at], return_inverse=True)
        matrix = np.zeros((len(members), len(kinds)), dtype="int64")
        matrix[local_member, local_step] = 1
        everyone = matrix.all(axis=0)
        common = matrix @ matrix.T
        sizes = matrix.sum(axis=1)
        union = sizes[:, None] + sizes[None, :] - common
        upper = np.triu_indices(len(members), k=1)
        rows.append(
            {
                "process": process,
                "members": len(members),
                "steps": len(kinds),
                "shared_steps": int(everyone.sum()),
                "unshared": "; ".join(sorted(step_names[kinds[~everyone]])),
                "similarity": float((common[upper] / union[upper]).mean())
                if len(members) > 1
                else np.nan,
            }
        )
    columns = ["process", "members", "steps", "shared_steps", "unshared", "similarity"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["similarity", "process"], na_position="last").reset_index(drop=True)


def process_side_by_side(process_steps: pd.DataFrame, process: str) -> pd.DataFrame:
    """The steps of one process, one column per employee holding their step number.

    Rows are the distinct steps ordered by their mean position; ``followed_by`` counts the
    employees who do the step and ``shared`` says whether all of them do. No steps
    described at all: an empty frame (no employee columns); a process the others
    described but not this one raises ``ValueError``.

    >>> import pandas as pd
    >>> steps = pd.DataFrame({"member_id": ["m1", "m1", "m2"], "process": ["handover"] * 3,
    ...     "step_no": [1, 2, 1], "step": ["call client", "send summary", "call client"]})
    >>> process_side_by_side(steps, "handover")
                   m1   m2  followed_by  shared
    step
    call client     1    1            2    True
    send summary    2  NaN            1   False
    """
    process_code, processes, step_code, step_texts = _step_codes(process_steps)
    if process_steps.empty:
        return pd.DataFrame(
            {"followed_by": pd.Series(dtype="int64"), "shared": pd.Series(dtype=bool)},
            index=pd.Index([], name="step", dtype=object),
        )
    step_no = pd.to_numeric(process_steps["step_no"]).to_numpy()
    wanted = processes.get_indexer([str(process).strip().casefold()])[0]
    rows = np.flatnonzero(process_code == wanted) if wanted >= 0 else np.empty(0, dtype=np.intp)
    if not len(rows):
        raise AnalyticsInputError(f"process_steps has no process {process!r}")
    member, member_ids = pd.factorize(process_steps["member_id"].to_numpy(dtype=object)[rows])
    # an employee's first mention of a step gives its number; rows without an employee
    # or a number drop out, and so do steps and employees left without any number
    _, first = np.unique(step_code[rows] * (len(member_ids) + 1) + member + 1, return_index=True)
    first = first[(member[first] >= 0) & ~np.isnan(step_no[rows][first])]
    member, member_ids = pd.factorize(member_ids[member[first]], sort=True)
    step, steps = pd.factorize(step_texts.to_numpy(dtype=object)[step_code[rows][first]], sort=True)
    numbers = np.full((len(steps), len(member_ids)), np.nan)
    numbers[step, member] = step_no[rows][first]
    order = np.argsort(np.nanmean(numbers, axis=1), kind="stable")  # ties: alphabetical
    numbers = numbers[order]
    done = ~np.isnan(numbers)
    cells = np.full(numbers.shape, np.nan, dtype=object)
    cells[done] = pd.array(numbers[done], dtype="Int64").astype(object)  # whole numbers
    followed = done.sum(axis=1)
    return pd.DataFrame(
        cells, index=pd.Index(steps[order], name="step"), columns=pd.Index(member_ids)
    ).assign(followed_by=followed, shared=followed == len(member_ids))
