"""The latent client types of the demo, as data: each profile drives the observable rows.

The shares and signatures follow the shared contract (docs/demo.md): a client's latent
type decides its industry fit, who serves it and how often, what it talks about and how
it feels, how it is invoiced, what it is conceded and why, and when it ends. Analytics
never see these profiles; tests check that the analyses find the types again.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    share: float
    core_fit: float
    no_owner: float
    ends: float
    lifetime: tuple[int, int]
    acquired_by: float
    episode_gap: tuple[float, float]
    follow_ups: float
    inbound: float
    sentiment: float
    topics: dict[str, float]
    main_share: float
    helpers: tuple[int, int]
    reminder_gap: tuple[float, float] | None
    invoice_gap: tuple[float, float]
    invoice_value: float
    invoice_spread: float
    client_spread: float
    concession_any: float
    concession_share: tuple[float, float]
    concession_rate: float
    concession_kinds: dict[str, float]
    logged: float
    root_causes: dict[str, float]
    record_care: float


PROFILES: dict[str, LatentProfile] = {
    profile.name: profile
    for profile in (
        LatentProfile(
            name="loyal_fit",
            share=0.40,
            core_fit=1.0,
            no_owner=0.03,
            ends=0.06,
            lifetime=(240, 1000),
            acquired_by=0.95,
            episode_gap=(20, 40),
            follow_ups=1.6,
            inbound=0.45,
            sentiment=0.5,
            topics={
                "design review": 0.2,
                "project update": 0.22,
                "maintenance visit": 0.2,
                "site inspection": 0.08,
                "referral": 0.06,
                "invoice question": 0.06,
                "support call": 0.1,
                "quarterly review": 0.08,
            },
            main_share=0.85,
            helpers=(1, 1),
            reminder_gap=None,
            invoice_gap=(25, 40),
            invoice_value=2500,
            invoice_spread=0.12,
            client_spread=0.5,
            concession_any=0.5,
            concession_share=(0.0, 0.03),
            concession_rate=0.08,
            concession_kinds={"discount": 0.5, "credit": 0.5},
            logged=0.6,
            root_causes={"our mistake": 0.6, "supplier delay": 0.4},
            record_care=1.0,
        ),
        LatentProfile(
            name="price_hunter",
            share=0.15,
            core_fit=0.6,
            no_owner=0.10,
            ends=0.6,
            lifetime=(365, 730),
            acquired_by=0.95,
            episode_gap=(25, 55),
            follow_ups=1.4,
            inbound=0.6,
            sentiment=0.0,
            topics={
                "price negotiation": 0.28,
                "discount request": 0.22,
                "project update": 0.12,
                "invoice question": 0.14,
                "support call": 0.1,
                "complaint": 0.04,
                "quarterly review": 0.05,
                "maintenance visit": 0.05,
            },
            main_share=0.7,
            helpers=(1, 2),
            reminder_gap=(90, 200),
            invoice_gap=(30, 60),
            invoice_value=1200,
            invoice_spread=0.3,
            client_spread=0.4,
            concession_any=1.0,
            concession_share=(0.2, 0.4),
            concession_rate=0.4,
            concession_kinds={"discount": 0.6, "refund": 0.2, "credit": 0.2},
            logged=0.75,
            root_causes={"price pressure": 0.55, "discount demanded": 0.45},
            record_care=0.85,
        ),
        LatentProfile(
            name="chaos_maker",
            share=0.12,
            core_fit=0.5,
            no_owner=0.45,
            ends=0.35,
            lifetime=(150, 700),
            acquired_by=0.9,
            episode_gap=(6, 30),
            follow_ups=2.2,
            inbound=0.65,
            sentiment=-0.4,
            topics={
                "scope change": 0.22,
                "late payment": 0.16,
                "complaint": 0.18,
                "escalation": 0.14,
                "project update": 0.1,
                "invoice question": 0.08,
                "support call": 0.08,
                "design review": 0.04,
            },
            main_share=0.2,
            helpers=(4, 5),
            reminder_gap=(30, 90),
            invoice_gap=(10, 90),
            invoice_value=1800,
            invoice_spread=0.8,
            client_spread=0.5,
            concession_any=1.0,
            concession_share=(0.08, 0.15),
            concession_rate=0.25,
            concession_kinds={"credit": 0.5, "discount": 0.2, "refund": 0.3},
            logged=0.8,
            root_causes={"client changed scope": 0.75, "unclear requirements": 0.25},
            record_care=0.7,
        ),
        LatentProfile(
            name="over_demanding",
            share=0.13,
            core_fit=0.0,
            no_owner=0.15,
            ends=0.35,
            lifetime=(180, 800),
            acquired_by=0.95,
            episode_gap=(10, 25),
            follow_ups=2.0,
            inbound=0.75,
            sentiment=-0.2,
            topics={
                "custom request": 0.3,
                "out-of-scope request": 0.25,
                "support call": 0.12,
                "complaint": 0.08,
                "project update": 0.1,
                "design review": 0.06,
                "invoice question": 0.05,
                "escalation": 0.04,
            },
            main_share=0.5,
            helpers=(2, 3),
            reminder_gap=None,
            invoice_gap=(30, 50),
            invoice_value=2000,
            invoice_spread=0.3,
            client_spread=0.4,
            concession_any=1.0,
            concession_share=(0.10, 0.20),
            concession_rate=0.25,
            concession_kinds={"credit": 0.4, "refund": 0.3, "discount": 0.3},
            logged=0.85,
            root_causes={"over-promised": 0.55, "capability gap": 0.45},
            record_care=0.85,
        ),
        LatentProfile(
            name="neglected_high_value",
            share=0.12,
            core_fit=0.8,
            no_owner=0.08,
            ends=0.0,
            lifetime=(0, 0),
            acquired_by=0.45,
            episode_gap=(20, 40),
            follow_ups=1.5,
            inbound=0.4,
            sentiment=0.25,
            topics={
                "project update": 0.25,
                "maintenance visit": 0.2,
                "design review": 0.15,
                "quarterly review": 0.15,
                "invoice question": 0.1,
                "support call": 0.1,
                "referral": 0.05,
            },
            main_share=0.15,
            helpers=(1, 2),
            reminder_gap=None,
            invoice_gap=(28, 34),
            invoice_value=9000,
            invoice_spread=0.08,
            client_spread=0.25,
            concession_any=0.4,
            concession_share=(0.0, 0.03),
            concession_rate=0.08,
            concession_kinds={"discount": 0.5, "credit": 0.5},
            logged=0.6,
            root_causes={"our mistake": 0.4, "supplier delay": 0.3, "missed follow-up": 0.3},
            record_care=0.9,
        ),
        LatentProfile(
            name="internal",
            share=0.08,
            core_fit=0.0,
            no_owner=0.2,
            ends=0.0,
            lifetime=(0, 0),
            acquired_by=0.9,
            episode_gap=(25, 50),
            follow_ups=1.2,
            inbound=0.5,
            sentiment=0.2,
            topics={
                "support call": 0.3,
                "project update": 0.25,
                "invoice question": 0.1,
                "quarterly review": 0.15,
                "design review": 0.1,
                "maintenance visit": 0.1,
            },
            main_share=0.6,
            helpers=(1, 2),
            reminder_gap=None,
            invoice_gap=(150, 400),
            invoice_value=600,
            invoice_spread=0.3,
            client_spread=0.3,
            concession_any=0.0,
            concession_share=(0.0, 0.0),
            concession_rate=0.0,
            concession_kinds={"credit": 1.0},
            logged=0.0,
            root_causes={"our mistake": 1.0},
            record_care=0.6,
        ),
    )
}

#: The latent types in the contract's order (``demo_ground_truth.latent_type`` values).
LATENT_TYPES: tuple[str, ...] = tuple(PROFILES)

#: Days after which the last meaningful contact with a neglected client lies (before as_of).
NEGLECT_DAYS = (125, 295)
