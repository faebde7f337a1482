"""The one place bookings ask for money to move; the payments app plugs its gateway in here.

``BOOKING_PAYMENTS`` names the implementation. Until payments land, ``NoPayments`` says yes to everything and moves
no money, so the lifecycle can be exercised end to end; every call site is already where the money must move
(authorise on request, capture on acceptance, release on decline/expiry, refund on cancellation).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from marketplace.models import Booking


class BookingPayments(Protocol):
    def authorise(self, booking: Booking) -> None:
        """Hold the booking's total on the customer's card when it is requested."""

    def capture(self, booking: Booking) -> bool:
        """Take the held money when the provider accepts; True when paid (the booking becomes ``confirmed``)."""

    def release(self, booking: Booking) -> None:
        """Let the hold go: the request was declined, expired or cancelled before acceptance."""

    def refund(self, booking: Booking, amount: Decimal, *, reason: str) -> None:
        """Give ``amount`` of what was captured back to the customer."""


class NoPayments:
    """No money moves: acceptance counts as paid. Replaced by the Stripe gateway in the payments issue."""

    def authorise(self, booking: Booking) -> None:
        return None

    def capture(self, booking: Booking) -> bool:
        return True

    def release(self, booking: Booking) -> None:
        return None

    def refund(self, booking: Booking, amount: Decimal, *, reason: str) -> None:
        return None


@cache
def _load(path: str) -> BookingPayments:
    return import_string(path)()


def booking_payments() -> BookingPayments:
    return _load(settings.BOOKING_PAYMENTS)
