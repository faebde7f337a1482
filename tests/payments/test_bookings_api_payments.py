"""The bookings API with card payments on: where to pay, what the ledger holds, and no acceptance before payment."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.models import Booking
from tests.payments.test_booking_payments import _booking, _pay

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_customer_is_told_where_to_pay_and_the_provider_cannot_accept_until_then(stripe_payments):
    booking = _booking()
    customer, provider = _as(booking.customer), _as(booking.provider.user)

    detail = customer.get(f"/api/v1/bookings/{booking.pk}/").json()
    assert detail["payment"]["ready"] is False
    assert detail["payment"]["pay_url"] == f"http://testserver/en/bookings/{booking.pk}/pay/"
    assert provider.get(f"/api/v1/bookings/{booking.pk}/").json()["payment"]["pay_url"] is None

    refused = provider.post(f"/api/v1/bookings/{booking.pk}/accept/")
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/not-paid")

    _pay(booking, stripe_payments)
    accepted = provider.post(f"/api/v1/bookings/{booking.pk}/accept/").json()
    assert accepted["status"] == Booking.Status.CONFIRMED
    paid = customer.get(f"/api/v1/bookings/{booking.pk}/").json()["payment"]
    assert paid == {"ready": True, "paid": str(booking.total), "refunded": "0.00", "pay_url": None}
