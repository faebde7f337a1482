"""Marketplace models, one module per area."""

from marketplace.models.bookings import Booking, BookingEvent
from marketplace.models.payments import BookingPayment, PaymentTransaction, PayoutAccount, StripeEvent
from providers.models import CancellationPolicy

__all__ = [
    "Booking",
    "BookingEvent",
    "BookingPayment",
    "CancellationPolicy",
    "PaymentTransaction",
    "PayoutAccount",
    "StripeEvent",
]
