"""The one place bookings ask for money to move; the payments app plugs its gateway in here.

``BOOKING_PAYMENTS`` names the implementation: ``marketplace.payments.booking.StripeBookingPayments`` (the default)
or ``NoPayments``, which says yes to everything and moves no money (tests of the lifecycle alone use it). Call sites:
prepare on request, ``ready`` before acceptance, capture on acceptance, release on decline/expiry, refund on
cancellation, payout after completion.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from marketplace.models import Booking


class BookingPayments(Protocol):
    def authorise(self, booking: Booking) -> None:
        """Get ready to take the booking's total when it is requested (the customer then pays on the checkout page)."""

    def ready(self, booking: Booking) -> bool:
        """True once the customer's card is authorised (or saved), so the provider may accept the request."""

    def ready_many(self, bookings: Iterable[Booking]) -> set[int]:
        """The ids of those of ``bookings`` that are ``ready``, in a fixed number of queries (lists)."""

    def capture(self, booking: Booking) -> bool:
        """Take the held money when the provider accepts; True when paid (the booking becomes ``confirmed``)."""

    def release(self, booking: Booking) -> None:
        """Let the hold go: the request was declined, expired or cancelled before acceptance."""

    def refund(self, booking: Booking, amount: Decimal, *, reason: str) -> None:
        """Give ``amount`` of what was captured back to the customer."""

    def payout(self, booking: Booking) -> None:
        """The job is done (completed or the customer did not show): pay the provider its share."""


class NoPayments:
    """No money moves: acceptance counts as paid. Replaced by the Stripe gateway in the payments issue."""

    def authorise(self, booking: Booking) -> None:
        return None

    def ready(self, booking: Booking) -> bool:
        return True

    def ready_many(self, bookings: Iterable[Booking]) -> set[int]:
        return {booking.pk for booking in bookings}

    def capture(self, booking: Booking) -> bool:
        return True

    def release(self, booking: Booking) -> None:
        return None

    def refund(self, booking: Booking, amount: Decimal, *, reason: str) -> None:
        return None

    def payout(self, booking: Booking) -> None:
        return None


@cache
def _load(path: str) -> BookingPayments:
    return import_string(path)()


def booking_payments() -> BookingPayments:
    return _load(settings.BOOKING_PAYMENTS)
