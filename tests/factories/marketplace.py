"""Bookings made through the real service, so every factory booking has its price lines and first event."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from marketplace.bookings.services import BookingRequest, booking_request
from marketplace.models import Booking
from providers.models import ProviderProfile, Service, WeeklyAvailability
from tests.factories.accounts import CustomerFactory
from tests.factories.providers import ProviderProfileFactory, ServiceFactory

PARIS = ZoneInfo("Europe/Paris")


def bookable_provider(**overrides: object) -> ProviderProfile:
    """A Paris provider working 08:00–18:00 every day within 30 km, who can be booked with no notice."""
    defaults: dict[str, object] = {
        "time_zone": "Europe/Paris",
        "address": "Paris",
        "latitude": Decimal("48.853410"),
        "longitude": Decimal("2.348800"),
        "service_radius_km": 30,
        "minimum_notice_hours": 0,
        "booking_horizon_days": 365,
    }
    provider = ProviderProfileFactory(**{**defaults, **overrides})
    WeeklyAvailability.objects.bulk_create(
        WeeklyAvailability(provider=provider, weekday=day, start_time=time(8), end_time=time(18)) for day in range(7)
    )
    return provider


def bookable_service(**overrides: object) -> Service:
    provider = overrides.pop("provider", None) or bookable_provider()
    return ServiceFactory(provider=provider, **overrides)


def paris_time(day: str, hour: int, minute: int = 0) -> datetime:
    """An aware instant for a wall-clock time in Paris, e.g. ``paris_time("2027-03-02", 10)``."""
    return datetime.combine(datetime.fromisoformat(day).date(), time(hour, minute), tzinfo=PARIS)


def make_booking(
    service: Service | None = None,
    *,
    customer=None,
    starts_at: datetime | None = None,
    hours: Decimal = Decimal(2),
    now: datetime | None = None,
    city: str = "Paris",
) -> Booking:
    service = service or bookable_service()
    customer = customer or CustomerFactory()
    starts_at = starts_at or paris_time("2027-03-02", 10)
    return booking_request(
        customer=customer,
        request=BookingRequest(
            service=service, starts_at=starts_at, hours=hours, address="12 rue de Rivoli", city=city
        ),
        now=now or starts_at - timedelta(days=3),
    )
