"""What the provider's inbox shows: requests waiting for an answer and accepted jobs still to close, with buttons.

The buttons are the provider's allowed actions from ``states.allowed_actions``, minus what cannot work yet
(completing or marking a no-show before the job starts) and the reschedule, which has its own page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from marketplace.bookings import selectors, states
from marketplace.bookings.payments import booking_payments
from marketplace.models import Booking, BookingEvent
from providers.models import ProviderProfile

# The actions the provider's buttons (templates/marketplace/includes/provider_actions.html) know how to send.
BUTTON_ACTIONS = ("accept", "decline", "complete", "no_show", "cancel_by_provider")
AFTER_START = frozenset({"complete", "no_show"})


def provider_actions(booking: Booking, *, now: datetime | None = None, ready: bool | None = None) -> list[str]:
    """The buttons to show the provider for ``booking`` now; no Accept before the customer's card is ready
    (``booking_accept`` refuses with ``not_paid`` anyway, decision 0044). ``ready``: already known (lists ask
    ``ready_many`` once for all their bookings), else asked here."""
    now = now or timezone.now()
    allowed = states.allowed_actions(booking.status, BookingEvent.Actor.PROVIDER)
    actions = [
        action
        for action in BUTTON_ACTIONS
        if action in allowed and not (action in AFTER_START and now < booking.starts_at)
    ]
    if "accept" in actions and not (booking_payments().ready(booking) if ready is None else ready):
        actions.remove("accept")
    return actions


@dataclass(frozen=True)
class Entry:
    booking: Booking
    actions: list[str]


@dataclass(frozen=True)
class Inbox:
    provider: ProviderProfile
    requests: list[Entry]
    open_bookings: list[Entry]


def provider_inbox(provider: ProviderProfile, *, now: datetime | None = None) -> Inbox:
    """A fixed number of queries whatever the number of bookings (both lists are joined with service, customer and
    package; whether each request is paid is asked once for all of them)."""
    now = now or timezone.now()
    requests = list(selectors.provider_requests(provider).filter(expires_at__gt=now))
    ready = booking_payments().ready_many(requests)
    return Inbox(
        provider=provider,
        requests=[
            Entry(booking, provider_actions(booking, now=now, ready=booking.pk in ready)) for booking in requests
        ],
        open_bookings=[
            Entry(booking, provider_actions(booking, now=now)) for booking in selectors.provider_open_bookings(provider)
        ],
    )
