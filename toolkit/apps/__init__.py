"""The Voila apps, one module per app: each composes widgets into a page (no SQL, no maths).

``participant`` (a mastermind member's own page, opened with a personal link),
``coach_session`` (a coach runs a one-to-one session), ``facilitator`` (a coach runs a
group meeting). ``page``, ``access`` and ``errors`` are what they share. Each app is
imported from its module when first used (:mod:`toolkit.lazy`): a participant's kernel
does not load the coach apps.
"""

from toolkit.lazy import exports

_MODULES = {
    "CoachSessionApp": "coach_session",
    "FacilitatorApp": "facilitator",
    "ParticipantApp": "participant",
}
__all__ = sorted(_MODULES)
__getattr__ = exports(__name__, _MODULES)
