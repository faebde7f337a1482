"""Marketplace models, one module per area."""

from marketplace.models.bookings import Booking, BookingEvent
from providers.models import CancellationPolicy

__all__ = ["Booking", "BookingEvent", "CancellationPolicy"]
