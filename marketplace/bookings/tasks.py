"""Celery tasks of bookings: expiry of unanswered requests and the e-mails about each event."""

from __future__ import annotations

from celery import shared_task

from marketplace.bookings import services
from netfix.tasks import NetFixTask


@shared_task(name="marketplace.expire_booking_requests")
def expire_booking_requests() -> int:
    """Every minute (beat): requests the provider did not answer in time expire and their hold is released."""
    return services.expire_overdue_requests()


@shared_task(base=NetFixTask, name="marketplace.send_booking_event_emails")
def send_booking_event_emails(event_id: int) -> int:
    """Send the e-mails about one booking event.

    SMTP failures are ``OSError``s (``smtplib.SMTPException`` is one), so ``NetFixTask`` retries them with backoff
    and jitter, up to 6 times; e-mails already sent for this event are skipped on the retry (``emails.py``).
    """
    from marketplace.bookings.emails import send_event_emails

    return send_event_emails(event_id)
