"""When a service can start: weekly hours, time off, notice, horizon and other jobs combined into start times.

Slots are computed in the provider's time zone and returned as aware UTC datetimes; the viewer's time zone is only
for display. The DST rules (gaps skipped, repeated hours offered once, durations in real elapsed time) are set out
in docs/decisions/0024-availability-and-dst.md.

Bookings live in another app that depends on this one, never the reverse, so the time they hold comes in through
the ``busy`` parameter: the bookings issue passes its own :class:`BusyTimeSource`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from providers.models import MIDNIGHT, ProviderProfile, Service, TimeOff, WeeklyAvailability


@dataclass(frozen=True, slots=True)
class BusyInterval:
    """Time a provider is already committed elsewhere (a held or confirmed booking), without the buffer."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("BusyInterval needs aware datetimes")
        if self.start >= self.end:
            raise ValueError("BusyInterval must end after it starts")


class BusyTimeSource(Protocol):
    """Where the provider's already-taken time comes from; implemented by the bookings app.

    Return every interval overlapping ``[start_utc, end_utc)``, in one query whatever the range, so the number of
    queries of :func:`bookable_starts` stays flat. This module adds the provider's buffer around each interval.
    """

    def busy_intervals(
        self, provider: ProviderProfile, start_utc: datetime, end_utc: datetime
    ) -> Iterable[BusyInterval]: ...


class NoBusyTime:
    """The source used until bookings exist: nothing is taken."""

    def busy_intervals(
        self, provider: ProviderProfile, start_utc: datetime, end_utc: datetime
    ) -> Iterable[BusyInterval]:
        return ()


NO_BUSY_TIME = NoBusyTime()


def booking_length(service: Service, duration: timedelta | None = None) -> timedelta:
    """The real elapsed length of a booking: the service's minimum unless a longer ``duration`` is asked for."""
    minimum = timedelta(seconds=int(service.minimum_hours * 3600))
    if duration is None:
        return minimum
    if duration < minimum:
        raise ValidationError(
            _("A booking of this service lasts at least %(hours)s hours."),
            code="booking_too_short",
            params={"hours": service.minimum_hours.normalize()},
        )
    return duration


def first_instant(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The first UTC instant at which a clock in ``zone`` shows the naive ``wall``; None if it never does (a gap).

    ``fold=0`` is the earlier of the two instants of a repeated (fall-back) wall time. In a gap, ``fold=0`` gives an
    instant whose local reading differs from ``wall``, which is how the gap is detected.
    """
    instant = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None, fold=0) != wall.replace(fold=0):
        return None
    return instant


def end_instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """When a clock in ``zone`` first reaches ``wall``: its first occurrence, or the jump if ``wall`` is in a gap."""
    instant = first_instant(wall, zone)
    if instant is not None:
        return instant
    # In a gap fold=1 reads the wall time with the offset after the jump (an instant before it) and fold=0 with the
    # offset before it (an instant after it); bisect on whole seconds for the instant the offset changes.
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    high = int(wall.replace(tzinfo=zone, fold=0).timestamp())
    offset_after = datetime.fromtimestamp(high, zone).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset_after:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _merged(spans: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Sort and join overlapping or touching spans so one bisect finds any overlap."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps_any(
    starts: list[datetime], blocked: list[tuple[datetime, datetime]], start: datetime, end: datetime
) -> bool:
    """Whether ``[start, end)`` meets a merged blocked span; only the last span starting before ``end`` can."""
    index = bisect_right(starts, end) - 1
    while index >= 0 and starts[index] == end:
        index -= 1
    return index >= 0 and blocked[index][1] > start


def bookable_starts(
    service: Service,
    *,
    start_date: date,
    end_date: date,
    duration: timedelta | None = None,
    now: datetime | None = None,
    busy: BusyTimeSource = NO_BUSY_TIME,
) -> list[datetime]:
    """Every aware UTC start time at which ``service`` can be booked on the provider's local dates in the range.

    A start is on the provider's step grid counted from the start of a weekly interval (local wall clock, gaps
    skipped, repeated times offered at their first occurrence only); the job, measured in real time, ends inside
    that same interval; it does not touch time off or busy time widened by the buffer; it is at least the minimum
    notice after ``now``; and its local date is at most ``booking_horizon_days`` after today (provider's today).
    Three queries at most (provider, weekly hours, time off) plus the busy source's, whatever the range.
    """
    length = booking_length(service, duration)
    now = now or timezone.now()
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    provider = service.provider
    zone = ZoneInfo(provider.time_zone)
    today = now.astimezone(zone).date()
    first_day = max(start_date, today)
    last_day = min(end_date, today + timedelta(days=provider.booking_horizon_days))
    if first_day > last_day:
        return []

    range_start = end_instant(datetime.combine(first_day, MIDNIGHT), zone)
    range_end = end_instant(datetime.combine(last_day + timedelta(days=1), MIDNIGHT), zone)
    buffer = timedelta(minutes=provider.buffer_minutes)
    time_off = TimeOff.objects.filter(provider=provider, starts_at__lt=range_end, ends_at__gt=range_start)
    blocked = _merged(
        [
            *time_off.values_list("starts_at", "ends_at"),
            *(
                (interval.start - buffer, interval.end + buffer)
                for interval in busy.busy_intervals(provider, range_start - buffer, range_end + buffer)
            ),
        ]
    )
    blocked_starts = [start for start, _end in blocked]

    intervals: defaultdict[int, list[WeeklyAvailability]] = defaultdict(list)
    for interval in WeeklyAvailability.objects.filter(provider=provider).order_by("start_time"):
        intervals[interval.weekday].append(interval)

    earliest = now + timedelta(hours=provider.minimum_notice_hours)
    step = timedelta(minutes=provider.slot_step_minutes)
    starts: list[datetime] = []
    day = first_day
    while day <= last_day:
        for interval in intervals[day.weekday()]:
            wall = datetime.combine(day, interval.start_time)
            end_day = day + timedelta(days=1) if interval.end_time == MIDNIGHT else day
            wall_end = datetime.combine(end_day, interval.end_time)
            window_end = end_instant(wall_end, zone)
            while wall < wall_end:
                start = first_instant(wall, zone)
                wall += step
                if start is None or start < earliest or start + length > window_end:
                    continue
                if not _overlaps_any(blocked_starts, blocked, start, start + length):
                    starts.append(start)
        day += timedelta(days=1)
    return sorted(starts)
