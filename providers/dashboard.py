"""What a provider sees on their dashboard: listings, weekly hours and the coming week, in their own time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from providers.models import MIDNIGHT, ProviderProfile, Service, TimeOff, VerificationDocument, WeeklyAvailability
from providers.selectors import own_services
from providers.verification import is_verified


@dataclass
class DaySchedule:
    day: date
    hours: list[tuple[time, time]] = field(default_factory=list)  # local wall-clock intervals
    time_off: list[TimeOff] = field(default_factory=list)
    bookings: list[Any] = field(default_factory=list)  # live and done bookings starting that local day

    @property
    def is_off(self) -> bool:
        return not self.hours or bool(self.time_off)


@dataclass
class Dashboard:
    provider: ProviderProfile
    services: QuerySet[Service]
    weekly_hours: list[WeeklyAvailability]
    week: list[DaySchedule]
    upcoming_time_off: list[TimeOff]
    verified: bool
    documents: list[VerificationDocument]
    stats: Any = None  # marketplace.bookings.selectors.ProviderBookingStats


def provider_dashboard(provider: ProviderProfile, *, today: date | None = None) -> Dashboard:
    """The dashboard in a fixed number of queries (services, weekly hours, time off, verification, bookings)."""
    from marketplace.bookings import selectors as booking_selectors  # here: marketplace imports providers

    zone = ZoneInfo(provider.time_zone)
    today = today or timezone.localtime(timezone.now(), zone).date()
    weekly = list(WeeklyAvailability.objects.filter(provider=provider).order_by("weekday", "start_time"))
    week_start = datetime.combine(today, time.min, tzinfo=zone)
    week_end = week_start + timedelta(days=7)
    time_off = list(TimeOff.objects.filter(provider=provider, ends_at__gt=timezone.now()).order_by("starts_at")[:50])
    bookings = list(booking_selectors.provider_bookings_between(provider, week_start, week_end))
    week = []
    for offset in range(7):
        day = today + timedelta(days=offset)
        day_start = datetime.combine(day, time.min, tzinfo=zone)
        day_end = day_start + timedelta(days=1)
        week.append(
            DaySchedule(
                day=day,
                hours=[
                    (slot.start_time, slot.end_time if slot.end_time != MIDNIGHT else time.max)
                    for slot in weekly
                    if slot.weekday == day.weekday()
                ],
                time_off=[off for off in time_off if off.starts_at < day_end and off.ends_at > day_start],
                bookings=[booking for booking in bookings if day_start <= booking.starts_at < day_end],
            )
        )
    return Dashboard(
        provider=provider,
        services=own_services(provider),
        weekly_hours=weekly,
        week=week,
        upcoming_time_off=[off for off in time_off if off.starts_at < week_end + timedelta(days=60)],
        verified=is_verified(provider, today=today),
        stats=booking_selectors.provider_booking_stats(provider),
        documents=list(
            VerificationDocument.objects.filter(provider=provider)
            .select_related("category")
            .order_by("status", "expires_on")
        ),
    )
