"""Marketplace models, one module per area."""

from marketplace.models.bookings import Booking, BookingEvent
from marketplace.models.payments import BookingPayment, PaymentTransaction, PayoutAccount, StripeEvent
from marketplace.models.reviews import (
    CustomerRating,
    ProviderRating,
    Review,
    ReviewFlag,
    ReviewPhoto,
    ReviewReply,
    ReviewVote,
    ServiceRating,
)
from providers.models import CancellationPolicy

__all__ = [
    "Booking",
    "BookingEvent",
    "BookingPayment",
    "CancellationPolicy",
    "CustomerRating",
    "PaymentTransaction",
    "PayoutAccount",
    "ProviderRating",
    "Review",
    "ReviewFlag",
    "ReviewPhoto",
    "ReviewReply",
    "ReviewVote",
    "ServiceRating",
    "StripeEvent",
]
