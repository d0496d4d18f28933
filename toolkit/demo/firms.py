"""The demo firms, their teams and their client bases (who the clients are, not what they do).

A :class:`FirmPlan` holds everything the activity generators need: the team, each
employee's habits, and one :class:`ClientPlan` per client with its latent type, its
lifetime in days and the people who serve it. Days are counted from the start of the
demo window (day 0, three years before ``as_of``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from toolkit.demo import vocabulary as words
from toolkit.demo.profiles import NEGLECT_DAYS, PROFILES, LatentProfile

#: Length of the demo window in days (three years).
WINDOW_DAYS = 1095

#: The record fields most firms agree to keep.
RECORD_TEMPLATE = (
    "main_contact", "email", "phone", "contract_end", "decision_maker", "billing_terms",
    "next_review", "site_address",
)  # fmt: skip

T = TypeVar("T")

#: Share of clients who were already clients when the window opens (the existing base).
EXISTING_BASE = 0.3


@dataclass(frozen=True)
class FirmSpec:
    """A demo firm: participant id, name, trade, core industries and record template."""

    participant_id: str
    name: str
    trade: str
    core_industries: tuple[str, ...]
    record_template: tuple[str, ...] = RECORD_TEMPLATE


FIRMS: tuple[FirmSpec, ...] = (
    FirmSpec(
        "northfield",
        "Northfield Engineering",
        "engineering services",
        ("Manufacturing", "Utilities", "Water treatment", "Food processing"),
    ),
    FirmSpec(
        "brightwater",
        "Brightwater Facility Services",
        "facility maintenance",
        ("Property management", "Healthcare", "Education", "Retail"),
    ),
    FirmSpec(
        "kestrel",
        "Kestrel Automation",
        "industrial automation",
        ("Packaging", "Automotive parts", "Pharmaceuticals", "Plastics"),
    ),
    FirmSpec(
        "larchmont",
        "Larchmont IT Partners",
        "managed IT services",
        ("Legal services", "Accounting", "Architecture", "Dental practices"),
        (*RECORD_TEMPLATE[:-1], "service_level"),
    ),
    FirmSpec(
        "osprey",
        "Osprey Land Surveys",
        "land surveying",
        ("Construction", "Real estate development", "Local government", "Utilities"),
    ),
    FirmSpec(
        "redfern",
        "Redfern Climate Services",
        "heating and cooling installation",
        ("Hospitality", "Office buildings", "Retail", "Healthcare"),
    ),
    FirmSpec(
        "quarryhill",
        "Quarry Hill Calibration",
        "instrument calibration",
        ("Pharmaceuticals", "Food processing", "Laboratories", "Aerospace"),
        (*RECORD_TEMPLATE, "calibration_due"),
    ),
    FirmSpec(
        "ridgeline",
        "Ridgeline Fire Safety",
        "fire safety engineering",
        ("Warehousing", "Hospitality", "Education", "Property management"),
    ),
    FirmSpec(
        "meridian",
        "Meridian Geotechnical",
        "geotechnical consulting",
        ("Construction", "Mining", "Transport infrastructure", "Local government"),
    ),
    FirmSpec(
        "tidewell",
        "Tidewell Marine Engineering",
        "marine engineering",
        ("Ports and harbours", "Shipping", "Offshore energy", "Fisheries"),
    ),
    FirmSpec(
        "copperline",
        "Copperline Electrical",
        "electrical contracting",
        ("Manufacturing", "Warehousing", "Education", "Retail"),
    ),
    FirmSpec(
        "summit",
        "Summit Lift Services",
        "lift installation and maintenance",
        ("Office buildings", "Hospitality", "Healthcare", "Property management"),
    ),
)


@dataclass(frozen=True)
class ClientPlan:
    """One client's hidden story: latent type, lifetime (days) and who serves it.

    ``last_day`` is the client's last active day (its end, or ``as_of``);
    ``last_contact`` the last day a meaningful contact may happen (earlier than
    ``last_day`` for neglected clients). ``main`` is the owner, or whoever de facto
    serves a client without one; ``helpers`` are the other team members involved.
    """

    client_id: str
    profile: LatentProfile
    acquired: int
    last_day: int
    ended: bool
    last_contact: int
    owner: str | None
    main: str
    helpers: tuple[str, ...]
    value: float


@dataclass
class FirmPlan:
    """A firm being generated: its spec, window, team habits, client plans and the
    ``clients`` rows made from them."""

    spec: FirmSpec
    as_of: dt.date
    team: pd.DataFrame
    record_care: dict[str, float]
    clients: list[ClientPlan]
    client_table: pd.DataFrame

    @property
    def start(self) -> np.datetime64:
        """Day 0 of the window as a numpy date."""
        return window_start(self.as_of)

    def dates(self, days: np.ndarray) -> np.ndarray:
        """Day numbers (floats are truncated) as ``datetime64[D]``."""
        return self.start + np.asarray(days).astype("int64").astype("timedelta64[D]")


def window_start(as_of: dt.date) -> np.datetime64:
    """Day 0 of the demo window: :data:`WINDOW_DAYS` before ``as_of``."""
    return np.datetime64(as_of, "D") - np.timedelta64(WINDOW_DAYS, "D")


def pick(rng: np.random.Generator, options: Sequence[T]) -> T:
    """One of ``options``, uniformly."""
    return options[int(rng.integers(len(options)))]


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` distinct 'First Last' names (at most one per first name in the list)."""
    firsts = rng.choice(len(words.FIRST_NAMES), size=count, replace=False)
    lasts = rng.choice(len(words.LAST_NAMES), size=count, replace=False)
    return [
        f"{words.FIRST_NAMES[f]} {words.LAST_NAMES[last]}"
        for f, last in zip(firsts, lasts, strict=True)
    ]


