"""Bookable start times: weekly hours in the provider's zone across DST, notice, horizon, time off, busy time.

Every test passes ``now`` explicitly, so nothing depends on the machine's clock. Expected instants are written out
in UTC by hand from the published transition times, not computed with the code under test.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from providers.availability import BusyInterval, bookable_starts, end_instant, first_instant
from providers.models import ProviderProfile, Service, WeeklyAvailability
from providers.services import WeeklyInterval, weekly_availability_set
from tests.factories.providers import (
    ProviderProfileFactory,
    ServiceFactory,
    TimeOffFactory,
    WeeklyAvailabilityFactory,
)

pytestmark = pytest.mark.django_db

SUNDAY = WeeklyAvailability.Weekday.SUNDAY
MONDAY = WeeklyAvailability.Weekday.MONDAY
TUESDAY = WeeklyAvailability.Weekday.TUESDAY


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def make_service(
    zone: str, hours: Iterable[tuple[int, time, time]], *, step: int = 30, minimum_hours: str = "1", **settings: int
) -> Service:
    settings.setdefault("minimum_notice_hours", 0)
    provider = ProviderProfileFactory(time_zone=zone, slot_step_minutes=step, **settings)
    for weekday, start, end in hours:
        WeeklyAvailabilityFactory(provider=provider, weekday=weekday, start_time=start, end_time=end)
    return ServiceFactory(provider=provider, minimum_hours=Decimal(minimum_hours))


def starts_on(service: Service, day: date, *, now: datetime, **kwargs) -> list[datetime]:
    return bookable_starts(service, start_date=day, end_date=day, now=now, **kwargs)


# --- DST: Europe/Paris -------------------------------------------------------------------------------------------


def test_paris_spring_forward_skips_the_missing_hour():
    """2027-03-28: 02:00 CET jumps to 03:00 CEST (01:00Z); 02:00 and 02:30 never happen."""
    service = make_service("Europe/Paris", [(SUNDAY, time(1), time(5))])
    starts = starts_on(service, date(2027, 3, 28), now=utc(2027, 3, 1))
    assert starts == [utc(2027, 3, 28, 0), utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 1), utc(2027, 3, 28, 1, 30),
                      utc(2027, 3, 28, 2)]  # fmt: skip
    # the 01:30 job lasts one real hour, so on the wall clock it ends at 03:30 CEST
    assert (starts[1] + timedelta(hours=1)).astimezone(ZoneInfo("Europe/Paris")).time() == time(3, 30)
    # an ordinary Sunday has all seven half-hour starts 01:00–04:00
    assert len(starts_on(service, date(2027, 3, 21), now=utc(2027, 3, 1))) == 7


def test_paris_fall_back_offers_the_repeated_hour_once():
    """2027-10-31: 03:00 CEST falls back to 02:00 CET (01:00Z); 02:00–02:59 happens twice."""
    service = make_service("Europe/Paris", [(SUNDAY, time(1), time(4))])
    starts = starts_on(service, date(2027, 10, 31), now=utc(2027, 10, 1))
    # 01:00 CEST, 01:30 CEST, 02:00 CEST, 02:30 CEST (first occurrences), 03:00 CET; the window ends 04:00 CET = 03:00Z
    assert starts == [utc(2027, 10, 30, 23), utc(2027, 10, 30, 23, 30), utc(2027, 10, 31, 0), utc(2027, 10, 31, 0, 30),
                      utc(2027, 10, 31, 2)]  # fmt: skip


def test_paris_fall_back_measures_duration_in_real_time():
    """A 2h job at 02:30 CEST ends 02:30 CET: one wall-clock hour later, two real hours."""
    service = make_service("Europe/Paris", [(SUNDAY, time(1), time(4))])
    starts = starts_on(service, date(2027, 10, 31), now=utc(2027, 10, 1), duration=timedelta(hours=2))
    assert starts == [utc(2027, 10, 30, 23), utc(2027, 10, 30, 23, 30), utc(2027, 10, 31, 0), utc(2027, 10, 31, 0, 30)]


# --- DST: America/New_York ---------------------------------------------------------------------------------------


def test_new_york_spring_forward_skips_two_oclock():
    """2027-03-14: 02:00 EST jumps to 03:00 EDT (07:00Z)."""
    service = make_service("America/New_York", [(SUNDAY, time(0), time(4))], step=60)
    assert starts_on(service, date(2027, 3, 14), now=utc(2027, 3, 1)) == [
        utc(2027, 3, 14, 5),
        utc(2027, 3, 14, 6),
        utc(2027, 3, 14, 7),
    ]


def test_new_york_interval_ending_in_the_gap_ends_at_the_jump():
    """An interval to 02:30 on spring-forward day ends when the clocks jump (07:00Z), not at 02:30 EST (07:30Z)."""
    zone = ZoneInfo("America/New_York")
    assert first_instant(datetime(2027, 3, 14, 2, 30), zone) is None
    assert end_instant(datetime(2027, 3, 14, 2, 30), zone) == utc(2027, 3, 14, 7)
    service = make_service("America/New_York", [(SUNDAY, time(0), time(2, 30))], step=30, minimum_hours="1.5")
    # 00:00 EST + 1.5h = 06:30Z fits; 00:30 EST + 1.5h = 07:00Z fits; 01:00 EST + 1.5h = 07:30Z does not
    assert starts_on(service, date(2027, 3, 14), now=utc(2027, 3, 1)) == [utc(2027, 3, 14, 5), utc(2027, 3, 14, 5, 30)]


def test_new_york_fall_back_two_hour_job_from_one_oclock_ends_at_two():
    """2027-11-07: 02:00 EDT falls back to 01:00 EST (06:00Z); a 2h job at 01:00 EDT ends 02:00 EST (07:00Z)."""
    service = make_service("America/New_York", [(SUNDAY, time(0), time(3))], step=60, minimum_hours="2")
    starts = starts_on(service, date(2027, 11, 7), now=utc(2027, 11, 1))
    # 00:00 EDT, 01:00 EDT (first occurrence); 02:00 EST + 2h = 09:00Z is past the 03:00 EST (08:00Z) end
    assert starts == [utc(2027, 11, 7, 4), utc(2027, 11, 7, 5)]
    assert (starts[1] + timedelta(hours=2)).astimezone(ZoneInfo("America/New_York")).time() == time(2)


# --- DST: Australia/Adelaide (southern hemisphere, half-hour offset) ---------------------------------------------


def test_adelaide_fall_back_in_april():
    """2027-04-04: 03:00 ACDT (+10:30) falls back to 02:00 ACST (+9:30) at 16:30Z on the 3rd."""
    service = make_service("Australia/Adelaide", [(SUNDAY, time(2), time(4))], minimum_hours="0.5")
    # 02:00 ACDT, 02:30 ACDT, 03:00 ACST, 03:30 ACST; the repeated 02:00/02:30 ACST (16:30Z, 17:00Z) are not offered
    assert starts_on(service, date(2027, 4, 4), now=utc(2027, 3, 1)) == [
        utc(2027, 4, 3, 15, 30),
        utc(2027, 4, 3, 16),
        utc(2027, 4, 3, 17, 30),
        utc(2027, 4, 3, 18),
    ]


def test_adelaide_spring_forward_in_october():
    """2027-10-03: 02:00 ACST jumps to 03:00 ACDT at 16:30Z on the 2nd."""
    service = make_service("Australia/Adelaide", [(SUNDAY, time(1), time(4))], step=60)
    assert starts_on(service, date(2027, 10, 3), now=utc(2027, 9, 1)) == [
        utc(2027, 10, 2, 15, 30),
        utc(2027, 10, 2, 16, 30),
    ]


# --- notice, horizon, buffer, time off ---------------------------------------------------------------------------


def test_minimum_notice_hides_starts_too_soon():
    service = make_service(
        "Europe/Paris", [(MONDAY, time(9), time(17)), (TUESDAY, time(9), time(17))], step=60, minimum_notice_hours=24
    )
    starts = bookable_starts(service, start_date=date(2027, 1, 4), end_date=date(2027, 1, 5), now=utc(2027, 1, 4, 10))
    # Paris is UTC+1 in January: Tuesday 11:00 local is the first start at least 24h after Monday 10:00Z
    assert starts[0] == utc(2027, 1, 5, 10)
    assert len(starts) == 6  # 11:00 … 16:00 local


def test_horizon_limits_how_far_ahead():
    service = make_service("UTC", [(weekday, time(9), time(10)) for weekday in range(7)], booking_horizon_days=7)
    starts = bookable_starts(service, start_date=date(2027, 1, 4), end_date=date(2027, 2, 28), now=utc(2027, 1, 4, 8))
    assert starts[0] == utc(2027, 1, 4, 9)
    assert starts[-1] == utc(2027, 1, 11, 9)  # today + 7 days is still open; the 12th is not
    assert len(starts) == 8


def test_past_dates_and_empty_ranges_give_nothing():
    service = make_service("UTC", [(MONDAY, time(9), time(17))])
    assert (
        bookable_starts(service, start_date=date(2026, 12, 28), end_date=date(2026, 12, 28), now=utc(2027, 1, 1)) == []
    )
    assert bookable_starts(service, start_date=date(2027, 1, 11), end_date=date(2027, 1, 4), now=utc(2027, 1, 1)) == []


class RecordingBusySource:
    def __init__(self, *intervals: BusyInterval) -> None:
        self.intervals = intervals
        self.calls: list[tuple[ProviderProfile, datetime, datetime]] = []

    def busy_intervals(
        self, provider: ProviderProfile, start_utc: datetime, end_utc: datetime
    ) -> Iterable[BusyInterval]:
        self.calls.append((provider, start_utc, end_utc))
        return self.intervals


@pytest.mark.parametrize(
    ("buffer", "expected_hours"),
    [
        (
            0,
            [
                "09:00",
                "09:30",
                "10:00",
                "10:30",
                "11:00",
                "13:00",
                "13:30",
                "14:00",
                "14:30",
                "15:00",
                "15:30",
                "16:00",
            ],
        ),
        (30, ["09:00", "09:30", "10:00", "10:30", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00"]),
    ],
)
def test_busy_time_is_widened_by_the_buffer(buffer, expected_hours):
    service = make_service("UTC", [(MONDAY, time(9), time(17))], buffer_minutes=buffer)
    source = RecordingBusySource(BusyInterval(utc(2027, 1, 4, 12), utc(2027, 1, 4, 13)))
    starts = starts_on(service, date(2027, 1, 4), now=utc(2027, 1, 1), busy=source)
    assert [f"{start:%H:%M}" for start in starts] == expected_hours
    # asked once for the whole range, widened by the buffer so a job just outside the range still counts
    assert source.calls == [
        (service.provider, utc(2027, 1, 4) - timedelta(minutes=buffer), utc(2027, 1, 5) + timedelta(minutes=buffer))
    ]


def test_time_off_across_midnight_blocks_both_days():
    """Paris (UTC+1): off Monday 22:00 to Tuesday 02:00 local; Monday's interval ends at midnight (00:00)."""
    service = make_service("Europe/Paris", [(MONDAY, time(20), time(0)), (TUESDAY, time(0), time(4))], step=60)
    TimeOffFactory(provider=service.provider, starts_at=utc(2027, 1, 4, 21), ends_at=utc(2027, 1, 5, 1))
    TimeOffFactory(provider=ProviderProfileFactory(), starts_at=utc(2027, 1, 4), ends_at=utc(2027, 1, 6))  # not theirs
    starts = bookable_starts(service, start_date=date(2027, 1, 4), end_date=date(2027, 1, 5), now=utc(2027, 1, 1))
    local = [f"{start.astimezone(ZoneInfo('Europe/Paris')):%a %H:%M}" for start in starts]
    assert local == ["Mon 20:00", "Mon 21:00", "Tue 02:00", "Tue 03:00"]


