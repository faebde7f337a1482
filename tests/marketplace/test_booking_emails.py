"""Booking e-mails: who is told about each event, in their language and zone, with HTML, text and .ics parts.

Mail goes to Django's locmem outbox here; ``test_booking_emails_smtp.py`` delivers through a real SMTP server.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from marketplace.bookings import services
from marketplace.bookings.emails import plan, send_event_emails
from marketplace.bookings.tasks import send_booking_event_emails
from marketplace.models import Booking, BookingEvent
from tests.factories import StaffFactory
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time

pytestmark = pytest.mark.django_db
S = Booking.Status
START = paris_time("2027-03-02", 10)  # Tuesday, 09:00 UTC, 13:00 in Dubai
BEFORE = START - timedelta(days=3)
AFTER = START + timedelta(hours=3)


@pytest.fixture
def people():
    """A French customer in Paris and an Arabic-speaking provider whose user lives in Dubai."""
    provider = bookable_provider(user__language="ar", user__time_zone="Asia/Dubai", company_name="Dar Plomberie")
    service = bookable_service(provider=provider, name="Leak repair", price_per_hour=Decimal("10.50"))
    customer = CustomerFactory(language="fr", time_zone="Europe/Paris", first_name="Zoé", last_name="Martin")
    return service, customer, provider.user


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a service and run what it queued on commit (the e-mail task, eager in tests)."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


@pytest.fixture
def booked(people, run):
    service, customer, _provider_user = people
    booking = run(make_booking, service, customer=customer, starts_at=START, now=BEFORE)
    mail.outbox.clear()
    return booking


@pytest.fixture
def confirmed(booked, people, run):
    run(services.booking_accept, booked, by=people[2], now=BEFORE)
    mail.outbox.clear()
    booked.refresh_from_db()
    assert booked.status == S.CONFIRMED
    return booked


def to(message) -> str:
    return message.to[0]


def html(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def calendar(message) -> Any:
    """(method, text) of the .ics part, or None."""
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), part.get_payload(decode=True).decode()
    return None


# --- the request ----------------------------------------------------------------------------------------------------


def test_a_request_tells_the_provider_in_arabic_and_the_customer_in_french(people, run):
    service, customer, provider_user = people
    booking = run(make_booking, service, customer=customer, starts_at=START, now=BEFORE)
    provider_mail, customer_mail = mail.outbox
    assert to(provider_mail) == provider_user.email
    assert provider_mail.extra_headers["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in html(provider_mail)
    assert "مارس" in provider_mail.subject  # the date in Arabic
    assert "Asia/Dubai" in provider_mail.body  # shown in the provider's zone, which is named
    assert "Zoé Martin" in provider_mail.body
    assert "Leak repair" in provider_mail.body

    assert to(customer_mail) == customer.email
    assert customer_mail.extra_headers["Content-Language"] == "fr"
    assert "2 mars 2027" in customer_mail.subject
    assert "mardi 2 mars 2027, 10:00–12:00 (fuseau Europe/Paris)" in customer_mail.body.lower().replace(
        "europe/paris", "Europe/Paris"
    )
    assert "21,00\u00a0$" in customer_mail.body  # French money format
    assert '<html lang="fr" dir="ltr">' in html(customer_mail)
    for message in (provider_mail, customer_mail):
        assert "<" not in message.body  # the text part is plain text
        assert calendar(message) is None
    assert booking.status == S.REQUESTED


def test_the_request_mail_carries_one_click_answers_or_the_inbox(booked, people):
    provider_mail = next(m for m in _send(booked, "request") if to(m) == people[2].email)
    try:
        reverse("booking_respond", kwargs={"token": "x"})
    except NoReverseMatch:  # links.py's page not wired: the inbox, if it exists, else no button
        return
    assert provider_mail.body.count("http://testserver/ar/") >= 2
    assert 'href="http://testserver/ar/' in html(provider_mail)


def _send(booking: Booking, action: str) -> list:
    """Send (again, from scratch) the e-mails of ``booking``'s last ``action`` event and return them."""
    cache.clear()
    mail.outbox.clear()
    event = BookingEvent.objects.filter(booking=booking, action=action).latest("pk")
    send_event_emails(event.pk)
    return list(mail.outbox)


# --- acceptance and the invitation ----------------------------------------------------------------------------------


def test_acceptance_sends_the_customer_one_confirmation_with_an_invitation(booked, people, run):
    _service, customer, provider_user = people
    run(services.booking_accept, booked, by=provider_user, now=BEFORE)
    [message] = mail.outbox  # accept and confirm events, one e-mail
    assert to(message) == customer.email
    assert "confirmée" in message.subject.lower() or "2 mars 2027" in message.subject
    method, text = calendar(message)
    assert method == "REQUEST"
    assert "METHOD:REQUEST\r\n" in text
    assert f"UID:booking-{booked.pk}@" in text
    assert "SEQUENCE:0\r\n" in text
    assert "DTSTART:20270302T090000Z\r\n" in text
    assert "DTEND:20270302T110000Z\r\n" in text
    assert "LOCATION:12 rue de Rivoli\\, Paris\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert f"mailto:{provider_user.email}" in unfolded
    assert f"mailto:{customer.email}" in unfolded