def make_team(rng: np.random.Generator) -> tuple[pd.DataFrame, dict[str, float]]:
    """A team of 6-10 and each member's record-keeping care (share of fields they fill)."""
    size = int(rng.integers(6, 11))
    ids = [f"m{i + 1:02d}" for i in range(size)]
    team = pd.DataFrame(
        {"member_id": ids, "name": person_names(rng, size), "role": words.TEAM_ROLES[:size]}
    )
    care = rng.uniform(0.35, 0.98, size).round(2)
    return team, dict(zip(ids, care.tolist(), strict=True))


def allocate_types(rng: np.random.Generator, count: int) -> list[LatentProfile]:
    """Latent types in the contract's shares (largest remainder), in random order."""
    shares = np.array([p.share for p in PROFILES.values()])
    exact = shares / shares.sum() * count
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: count - counts.sum()]] += 1
    profiles = [p for p, n in zip(PROFILES.values(), counts, strict=True) for _ in range(n)]
    return [profiles[i] for i in rng.permutation(count)]


def company_name(rng: np.random.Generator, industry: str) -> str:
    """An invented company name that sounds like its industry."""
    noun = pick(rng, words.INDUSTRY_NOUNS[industry])
    return f"{pick(rng, words.PLACES)} {noun} {pick(rng, words.COMPANY_SUFFIXES)}".strip()


def _acquired_day(rng: np.random.Generator, profile: LatentProfile) -> int:
    if rng.random() < EXISTING_BASE:
        return int(rng.integers(0, 60))
    return int(rng.integers(0, max(1, int(profile.acquired_by * WINDOW_DAYS))))


def _lifetime(rng: np.random.Generator, profile: LatentProfile, acquired: int) -> tuple[int, bool]:
    """The client's last active day and whether it ended before as_of."""
    if rng.random() < profile.ends:
        end = acquired + int(rng.integers(*profile.lifetime))
        if end < WINDOW_DAYS:
            return end, True
    return WINDOW_DAYS, False


def plan_clients(rng: np.random.Generator, team: pd.DataFrame, count: int) -> list[ClientPlan]:
    """Draw ``count`` clients: type, lifetime, owner, helpers and size of business."""
    members = team["member_id"].tolist()
    owners = team.loc[team["role"] != "Office manager", "member_id"].tolist()
    plans = []
    for number, profile in enumerate(allocate_types(rng, count), start=1):
        acquired = _acquired_day(rng, profile)
        last_day, ended = _lifetime(rng, profile, acquired)
        last_contact = last_day
        if profile.name == "neglected_high_value":
            last_contact = WINDOW_DAYS - int(rng.integers(*NEGLECT_DAYS))
        owner = None if rng.random() < profile.no_owner else pick(rng, owners)
        main = owner or pick(rng, members)
        others = [m for m in members if m != main]
        size = min(len(others), int(rng.integers(profile.helpers[0], profile.helpers[1] + 1)))
        helpers = tuple(rng.choice(others, size=size, replace=False).tolist())
        value = profile.invoice_value * float(rng.lognormal(0, profile.client_spread))
        plans.append(
            ClientPlan(
                client_id=f"C{number:04d}",
                profile=profile,
                acquired=acquired,
                last_day=last_day,
                ended=ended,
                last_contact=last_contact,
                owner=owner,
                main=main,
                helpers=helpers,
                value=value,
            )
        )
    return plans


def client_frame(
    rng: np.random.Generator, spec: FirmSpec, plans: list[ClientPlan], as_of: dt.date
) -> pd.DataFrame:
    """The ``clients`` rows: names, industries (core or not, by type), dates, owners."""
    core = list(spec.core_industries)
    outside = sorted(set(words.INDUSTRY_NOUNS) - set(core))
    start = window_start(as_of)
    departments = itertools.cycle(words.DEPARTMENTS)
    rows, taken = [], set()
    for plan in plans:
        internal = plan.profile.name == "internal"
        if internal:
            industry = None
            base = f"Internal: {next(departments)}"
        else:
            pool = core if rng.random() < plan.profile.core_fit else outside
            industry = pick(rng, pool)
            base = company_name(rng, industry)
        name, copy = base, 1
        while name in taken:
            copy += 1
            name = f"{base} (site {copy})"
        taken.add(name)
        rows.append(
            {
                "client_id": plan.client_id,
                "name": name,
                "is_internal": internal,
                "owner_id": plan.owner,
                "acquired_on": start + np.timedelta64(plan.acquired, "D"),
                "ended_on": start + np.timedelta64(plan.last_day, "D") if plan.ended else None,
                "industry": industry,
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("acquired_on", "ended_on"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def plan_firm(rng: np.random.Generator, spec: FirmSpec, clients: int, as_of: dt.date) -> FirmPlan:
    """Team and clients of one firm (the activity generators fill in the rest)."""
    team, care = make_team(rng)
    plans = plan_clients(rng, team, clients)
    return FirmPlan(spec, as_of, team, care, plans, client_frame(rng, spec, plans, as_of))