def test_duration_shorter_than_the_minimum_is_refused_and_longer_is_used():
    service = make_service("UTC", [(MONDAY, time(9), time(12))], step=60, minimum_hours="2")
    with pytest.raises(ValidationError) as excinfo:
        starts_on(service, date(2027, 1, 4), now=utc(2027, 1, 1), duration=timedelta(hours=1))
    assert excinfo.value.code == "booking_too_short"
    assert starts_on(service, date(2027, 1, 4), now=utc(2027, 1, 1)) == [utc(2027, 1, 4, 9), utc(2027, 1, 4, 10)]
    assert starts_on(service, date(2027, 1, 4), now=utc(2027, 1, 1), duration=timedelta(hours=3)) == [
        utc(2027, 1, 4, 9)
    ]


def test_busy_interval_needs_aware_ordered_datetimes():
    with pytest.raises(ValueError, match="aware"):
        BusyInterval(datetime(2027, 1, 4, 9), datetime(2027, 1, 4, 10))
    with pytest.raises(ValueError, match="end after"):
        BusyInterval(utc(2027, 1, 4, 10), utc(2027, 1, 4, 9))


@pytest.mark.parametrize("days", [7, 60])
def test_query_count_does_not_grow_with_the_range(days, django_assert_num_queries):
    service = make_service(
        "Europe/Paris", [(weekday, time(9), time(17)) for weekday in range(7)], booking_horizon_days=365
    )
    TimeOffFactory(provider=service.provider, starts_at=utc(2027, 1, 5, 8), ends_at=utc(2027, 1, 6, 8))
    service = Service.objects.select_related("provider").get(pk=service.pk)
    with django_assert_num_queries(2):  # weekly hours + time off
        starts = bookable_starts(
            service,
            start_date=date(2027, 1, 4),
            end_date=date(2027, 1, 4) + timedelta(days=days - 1),
            now=utc(2027, 1, 1),
        )
    assert len(starts) == (days - 1) * 15  # one day off, 15 one-hour starts per 09–17 day


