"""E-mails about bookings: queued when an event commits, sent by Celery in each recipient's language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from marketplace.models import BookingEvent

_muted: ContextVar[bool] = ContextVar("booking_emails_muted", default=False)


@contextmanager
def emails_muted() -> Iterator[None]:
    """Record events without e-mailing anyone: demo data describes bookings that nobody made."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def queue_event_notifications(event: BookingEvent) -> None:
    """Send the e-mails for ``event`` once its transaction commits (nothing is sent for a rolled-back change).

    ``robust``: the booking has committed by then, so a broker or (with eager Celery) SMTP failure is logged and
    must not turn the customer's successful request into an error page. A new booking or a status change also
    drops the cached "most requested" ranking, on commit too.
    """
    from marketplace.bookings.tasks import send_booking_event_emails
    from providers.popularity import forget_ranking

    if event.from_status != event.to_status:
        transaction.on_commit(forget_ranking)
    if _muted.get():
        return
    transaction.on_commit(lambda: send_booking_event_emails.delay(event.pk), robust=True)
