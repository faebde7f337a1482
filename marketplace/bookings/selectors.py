"""Reads of bookings, shaped for the pages and endpoints; every one is scoped to who is asking."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from marketplace.bookings.states import LIVE_STATES
from marketplace.models import Booking, BookingEvent
from providers.models import ProviderProfile

S = Booking.Status


def _joined() -> QuerySet[Booking]:
    return Booking.objects.select_related("service", "service__category", "provider", "customer", "package")


def visible_bookings(user: User) -> QuerySet[Booking]:
    """Bookings ``user`` may see: their own as customer, their company's as provider, all for staff."""
    if not user.is_authenticated:
        return Booking.objects.none()
    if user.is_staff:
        return _joined()
    return _joined().filter(Q(customer=user) | Q(provider__user=user))


def booking_for(user: User, pk: int) -> Booking:
    """One booking ``user`` may see, with its events in order; ``Booking.DoesNotExist`` (→ 404) for anyone else."""
    events = BookingEvent.objects.select_related("actor").order_by("at", "pk")
    return visible_bookings(user).prefetch_related(Prefetch("events", queryset=events)).get(pk=pk)


def customer_history(customer: User, *, now: datetime | None = None) -> tuple[QuerySet[Booking], QuerySet[Booking]]:
    """The customer's upcoming bookings (soonest first) and past or ended ones (latest first)."""
    now = now or timezone.now()
    mine = _joined().filter(customer=customer)
    upcoming = mine.filter(status__in=LIVE_STATES, ends_at__gt=now).order_by("starts_at", "pk")
    past = mine.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at", "-pk")
    return upcoming, past


def provider_requests(provider: ProviderProfile) -> QuerySet[Booking]:
    """Requests waiting for the provider's answer, the one due first on top."""
    return _joined().filter(provider=provider, status=S.REQUESTED).order_by("expires_at", "pk")


def provider_bookings_between(provider: ProviderProfile, start: datetime, end: datetime) -> QuerySet[Booking]:
    """The provider's live and done bookings overlapping ``[start, end)``, for the calendar and the iCal feed."""
    return (
        _joined()
        .filter(provider=provider, starts_at__lt=end, ends_at__gt=start)
        .exclude(status__in=[S.DECLINED, S.EXPIRED, S.CANCELLED_BY_CUSTOMER, S.CANCELLED_BY_PROVIDER])
        .order_by("starts_at", "pk")
    )
