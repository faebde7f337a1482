"""A booking's events as the people involved read them: what happened, done by whom, when and why.

The events store machine words (``cancel_by_customer``, ``provider``); the pages and e-mails need sentences in the
reader's language, and the customer sees the company's name rather than the login of whoever clicked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.models import Booking, BookingEvent

Actor = BookingEvent.Actor

EVENT_LABELS: dict[str, Promise] = {
    "request": _("Booking requested"),
    "accept": _("Accepted by the provider"),
    "confirm": _("Payment confirmed"),
    "decline": _("Declined by the provider"),
    "expire": _("Expired: the provider did not answer in time"),
    "cancel_by_customer": _("Cancelled by the customer"),
    "cancel_by_provider": _("Cancelled by the provider"),
    "complete": _("Marked as completed"),
    "no_show": _("Marked as a no-show"),
    "dispute": _("Disputed"),
    "resolve": _("Dispute resolved"),
    "reschedule": _("Rescheduled"),
}


@dataclass(frozen=True)
class TimelineEntry:
    label: str
    who: str
    at: datetime
    reason: str
    event: BookingEvent


def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))


def actor_name(event: BookingEvent, booking: Booking) -> str:
    """The customer's name, the provider's company, or "NetFix" for staff and the system."""
    if event.actor_role == Actor.PROVIDER:
        return booking.provider.company_name
    if event.actor_role == Actor.CUSTOMER:
        customer = booking.customer
        return customer.get_full_name() or customer.username
    if event.actor_role == Actor.STAFF:
        return str(_("NetFix staff"))
    return str(_("NetFix"))


def timeline(booking: Booking) -> list[TimelineEntry]:
    """The events in order; uses the prefetched ``events`` of ``selectors.booking_for`` (no extra query)."""
    return [
        TimelineEntry(event_label(event.action), actor_name(event, booking), event.at, event.reason, event)
        for event in booking.events.all()
    ]
