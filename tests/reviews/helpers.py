"""Bookings ready to be reviewed, made through the real booking services (test settings move no money)."""

from __future__ import annotations

from datetime import timedelta

from marketplace.bookings import services
from marketplace.models import Booking, Review
from marketplace.reviews.services import ReviewInput, review_create
from providers.models import Service
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_service, make_booking, paris_time

_next_day = iter(range(1, 10_000))


def completed_booking(service: Service | None = None, *, customer=None) -> Booking:
    """A booking of ``service`` (a new one by default) accepted and completed; each call takes another day."""
    service = service or bookable_service()
    day = next(_next_day)
    start = paris_time("2027-03-01", 9) + timedelta(days=day)
    booking = make_booking(service, customer=customer or CustomerFactory(), starts_at=start)
    services.booking_accept(booking, by=service.provider.user, now=start - timedelta(days=2, hours=1))
    return services.booking_complete(booking, by=service.provider.user, now=booking.ends_at)


def stars(
    rating: int, text: str = "Came on time and fixed the leak.", language: str = "en", **criteria: int
) -> ReviewInput:
    """A review input with every criterion at ``rating`` unless given."""
    values = {name: criteria.get(name, rating) for name in ("quality", "punctuality", "communication", "value")}
    return ReviewInput(rating=rating, text=text, language=language, **values)


def reviewed(service: Service | None = None, rating: int = 5, **criteria: int) -> Review:
    booking = completed_booking(service)
    return review_create(booking=booking, author=booking.customer, data=stars(rating, **criteria))
