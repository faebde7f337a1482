"""Bookings as the providers' busy time, for ``providers.availability.bookable_starts``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from marketplace.bookings.states import LIVE_STATES
from marketplace.models import Booking
from providers.availability import BusyInterval
from providers.models import ProviderProfile


class LiveBookings:
    """Every live booking of the provider overlapping the range, in one query (the buffer is added by the caller).

    ``exclude`` leaves one booking out: a reschedule must not collide with the booking it moves.
    """

    def __init__(self, *, exclude: Booking | None = None) -> None:
        self.exclude_pk = exclude.pk if exclude is not None else None

    def busy_intervals(
        self, provider: ProviderProfile, start_utc: datetime, end_utc: datetime
    ) -> Iterable[BusyInterval]:
        bookings = Booking.objects.filter(
            provider=provider, status__in=LIVE_STATES, starts_at__lt=end_utc, blocked_until__gt=start_utc
        )
        if self.exclude_pk is not None:
            bookings = bookings.exclude(pk=self.exclude_pk)
        return [BusyInterval(start, end) for start, end in bookings.values_list("starts_at", "ends_at")]


LIVE_BOOKINGS = LiveBookings()
