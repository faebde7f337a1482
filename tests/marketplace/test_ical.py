"""The provider's private iCal feed: the secret URL, the events it lists, and valid RFC 5545 text.

``icalendar`` is not a dependency, so the feed is parsed here with a small RFC 5545 reader (unfold, split, unescape).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client, override_settings

from marketplace.bookings import ical, services
from marketplace.models import Booking
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time

pytestmark = pytest.mark.django_db
NOW = paris_time("2027-03-01", 8)


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def parse(text: str) -> list[dict[str, str]]:
    """The VEVENTs of a VCALENDAR as dicts of property name to unescaped value (enough for these tests)."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = unescape(value)
    return events


@pytest.fixture
def provider():
    return bookable_provider(company_name="Fixit Paris")


def feed(provider, client: Client | None = None):
    with time_machine.travel(NOW, tick=False):
        return (client or Client()).get(f"/bookings/ical/{ical.feed_token(provider)}.ics")


def test_feed_lists_live_and_completed_bookings_in_utc(provider):
    service = bookable_service(provider=provider, name="Boiler service; annual, full")
    made = NOW - timedelta(days=20)
    requested = make_booking(service, starts_at=paris_time("2027-03-10", 10), now=made)
    confirmed = make_booking(service, starts_at=paris_time("2027-03-11", 14), now=made, city="Boulogne-Billancourt")
    done = make_booking(service, starts_at=paris_time("2027-02-15", 9), now=made)
    declined = make_booking(service, starts_at=paris_time("2027-03-12", 9), now=made)
    old = make_booking(service, starts_at=paris_time("2027-01-20", 9), now=NOW - timedelta(days=60))
    services.booking_accept(confirmed, by=provider.user, now=made)
    services.booking_accept(done, by=provider.user, now=made)
    services.booking_complete(done, by=provider.user, now=paris_time("2027-02-15", 12))
    services.booking_decline(declined, by=provider.user)
    services.booking_accept(old, by=provider.user, now=NOW - timedelta(days=60))
    other = make_booking(bookable_service(name="Not theirs"), starts_at=paris_time("2027-03-10", 10), now=made)

    response = feed(provider)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Referrer-Policy"] == "no-referrer"
    text = response.content.decode()
    events = {event["UID"]: event for event in parse(text)}
    assert set(events) == {f"booking-{b.pk}@testserver" for b in (requested, confirmed, done)}
    assert f"booking-{declined.pk}@testserver" not in text  # released
    assert f"booking-{old.pk}@testserver" not in text  # more than 30 days ago
    assert f"booking-{other.pk}@testserver" not in text
    assert "Not theirs" not in text
    first = events[f"booking-{requested.pk}@testserver"]
    assert first["DTSTART"] == "20270310T090000Z"
    assert first["DTEND"] == "20270310T110000Z"
    assert first["STATUS"] == "TENTATIVE"
    assert first["SUMMARY"] == "Boiler service; annual, full"
    assert first["LOCATION"] == "Paris"
    assert "DTSTAMP" in first
    assert events[f"booking-{confirmed.pk}@testserver"]["STATUS"] == "CONFIRMED"
    assert events[f"booking-{confirmed.pk}@testserver"]["LOCATION"] == "Boulogne-Billancourt"
    assert events[f"booking-{done.pk}@testserver"]["STATUS"] == "CONFIRMED"
    assert "SUMMARY:Boiler service\\; annual\\, full" in text  # escaped on the wire


def test_feed_uid_is_stable_across_changes(provider):
    booking = make_booking(bookable_service(provider=provider), starts_at=paris_time("2027-03-10", 10), now=NOW)
    before = parse(feed(provider).content.decode())[0]["UID"]
    services.booking_accept(booking, by=provider.user, now=NOW)
    after = parse(feed(provider).content.decode())[0]
    assert after["UID"] == before
    assert after["STATUS"] == "CONFIRMED"


def test_feed_needs_no_session_and_is_the_same_signed_in(provider):
    make_booking(bookable_service(provider=provider), starts_at=paris_time("2027-03-10", 10), now=NOW)
    client = Client()
    client.force_login(bookable_provider().user)  # another provider signed in changes nothing
    assert len(parse(feed(provider, client).content.decode())) == 1


@pytest.mark.parametrize(
    "token",
    ["nonsense", "1-", "-abc", "abc-def", "99999999999999-abc", "1-" + "0" * 40],
)
def test_a_wrong_token_is_a_404(provider, token):
    assert Client().get(f"/bookings/ical/{token}.ics").status_code == 404


def test_one_providers_mac_does_not_open_another_feed(provider):
    other = bookable_provider()
    _, _, mac = ical.feed_token(other).partition("-")
    assert Client().get(f"/bookings/ical/{provider.pk}-{mac}.ics").status_code == 404
    assert Client().get(f"/bookings/ical/{ical.feed_token(provider)}x.ics").status_code == 404


def test_changing_the_salt_revokes_every_feed_url(provider):
    token = ical.feed_token(provider)
    assert Client().get(f"/bookings/ical/{token}.ics").status_code == 200
    with override_settings(BOOKING_ICAL_SALT="2"):
        assert Client().get(f"/bookings/ical/{token}.ics").status_code == 404
        assert Client().get(f"/bookings/ical/{ical.feed_token(provider)}.ics").status_code == 200


def test_feed_url_is_absolute_and_outside_the_language_prefix(provider):
    url = ical.feed_url(provider)
    assert url == f"http://testserver/bookings/ical/{ical.feed_token(provider)}.ics"


@pytest.mark.parametrize("count", [1, 6])
def test_feed_query_count_is_flat(provider, count, django_assert_num_queries):
    service = bookable_service(provider=provider)
    for day in range(count):
        make_booking(service, starts_at=paris_time("2027-03-10", 9) + timedelta(days=day), now=NOW)
    with django_assert_num_queries(2):  # the provider, the bookings
        response = feed(provider)
    assert len(parse(response.content.decode())) == count


def test_lines_are_folded_at_75_octets_without_splitting_characters(provider):
    service = bookable_service(provider=provider, name=("Réparation de chauffe-eau électrique " * 3).strip())
    make_booking(service, starts_at=paris_time("2027-03-10", 10), now=NOW)
    text = feed(provider).content.decode()
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    assert parse(text)[0]["SUMMARY"] == service.name


def test_escape_and_fold_units():
    assert ical.escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    folded = ical.fold("SUMMARY:" + "é" * 80)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 80
    assert ical.fold("short") == "short"


def test_feed_window_is_30_days_back_and_a_year_ahead():
    start, end = ical.feed_window(datetime(2027, 3, 1, tzinfo=UTC))
    assert start == datetime(2027, 1, 30, tzinfo=UTC)
    assert end == datetime(2028, 2, 29, tzinfo=UTC)
    assert Booking.Status.REQUESTED in ical.FEED_STATES
    assert Booking.Status.DECLINED not in ical.FEED_STATES