# --- every action, the right people ---------------------------------------------------------------------------------


def _recipients(messages) -> list[str]:
    return sorted(to(m) for m in messages)


def test_decline_and_expiry_tell_the_customer(people, run):
    service, customer, provider_user = people
    declined = run(make_booking, service, customer=customer, starts_at=START, now=BEFORE)
    mail.outbox.clear()
    run(services.booking_decline, declined, by=provider_user, reason="Fully booked; sorry")
    [message] = mail.outbox
    assert to(message) == customer.email
    assert "Fully booked; sorry" in message.body
    assert calendar(message) is None

    overdue = run(make_booking, service, customer=customer, starts_at=START + timedelta(hours=3), now=BEFORE)
    mail.outbox.clear()
    run(services.booking_expire, overdue, now=overdue.expires_at)
    assert _recipients(mail.outbox) == [customer.email]


def test_customer_cancelling_a_confirmed_booking_tells_both_with_refund_and_withdraws_the_invitation(
    confirmed, people, run
):
    _service, customer, provider_user = people
    outcome = run(services.booking_cancel_by_customer, confirmed, by=customer, now=BEFORE)
    assert outcome.refund == Decimal("21.00")
    assert _recipients(mail.outbox) == sorted([customer.email, provider_user.email])
    receipt = next(m for m in mail.outbox if to(m) == customer.email)
    assert "21,00\u00a0$" in receipt.body
    method, text = calendar(receipt)
    assert method == "CANCEL"
    assert "STATUS:CANCELLED" in text
    assert "SEQUENCE:1\r\n" in text
    assert calendar(next(m for m in mail.outbox if to(m) == provider_user.email)) is None


def test_cancelling_a_request_sends_no_invitation_withdrawal(booked, people, run):
    run(services.booking_cancel_by_customer, booked, by=people[1], now=BEFORE)
    assert len(mail.outbox) == 2
    assert all(calendar(m) is None for m in mail.outbox)


def test_provider_cancelling_tells_the_customer_with_full_refund_and_reason(confirmed, people, run):
    _service, customer, _provider_user = people
    run(services.booking_cancel_by_provider, confirmed, by=people[2], reason="Van broke down")
    [message] = mail.outbox
    assert to(message) == customer.email
    assert "Van broke down" in message.body
    assert "21,00\u00a0$" in message.body
    assert calendar(message)[0] == "CANCEL"


def test_staff_cancelling_for_the_provider_tells_the_provider_too(confirmed, people, run):
    run(services.booking_cancel_by_provider, confirmed, by=StaffFactory(), reason="Licence withdrawn")
    assert _recipients(mail.outbox) == sorted([people[1].email, people[2].email])


@pytest.mark.parametrize("action", ["booking_complete", "booking_no_show"])
def test_completion_and_no_show_tell_the_customer(confirmed, people, run, action):
    run(getattr(services, action), confirmed, by=people[2], now=AFTER)
    assert _recipients(mail.outbox) == [people[1].email]


def test_dispute_and_resolution_tell_both_parties_not_staff(confirmed, people, run):
    _service, customer, provider_user = people
    staff = StaffFactory()
    run(services.booking_dispute, confirmed, by=customer, reason="Half the job was done")
    assert _recipients(mail.outbox) == sorted([customer.email, provider_user.email])
    mail.outbox.clear()
    run(services.booking_resolve, confirmed, by=staff, reason="Half refunded")
    assert _recipients(mail.outbox) == sorted([customer.email, provider_user.email])
    assert staff.email not in _recipients(mail.outbox)


def test_provider_rescheduling_sends_the_customer_an_updated_invitation(confirmed, people, run):
    new_start = START + timedelta(days=1)
    run(services.booking_reschedule, confirmed, by=people[2], starts_at=new_start, now=BEFORE)
    [message] = mail.outbox
    assert to(message) == people[1].email
    body = message.body.lower()
    assert "mercredi 3 mars 2027" in body
    assert "mardi 2 mars 2027" in body
    method, text = calendar(message)
    assert method == "REQUEST"
    assert "SEQUENCE:1\r\n" in text
    assert "DTSTART:20270303T090000Z" in text


def test_customer_rescheduling_tells_the_provider_and_updates_the_customers_calendar(confirmed, people, run):
    run(services.booking_reschedule, confirmed, by=people[1], starts_at=START + timedelta(days=1), now=BEFORE)
    assert _recipients(mail.outbox) == sorted([people[1].email, people[2].email])
    assert calendar(next(m for m in mail.outbox if to(m) == people[1].email))[0] == "REQUEST"
    assert calendar(next(m for m in mail.outbox if to(m) == people[2].email)) is None


