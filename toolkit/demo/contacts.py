"""Interactions of a demo firm with its clients, driven by each client's latent type.

Meaningful contacts come in episodes (a call or e-mail and its follow-ups on the same
topic within a week) spaced by the type's cadence, handled mostly by the client's main
person and otherwise by its helpers. On top come automated contacts (newsletters,
payment reminders), which never count as meaningful, and an emerging topic that rises
sharply in the last six weeks so that topic trends have something to flag.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.demo import vocabulary as words
from toolkit.demo.events import ClientEvents
from toolkit.demo.firms import WINDOW_DAYS, ClientPlan, FirmPlan

#: The emerging topic shows up in this many final days, for this share of active clients.
EMERGING_DAYS = 42
EMERGING_SHARE = 0.55
#: Share of clients who hit the emerging problem once before it took off.
EMERGING_BACKGROUND = 0.06
SENTIMENT_NOISE = 0.25
FOLLOW_UP_DAYS = (0.5, 7.0)
WORKDAY_HOURS = (8.0, 17.5)
AUTOMATED_HOUR = 6.0
NEWSLETTER_DAY_OF_MONTH = 5


def _workday_time(rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
    """Whole days plus a time during working hours, as fractional days."""
    hours = rng.uniform(*WORKDAY_HOURS, len(days))
    return np.floor(days) + hours / 24


def _contacts(
    rng: np.random.Generator,
    plan: ClientPlan,
    days: np.ndarray,
    topics: np.ndarray,
    members: np.ndarray,
) -> dict[str, np.ndarray]:
    """Meaningful contacts on given days about given topics by given members."""
    profile = plan.profile
    channels = rng.choice(list(words.CHANNELS), size=len(days), p=list(words.CHANNELS.values()))
    channels = np.where(np.isin(topics, words.SITE_TOPICS), "site visit", channels)
    mood = np.array([words.TOPIC_MOOD.get(t, 0.0) for t in topics])
    sentiment = profile.sentiment + mood + rng.normal(0, SENTIMENT_NOISE, len(days))
    return {
        "member_id": members.astype(object),
        "day": _workday_time(rng, days),
        "channel": channels,
        "direction": np.where(rng.random(len(days)) < profile.inbound, "inbound", "outbound"),
        "topic": topics,
        "sentiment": np.clip(sentiment, -1, 1).round(2),
    }


def _who(rng: np.random.Generator, plan: ClientPlan, count: int) -> np.ndarray:
    """Members handling ``count`` contacts: the main person, else a helper.

    Every helper appears at least once when there are enough contacts, so the number of
    people touching a client follows its type.
    """
    members = np.full(count, plan.main, dtype=object)
    if plan.helpers and count:
        by_helper = rng.random(count) >= plan.profile.main_share
        members[by_helper] = rng.choice(plan.helpers, size=int(by_helper.sum()))
        if count >= len(plan.helpers):
            members[rng.choice(count, size=len(plan.helpers), replace=False)] = plan.helpers
    return members


def episodes(rng: np.random.Generator, plan: ClientPlan) -> dict[str, np.ndarray]:
    """The client's meaningful contacts at its type's cadence, up to its last contact day."""
    profile = plan.profile
    low, high = profile.episode_gap
    gaps = rng.uniform(low, high, int((plan.last_contact - plan.acquired) / low) + 2)
    gaps[0] = rng.uniform(0, min(10.0, high))
    starts = plan.acquired + np.cumsum(gaps)
    starts = starts[starts < plan.last_contact]
    sizes = 1 + rng.poisson(profile.follow_ups, len(starts))
    offsets = rng.uniform(*FOLLOW_UP_DAYS, int(sizes.sum()))
    offsets[np.cumsum(sizes) - sizes] = 0
    days = np.repeat(starts, sizes) + offsets
    names = list(profile.topics)
    chosen = rng.choice(len(names), size=len(starts), p=list(profile.topics.values()))
    topics = np.repeat(np.array(names, dtype=object)[chosen], sizes)
    keep = days < plan.last_contact
    days, topics = days[keep], topics[keep]
    return _contacts(rng, plan, days, topics, _who(rng, plan, len(days)))


def emerging(rng: np.random.Generator, plan: ClientPlan) -> dict[str, np.ndarray]:
    """Contacts about the emerging topic: rare before, frequent in the final weeks."""
    days = []
    if rng.random() < EMERGING_BACKGROUND and plan.last_contact > plan.acquired:
        days.append(rng.uniform(plan.acquired, plan.last_contact, 1))
    window_start = max(plan.acquired, WINDOW_DAYS - EMERGING_DAYS)
    if plan.last_contact > window_start and rng.random() < EMERGING_SHARE:
        days.append(rng.uniform(window_start, plan.last_contact, int(rng.integers(1, 4))))
    day = np.concatenate(days) if days else np.empty(0)
    topics = np.full(len(day), words.EMERGING_TOPIC, dtype=object)
    return _contacts(rng, plan, day, topics, _who(rng, plan, len(day)))


def automated(
    rng: np.random.Generator, plan: ClientPlan, newsletters: np.ndarray
) -> dict[str, np.ndarray]:
    """Newsletters to every active client and, for some types, payment reminders."""
    letters = newsletters[(newsletters >= plan.acquired) & (newsletters < plan.last_day)]
    reminders = np.empty(0)
    if plan.profile.reminder_gap:
        low, high = plan.profile.reminder_gap
        steps = rng.uniform(low, high, int((plan.last_day - plan.acquired) / low) + 1)
        reminders = plan.acquired + np.cumsum(steps)
        reminders = reminders[reminders < plan.last_day]
    days = np.floor(np.concatenate([letters, reminders]))
    topics = np.array(
        ["newsletter"] * len(letters) + ["payment reminder"] * len(reminders), dtype=object
    )
    return {
        "member_id": np.full(len(days), None, dtype=object),
        "day": days + (AUTOMATED_HOUR + rng.uniform(0, 1, len(days))) / 24,
        "channel": np.full(len(days), "automated", dtype=object),
        "direction": np.full(len(days), "outbound", dtype=object),
        "topic": topics,
        "sentiment": np.full(len(days), np.nan),
    }


def newsletter_days(firm: FirmPlan) -> np.ndarray:
    """Day numbers of the monthly newsletter inside the window."""
    months = pd.date_range(pd.Timestamp(firm.start), periods=37, freq="MS")
    sent = months + pd.Timedelta(days=NEWSLETTER_DAY_OF_MONTH - 1)
    days = ((sent - pd.Timestamp(firm.start)).days).to_numpy(dtype=float)
    return days[(days >= 0) & (days < WINDOW_DAYS)]


def summaries(rng: np.random.Generator, topics: pd.Series) -> list[str]:
    """A short summary per contact, picked from its topic's phrases."""
    picks = rng.integers(0, 1_000, len(topics))
    return [
        words.SUMMARIES[topic][pick % len(words.SUMMARIES[topic])]
        for topic, pick in zip(topics, picks, strict=True)
    ]


def firm_interactions(rng: np.random.Generator, firm: FirmPlan) -> pd.DataFrame:
    """All ``interactions`` rows of a firm, ordered by time, with ids I000001..."""
    letters = newsletter_days(firm)
    events = ClientEvents()
    for plan in firm.clients:
        for piece in (episodes(rng, plan), emerging(rng, plan), automated(rng, plan, letters)):
            events.add(plan, piece)
    frame = events.frame("interaction_id", "I{:06d}")
    minutes = np.round(frame.pop("day").to_numpy() * 24 * 60).astype("int64")
    occurred = pd.Timestamp(firm.start) + pd.to_timedelta(minutes, unit="min")
    frame.insert(3, "occurred_at", occurred)
    frame["summary"] = summaries(rng, frame["topic"])
    return frame
