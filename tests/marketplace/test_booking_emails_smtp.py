"""Booking e-mails delivered through a real SMTP server (aiosmtpd) on loopback, with Django's SMTP backend."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from marketplace.bookings import services
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time

pytestmark = pytest.mark.django_db
START = paris_time("2027-03-02", 10)


class Inbox:
    """aiosmtpd handler keeping what it received: (envelope recipients, parsed message)."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        ):
            yield inbox
    finally:
        controller.stop()


def test_request_and_acceptance_are_delivered_over_smtp(smtp_server, django_capture_on_commit_callbacks):
    provider = bookable_provider(user__language="ar", user__time_zone="Asia/Dubai")
    service = bookable_service(provider=provider, name="Leak repair")
    customer = CustomerFactory(language="fr", time_zone="Europe/Paris")
    now = START - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        booking = make_booking(service, customer=customer, starts_at=START, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_accept(booking, by=provider.user, now=now)

    assert [recipients for recipients, _message in smtp_server.received] == [
        [provider.user.email],  # the request, to the provider
        [customer.email],  # the receipt of the request
        [customer.email],  # the confirmation (accept and confirm events: one e-mail)
    ]
    request_mail = smtp_server.received[0][1]
    assert request_mail["Content-Language"] == "ar"
    assert "مارس" in request_mail["Subject"]
    confirmation = smtp_server.received[2][1]
    assert confirmation["Content-Language"] == "fr"
    assert "2 mars 2027" in confirmation["Subject"]
    kinds = [part.get_content_type() for part in confirmation.walk()]
    assert {"text/plain", "text/html", "text/calendar"} <= set(kinds)
    [invitation] = [part for part in confirmation.walk() if part.get_content_type() == "text/calendar"]
    assert invitation.get_param("method") == "REQUEST"
    assert invitation.get_filename() == "booking.ics"
    text = invitation.get_content()
    assert "DTSTART:20270302T090000Z" in text
    assert f"UID:booking-{booking.pk}@" in text
