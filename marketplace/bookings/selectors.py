"""Reads of bookings, shaped for the pages and endpoints; every one is scoped to who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from marketplace.bookings.busy import LiveBookings
from marketplace.bookings.states import LIVE_STATES
from marketplace.models import Booking, BookingEvent
from providers.availability import BusyTimeSource, bookable_starts
from providers.models import ProviderProfile, Service, ServiceTranslation
from providers.translations import ACTIVE_TRANSLATIONS_ATTR, active_language

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


def with_service_text(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """``bookings`` with each service's translation for the active language prefetched (one query per page)."""
    translations = ServiceTranslation.objects.filter(language=active_language())
    return bookings.prefetch_related(
        Prefetch("service__translations", queryset=translations, to_attr=ACTIVE_TRANSLATIONS_ATTR)
    )


def bookable_starts_on(
    service: Service,
    *,
    day: date,
    zone: ZoneInfo,
    duration: timedelta,
    now: datetime | None = None,
    busy: BusyTimeSource | None = None,
) -> list[datetime]:
    """The free starts of ``service`` whose date is ``day`` on the customer's clock (``zone``), in UTC.

    The provider's hours are in its own zone, so the customer's day may straddle two of the provider's days: ask
    ``bookable_starts`` for the day before and after too, and keep the starts that fall on ``day`` in ``zone``.
    """
    starts = bookable_starts(
        service,
        start_date=day - timedelta(days=1),
        end_date=day + timedelta(days=1),
        duration=duration,
        now=now,
        busy=busy if busy is not None else LiveBookings(),
    )
    return [start for start in starts if start.astimezone(zone).date() == day]


def next_bookable_day(
    service: Service, *, zone: ZoneInfo, duration: timedelta, now: datetime | None = None, days: int = 14
) -> date | None:
    """The first day (on the customer's clock) with a free start in the next ``days`` days, to open the form on."""
    now = now or timezone.now()
    today = now.astimezone(zone).date()
    starts = bookable_starts(
        service,
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=days),
        duration=duration,
        now=now,
        busy=LiveBookings(),
    )
    return starts[0].astimezone(zone).date() if starts else None


def provider_open_bookings(provider: ProviderProfile, *, limit: int = 50) -> QuerySet[Booking]:
    """Accepted and paid bookings still to be done or closed (completed / no-show), soonest first."""
    return _joined().filter(provider=provider, status__in=[S.ACCEPTED, S.CONFIRMED]).order_by("starts_at", "pk")[:limit]


# Answers that count as "accepted" in the provider's numbers: the booking went ahead after the provider said yes.
ACCEPTED_STATES = frozenset({S.ACCEPTED, S.CONFIRMED, S.COMPLETED, S.NO_SHOW, S.DISPUTED, S.RESOLVED})


@dataclass(frozen=True)
class WeekCount:
    monday: date
    count: int
    share: int  # 0..100 in steps of 5, of the busiest of the weeks shown (the bars' width classes)


@dataclass(frozen=True)
class ProviderBookingStats:
    """The provider's numbers for the dashboard (docs/decisions/0036-provider-inbox-links-and-ical.md).

    ``weeks``: jobs accepted by the provider that start in each of the last 8 weeks (Monday to Sunday in the
    provider's time zone, the current week last). ``acceptance_rate``: of the requests the provider answered in the
    last 90 days, the percentage accepted (``accept`` events / ``accept`` + ``decline`` events); None with no answer.
    Requests left to expire are not answers and are counted apart in ``expired``.
    """

    requests_waiting: int
    weeks: list[WeekCount]
    accepted: int
    declined: int
    expired: int
    acceptance_rate: int | None


def provider_booking_stats(provider: ProviderProfile, *, now: datetime | None = None) -> ProviderBookingStats:
    """Three queries whatever the number of bookings: waiting requests, the 8 weeks' starts, the 90 days' answers."""
    now = now or timezone.now()
    zone = ZoneInfo(provider.time_zone)
    this_monday = timezone.localtime(now, zone).date()
    this_monday -= timedelta(days=this_monday.weekday())
    mondays = [this_monday - timedelta(weeks=back) for back in range(7, -1, -1)]
    window_start = datetime.combine(mondays[0], time.min, tzinfo=zone)
    window_end = datetime.combine(this_monday + timedelta(days=7), time.min, tzinfo=zone)
    waiting = Booking.objects.filter(provider=provider, status=S.REQUESTED, expires_at__gt=now).count()
    starts = Booking.objects.filter(
        provider=provider, status__in=ACCEPTED_STATES, starts_at__gte=window_start, starts_at__lt=window_end
    ).values_list("starts_at", flat=True)
    per_week = dict.fromkeys(mondays, 0)
    for starts_at in starts:
        local_day = timezone.localtime(starts_at, zone).date()
        per_week[local_day - timedelta(days=local_day.weekday())] += 1
    busiest = max(per_week.values()) or 1
    answers = BookingEvent.objects.filter(booking__provider=provider, at__gte=now - timedelta(days=90)).aggregate(
        accepted=Count("pk", filter=Q(action="accept")),
        declined=Count("pk", filter=Q(action="decline")),
        expired=Count("pk", filter=Q(action="expire")),
    )
    answered = answers["accepted"] + answers["declined"]
    return ProviderBookingStats(
        requests_waiting=waiting,
        weeks=[WeekCount(monday, count, 5 * round(20 * count / busiest)) for monday, count in per_week.items()],
        accepted=answers["accepted"],
        declined=answers["declined"],
        expired=answers["expired"],
        acceptance_rate=round(100 * answers["accepted"] / answered) if answered else None,
    )
