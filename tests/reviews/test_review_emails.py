"""Review e-mails: the author of a hidden review is told why, and the daily reminder to review (once per booking).

Mail goes to Django's locmem outbox; Celery tasks run eagerly (test settings).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.models import Booking, BookingEvent
from marketplace.reviews.emails import send_hidden_email
from marketplace.reviews.services import review_create, review_hide, review_restore
from marketplace.reviews.tasks import send_review_hidden_email, send_review_reminders
from tests.factories import StaffFactory
from tests.factories.accounts import CustomerFactory
from tests.reviews.helpers import completed_booking, reviewed, stars

pytestmark = pytest.mark.django_db


def _completed_ago(age: timedelta, **customer: str) -> Booking:
    """A completed booking whose "complete" event happened ``age`` ago."""
    booking = completed_booking(customer=CustomerFactory(**customer))
    BookingEvent.objects.filter(booking=booking, action="complete").update(at=timezone.now() - age)
    return booking


def test_task_names_are_the_ones_beat_and_services_use(settings):
    assert send_review_hidden_email.name == "marketplace.send_review_hidden_email"
    assert send_review_reminders.name == "marketplace.send_review_reminders"
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "marketplace.send_review_reminders" in tasks


# --- hidden ---------------------------------------------------------------------------------------------------------


def test_hidden_email_is_in_the_authors_language_with_the_reason_and_sent_once(django_capture_on_commit_callbacks):
    booking = completed_booking(customer=CustomerFactory(language="es", time_zone="Europe/Madrid", first_name="Ana"))
    review = review_create(booking=booking, author=booking.customer, data=stars(2, language="es"))
    with django_capture_on_commit_callbacks(execute=True):
        review_hide(review=review, by=StaffFactory(), reason="Datos personales del fontanero.")
    [message] = mail.outbox
    assert message.to == [booking.customer.email]
    assert message.extra_headers["Content-Language"] == "es"
    assert "Ana" in message.body
    assert "Datos personales del fontanero." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="es"' in html
    assert "Datos personales del fontanero." in html
    # a retried task does not send it again
    assert send_review_hidden_email(review.pk) is False
    assert len(mail.outbox) == 1


def test_hidden_email_escapes_the_reason_in_html(django_capture_on_commit_callbacks):
    review = reviewed(rating=1)
    with django_capture_on_commit_callbacks(execute=True):
        review_hide(review=review, by=StaffFactory(), reason="<script>alert(1)</script>")
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html


def test_no_hidden_email_once_the_review_is_restored(django_capture_on_commit_callbacks):
    review = reviewed(rating=1)
    review_hide(review=review, by=StaffFactory(), reason="Spam")  # on-commit callbacks not run: the task waits
    review_restore(review=review, by=StaffFactory())
    assert send_hidden_email(review.pk) is False
    assert mail.outbox == []


# --- reminder -------------------------------------------------------------------------------------------------------


def test_reminder_sent_once_for_a_job_completed_a_day_ago_with_a_link_in_the_customers_language():
    due = _completed_ago(timedelta(hours=26), language="fr", time_zone="Europe/Paris", first_name="Zoé")
    mail.outbox.clear()
    send_review_reminders()
    [message] = mail.outbox
    assert message.to == [due.customer.email]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "Bonjour Zoé" in message.body
    assert f"http://testserver/fr/bookings/{due.pk}/review/" in message.body
    assert f'href="http://testserver/fr/bookings/{due.pk}/review/"' in message.alternatives[0][0]
    send_review_reminders()  # the next run (or a retry) sends nothing more
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_reviewed_booking_or_one_completed_days_ago_or_today():
    reviewed_one = _completed_ago(timedelta(hours=30))
    review_create(booking=reviewed_one, author=reviewed_one.customer, data=stars(5))
    _completed_ago(timedelta(days=5))
    _completed_ago(timedelta(hours=3))
    mail.outbox.clear()
    send_review_reminders()
    assert mail.outbox == []
