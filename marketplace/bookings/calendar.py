"""The provider's week calendar: seven days in the provider's time zone, cut into 48 half-hour rows.

Everything is placed by local wall-clock time, so a booking at 10:00 sits on the 10:00 row on either side of a
daylight-saving change; the day the clocks change simply has one hour more or less in real time. Comparisons are done
in UTC (two aware datetimes sharing a ``ZoneInfo`` compare by wall clock and ignore ``fold``). Three queries whatever
the number of bookings: bookings, weekly hours, time off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from marketplace.bookings.selectors import provider_bookings_between
from marketplace.models import Booking
from providers.models import ProviderProfile, TimeOff, WeeklyAvailability

SLOTS = 48  # half hours in a wall-clock day
SLOT_MINUTES = 30


@dataclass(frozen=True)
class Slot:
    index: int  # 0..47
    starts: time
    open: bool  # inside the weekly hours
    off: bool  # inside time off

    @property
    def row(self) -> int:
        return self.index + 1

    @property
    def on_the_hour(self) -> bool:
        return self.index % 2 == 0


@dataclass(frozen=True)
class Placed:
    """One booking's piece on one day: grid row ``row`` (1-based) spanning ``span`` half hours."""

    booking: Booking
    row: int
    span: int
    starts_local: datetime
    ends_local: datetime
    from_previous_day: bool
    to_next_day: bool


@dataclass
class Day:
    day: date
    slots: list[Slot]
    bookings: list[Placed] = field(default_factory=list)
    time_off: list[TimeOff] = field(default_factory=list)
    is_today: bool = False


@dataclass
class Week:
    provider: ProviderProfile
    monday: date
    days: list[Day]

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def hour_rows(self) -> list[tuple[int, time]]:
        """(grid row, hour) for the labels column: one label every two rows."""
        return [(hour * 2 + 1, time(hour)) for hour in range(24)]

    @property
    def booking_count(self) -> int:
        return len({placed.booking.pk for day in self.days for placed in day.bookings})


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def this_monday(provider: ProviderProfile, *, now: datetime | None = None) -> date:
    return monday_of(timezone.localtime(now or timezone.now(), ZoneInfo(provider.time_zone)).date())


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def _minute(value: datetime) -> int:
    return value.hour * 60 + value.minute


def _place(booking: Booking, day_start: datetime, day_end: datetime, zone: ZoneInfo) -> Placed:
    starts, ends = max(booking.starts_at, day_start), min(booking.ends_at, day_end)
    starts_local, ends_local = starts.astimezone(zone), ends.astimezone(zone)
    first = _minute(starts_local) // SLOT_MINUTES
    end_minute = 24 * 60 if ends >= day_end else _minute(ends_local)
    last = -(-end_minute // SLOT_MINUTES)  # ceiling
    return Placed(
        booking=booking,
        row=first + 1,
        span=max(1, min(SLOTS - first, last - first)),
        starts_local=starts_local,
        ends_local=ends_local,
        from_previous_day=booking.starts_at < day_start,
        to_next_day=booking.ends_at > day_end,
    )


def _slots(day: date, zone: ZoneInfo, weekly: list[WeeklyAvailability], time_off: list[TimeOff]) -> list[Slot]:
    intervals = [(slot.start_minute, slot.end_minute) for slot in weekly if slot.weekday == day.weekday()]
    slots = []
    for index in range(SLOTS):
        minute = index * SLOT_MINUTES
        wall = time(minute // 60, minute % 60)
        instant = datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)
        slots.append(
            Slot(
                index=index,
                starts=wall,
                open=any(start <= minute < end for start, end in intervals),
                off=any(off.starts_at <= instant < off.ends_at for off in time_off),
            )
        )
    return slots


def week_calendar(provider: ProviderProfile, *, monday: date, now: datetime | None = None) -> Week:
    """The week starting ``monday`` (any date is moved back to its Monday) in the provider's own time zone."""
    zone = ZoneInfo(provider.time_zone)
    monday = monday_of(monday)
    today = timezone.localtime(now or timezone.now(), zone).date()
    start, end = _midnight(monday, zone), _midnight(monday + timedelta(days=7), zone)
    bookings = list(provider_bookings_between(provider, start, end))
    weekly = list(WeeklyAvailability.objects.filter(provider=provider).order_by("weekday", "start_time"))
    time_off = list(
        TimeOff.objects.filter(provider=provider, starts_at__lt=end, ends_at__gt=start).order_by("starts_at", "pk")
    )
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        day_start, day_end = _midnight(day, zone), _midnight(day + timedelta(days=1), zone)
        days.append(
            Day(
                day=day,
                slots=_slots(day, zone, weekly, time_off),
                bookings=[
                    _place(booking, day_start, day_end, zone)
                    for booking in bookings
                    if booking.starts_at < day_end and booking.ends_at > day_start
                ],
                time_off=[off for off in time_off if off.starts_at < day_end and off.ends_at > day_start],
                is_today=day == today,
            )
        )
    return Week(provider=provider, monday=monday, days=days)
