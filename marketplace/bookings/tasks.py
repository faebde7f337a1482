"""Celery tasks of bookings: expiry of unanswered requests and the e-mails about each event."""

from __future__ import annotations

from celery import shared_task

from marketplace.bookings import services


@shared_task(name="marketplace.expire_booking_requests")
def expire_booking_requests() -> int:
    """Every minute (beat): requests the provider did not answer in time expire and their hold is released."""
    return services.expire_overdue_requests()


@shared_task(
    name="marketplace.send_booking_event_emails",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_booking_event_emails(event_id: int) -> int:
    from marketplace.bookings.emails import send_event_emails

    return send_event_emails(event_id)
