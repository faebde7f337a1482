"""E-mails about bookings: queued when an event commits, sent by Celery in each recipient's language."""

from __future__ import annotations

from django.db import transaction

from marketplace.models import BookingEvent


def queue_event_notifications(event: BookingEvent) -> None:
    """Send the e-mails for ``event`` once its transaction commits (nothing is sent for a rolled-back change)."""
    from marketplace.bookings.tasks import send_booking_event_emails

    transaction.on_commit(lambda: send_booking_event_emails.delay(event.pk))
