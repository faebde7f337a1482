"""The provider's hours page (weekly hours, booking settings) and time off page, DST entry rules included."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from providers.models import ProviderProfile, TimeOff, WeeklyAvailability
from providers.services import booking_settings_update, time_off_create
from tests.factories import ProviderProfileFactory, UserFactory
from tests.factories.providers import TimeOffFactory, WeeklyAvailabilityFactory
from tests.hostile import HOSTILE_STRINGS, stored_unsafely

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
HOURS = "/en/dashboard/hours/"
TIME_OFF = "/en/dashboard/time-off/"


@pytest.fixture(autouse=True)
def _frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def provider():
    return ProviderProfileFactory(company_name="Paris Plumbing", time_zone="Europe/Paris")


@pytest.fixture
def provider_client(client, provider):
    client.force_login(provider.user)
    return client


def _hours_data(rows, *, initial=0, delete=()):
    """POST data for the weekly hours formset: ``rows`` are (weekday, start, end) strings, "" for an empty field."""
    data = {
        "save_hours": "1",
        "hours-TOTAL_FORMS": str(len(rows)),
        "hours-INITIAL_FORMS": str(initial),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    for index, (weekday, start, end) in enumerate(rows):
        data |= {f"hours-{index}-weekday": weekday, f"hours-{index}-start_time": start, f"hours-{index}-end_time": end}
        if index in delete:
            data[f"hours-{index}-DELETE"] = "on"
    return data


def _week(provider):
    return list(
        WeeklyAvailability.objects.filter(provider=provider)
        .order_by("weekday", "start_time")
        .values_list("weekday", "start_time", "end_time")
    )


def _t(hour, minute=0):
    return datetime.time(hour, minute)


# --- Weekly hours ---------------------------------------------------------------------------------------------------


def test_hours_page_shows_my_intervals_and_empty_rows_with_usable_labels(provider_client, provider):
    WeeklyAvailabilityFactory(provider=provider, weekday=0, start_time=_t(8), end_time=_t(12))
    WeeklyAvailabilityFactory(provider=ProviderProfileFactory(), weekday=3, start_time=_t(6), end_time=_t(7))

    response = provider_client.get(HOURS)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="form-label" for="id_hours-0-weekday">' in html
    assert 'for="id_hours-0-start_time"' in html
    assert 'for="id_hours-0-end_time"' in html
    assert ">Save hours</button>" in html
    hours = response.context["hours"]
    assert len(hours.forms) == 1 + 3  # my interval and three empty rows
    assert hours.forms[0].initial == {"weekday": 0, "start_time": _t(8), "end_time": _t(12)}
    assert 'id="id_hours-4-weekday"' not in html
    assert "06:00" not in html  # nobody else's hours
    assert "js/weekly-hours.js" in html


def test_save_hours_replaces_the_week_with_several_intervals_a_day(provider_client, provider):
    WeeklyAvailabilityFactory(provider=provider, weekday=4, start_time=_t(9), end_time=_t(17))
    data = _hours_data(
        [
            ("4", "09:00", "17:00"),
            ("0", "08:00", "12:00"),
            ("0", "13:00", "17:00"),
            ("5", "20:00", "00:00"),
            ("", "", ""),
        ],
        initial=1,
        delete={0},
    )

    response = provider_client.post(HOURS, data)

    assert response.status_code == 302
    assert response["Location"] == HOURS
    assert _week(provider) == [(0, _t(8), _t(12)), (0, _t(13), _t(17)), (5, _t(20), _t(0))]


def test_clearing_a_row_removes_its_interval(provider_client, provider):
    WeeklyAvailabilityFactory(provider=provider, weekday=1)
    response = provider_client.post(HOURS, _hours_data([("", "", "")], initial=1))
    assert response.status_code == 302
    assert _week(provider) == []


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("0", "08:00", "12:00"), ("0", "11:00", "14:00")], "intervals of one day may not overlap"),
        ([("2", "17:00", "09:00")], "the end time must be after the start time"),
        ([("2", "09:00", "")], "Fill in the weekday and both times, or leave the whole row empty."),
        ([("9", "09:00", "10:00")], "Select a valid choice."),
    ],
    ids=["overlap", "backwards", "incomplete", "bad-weekday"],
)
def test_bad_hours_are_refused_and_nothing_changes(provider_client, provider, rows, message):
    WeeklyAvailabilityFactory(provider=provider, weekday=0, start_time=_t(9), end_time=_t(17))
    before = _week(provider)

    response = provider_client.post(HOURS, _hours_data([*rows, ("", "", "")]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your hours were not saved" in html
    assert message in html
    assert _week(provider) == before


def test_overlap_error_names_both_intervals(provider_client, provider):
    response = provider_client.post(HOURS, _hours_data([("0", "08:00", "12:00"), ("0", "11:00", "14:00")]))
    assert "Monday 08:00–12:00 overlaps Monday 11:00–14:00" in response.content.decode()
    assert not WeeklyAvailability.objects.exists()


def test_touching_intervals_are_fine(provider_client, provider):
    response = provider_client.post(HOURS, _hours_data([("0", "08:00", "12:00"), ("0", "12:00", "14:00")]))
    assert response.status_code == 302
    assert len(_week(provider)) == 2


# --- Booking settings -----------------------------------------------------------------------------------------------


def _settings_data(**overrides):
    data = {
        "save_settings": "1",
        "settings-time_zone": "America/New_York",
        "settings-buffer_minutes": "30",
        "settings-minimum_notice_hours": "12",
        "settings-booking_horizon_days": "90",
        "settings-slot_step_minutes": "60",
    }
    return data | {f"settings-{name}": value for name, value in overrides.items()}


def test_save_booking_settings(provider_client, provider):
    response = provider_client.post(HOURS, _settings_data())

    assert response.status_code == 302
    provider.refresh_from_db()
    assert (
        provider.time_zone,
        provider.buffer_minutes,
        provider.minimum_notice_hours,
        provider.booking_horizon_days,
        provider.slot_step_minutes,
    ) == ("America/New_York", 30, 12, 90, 60)


@pytest.mark.parametrize(
    "override",
    [
        {"time_zone": "Mars/Olympus_Mons"},
        {"time_zone": "<script>alert(1)</script>"},
        {"buffer_minutes": "241"},
        {"minimum_notice_hours": "-1"},
        {"booking_horizon_days": "0"},
        {"slot_step_minutes": "20"},
    ],
)
def test_bad_booking_settings_are_refused(provider_client, provider, override):
    response = provider_client.post(HOURS, _settings_data(**override))

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    provider.refresh_from_db()
    assert (provider.time_zone, provider.buffer_minutes) == ("Europe/Paris", 0)


def test_booking_settings_update_checks_every_value_and_saves_only_changes(provider):
    with pytest.raises(ValidationError) as error:
        booking_settings_update(provider=provider, time_zone="Nowhere/Else", buffer_minutes=500)
    assert set(error.value.message_dict) == {"time_zone", "buffer_minutes"}
    assert provider.time_zone == "Europe/Paris"  # the instance is untouched too
    with pytest.raises(TypeError):
        booking_settings_update(provider=provider, company_name="pwned")

    booking_settings_update(provider=provider, buffer_minutes=15, time_zone="Europe/Paris")

    assert ProviderProfile.objects.get(pk=provider.pk).buffer_minutes == 15


def test_a_post_without_a_button_is_a_bad_request(provider_client):
    assert provider_client.post(HOURS, {}).status_code == 400


# --- Time off -------------------------------------------------------------------------------------------------------


def _time_off_data(start_date, start_time, end_date, end_time, reason=""):
    return {
        "start_date": start_date,
        "start_time": start_time,
        "end_date": end_date,
        "end_time": end_time,
        "reason": reason,
    }


def _spans(provider):
    return list(TimeOff.objects.filter(provider=provider).values_list("starts_at", "ends_at"))


@pytest.mark.parametrize(
    ("zone", "entered", "stored"),
    [
        # Paris in winter is UTC+1, in summer UTC+2.
        (
            "Europe/Paris",
            ("2027-01-04", "09:00", "2027-01-08", "18:00"),
            (datetime.datetime(2027, 1, 4, 8, tzinfo=UTC), datetime.datetime(2027, 1, 8, 17, tzinfo=UTC)),
        ),
        (
            "Europe/Paris",
            ("2027-03-27", "00:00", "2027-03-29", "00:00"),  # across the spring change: 47 real hours
            (datetime.datetime(2027, 3, 26, 23, tzinfo=UTC), datetime.datetime(2027, 3, 28, 22, tzinfo=UTC)),
        ),
        # New York is UTC-5 in winter, UTC-4 in summer.
        (
            "America/New_York",
            ("2027-07-01", "08:30", "2027-07-01", "17:00"),
            (datetime.datetime(2027, 7, 1, 12, 30, tzinfo=UTC), datetime.datetime(2027, 7, 1, 21, tzinfo=UTC)),
        ),
        (
            "America/New_York",
            ("2027-12-24", "00:00", "2027-12-27", "00:00"),
            (datetime.datetime(2027, 12, 24, 5, tzinfo=UTC), datetime.datetime(2027, 12, 27, 5, tzinfo=UTC)),
        ),
    ],
)
def test_time_off_entered_in_local_time_is_stored_as_the_right_utc_instants(client, zone, entered, stored):
    provider = ProviderProfileFactory(time_zone=zone)
    client.force_login(provider.user)

    response = client.post(TIME_OFF, _time_off_data(*entered, reason="Holiday"))

    assert response.status_code == 302
    assert response["Location"] == TIME_OFF
    assert _spans(provider) == [stored]


def test_time_off_in_a_spring_forward_gap_is_refused(provider_client, provider):
    """Paris skips 02:00–03:00 on 28 March 2027: 02:30 never happens there."""
    response = provider_client.post(TIME_OFF, _time_off_data("2027-03-28", "02:30", "2027-03-29", "00:00"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["start_time"][0].startswith("2027-03-28 02:30 does not exist in Europe/Paris")
    assert _spans(provider) == []


def test_time_off_ending_in_a_gap_is_refused_too(client):
    provider = ProviderProfileFactory(time_zone="America/New_York")
    client.force_login(provider.user)
    response = client.post(TIME_OFF, _time_off_data("2027-03-13", "09:00", "2027-03-14", "02:15"))
    assert "end_time" in response.context["form"].errors
    assert _spans(provider) == []


def test_a_repeated_fall_back_time_means_its_first_occurrence(client):
    """New York shows 01:00–02:00 twice on 7 November 2027: 01:30 is the first, EDT (UTC-4) one."""
    provider = ProviderProfileFactory(time_zone="America/New_York")
    client.force_login(provider.user)

    client.post(TIME_OFF, _time_off_data("2027-11-06", "22:00", "2027-11-07", "01:30"))

    assert _spans(provider) == [
        (datetime.datetime(2027, 11, 7, 2, tzinfo=UTC), datetime.datetime(2027, 11, 7, 5, 30, tzinfo=UTC))
    ]


@pytest.mark.parametrize(
    ("entered", "field", "message"),
    [
        (("2027-01-08", "09:00", "2027-01-04", "09:00"), "end_time", "Time off must end after it starts."),
        (("2027-01-04", "09:00", "2027-01-04", "09:00"), "end_time", "Time off must end after it starts."),
        (("2026-11-01", "00:00", "2026-11-20", "00:00"), "end_time", "This time off is already over."),
        (("2027-02-30", "00:00", "2027-03-01", "00:00"), "start_date", "Enter a valid date."),
        (("2027-01-04", "25:00", "2027-01-05", "00:00"), "start_time", "Enter a valid time."),
    ],
)
def test_bad_time_off_is_refused(provider_client, provider, entered, field, message):
    response = provider_client.post(TIME_OFF, _time_off_data(*entered))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert _spans(provider) == []


def test_time_off_reason_is_cleaned(provider_client, provider):
    provider_client.post(TIME_OFF, _time_off_data("2027-01-04", "00:00", "2027-01-05", "00:00", "<b>Ski</b>\u202e"))
    assert TimeOff.objects.get(provider=provider).reason == "Ski"


def test_time_off_reason_survives_hostile_strings(provider_client, provider):
    for name, hostile in HOSTILE_STRINGS.items():
        response = provider_client.post(TIME_OFF, _time_off_data("2027-01-04", "00:00", "2027-01-05", "00:00", hostile))
        assert response.status_code in (200, 302), name
    for reason in TimeOff.objects.filter(provider=provider).values_list("reason", flat=True):
        assert stored_unsafely(reason) is None, reason


def test_time_off_page_lists_my_upcoming_time_off_in_my_time_zone(provider_client, provider):
    TimeOffFactory(
        provider=provider,
        starts_at=datetime.datetime(2027, 1, 4, 8, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 1, 8, 17, tzinfo=UTC),
        reason="Ski week",
    )
    TimeOffFactory(
        provider=provider,
        starts_at=datetime.datetime(2026, 11, 1, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 11, 2, tzinfo=UTC),
        reason="Already over",
    )
    TimeOffFactory(reason="Someone else's holiday")

    html = provider_client.get(TIME_OFF).content.decode()

    assert "Ski week" in html
    assert "Jan. 4, 2027, 9 a.m." in html  # 08:00 UTC is 09:00 in Paris
    assert "Already over" not in html
    assert "Someone else" not in html


def test_delete_my_time_off(provider_client, provider):
    off = TimeOffFactory(provider=provider)
    response = provider_client.post(f"/en/dashboard/time-off/{off.pk}/delete/")
    assert response.status_code == 302
    assert not TimeOff.objects.filter(pk=off.pk).exists()


def test_deleting_someone_elses_time_off_is_a_404(provider_client):
    other = TimeOffFactory()
    response = provider_client.post(f"/en/dashboard/time-off/{other.pk}/delete/")
    assert response.status_code == 404
    assert TimeOff.objects.filter(pk=other.pk).exists()


def test_delete_is_post_only(provider_client, provider):
    off = TimeOffFactory(provider=provider)
    assert provider_client.get(f"/en/dashboard/time-off/{off.pk}/delete/").status_code == 405
    assert TimeOff.objects.filter(pk=off.pk).exists()


def test_time_off_create_takes_aware_datetimes_as_they_are(provider):
    starts = datetime.datetime(2027, 1, 4, 9, tzinfo=UTC)
    off = time_off_create(provider=provider, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    assert (off.starts_at, off.ends_at) == (starts, starts + datetime.timedelta(hours=2))


# --- Who may see the pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [HOURS, TIME_OFF])
@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_pages_are_for_providers_only(client, url, role):
    if role == "customer":
        client.force_login(UserFactory())
    get = client.get(url)
    post = client.post(url, _settings_data())
    if role == "anonymous":
        assert get.status_code == post.status_code == 302
        assert get["Location"].startswith("/accounts/login/")
    else:
        assert get.status_code == post.status_code == 403


def test_customers_cannot_delete_time_off(client):
    off = TimeOffFactory()
    client.force_login(UserFactory())
    assert client.post(f"/en/dashboard/time-off/{off.pk}/delete/").status_code == 403
    assert TimeOff.objects.filter(pk=off.pk).exists()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_pages_render_in_other_languages(provider_client, lang):
    for url in (HOURS, TIME_OFF):
        response = provider_client.get(url.replace("/en/", f"/{lang}/"))
        assert response.status_code == 200
        assert f'<html lang="{lang}"' in response.content.decode()


# --- Query counts ---------------------------------------------------------------------------------------------------


def test_hours_page_query_count_is_flat(provider_client, provider, django_assert_max_num_queries):
    WeeklyAvailabilityFactory(provider=provider)
    provider_client.get(HOURS)
    with django_assert_max_num_queries(30) as first:
        provider_client.get(HOURS)
    for weekday in range(7):
        for hour in range(0, 20, 3):
            WeeklyAvailabilityFactory(provider=provider, weekday=weekday, start_time=_t(hour), end_time=_t(hour + 2))
    with django_assert_max_num_queries(len(first.captured_queries)):
        provider_client.get(HOURS)


def test_time_off_page_query_count_is_flat(provider_client, provider, django_assert_max_num_queries):
    TimeOffFactory(provider=provider)
    provider_client.get(TIME_OFF)
    with django_assert_max_num_queries(30) as first:
        provider_client.get(TIME_OFF)
    TimeOffFactory.create_batch(30, provider=provider)
    with django_assert_max_num_queries(len(first.captured_queries)):
        provider_client.get(TIME_OFF)
