"""The provider dashboard: own listings, the coming week in the provider's time zone, nobody else's data."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from tests.factories import ProviderProfileFactory, ServiceFactory, UserFactory
from tests.factories.providers import TimeOffFactory, WeeklyAvailabilityFactory

pytestmark = pytest.mark.django_db

# Thursday 26 November 2026, 23:30 UTC = Friday 27 November 08:30 in Tokyo
NOW = datetime.datetime(2026, 11, 26, 23, 30, tzinfo=datetime.UTC)


@pytest.fixture
def provider():
    profile = ProviderProfileFactory(company_name="Night Owls", time_zone="Asia/Tokyo")
    WeeklyAvailabilityFactory(provider=profile, weekday=4, start_time=datetime.time(9), end_time=datetime.time(12))
    WeeklyAvailabilityFactory(provider=profile, weekday=4, start_time=datetime.time(13), end_time=datetime.time(0))
    return profile


@time_machine.travel(NOW, tick=False)
def test_dashboard_shows_my_listings_and_my_week_in_my_time_zone(client, provider):
    ServiceFactory(provider=provider, name="Night plumbing")
    ServiceFactory(name="Someone else's listing")
    TimeOffFactory(
        provider=provider,
        starts_at=datetime.datetime(2026, 11, 29, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC),
    )
    client.force_login(provider.user)

    response = client.get("/en/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Night plumbing" in html
    assert "Someone else" not in html
    week = response.context["dashboard"].week
    assert week[0].day == datetime.date(2026, 11, 27)  # already Friday in Tokyo
    assert [(start.hour, end.hour) for start, end in week[0].hours] == [(9, 12), (13, 23)]  # 13:00 to midnight
    assert [day.day.day for day in week if day.time_off] == [29]  # 09:00–21:00 Tokyo on Sunday 29
    assert "Asia/Tokyo" in html


@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_dashboard_is_for_providers_only(client, role):
    if role == "customer":
        client.force_login(UserFactory())
    response = client.get("/en/dashboard/")
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_dashboard_is_translated(client, provider, lang):
    client.force_login(provider.user)
    html = client.get(f"/{lang}/dashboard/").content.decode()
    assert f'<html lang="{lang}"' in html
    assert {"fr": "Tableau de bord", "ar": "لوحة"}[lang] in html


def test_dashboard_query_count_is_flat(client, provider, django_assert_max_num_queries):
    client.force_login(provider.user)
    ServiceFactory(provider=provider)
    client.get("/en/dashboard/")
    with django_assert_max_num_queries(30) as first:
        client.get("/en/dashboard/")
    ServiceFactory.create_batch(15, provider=provider)
    TimeOffFactory.create_batch(3, provider=provider)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/en/dashboard/")


def test_dashboard_shows_verification_status_and_expiries(client, provider):
    from providers.models import VerificationDocument
    from tests.factories import CategoryFactory

    provider.fields_of_work.add(CategoryFactory())  # plumbing: needs a licence or insurance too
    VerificationDocument.objects.create(
        provider=provider,
        kind=VerificationDocument.Kind.IDENTITY,
        file="verification/id.pdf",
        status=VerificationDocument.Status.APPROVED,
        expires_on=datetime.date(2031, 5, 4),
    )
    client.force_login(provider.user)
    response = client.get("/en/dashboard/")
    html = response.content.decode()
    assert response.context["dashboard"].verified is False  # identity alone: no licence for its field yet
    assert "Not yet verified" in html
    assert "Proof of identity" in html
    assert "Expires May 4, 2031" in html


def test_dashboard_shows_the_weeks_bookings_their_status_and_the_numbers(client):
    """Bookings of the coming week sit on their local day; paused listings say so; requests waiting are counted."""
    from django.utils import timezone

    from tests.factories.marketplace import PARIS, bookable_service, make_booking, paris_time

    service = bookable_service(name="Leak repair")
    ServiceFactory(provider=service.provider, name="Gutter cleaning", status="paused")
    tomorrow = (timezone.localtime(timezone.now(), PARIS) + datetime.timedelta(days=1)).date()
    booking = make_booking(service, starts_at=paris_time(tomorrow.isoformat(), 10), now=timezone.now())
    client.force_login(service.provider.user)

    html = client.get("/en/dashboard/").content.decode()

    assert f'href="/en/bookings/{booking.pk}/"' in html
    assert "Leak repair · requested" in html
    assert "Paused" in html
    assert 'href="/en/dashboard/requests/"' in html