# --- weekly hours: validation ------------------------------------------------------------------------------------


def test_weekly_availability_set_replaces_the_week():
    provider = ProviderProfileFactory()
    WeeklyAvailabilityFactory(provider=provider, weekday=MONDAY)
    rows = weekly_availability_set(
        provider=provider,
        intervals=[
            WeeklyInterval(TUESDAY, time(13), time(17)),
            WeeklyInterval(TUESDAY, time(8), time(12)),
            WeeklyInterval(TUESDAY, time(12), time(13)),  # touching is not overlapping
            WeeklyInterval(SUNDAY, time(22), time(0)),  # until midnight
        ],
    )
    assert len(rows) == 4
    stored = [(row.weekday, row.start_time, row.end_time) for row in provider.weekly_availability.all()]
    assert stored == [
        (TUESDAY, time(8), time(12)),
        (TUESDAY, time(12), time(13)),
        (TUESDAY, time(13), time(17)),
        (SUNDAY, time(22), time(0)),
    ]


@pytest.mark.parametrize(
    ("intervals", "code"),
    [
        (
            [WeeklyInterval(MONDAY, time(9), time(12)), WeeklyInterval(MONDAY, time(11), time(14))],
            "overlapping_interval",
        ),
        (
            [WeeklyInterval(MONDAY, time(9), time(17)), WeeklyInterval(MONDAY, time(10), time(11))],
            "overlapping_interval",
        ),
        ([WeeklyInterval(MONDAY, time(12), time(9))], "end_before_start"),
        ([WeeklyInterval(MONDAY, time(9), time(9))], "end_before_start"),
        ([WeeklyInterval(7, time(9), time(10))], "invalid_weekday"),
    ],
)
def test_weekly_availability_set_refuses_bad_hours_and_changes_nothing(intervals, code):
    provider = ProviderProfileFactory()
    WeeklyAvailabilityFactory(provider=provider, weekday=MONDAY)
    with pytest.raises(ValidationError) as excinfo:
        weekly_availability_set(provider=provider, intervals=intervals)
    assert [error.code for error in excinfo.value.error_list] == [code]
    assert [(row.start_time, row.end_time) for row in provider.weekly_availability.all()] == [(time(9), time(17))]


