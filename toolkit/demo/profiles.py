"""The latent client types of the demo, as data in ``profiles.yaml``: each drives the rows.

The shares and signatures follow the shared contract (docs/demo.md): a client's latent
type decides its industry fit, who serves it and how often, what it talks about and how
it feels, how it is invoiced, what it is conceded and why, and when it ends. Analytics
never see these profiles; tests check that the analyses find the types again.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class LatentProfile:
    """How one latent client type behaves. Days are calendar days; money is currency units.

    Contacts come in *episodes* (a call and its follow-ups) spaced ``episode_gap`` days
    apart; ``main_share`` of the meaningful contacts are handled by the client's main
    person (its owner when it has one), the rest by ``helpers`` other team members.
    Concessions (discounts, refunds, credits) add up to a share of the client's invoiced
    total drawn from ``concession_share``, for ``concession_any`` of the clients.
    """

    name: str
    #: Share of a firm's clients of this type.
    share: float
    # --- who the client is: chance of a core industry and of having no owner; chance it
    # ends (after ``lifetime`` days, if that falls before as_of); acquired within the
    # first ``acquired_by`` share of the window.
    core_fit: float
    no_owner: float
    ends: float
    lifetime: tuple[int, int]
    acquired_by: float
    # --- contacts: days between episodes, mean follow-ups per episode, inbound share,
    # mean sentiment, topic weights, the main person's share, how many helpers, and the
    # days between payment reminders (None: no reminders).
    episode_gap: tuple[float, float]
    follow_ups: float
    inbound: float
    sentiment: float
    topics: dict[str, float]
    main_share: float
    helpers: tuple[int, int]
    reminder_gap: tuple[float, float] | None
    # --- money: days between invoices, typical amount, log-normal spread of each invoice
    # and of each client's typical size.
    invoice_gap: tuple[float, float]
    invoice_value: float
    invoice_spread: float
    client_spread: float
    # --- concessions: who gets any, their share of invoiced, the chance per invoice,
    # kind weights, the share written in the excuse log and its root-cause weights.
    concession_any: float
    concession_share: tuple[float, float]
    concession_rate: float
    concession_kinds: dict[str, float]
    logged: float
    root_causes: dict[str, float]
    #: How carefully its record is kept (scales the keeper's own care).
    record_care: float


#: The file beside this module that holds each type's numbers.
PROFILES_FILE = "profiles.yaml"


def load_profiles() -> dict[str, LatentProfile]:
    """The latent types of :data:`PROFILES_FILE` by name, in file order (ranges, written
    as YAML lists, become tuples)."""
    text = resources.files(__package__).joinpath(PROFILES_FILE).read_text("utf-8")
    profiles = {}
    for name, spec in yaml.safe_load(text).items():
        numbers: dict[str, Any] = {
            key: tuple(v) if isinstance(v, list) else v for key, v in spec.items()
        }
        profiles[name] = LatentProfile(name=name, **numbers)
    return profiles


PROFILES: dict[str, LatentProfile] = load_profiles()

#: The latent types in the contract's order (``demo_ground_truth.latent_type`` values).
LATENT_TYPES: tuple[str, ...] = tuple(PROFILES)

#: Days after which the last meaningful contact with a neglected client lies (before as_of).
NEGLECT_DAYS = (125, 295)
