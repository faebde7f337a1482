"""Celery tasks of reviews: telling an author their review was hidden, and the daily reminder to review."""

from __future__ import annotations

from celery import shared_task

from netfix.tasks import NetFixTask


@shared_task(base=NetFixTask, name="marketplace.send_review_hidden_email")
def send_review_hidden_email(review_id: int) -> bool:
    """Queued by ``review_hide`` on commit. SMTP failures are ``OSError``s, retried with backoff by ``NetFixTask``;
    the e-mail is sent once per hiding however often the task runs (``emails.py``)."""
    from marketplace.reviews.emails import send_hidden_email

    return send_hidden_email(review_id)


@shared_task(base=NetFixTask, name="marketplace.send_review_reminders")
def send_review_reminders() -> int:
    """Once a day (beat): remind customers whose job was completed a day ago and who have not reviewed it yet."""
    from marketplace.reviews.emails import send_reminders

    return send_reminders()