def test_rescheduling_a_request_tells_only_the_other_party(booked, people, run):
    run(services.booking_reschedule, booked, by=people[1], starts_at=START + timedelta(days=1), now=BEFORE)
    assert _recipients(mail.outbox) == [people[2].email]


def test_every_action_has_words_and_an_html_and_text_part(confirmed, people):
    """Each kind of e-mail renders in every language without a missing key or an empty part."""
    event = BookingEvent.objects.filter(booking=confirmed, action="confirm").get()
    for language in ("en", "fr", "es", "ar"):
        people[1].language = language
        people[1].save(update_fields=["language"])
        [message] = _send(confirmed, "confirm")
        assert message.body.strip()
        assert html(message).startswith("<!DOCTYPE html>")
    assert plan(event)[0].kind == "confirmed_customer"


def test_deleted_accounts_are_not_written_to(booked, people):
    people[2].is_active = False
    people[2].save(update_fields=["is_active"])
    assert _recipients(_send(booked, "request")) == [people[1].email]


# --- transactions, retries and idempotency --------------------------------------------------------------------------


def test_no_mail_when_the_transaction_rolls_back(people, run):
    service, customer, _provider_user = people

    def book_then_fail():
        with transaction.atomic():
            make_booking(service, customer=customer, starts_at=START, now=BEFORE)
            raise RuntimeError("something after the booking failed")

    with pytest.raises(RuntimeError):
        run(book_then_fail)
    assert mail.outbox == []
    assert not Booking.objects.exists()


class FlakyBackend(LocmemBackend):
    """Delivers into the outbox, but drops the connection on the sends listed in ``fail_on`` (1-based)."""

    fail_on: set[int] = set()
    attempts = 0

    def send_messages(self, messages):
        FlakyBackend.attempts += 1
        if FlakyBackend.attempts in FlakyBackend.fail_on:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky():
    """Fresh idempotency marks and outbox (the fixtures' own e-mails were sent), then a flaky backend."""
    cache.clear()
    mail.outbox.clear()
    FlakyBackend.attempts = 0
    with override_settings(EMAIL_BACKEND="tests.marketplace.test_booking_emails.FlakyBackend"):
        yield FlakyBackend


def test_smtp_errors_are_oserrors_the_task_retries():
    assert issubclass(smtplib.SMTPServerDisconnected, OSError)
    assert OSError in send_booking_event_emails.autoretry_for
    assert send_booking_event_emails.max_retries == 6


def test_a_retry_after_a_partial_send_sends_only_what_is_missing(booked, people, flaky):
    """The first run delivers the provider's e-mail, then SMTP drops: the task asks for a retry (eagerly, Celery
    raises ``Retry``); the retry, as the worker would run it, sends only the customer's e-mail."""
    event = BookingEvent.objects.get(booking=booked, action="request")
    flaky.fail_on = {2}
    with pytest.raises(Retry) as retry:
        send_booking_event_emails.delay(event.pk)
    assert isinstance(retry.value.exc, smtplib.SMTPServerDisconnected)
    assert _recipients(mail.outbox) == [people[2].email]

    assert send_booking_event_emails.delay(event.pk).get() == 1  # the retry
    assert _recipients(mail.outbox) == sorted([people[1].email, people[2].email])  # nobody got it twice
    assert send_booking_event_emails.delay(event.pk).get() == 0  # a duplicate task message: nothing again
    assert flaky.attempts == 3


def test_a_backend_that_keeps_failing_is_retried_then_fails(booked, flaky, monkeypatch):
    """Without eager propagation Celery runs the retries in place: 1 + max_retries tries, then FAILURE."""
    monkeypatch.setitem(send_booking_event_emails.app.conf, "task_eager_propagates", False)
    event = BookingEvent.objects.get(booking=booked, action="request")
    flaky.fail_on = set(range(1, 100))
    result = send_booking_event_emails.apply(args=[event.pk])
    assert result.state == "FAILURE"
    assert isinstance(result.result, smtplib.SMTPServerDisconnected)
    assert flaky.attempts == 1 + send_booking_event_emails.max_retries
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_undo_or_break_the_booking(people, flaky, django_capture_on_commit_callbacks):
    """``on_commit(robust=True)``: the booking stands and the error is logged (a worker would retry it)."""
    flaky.fail_on = set(range(1, 100))
    service, customer, _provider_user = people
    with django_capture_on_commit_callbacks(execute=True):
        booking = make_booking(service, customer=customer, starts_at=START, now=BEFORE)
    assert Booking.objects.get(pk=booking.pk).status == S.REQUESTED
    assert mail.outbox == []
