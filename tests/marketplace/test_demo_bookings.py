"""``seed_demo`` gives the demo customer bookings in every state, each with its events, and makes none twice."""

import pytest
from django.core import mail
from django.core.management import call_command

from marketplace.models import Booking, BookingEvent

pytestmark = pytest.mark.django_db


def test_demo_bookings_cover_every_state_with_events_and_no_emails():
    call_command("seed_demo", "--no-translations", "--services", "5", verbosity=0)
    bookings = Booking.objects.filter(customer__email="customer@netfix.test")
    assert set(bookings.values_list("status", flat=True)) == set(Booking.Status.values)
    for booking in bookings:
        events = list(BookingEvent.objects.filter(booking=booking).order_by("pk"))
        assert events[0].action == "request"
        assert events[-1].to_status == booking.status
    assert mail.outbox == []
    total = Booking.objects.count()  # the demo customer's and the demo reviewers'
    call_command("seed_demo", "--no-translations", "--services", "5", verbosity=0)
    assert Booking.objects.count() == total


def test_demo_bookings_seed_with_card_payments_on_and_stripe_unreachable(settings):
    """``make run`` seeds with card payments on: the demo's history must need no card, and no Stripe, to be accepted.

    Stripe's address is a closed loopback port, so any call the seeding made would fail it.
    """
    settings.BOOKING_PAYMENTS = "marketplace.payments.booking.StripeBookingPayments"
    settings.STRIPE_SECRET_KEY = "sk_test_unreachable"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    call_command("seed_demo", "--no-translations", "--services", "5", verbosity=0)
    bookings = Booking.objects.filter(customer__email="customer@netfix.test")
    assert set(bookings.values_list("status", flat=True)) == set(Booking.Status.values)