def test_model_clean_refuses_an_overlapping_interval():
    existing = WeeklyAvailabilityFactory(weekday=MONDAY, start_time=time(9), end_time=time(17))
    overlapping = WeeklyAvailability(provider=existing.provider, weekday=MONDAY, start_time=time(16), end_time=time(18))
    with pytest.raises(ValidationError) as excinfo:
        overlapping.full_clean()
    assert excinfo.value.error_dict["__all__"][0].code == "overlapping_interval"
    other_day = WeeklyAvailability(provider=existing.provider, weekday=TUESDAY, start_time=time(16), end_time=time(18))
    other_day.full_clean()
    existing.full_clean()  # an interval does not overlap itself


def test_model_clean_refuses_reversed_times_and_unknown_zone():
    interval = WeeklyAvailabilityFactory.build(provider=ProviderProfileFactory(), start_time=time(17), end_time=time(9))
    with pytest.raises(ValidationError) as excinfo:
        interval.full_clean()
    assert "end_time" in excinfo.value.message_dict
    time_off = TimeOffFactory.build(provider=interval.provider, starts_at=utc(2027, 1, 2), ends_at=utc(2027, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        time_off.full_clean()
    assert "ends_at" in excinfo.value.message_dict
    provider = ProviderProfileFactory.build(user=interval.provider.user, time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as excinfo:
        provider.full_clean(exclude=["user"])
    assert "time_zone" in excinfo.value.message_dict
