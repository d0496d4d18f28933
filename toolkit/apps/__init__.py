"""The Voila apps, one module per app: each composes widgets into a page (no SQL, no maths).

``participant`` (a mastermind member's own page, opened with a personal link),
``coach_session`` (a coach runs a one-to-one session), ``facilitator`` (a coach runs a
group meeting). ``page``, ``access`` and ``errors`` are what they share.
"""

from toolkit.apps.coach_session import CoachSessionApp
from toolkit.apps.facilitator import FacilitatorApp
from toolkit.apps.participant import ParticipantApp

__all__ = ["CoachSessionApp", "FacilitatorApp", "ParticipantApp"]
